"""Who may prescribe and follow campaigns.

Space admins prescribe to their subtree and follow the campaigns their scope owns; platform
admins prescribe nationally and follow every campaign. ``campaigns_visible_to`` is the one
query the list, the detail and the export are built on.
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.accounts.permissions import (
    administered_entities,
    administers,
    is_platform_admin,
    scope_roots,
)
from mentor.catalog.models import Session
from mentor.core.permissions import can, rule
from mentor.prescriptions.models import Campaign, Invitation


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    if is_platform_admin(user):
        return Campaign.objects.all()
    if not scope_roots(user, Role.SPACE_ADMIN):
        return Campaign.objects.none()
    return Campaign.objects.filter(owner_entity__in=administered_entities(user))


@rule("prescriptions.add_campaign")
def can_add_campaign(user, _obj=None) -> bool:
    return is_platform_admin(user) or bool(scope_roots(user, Role.SPACE_ADMIN))


@rule("prescriptions.view_campaign")
def can_view_campaign(user, campaign: Campaign) -> bool:
    if is_platform_admin(user):
        return True
    return campaign.owner_entity_id is not None and administers(user, campaign.owner_entity)


@rule("prescriptions.change_campaign")
def can_change_campaign(user, campaign: Campaign) -> bool:
    """Whoever follows a campaign may withdraw it."""
    return can_view_campaign(user, campaign)


# --- Invitations ---------------------------------------------------------------------------


def sessions_open_to_invitations(user) -> QuerySet[Session]:
    """Sessions the person may invite to — the query form of ``learning.tutor_session``:
    the sessions they tutor and those of trainings in their space-admin scope (all for a
    platform admin)."""
    if is_platform_admin(user):
        return Session.objects.all()
    if not user.is_authenticated:
        return Session.objects.none()
    query = Q(tutors=user)
    for root in scope_roots(user, Role.SPACE_ADMIN):
        query |= Q(training__owner_entity__path__startswith=root.path)
        query |= Q(
            training__owner_entity__isnull=True, training__producer__path__startswith=root.path
        )
    return Session.objects.filter(pk__in=Session.objects.filter(query).values("pk"))


def invitable_sessions(user) -> QuerySet[Session]:
    return sessions_open_to_invitations(user).filter(ends_on__gte=timezone.localdate())


def invitations_visible_to(user) -> QuerySet[Invitation]:
    return Invitation.objects.filter(session__in=sessions_open_to_invitations(user))


@rule("prescriptions.invite")
def can_invite(user, session: Session) -> bool:
    """Who may invite to a session: its tutors and the admins of its training's scope."""
    return can(user, "learning.tutor_session", session)


@rule("prescriptions.invite_any")
def can_invite_any(user, _obj=None) -> bool:
    return can(user, "learning.tutor_any")
