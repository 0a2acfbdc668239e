"""Who may follow, tutor and author course content."""

from mentor.accounts.models import Role
from mentor.accounts.permissions import has_role, is_platform_admin
from mentor.catalog.selectors import tutors_session
from mentor.core.permissions import can, rule
from mentor.enrolments.models import Enrolment


@rule("learning.tutor_session")
def can_tutor_session(user, session) -> bool:
    """Tutors named on the session, the training's editors, and admins of its scope."""
    if is_platform_admin(user):
        return True
    if user.is_authenticated and tutors_session(user_id=user.pk, session_id=session.pk):
        return True
    if not has_role(user, Role.SPACE_ADMIN):  # most people: no entity to read
        return False
    training = session.training
    return has_role(user, Role.SPACE_ADMIN, training.owner_entity or training.producer)


@rule("learning.author_training")
def can_author_training(user, training) -> bool:
    return can(user, "catalog.change_training", training)


@rule("learning.read_course")
def can_read_course(user, training) -> bool:
    """The course's files and images: its learners (an active enrolment in one of its
    sessions), the tutors of its sessions, its authors and admins of its scope."""
    if not user.is_authenticated:
        return False

    if Enrolment.objects.filter(
        user=user, session__training=training, status=Enrolment.Status.ACTIVE
    ).exists():
        return True
    if training.sessions.filter(tutors=user).exists():
        return True
    if is_platform_admin(user) or can_author_training(user, training):
        return True
    return has_role(user, Role.SPACE_ADMIN, training.owner_entity or training.producer)
