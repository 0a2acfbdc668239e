"""The survey's card on the designer's course page (see ``learning.authoring_parts``)."""

from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part
from mentor.surveys.selectors import extra_questions


@register_authoring_part("survey", order=10)
def survey_card(*, training) -> AuthoringPart:
    return AuthoringPart(
        template="surveys/_authoring_card.html",
        data={"questions": extra_questions(training=training)},
    )
