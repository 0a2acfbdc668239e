"""The quality self-assessment's link on the designer's list (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link(
    "catalog.designs",
    "quality",
    order=20,
    label=_("Auto-évaluation qualité"),
    url="quality:index",
    match="never",
)
