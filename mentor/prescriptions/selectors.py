"""Reads on campaigns: the list, the follow-up figures (per entity), the export, and the
agent's own prescriptions. Figures are computed in the database, grouped, in a fixed
number of queries whatever the population."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_section
from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress
from mentor.organisations.models import Entity
from mentor.prescriptions.models import Assignment, Campaign, CampaignState, Invitation
from mentor.prescriptions.permissions import campaigns_visible_to, invitations_visible_to

FIGURES = ("assigned", "enrolled", "in_progress", "completed", "overdue")


def is_large(campaign: Campaign) -> bool:
    """Large campaigns (a national one: millions of people) show their follow-up from a
    snapshot the worker computes, never from per-view queries over all their people."""
    return campaign.assigned_count > settings.PRESCRIPTIONS_LIVE_FIGURES_MAX


def _count(**conditions) -> Subquery:
    return Subquery(
        Assignment.objects.filter(campaign=OuterRef("pk"), **conditions)
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def campaign_list(*, user: User) -> list[Campaign]:
    """The campaigns the person follows, each with its assigned / completed / sent counts:
    one query — counted live for ordinary campaigns (a ``CASE`` that large ones skip), read
    from the follow-up snapshot for large ones (``None`` until it is computed)."""
    small = Q(assigned_count__lte=settings.PRESCRIPTIONS_LIVE_FIGURES_MAX)

    def live(**conditions):
        return Case(When(small, then=Coalesce(_count(**conditions), 0)), default=None)

    campaigns = list(
        campaigns_visible_to(user)
        .select_related("training", "owner_entity")
        .annotate(
            n_assigned=live(),
            n_completed=live(done_at__isnull=False),
            n_sent=live(opening_sent_at__isnull=False),
        )
        .order_by("-starts_on", "-pk")
    )
    large = [c for c in campaigns if c.n_assigned is None]
    if large:
        snapshots = cache.get_many([_snapshot_key(c.pk) for c in large])
        for campaign in large:
            campaign.n_assigned = campaign.assigned_count
            snapshot = snapshots.get(_snapshot_key(campaign.pk))
            if snapshot is not None:
                campaign.n_completed = snapshot.figures.total["completed"]
                campaign.n_sent = snapshot.figures.sent
    # Annotated rows: the counts ride on each campaign.
    return cast("list[Campaign]", campaigns)


def _with_state(assignments: QuerySet[Assignment], campaign: Campaign) -> QuerySet[Assignment]:
    enrolled = Enrolment.objects.filter(
        user=OuterRef("user"),
        session__training_id=campaign.training_id,
        status=Enrolment.Status.ACTIVE,
    )
    started = ActivityProgress.objects.filter(
        enrolment__user=OuterRef("user"), enrolment__session__training_id=campaign.training_id
    )
    return assignments.annotate(is_enrolled=Exists(enrolled), has_started=Exists(started))


def _counts() -> dict:
    return {
        "assigned": Count("pk"),
        "enrolled": Count("pk", filter=Q(is_enrolled=True) | Q(done_at__isnull=False)),
        "in_progress": Count("pk", filter=Q(has_started=True, done_at__isnull=True)),
        "completed": Count("pk", filter=Q(done_at__isnull=False)),
        "not_done": Count("pk", filter=Q(done_at__isnull=True)),
    }


@dataclass
class CampaignFigures:
    total: dict
    per_entity: list[dict]
    sent: int
    to_send: int
    rollup: list[dict] = field(default_factory=list)


def _rollup(rows: list[dict]) -> list[dict]:
    """Each entity of the assigned people's attachments, and each of their ancestors, with
    the figures of its whole subtree, in tree order (``depth`` for the indentation). Folded
    in Python over the grouped rows (one per entity, never one per person), plus one query
    for the ancestors' names."""
    totals: dict[int, dict] = {}
    for row in rows:
        if row["user__entity__path"] is None:
            continue
        for pk in (int(p) for p in row["user__entity__path"].split(".") if p):
            bucket = totals.setdefault(pk, dict.fromkeys(FIGURES, 0))
            for key in FIGURES:
                bucket[key] += row[key]
    entities = Entity.objects.filter(pk__in=totals).only("pk", "name", "path", "depth")
    return [
        {"entity": entity, "depth": entity.depth, **totals[entity.pk]}
        for entity in sorted(entities, key=lambda e: e.path)
    ]


def campaign_figures(*, campaign: Campaign) -> CampaignFigures:
    """Assigned, enrolled, in progress, completed and overdue — in total and per entity of
    attachment and rolled up to every level of the tree — and the opening e-mails'
    progress. Four queries."""
    base = _with_state(Assignment.objects.filter(campaign=campaign), campaign)
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in base.values("user__entity_id", "user__entity__name", "user__entity__path")
        .annotate(**_counts())
        .order_by("user__entity__path")
    ]
    for row in rows:  # overdue: not done once the due date has passed
        row["overdue"] = row.pop("not_done") if campaign.is_overdue else 0
    total = {key: sum(row[key] for row in rows) for key in FIGURES}
    emails = Assignment.objects.filter(campaign=campaign).aggregate(
        sent=Count("pk", filter=Q(opening_sent_at__isnull=False)),
        to_send=Count("pk", filter=Q(opening_sent_at__isnull=True, done_at__isnull=True)),
    )
    return CampaignFigures(
        total=total,
        per_entity=rows,
        sent=emails["sent"],
        to_send=emails["to_send"],
        rollup=_rollup(rows),
    )


def campaign_late(*, campaign: Campaign, limit: int = 50) -> tuple[int, list[Assignment]]:
    """Who has not finished — overdue once the due date has passed —: how many, and the
    first ``limit`` of them by entity and name (two queries)."""
    late = Assignment.objects.filter(campaign=campaign, done_at__isnull=True)
    people = list(
        late.select_related("user__entity").order_by(
            "user__entity__path", "user__last_name", "user__first_name", "pk"
        )[:limit]
    )
    return late.count(), people


def _exported(campaign: Campaign, only_late: bool) -> QuerySet[Assignment]:
    assignments = Assignment.objects.filter(campaign=campaign)
    return assignments.filter(done_at__isnull=True) if only_late else assignments


def campaign_export_count(*, campaign: Campaign, only_late: bool = False) -> int:
    """How many lines ``campaign_export_rows`` yields (the export's progress)."""
    return _exported(campaign, only_late).count()


def campaign_export_rows(*, campaign: Campaign, only_late: bool = False):
    """One row per assigned person (or per person not finished), streamed (``iterator``)
    for the CSV export."""
    today = timezone.localdate()
    annotated: Any = _with_state(_exported(campaign, only_late), campaign)
    rows = annotated.values_list(
        "user__email",
        "user__last_name",
        "user__first_name",
        "user__entity__name",
        "assigned_at",
        "is_enrolled",
        "has_started",
        "done_at",
    ).order_by("pk")
    for email, last, first, entity, assigned_at, enrolled, started, done_at in rows.iterator(
        chunk_size=2000
    ):
        yield {
            "email": email,
            "last_name": last,
            "first_name": first,
            "entity": entity or "",
            "assigned_at": assigned_at,
            "enrolled": enrolled or done_at is not None,
            "started": started,
            "done_at": done_at,
            "overdue": done_at is None and campaign.due_on < today,
        }


@dataclass
class FollowUp:
    """What the campaign page shows: the figures, and the people not finished."""

    figures: CampaignFigures
    late_count: int
    late: list[Assignment]
    #: When the worker computed it (large campaigns); None when computed for this view.
    computed_at: datetime | None = None


def _snapshot_key(campaign_id: int) -> str:
    return f"prescriptions:follow-up:{campaign_id}"


def follow_up_compute(campaign: Campaign) -> FollowUp:
    late_count, late = campaign_late(campaign=campaign)
    return FollowUp(campaign_figures(campaign=campaign), late_count, late)


def follow_up_store(campaign: Campaign) -> FollowUp:
    """Compute the follow-up and keep it in the shared cache (the worker's job)."""
    follow_up = follow_up_compute(campaign)
    follow_up.computed_at = timezone.now()
    cache.set(_snapshot_key(campaign.pk), follow_up, timeout=7 * 24 * 3600)
    return follow_up


def campaign_follow_up(*, campaign: Campaign) -> tuple[FollowUp | None, bool]:
    """The follow-up for the campaign page, and whether a fresher one should be computed.
    Live (a handful of queries) for ordinary campaigns; for large ones the worker's last
    snapshot, however old (None before the first), stale past
    ``PRESCRIPTIONS_FIGURES_MAX_AGE`` seconds."""
    if not is_large(campaign):
        return follow_up_compute(campaign), False
    snapshot = cache.get(_snapshot_key(campaign.pk))
    oldest = timezone.now() - timedelta(seconds=settings.PRESCRIPTIONS_FIGURES_MAX_AGE)
    return snapshot, snapshot is None or snapshot.computed_at < oldest


def my_prescriptions(*, user: User) -> list[Assignment]:
    """What the person is asked to follow in open campaigns: not done first, mandatory
    before recommended, then by due date (one query)."""
    if not user.is_authenticated:
        return []
    return list(
        Assignment.objects.filter(user=user, campaign__state=CampaignState.OPEN)
        .select_related("campaign__training", "campaign__owner_entity")
        .order_by("done_at", "campaign__kind", "campaign__due_on", "pk")
    )


def assignments_for_training(*, user, training_id: int) -> list[Assignment]:
    if not user.is_authenticated:
        return []
    return list(
        Assignment.objects.filter(
            user=user, campaign__training_id=training_id, campaign__state=CampaignState.OPEN
        ).select_related("campaign__owner_entity", "campaign__training")
    )


@register_section("formations_prescrites")
def _prescriptions_section(user: User) -> list[dict]:
    return [
        {
            "campagne": a.campaign.title,
            "formation": a.campaign.training.title,
            "caractere": a.campaign.kind,
            "echeance": a.campaign.due_on.isoformat(),
            "assignee_le": a.assigned_at.isoformat(),
            "terminee_le": a.done_at.isoformat() if a.done_at else None,
            "courriel_envoye_le": a.opening_sent_at.isoformat() if a.opening_sent_at else None,
            "relances_refusees": a.reminders_off,
        }
        for a in Assignment.objects.filter(user=user).select_related("campaign__training")
    ]


def invitation_list(*, user: User) -> QuerySet[Invitation]:
    """The invitations to the sessions the person may invite to, newest first (one query)."""
    return (
        invitations_visible_to(user)
        .select_related("session__training", "invited_by", "accepted_by")
        .order_by("-created_at", "-pk")
    )


def due_soon(*, user, days: int = 30) -> list[Assignment]:
    """For the signed-in home page: what this person must still finish in open campaigns,
    due within ``days`` days or already overdue, soonest first (one query, of the columns
    the home page shows). Each item has ``campaign`` (``title``, ``due_on``, ``kind``,
    ``is_overdue``) and ``campaign.training`` (``title``, ``get_absolute_url``)."""
    if not user.is_authenticated:
        return []
    horizon = timezone.localdate() + timedelta(days=days)
    return _DUE_SOON(user_id=user.pk, horizon=horizon)


#: Read on every signed-in home page: SQL built once (``core.prepared``).
_DUE_SOON = Prepared(
    lambda *, user_id, horizon: (
        Assignment.objects.filter(
            user_id=user_id,
            done_at__isnull=True,
            campaign__state=CampaignState.OPEN,
            campaign__due_on__lte=horizon,
        )
        .select_related("campaign__training")
        .only(
            "campaign_id",
            "done_at",
            "campaign__title",
            "campaign__due_on",
            "campaign__kind",
            "campaign__training_id",
            "campaign__training__title",
            "campaign__training__slug",
        )
        .order_by("campaign__due_on", "campaign__kind", "pk")
    ),
    dates=("horizon",),
)
