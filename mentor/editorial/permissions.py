"""Who may do what in the editorial app: the committee's queue and labels, the space pages,
the producers' resources, the editor's image uploads."""

from mentor.accounts.models import Role
from mentor.accounts.permissions import administers, is_platform_admin, role_assignments
from mentor.catalog.models import Training
from mentor.catalog.permissions import committee_covers, is_national_committee
from mentor.core.permissions import rule

PRODUCER_ROLES = {
    Role.DESIGNER,
    Role.SPACE_ADMIN,
    Role.TUTOR,
    Role.EDITORIAL_COMMITTEE,
    Role.PLATFORM_ADMIN,
}


def is_committee(user) -> bool:
    return is_platform_admin(user) or any(
        ra.role == Role.EDITORIAL_COMMITTEE for ra in role_assignments(user)
    )


def is_producer(user) -> bool:
    return is_platform_admin(user) or any(
        ra.role in PRODUCER_ROLES for ra in role_assignments(user)
    )


def _training_of(obj) -> Training | None:
    if obj is None or isinstance(obj, Training):
        return obj
    return getattr(obj, "training", None)


@rule("editorial.review")
def can_review(user, obj=None) -> bool:
    """The committee's queue (/comite/): DGAFP members (national) see and decide on every
    submission; a member for a lead direction only on the trainings of the collections it
    leads. ``obj``: a review or a training (None: may open the queue at all)."""
    if not is_committee(user):
        return False
    training = _training_of(obj)
    return training is None or committee_covers(user, training)


@rule("editorial.label")
def can_label(user, training=None) -> bool:
    return can_review(user, training)


@rule("editorial.manage_resources")
def can_manage_resources(user, _obj=None) -> bool:
    """The national committee (DGAFP) publishes the Kit Mentor guides and the calls for
    projects, and decides on the applications."""
    return is_national_committee(user)


@rule("editorial.use_resources")
def can_use_resources(user, _obj=None) -> bool:
    """/ressources/ is for the people who produce the offer, not for every agent."""
    return is_producer(user)


@rule("editorial.edit_space")
def can_edit_space(user, entity) -> bool:
    return administers(user, entity)


@rule("editorial.upload_image")
def can_upload_image(user, _obj=None) -> bool:
    return is_producer(user)
