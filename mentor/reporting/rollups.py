"""Daily rollups of what the dashboards would otherwise read from the progress table
(tens of millions of rows at scale): credited time per enrolment day, and activities
opened per day and hour. Maintained by an incremental Celery job; read through
``reporting_reads()`` by the selectors, with the days not rolled up yet (at least today,
the partial day) read live.

The job (``rollups_refresh``) is idempotent and restartable, and never double counts:
- it finds the *dirty* days, those whose figures may have changed since its watermark
  (new or cancelled enrolments, progress seen, activities first opened), looking a margin
  further back than the watermark for transactions that committed late;
- each dirty day is *recomputed whole* from the raw tables and replaced (delete, then
  insert the day's groups) in one transaction: running it twice gives the same rows;
- only closed days (before today, Paris) are stored; ``complete_until`` says up to where;
- one run at a time (a lock on the state row); the watermark moves only when the run ends.

The figures of a closed day can change later (time credited today on an enrolment taken
in March): they are right again after the next run, which the page's "dernière mise à
jour" reflects.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone

from mentor.core.db import reporting_reads
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import ActivityProgress
from mentor.reporting.models import DailyActivity, DailyHours, RollupState
from mentor.reporting.zones import zone_groups

NAME = "daily"
#: How far before the watermark changes are looked for again (late commits).
MARGIN = timedelta(minutes=15)
ACTIVE = Enrolment.Status.ACTIVE


def _zone():
    return timezone.get_current_timezone()


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), _zone())


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment, _zone()).date()


def _days_of(queryset: QuerySet, lookup: str) -> set[date]:
    return set(
        queryset.annotate(d=TruncDate(lookup, tzinfo=_zone()))
        .values_list("d", flat=True)
        .distinct()
        .order_by()
    )


def dirty_days(since: datetime | None, until: date) -> tuple[set[date], set[date]]:
    """The days (before ``until``) whose hours, and whose activity, may have changed since
    ``since`` (None: every day that has data)."""
    enrolments = Enrolment.objects.filter(enrolled_at__lt=day_start(until))
    progress = ActivityProgress.objects.filter(first_seen_at__lt=day_start(until))
    if since is None:
        return _days_of(enrolments, "enrolled_at"), _days_of(progress, "first_seen_at")
    since = since - MARGIN
    changed = enrolments.filter(
        Q(enrolled_at__gte=since)
        | Q(cancelled_at__gte=since)
        | Q(pk__in=EnrolmentEvent.objects.filter(created_at__gte=since).values("enrolment_id"))
        | Q(pk__in=ActivityProgress.objects.filter(last_seen_at__gte=since).values("enrolment_id"))
    )
    return (
        _days_of(changed, "enrolled_at"),
        _days_of(progress.filter(first_seen_at__gte=since), "first_seen_at"),
    )


def _hours_rows(day: date) -> list[DailyHours]:
    rows = (
        ActivityProgress.objects.filter(
            enrolment__status=ACTIVE,
            enrolment__enrolled_at__gte=day_start(day),
            enrolment__enrolled_at__lt=day_start(day + timedelta(days=1)),
        )
        .values(
            "enrolment__session_id", "enrolment__session__training_id", "enrolment__user__entity_id"
        )
        .annotate(s=Sum("time_spent"))
        .order_by()
    )
    return [
        DailyHours(
            day=day,
            session_id=row["enrolment__session_id"],
            training_id=row["enrolment__session__training_id"],
            entity_id=row["enrolment__user__entity_id"],
            seconds=row["s"] or 0,
        )
        for row in rows
        if row["s"]
    ]


def _activity_rows(day: date) -> list[DailyActivity]:
    """The day's activities opened, per local weekday and hour (one query per time zone)."""
    result = []
    for zone, rows_q in zone_groups("enrolment__user__entity__path"):
        rows = (
            ActivityProgress.objects.filter(
                rows_q,
                first_seen_at__gte=day_start(day),
                first_seen_at__lt=day_start(day + timedelta(days=1)),
            )
            .annotate(
                weekday=ExtractIsoWeekDay("first_seen_at", tzinfo=zone),
                hour=ExtractHour("first_seen_at", tzinfo=zone),
            )
            .values(
                "weekday", "hour", "enrolment__session__training_id", "enrolment__user__entity_id"
            )
            .annotate(n=Count("pk"))
            .order_by()
        )
        result += [
            DailyActivity(
                day=day,
                weekday=row["weekday"],
                hour=row["hour"],
                training_id=row["enrolment__session__training_id"],
                entity_id=row["enrolment__user__entity_id"],
                opened=row["n"],
            )
            for row in rows
        ]
    return result


def rollups_refresh(*, now: datetime | None = None) -> RollupState | None:
    """Bring the rollups up to date (see the module's docstring). Returns the state, or
    None when another run holds the lock."""
    now = now or timezone.now()
    today = _local_day(now)
    RollupState.objects.get_or_create(name=NAME)
    with transaction.atomic():
        state = RollupState.objects.select_for_update(skip_locked=True).filter(name=NAME).first()
        if state is None:
            return None  # another run is at work
        hours_days, activity_days = dirty_days(state.watermark, today)
        for day in sorted(hours_days):
            with transaction.atomic():
                DailyHours.objects.filter(day=day).delete()
                DailyHours.objects.bulk_create(_hours_rows(day), batch_size=2000)
        for day in sorted(activity_days):
            with transaction.atomic():
                DailyActivity.objects.filter(day=day).delete()
                DailyActivity.objects.bulk_create(_activity_rows(day), batch_size=2000)
        state.watermark, state.complete_until = now, today
        state.save(update_fields=["watermark", "complete_until"])
    return state


# --- Reading ----------------------------------------------------------------------------


def rollup_state() -> RollupState | None:
    with reporting_reads():
        return RollupState.objects.filter(name=NAME).first()


def rolled_until(state: RollupState | None, start: date, end: date) -> date:
    """The first day of [start, end] that is read live: days before it come from the
    rollups. ``start`` when there is no rollup; past ``end`` when all are rolled up."""
    if state is None or state.complete_until is None:
        return start
    return min(max(start, state.complete_until), end + timedelta(days=1))
