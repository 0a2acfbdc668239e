"""Who may prescribe and follow campaigns.

Space admins prescribe to their subtree and follow the campaigns their scope owns; platform
admins prescribe nationally and follow every campaign. ``campaigns_visible_to`` is the one
query the list, the detail and the export are built on.
"""

from django.db.models import QuerySet

from mentor.accounts.models import Role
from mentor.accounts.permissions import (
    administered_entities,
    administers,
    is_platform_admin,
    scope_roots,
)
from mentor.core.permissions import rule
from mentor.prescriptions.models import Campaign


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
