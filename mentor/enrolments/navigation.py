"""The enrolments' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link, signed_in

register_link(
    "header",
    "mine",
    order=40,
    label=_("Mes formations"),
    url="enrolments:mine",
    when=signed_in,
    match="exact",
    tour=(
        "agent:2",
        _("Mes formations"),
        _(
            "Vos inscriptions, votre progression et vos attestations ; « Reprendre » sur "
            "l’accueil vous ramène là où vous vous êtes arrêté."
        ),
    ),
)
