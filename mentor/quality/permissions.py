"""Who sees and makes quality self-assessments. A training's assessments are made by
whoever edits it (its designers, their space admin, platform admins) and read by them and
by the editorial committee (review queue, co-funding applications)."""

from django.db.models import Q, QuerySet

from mentor.accounts.models import Role
from mentor.accounts.permissions import has_role, is_platform_admin
from mentor.catalog.models import Training
from mentor.catalog.permissions import (
    committee_covers,
    committee_trainings_q,
    trainings_editable_by,
)
from mentor.core.permissions import can, rule
from mentor.quality.models import Assessment


def is_committee(user) -> bool:
    return has_role(user, Role.EDITORIAL_COMMITTEE)


def committee_reads(user, training: Training) -> bool:
    """A national committee member reads every assessment; a member for a lead direction
    those of the trainings of the collections it leads."""
    return is_committee(user) and committee_covers(user, training)


@rule("quality.assess")
def can_assess(user, training: Training) -> bool:
    return can(user, "catalog.change_training", training)


@rule("quality.view")
def can_view(user, training: Training) -> bool:
    return is_platform_admin(user) or committee_reads(user, training) or can_assess(user, training)


@rule("quality.use")
def can_use(user, _obj=None) -> bool:
    return is_platform_admin(user) or is_committee(user) or can(user, "catalog.add_training")


def trainings_for_quality(user) -> QuerySet[Training]:
    """The trainings listed on the quality page: those the user edits, and for the
    committee and platform admins every training that has an assessment too."""
    if is_platform_admin(user) or is_committee(user):
        assessed = Training.objects.filter(pk__in=Assessment.objects.values("training_id"))
        scope = committee_trainings_q(user)
        if scope is not None:
            assessed = assessed.filter(pk__in=Training.objects.filter(scope).values("pk"))
        return Training.objects.filter(
            Q(pk__in=assessed.values("pk")) | Q(pk__in=trainings_editable_by(user).values("pk"))
        )
    return trainings_editable_by(user)
