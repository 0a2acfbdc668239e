"""The library's card on the designer's course page (``learning.authoring_parts``): the
origin of a copy, the deposit and its reuses, and the way to duplicate."""

from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part
from mentor.library.selectors import deposit_of, origin_of, reuses


@register_authoring_part("library", order=20)
def library_card(*, training) -> AuthoringPart:
    return AuthoringPart(
        template="library/_authoring_card.html",
        data={
            "origin": origin_of(training=training),
            "deposit": deposit_of(training=training),
            "n_reuses": reuses(training=training).count(),
        },
    )
