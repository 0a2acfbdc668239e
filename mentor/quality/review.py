"""The self-assessment beside a training wherever the committee judges it (the review page
of ``/comite/``, applications to a call for projects): ``catalog.review_panels``."""

from django.utils.translation import gettext as _

from mentor.catalog.review_panels import ReviewPanel, register_review_panel
from mentor.quality.permissions import can_view
from mentor.quality.selectors import review_summary


@register_review_panel("quality", order=10)
def quality_panel(*, user, training) -> ReviewPanel | None:
    if not can_view(user, training):
        return None
    return ReviewPanel(
        title=_("Auto-évaluation qualité"),
        template="quality/_review_panel.html",
        context={"summary": review_summary(training=training)},
    )
