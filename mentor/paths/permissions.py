"""Who may decide credits of a path."""

from mentor.core.permissions import can, rule


@rule("paths.manage_credits")
def can_manage_credits(user, session) -> bool:
    """The path session's tutors and the admins of its scope (as for tutoring)."""
    return can(user, "learning.tutor_session", session)
