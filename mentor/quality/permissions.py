"""Who sees and makes quality self-assessments. A training's assessments are made by
whoever edits it (its designers, their space admin, platform admins) and read by them and
by the editorial committee (review queue, co-funding applications)."""

from django.db.models import Q, QuerySet

from mentor.accounts.models import Role
from mentor.accounts.permissions import has_role, is_platform_admin
from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.permissions import can, rule
from mentor.quality.models import Assessment


def is_committee(user) -> bool:
    return has_role(user, Role.EDITORIAL_COMMITTEE)


@rule("quality.assess")
def can_assess(user, training: Training) -> bool:
    return can(user, "catalog.change_training", training)


@rule("quality.view")
def can_view(user, training: Training) -> bool:
    return is_platform_admin(user) or is_committee(user) or can_assess(user, training)


@rule("quality.use")
def can_use(user, _obj=None) -> bool:
    return is_platform_admin(user) or is_committee(user) or can(user, "catalog.add_training")


def trainings_for_quality(user) -> QuerySet[Training]:
    """The trainings listed on the quality page: those the user edits, and for the
    committee and platform admins every training that has an assessment too."""
    if is_platform_admin(user) or is_committee(user):
        return Training.objects.filter(
            Q(pk__in=Assessment.objects.values("training_id"))
            | Q(pk__in=trainings_editable_by(user).values("pk"))
        )
    return trainings_editable_by(user)
