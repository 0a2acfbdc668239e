"""Reads of the help centre: the FAQ (by category, searched), a person's contact requests,
and who answers a request."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from mentor.accounts.models import Role, RoleAssignment, User
from mentor.accounts.personal_data import register_section
from mentor.catalog.search import apply_search, query_terms
from mentor.help.models import MINISTRY_TOPICS, ContactRequest, FaqCategory, FaqEntry, TourView
from mentor.organisations.models import Entity


def faq_categories() -> list[FaqCategory]:
    """Categories with their published entries, in order (two queries)."""
    entries = FaqEntry.objects.filter(published=True).order_by("position", "pk")
    return [
        c
        for c in FaqCategory.objects.prefetch_related(
            Prefetch("entries", queryset=entries, to_attr="published_entries")
        )
        if c.published_entries
    ]


def faq_search(*, query: str) -> list[FaqEntry]:
    """Published entries matching ``query`` with the catalogue's French search (accents
    folded, plurals matched), best first. Nothing for a query with no word."""
    if not query_terms(query):
        return []
    found = apply_search(
        FaqEntry.objects.filter(published=True).select_related("category"),
        query,
        title_field="question",
    )
    return list(found.order_by("-rank", "category__position", "position", "pk")[:30])


def contact_requests_of(*, user: User) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(user=user).select_related("routed_entity")


@dataclass(frozen=True)
class Route:
    routed_to: str  # ContactRequest.RoutedTo
    entity: Any  # the ministry whose referents answer, or None
    recipients: list[str]


def contact_route(*, user: User, topic: str) -> Route:
    """Who answers a request: for attachment and internal-offer questions, the referents
    (space admins) of the agent's nearest entity that has any, up to their ministry;
    otherwise, or when no referent exists, the platform team (``HELP_PLATFORM_EMAILS``)."""
    if topic in MINISTRY_TOPICS and user.entity is not None:
        ancestors = [int(pk) for pk in user.entity.path.split(".") if pk]
        rows = RoleAssignment.objects.filter(
            role=Role.SPACE_ADMIN, entity_id__in=ancestors, user__is_active=True
        ).values_list("entity_id", "user__email")
        by_entity: dict[int, list[str]] = {}
        for entity_id, email in rows:
            by_entity.setdefault(entity_id, []).append(email)
        for entity_id in reversed(ancestors):  # nearest first
            if entity_id in by_entity:
                entity = Entity.objects.get(pk=entity_id)
                return Route(ContactRequest.RoutedTo.MINISTRY, entity, sorted(by_entity[entity_id]))
    return Route(ContactRequest.RoutedTo.PLATFORM, None, list(settings.HELP_PLATFORM_EMAILS))


@register_section("demandes_d_aide")
def _contact_section(user: User) -> list[dict]:
    return [
        {
            "ticket": r.ticket,
            "sujet": r.topic,
            "message": r.message,
            "piece_jointe": bool(r.attachment),
            "transmise_a": r.routed_to,
            "envoyee_le": r.created_at.isoformat(),
        }
        for r in ContactRequest.objects.filter(user=user)
    ]


def tours_pending(*, user: User, designer: bool) -> list[str]:
    """The guided tours to offer this person on their own: the agent's to every signed-in
    person, the designer's to designers, each until seen once (one query)."""
    if not user.is_authenticated:
        return []
    wanted = ["agent"] + (["designer"] if designer else [])
    seen = set(TourView.objects.filter(user=user).values_list("tour", flat=True))
    return [t for t in wanted if t not in seen]
