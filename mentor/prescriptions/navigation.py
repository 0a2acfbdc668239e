"""The prescriptions' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import may, register_link

register_link(
    "header",
    "prescriptions",
    order=80,
    label=_("Prescriptions"),
    url="prescriptions:list",
    when=may("prescriptions.add_campaign"),
)
register_link(
    "learning.tutoring.bottom",
    "invitations",
    label=_("Inviter une personne extérieure à une session"),
    url="prescriptions:invitations",
    icon="fr-icon-mail-line",
    match="never",
)
