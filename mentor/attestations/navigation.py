"""The attestations' links in the site's navigation (``core.navigation``), and their card
on the course page (``learning.authoring_parts``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link
from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part

register_link(
    "footer",
    "verify",
    order=30,
    label=_("Vérifier une attestation"),
    url="attestations:verify",
    match="never",
)


@register_authoring_part("attestations", order=-100)
def delivery_card(*, training) -> AuthoringPart:
    """The course page's first card: whether the training delivers an attestation."""
    return AuthoringPart(template="attestations/_authoring_card.html")
