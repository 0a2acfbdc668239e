"""Daily rollups of what the dashboards and the statistics API would otherwise read from
the large tables (millions of accounts and enrolments, tens of millions of progress rows):
per enrolment day, the enrolments, cancellations, completions, credited time and times to
finish; per day, the activities opened (by local weekday and hour), the completions, the
satisfaction answers and the accounts created (with what their holders did since); each
per training and entity of the person, so that every scope and filter reads them. Read
through ``reporting_reads()`` by the selectors, with the days not rolled up yet (at least
today, the partial day) read live. Counting distinct people over a period (learners,
typology) cannot be summed from days: those figures stay live queries.

The job (``rollups_refresh``, Celery beat every 15 minutes) is idempotent and
restartable, and never double counts:
- it finds the *dirty* days of each rollup, those whose figures may have changed since its
  watermark (new or cancelled enrolments, progress seen, completions, answers, accounts
  created or whose holders enrolled, started or finished since), looking a margin further
  back than the watermark for transactions that committed late;
- each dirty day is *recomputed whole* from the raw tables and replaced (delete, then
  insert the day's groups) in one transaction: running it twice gives the same rows;
- only closed days (before today, Paris) are stored; ``complete_until`` says up to where;
- one run at a time (a lock on the state row); the watermark moves only when the run ends.

The figures of a closed day can change later (time credited today on an enrolment taken
in March): they are right again after the next run, which the page's "dernière mise à
jour" reflects. Deletions leave no trace to find (an account erased, its answers kept
without a person): ``rollups_refresh(full=True)`` recomputes every day (nightly).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone

from mentor.accounts.models import User
from mentor.core.db import reporting_reads
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.learning.models import ActivityProgress, Completion
from mentor.reporting.models import (
    DailyAccounts,
    DailyActivity,
    DailyCompletions,
    DailyDurations,
    DailyHours,
    DailySatisfaction,
    RollupState,
)
from mentor.reporting.zones import zone_groups
from mentor.surveys.models import Satisfaction, SurveyResponse

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


def _changed_enrolment_days(since: datetime, until: date) -> set[date]:
    """Enrolment days of the enrolments changed since ``since``: taken, cancelled, an
    event, progress seen, completed. One indexed query per source (an OR of them all would
    scan the enrolment table)."""
    enrolments = Enrolment.objects.filter(enrolled_at__lt=day_start(until))
    sources = (
        Q(enrolled_at__gte=since),
        Q(cancelled_at__gte=since),
        Q(pk__in=EnrolmentEvent.objects.filter(created_at__gte=since).values("enrolment_id")),
        Q(pk__in=ActivityProgress.objects.filter(last_seen_at__gte=since).values("enrolment_id")),
        Q(pk__in=Completion.objects.filter(completed_at__gte=since).values("enrolment_id")),
    )
    days: set[date] = set()
    for source in sources:
        days |= _days_of(enrolments.filter(source), "enrolled_at")
    return days


def _changed_users_days(since: datetime, before: datetime) -> set[date]:
    """Creation days of the accounts whose holders enrolled, started or finished something
    since ``since`` (their flags may have changed)."""
    users = User.objects.filter(date_joined__lt=before)
    sources = (
        Enrolment.objects.filter(enrolled_at__gte=since).values("user_id"),
        ActivityProgress.objects.filter(last_seen_at__gte=since).values("enrolment__user_id"),
        Completion.objects.filter(completed_at__gte=since).values("enrolment__user_id"),
    )
    days: set[date] = set()
    for source in sources:
        days |= _days_of(users.filter(pk__in=source), "date_joined")
    return days


def dirty_days(since: datetime | None, until: date) -> dict[str, set[date]]:
    """For each rollup, the days (before ``until``) whose figures may have changed since
    ``since`` (None: every day that has data)."""
    before = day_start(until)
    progress = ActivityProgress.objects.filter(first_seen_at__lt=before)
    completions = Completion.objects.filter(completed_at__lt=before)
    responses = SurveyResponse.objects.filter(created_at__lt=before)
    users = User.objects.filter(date_joined__lt=before)
    if since is None:
        enrolment_days = _days_of(Enrolment.objects.filter(enrolled_at__lt=before), "enrolled_at")
        return {
            "hours": enrolment_days,
            "durations": enrolment_days,
            "activity": _days_of(progress, "first_seen_at"),
            "completions": _days_of(completions, "completed_at"),
            "satisfaction": _days_of(responses, "created_at"),
            "accounts": _days_of(users, "date_joined"),
        }
    since = since - MARGIN
    enrolment_days = _changed_enrolment_days(since, until)
    return {
        "hours": enrolment_days,
        "durations": enrolment_days,
        "activity": _days_of(progress.filter(first_seen_at__gte=since), "first_seen_at"),
        "completions": _days_of(completions.filter(completed_at__gte=since), "completed_at"),
        "satisfaction": _days_of(responses.filter(created_at__gte=since), "created_at"),
        "accounts": _days_of(users.filter(date_joined__gte=since), "date_joined")
        | _changed_users_days(since, before),
    }


def _day_q(lookup: str, day: date) -> Q:
    return Q(
        **{f"{lookup}__gte": day_start(day), f"{lookup}__lt": day_start(day + timedelta(days=1))}
    )


def _hours_rows(day: date) -> list[DailyHours]:
    """The day's enrolments per session and entity: counts (one query) and the credited
    time of the active ones (another)."""
    keys = ("session_id", "session__training_id", "user__entity_id")
    rows: dict[tuple, DailyHours] = {}
    for row in (
        Enrolment.objects.filter(_day_q("enrolled_at", day))
        .values(*keys)
        .annotate(
            n=Count("pk", filter=Q(status=ACTIVE)),
            cancelled=Count("pk", filter=~Q(status=ACTIVE)),
            done=Count("pk", filter=Q(status=ACTIVE, completion__isnull=False)),
        )
        .order_by()
    ):
        rows[tuple(row[k] for k in keys)] = DailyHours(
            day=day,
            session_id=row["session_id"],
            training_id=row["session__training_id"],
            entity_id=row["user__entity_id"],
            enrolments=row["n"],
            cancelled=row["cancelled"],
            completions=row["done"],
        )
    for row in (
        ActivityProgress.objects.filter(
            _day_q("enrolment__enrolled_at", day), enrolment__status=ACTIVE
        )
        .values(*(f"enrolment__{k}" for k in keys))
        .annotate(s=Sum("time_spent"))
        .order_by()
    ):
        key = tuple(row[f"enrolment__{k}"] for k in keys)
        if key in rows:
            rows[key].seconds = row["s"] or 0
    return list(rows.values())


TENTH = 8640  # seconds in a tenth of a day


def tenths(duration: timedelta) -> int:
    """A time to finish in tenths of a day, rounded down (the median's unit)."""
    return max(0, int(duration.total_seconds() // TENTH))


def _durations_rows(day: date) -> list[DailyDurations]:
    counts: Counter = Counter()
    for training, entity, enrolled, completed in Completion.objects.filter(
        _day_q("enrolment__enrolled_at", day), enrolment__status=ACTIVE
    ).values_list(
        "enrolment__session__training_id",
        "enrolment__user__entity_id",
        "enrolment__enrolled_at",
        "completed_at",
    ):
        counts[(training, entity, tenths(completed - enrolled))] += 1
    return [
        DailyDurations(day=day, training_id=t, entity_id=e, tenths=n_tenths, completions=n)
        for (t, e, n_tenths), n in counts.items()
    ]


def _completions_rows(day: date) -> list[DailyCompletions]:
    return [
        DailyCompletions(
            day=day,
            training_id=row["enrolment__session__training_id"],
            entity_id=row["enrolment__user__entity_id"],
            completions=row["n"],
        )
        for row in Completion.objects.filter(_day_q("completed_at", day))
        .values("enrolment__session__training_id", "enrolment__user__entity_id")
        .annotate(n=Count("pk"))
        .order_by()
    ]


SATISFACTION_SUMS = {
    "respondents": Count("pk"),
    "satisfied": Count("pk", filter=Q(satisfaction__gte=Satisfaction.SATISFIED)),
    "adapted": Count("pk", filter=Q(adapted=True)),
    "reuse": Count("pk", filter=Q(reuse=True)),
}


def _satisfaction_rows(day: date) -> list[DailySatisfaction]:
    return [
        DailySatisfaction(
            day=day,
            training_id=row["training_id"],
            entity_id=row["user__entity_id"],
            **{name: row[name] for name in SATISFACTION_SUMS},
        )
        for row in SurveyResponse.objects.filter(_day_q("created_at", day))
        .values("training_id", "user__entity_id")
        .annotate(**SATISFACTION_SUMS)
        .order_by()
    ]


def account_flags(users: QuerySet, training_q: Q | None = None) -> QuerySet:
    """Accounts flagged: ``e`` enrolled (in the trainings ``training_q`` selects, written
    from an enrolment; at any time), ``s`` started something, ``c`` finished something."""
    training_q = training_q or Q()
    of_trainings = Q()
    if training_q:
        of_trainings = Q(enrolment__in=Enrolment.objects.filter(training_q).values("pk"))
    return users.annotate(
        e=Exists(Enrolment.objects.filter(training_q, user=OuterRef("pk"))),
        s=Exists(ActivityProgress.objects.filter(of_trainings, enrolment__user=OuterRef("pk"))),
        c=Exists(Completion.objects.filter(of_trainings, enrolment__user=OuterRef("pk"))),
    )


ACCOUNT_SUMS = {
    "created": Count("pk"),
    "enrolled": Count("pk", filter=Q(e=True)),
    "active": Count("pk", filter=Q(e=True) & (Q(s=True) | Q(c=True))),
    "finished": Count("pk", filter=Q(e=True, c=True)),
}


def _accounts_rows(day: date) -> list[DailyAccounts]:
    return [
        DailyAccounts(
            day=day, entity_id=row["entity_id"], **{name: row[name] for name in ACCOUNT_SUMS}
        )
        for row in account_flags(User.objects.filter(_day_q("date_joined", day)))
        .values("entity_id")
        .annotate(**ACCOUNT_SUMS)
        .order_by()
    ]


def _activity_rows(day: date) -> list[DailyActivity]:
    """The day's activities opened, per local weekday and hour (one query per time zone)."""
    result = []
    for zone, rows_q in zone_groups("enrolment__user__entity__path"):
        rows = (
            ActivityProgress.objects.filter(rows_q, _day_q("first_seen_at", day))
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


#: Each rollup: its table and the function (of this module) computing one of its days
#: from the raw tables.
ROLLUPS = {
    "hours": (DailyHours, "_hours_rows"),
    "durations": (DailyDurations, "_durations_rows"),
    "activity": (DailyActivity, "_activity_rows"),
    "completions": (DailyCompletions, "_completions_rows"),
    "satisfaction": (DailySatisfaction, "_satisfaction_rows"),
    "accounts": (DailyAccounts, "_accounts_rows"),
}


def rollups_refresh(*, now: datetime | None = None, full: bool = False) -> RollupState | None:
    """Bring the rollups up to date (see the module's docstring); ``full``: recompute every
    day. Returns the state, or None when another run holds the lock."""
    now = now or timezone.now()
    today = _local_day(now)
    RollupState.objects.get_or_create(name=NAME)
    with transaction.atomic():
        state = RollupState.objects.select_for_update(skip_locked=True).filter(name=NAME).first()
        if state is None:
            return None  # another run is at work
        dirty = dirty_days(None if full else state.watermark, today)
        for name, (model, function) in ROLLUPS.items():
            rows_of = globals()[function]
            for day in sorted(dirty[name]):
                with transaction.atomic():
                    model.objects.filter(day=day).delete()
                    model.objects.bulk_create(rows_of(day), batch_size=2000)
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
