"""The attestations' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link(
    "footer",
    "verify",
    order=30,
    label=_("Vérifier une attestation"),
    url="attestations:verify",
    match="never",
)
