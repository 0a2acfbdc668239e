"""Who may edit and publish trainings and sessions.

A designer or space admin works on the trainings of their scope: an internal training
belongs to its ``owner_entity``; an interministerial one to its producer. Publishing the
interministerial offer is the editorial committee's (and platform admins') call.
"""

from django.db.models import Q, QuerySet

from mentor.accounts.models import Role, RoleAssignment, User
from mentor.accounts.permissions import (
    has_national_role,
    has_role,
    is_platform_admin,
    role_assignments,
    scope_roots,
)
from mentor.catalog.models import Training
from mentor.catalog.selectors import ancestor_ids
from mentor.core.permissions import rule
from mentor.organisations.models import Entity

EDITOR_ROLES = (Role.DESIGNER, Role.SPACE_ADMIN)


def _scope_entity(training: Training) -> Entity:
    return training.owner_entity or training.producer


def editor_roots(user) -> list[Entity]:
    return [root for role in EDITOR_ROLES for root in scope_roots(user, role)]


def trainings_editable_by(user) -> QuerySet[Training]:
    if is_platform_admin(user):
        return Training.objects.all()
    roots = editor_roots(user)
    if not roots:
        return Training.objects.none()
    query = Q(pk__in=[])
    for root in roots:
        query |= Q(owner_entity__path__startswith=root.path)
        query |= Q(owner_entity__isnull=True, producer__path__startswith=root.path)
    return Training.objects.filter(query)


def entities_for_editor(user) -> QuerySet[Entity]:
    """Entities a user may name as producer or owner of a training they edit."""
    if is_platform_admin(user):
        return Entity.objects.all()
    return Entity.objects.subtrees_of(editor_roots(user))


def committee_roots(user) -> list[Entity]:
    """The lead directions a scoped committee member speaks for (empty for national ones)."""
    return scope_roots(user, Role.EDITORIAL_COMMITTEE)


def is_national_committee(user) -> bool:
    return is_platform_admin(user) or has_national_role(user, Role.EDITORIAL_COMMITTEE)


def committee_trainings_q(user, prefix: str = "") -> Q | None:
    """The trainings a committee member decides on, as a filter: None for national members
    (and platform admins: everything); for a member scoped to a lead direction, the
    trainings of the collections that direction (or one below it) leads; an empty filter
    for anyone else."""
    if is_national_committee(user):
        return None
    query = Q(pk__in=[]) if not prefix else Q(**{f"{prefix}pk__in": []})
    for root in committee_roots(user):
        query |= Q(**{f"{prefix}collections__lead_entity__path__startswith": root.path})
    return query


def committee_covers(user, training: Training) -> bool:
    """Whether this committee member may decide on ``training`` (see committee_trainings_q)."""
    if is_national_committee(user):
        return True
    roots = committee_roots(user)
    if not roots or training.pk is None:
        return False
    return any(
        collection.lead_entity is not None
        and any(collection.lead_entity.is_within(root) for root in roots)
        for collection in training.collections.select_related("lead_entity")
    )


@rule("catalog.add_training")
def can_add_training(user, _obj=None) -> bool:
    return is_platform_admin(user) or bool(editor_roots(user))


@rule("catalog.change_training")
def can_change_training(user, training: Training) -> bool:
    if is_platform_admin(user):
        return True
    entity = _scope_entity(training)
    return any(has_role(user, role, entity) for role in EDITOR_ROLES)


@rule("catalog.publish_training")
def can_publish_training(user, training: Training) -> bool:
    if is_platform_admin(user):
        return True
    if training.owner_entity_id is None:
        # The committee: national members decide on everything, a lead direction's members
        # on the trainings of the collections it leads.
        return committee_covers(user, training)
    return has_role(user, Role.SPACE_ADMIN, training.owner_entity)


@rule("catalog.feature_training")
def can_feature_training(user, _training=None) -> bool:
    """The home page's "mise en avant" is the national editorial committee's choice."""
    return is_national_committee(user)


def tutor_candidates(training: Training):
    """People who may be named tutors of a session: holders of a tutor, designer or space
    admin role whose scope contains the training's entity (or an ancestor of it)."""
    entity = _scope_entity(training)
    return User.objects.filter(
        pk__in=RoleAssignment.objects.filter(
            role__in=[Role.TUTOR, Role.DESIGNER, Role.SPACE_ADMIN],
            entity_id__in=ancestor_ids(entity),
        ).values("user_id"),
        is_active=True,
    ).order_by("last_name", "first_name")


@rule("learning.tutor_any")
def can_tutor_any(user, _obj=None) -> bool:
    return is_platform_admin(user) or any(
        ra.role in (Role.TUTOR, Role.SPACE_ADMIN) for ra in role_assignments(user)
    )
