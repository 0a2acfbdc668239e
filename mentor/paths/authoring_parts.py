"""The path card on the designer's course page (learning's authoring-parts registry)."""

from mentor.learning.authoring_parts import AuthoringPart, register_authoring_part


@register_authoring_part("paths", order=5)
def path_card(*, training) -> AuthoringPart | None:
    if not training.is_path:
        return None
    return AuthoringPart(template="paths/_authoring_card.html")


@register_authoring_part("paths.equivalences", order=6)
def equivalences_card(*, training) -> AuthoringPart | None:
    """Any training (not a path) may be declared equivalent to others by its producer."""
    if training.is_path:
        return None
    return AuthoringPart(template="paths/_equivalences_card.html")
