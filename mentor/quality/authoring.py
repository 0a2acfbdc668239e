"""The self-assessment's card on the designer's course page (``learning.authoring_parts``)."""

from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part
from mentor.quality.selectors import review_summary


@register_authoring_part("quality", order=30)
def quality_card(*, training) -> AuthoringPart:
    return AuthoringPart(
        template="quality/_authoring_card.html",
        data={"summary": review_summary(training=training)},
    )
