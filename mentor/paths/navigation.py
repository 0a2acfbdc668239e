"""The learning paths' links in the site's navigation (``core.navigation``)."""

from django.utils.translation import gettext_lazy as _

from mentor.core.navigation import register_link

register_link("header", "paths", order=30, label=_("Parcours"), url="paths:index", match="exact")
register_link(
    "learning.tutoring.top",
    "review_queue",
    label=_("Travaux à valider (mises en situation, retours d’expérience)"),
    url="paths:review_queue",
    match="never",
    testid="review-queue-link",
)
