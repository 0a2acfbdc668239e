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

from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, TruncDate
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
from mentor.surveys.selectors import response_counts, survey_responses

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
    responses = survey_responses().filter(created_at__lt=before)
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


def _span_q(lookup: str, first: date | None, until: date) -> Q:
    """Rows whose ``lookup`` falls on the days ``first`` … ``until - 1`` (Paris); from the
    beginning when ``first`` is None."""
    query = Q(**{f"{lookup}__lt": day_start(until)})
    if first is not None:
        query &= Q(**{f"{lookup}__gte": day_start(first)})
    return query


def _day(lookup: str) -> TruncDate:
    return TruncDate(lookup, tzinfo=_zone())


class Tenths(Func):
    """A time to finish in whole tenths of a day, rounded down, never negative: ``tenths``
    written in SQL (the subtraction of two moments is an interval on PostgreSQL, a number
    of microseconds on SQLite)."""

    template = "CAST(GREATEST(0, FLOOR(EXTRACT(EPOCH FROM %(expressions)s) / 8640)) AS integer)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "MAX(0, CAST((%(expressions)s) / 8640000000 AS integer))"
        return self.as_sql(compiler, connection, template=template, **extra)


# Each rollup, for the days ``first`` … ``until - 1``: one grouped query over the raw
# tables whose aliases (``r_*`` and the sums) name the rollup's columns, written by one
# INSERT … SELECT (no row goes through Python).


def _keys(moment: str, enrolment: str = "") -> dict:
    """The usual groups: the Paris day of ``moment``, the training and the person's entity
    (``enrolment``: the path from the row to its enrolment)."""
    return {
        "r_day": _day(moment),
        "r_training": F(f"{enrolment}session__training_id"),
        "r_entity": F(f"{enrolment}user__entity_id"),
    }


def _hours_select(first: date | None, until: date) -> list[QuerySet]:
    """Enrolments per enrolment day, session and entity: counts and the credited time of
    the active ones (the progress join repeats an enrolment, hence the distinct counts)."""
    return [
        Enrolment.objects.filter(_span_q("enrolled_at", first, until))
        .values(**_keys("enrolled_at"), r_session=F("session_id"))
        .annotate(
            enrolments=Count("pk", filter=Q(status=ACTIVE), distinct=True),
            cancelled=Count("pk", filter=~Q(status=ACTIVE), distinct=True),
            completions=Count(
                "pk", filter=Q(status=ACTIVE, completion__isnull=False), distinct=True
            ),
            seconds=Coalesce(Sum("progress__time_spent", filter=Q(status=ACTIVE)), 0),
        )
        .order_by()
    ]


TENTH = 8640  # seconds in a tenth of a day


def tenths(duration: timedelta) -> int:
    """A time to finish in tenths of a day, rounded down (the median's unit)."""
    return max(0, int(duration.total_seconds() // TENTH))


def _durations_select(first: date | None, until: date) -> list[QuerySet]:
    return [
        Completion.objects.filter(
            _span_q("enrolment__enrolled_at", first, until), enrolment__status=ACTIVE
        )
        .values(
            **_keys("enrolment__enrolled_at", "enrolment__"),
            r_session=F("enrolment__session_id"),
            r_tenths=Tenths(F("completed_at") - F("enrolment__enrolled_at")),
        )
        .annotate(completions=Count("pk"))
        .order_by()
    ]


def _completions_select(first: date | None, until: date) -> list[QuerySet]:
    return [
        Completion.objects.filter(_span_q("completed_at", first, until))
        .values(**_keys("completed_at", "enrolment__"))
        .annotate(completions=Count("pk"))
        .order_by()
    ]


def _satisfaction_select(first: date | None, until: date) -> list[QuerySet]:
    return [
        survey_responses()
        .filter(_span_q("created_at", first, until))
        .values(
            r_day=_day("created_at"), r_training=F("training_id"), r_entity=F("user__entity_id")
        )
        .annotate(**response_counts())
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


def _accounts_select(first: date | None, until: date) -> list[QuerySet]:
    return [
        account_flags(User.objects.filter(_span_q("date_joined", first, until)))
        .values(r_day=_day("date_joined"), r_entity=F("entity_id"))
        .annotate(**ACCOUNT_SUMS)
        .order_by()
    ]


def _activity_select(first: date | None, until: date) -> list[QuerySet]:
    """Activities opened per Paris day, local weekday and hour (one query per time zone)."""
    return [
        ActivityProgress.objects.filter(rows_q, _span_q("first_seen_at", first, until))
        .values(
            **_keys("first_seen_at", "enrolment__"),
            r_weekday=ExtractIsoWeekDay("first_seen_at", tzinfo=zone),
            r_hour=ExtractHour("first_seen_at", tzinfo=zone),
        )
        .annotate(opened=Count("pk"))
        .order_by()
        for zone, rows_q in zone_groups("enrolment__user__entity__path")
    ]


#: Each rollup: its table and the function (of this module) giving the grouped queries
#: of a span of days, computed from the raw tables.
ROLLUPS = {
    "hours": (DailyHours, "_hours_select"),
    "durations": (DailyDurations, "_durations_select"),
    "activity": (DailyActivity, "_activity_select"),
    "completions": (DailyCompletions, "_completions_select"),
    "satisfaction": (DailySatisfaction, "_satisfaction_select"),
    "accounts": (DailyAccounts, "_accounts_select"),
}


def _insert_select(model, queryset: QuerySet) -> int:
    """``INSERT INTO <rollup> SELECT …`` the grouped ``queryset``: each of its output
    columns (``r_day`` → ``day``, ``r_training`` → ``training_id``, a sum → its column)
    goes to the rollup column of that name."""
    quote = connection.ops.quote_name
    query = queryset.query
    aliases = [*query.values_select, *query.annotation_select]
    columns = []
    for alias in aliases:
        name = alias.removeprefix("r_")
        columns.append(model._meta.get_field(name).column)
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
            f"SELECT {', '.join(map(quote, aliases))} FROM ({sql}) rolled",
            params,
        )
        return cursor.rowcount


def _spans(days: set[date]) -> list[tuple[date, date]]:
    """The days as runs of consecutive days: ``[(first, until)]``, ``until`` excluded."""
    spans: list[tuple[date, date]] = []
    for day in sorted(days):
        if spans and spans[-1][1] == day:
            spans[-1] = (spans[-1][0], day + timedelta(days=1))
        else:
            spans.append((day, day + timedelta(days=1)))
    return spans


def _recompute(name: str, first: date | None, until: date) -> int:
    """Replace the rows of one rollup for the days ``first`` … ``until - 1`` (every day
    before ``until`` when ``first`` is None) by the figures of the raw tables."""
    model, function = ROLLUPS[name]
    with transaction.atomic():
        old = model.objects.filter(day__lt=until)
        if first is not None:
            old = old.filter(day__gte=first)
        old.delete()
        return sum(_insert_select(model, q) for q in globals()[function](first, until))


def rollups_refresh(*, now: datetime | None = None, full: bool = False) -> RollupState | None:
    """Bring the rollups up to date (see the module's docstring); ``full``: recompute every
    day, each rollup by one statement (a few minutes at 2.5 M agents). Returns the state,
    or None when another run holds the lock."""
    now = now or timezone.now()
    today = _local_day(now)
    RollupState.objects.get_or_create(name=NAME)
    with transaction.atomic():
        state = RollupState.objects.select_for_update(skip_locked=True).filter(name=NAME).first()
        if state is None:
            return None  # another run is at work
        if full or state.watermark is None:
            for name in ROLLUPS:
                _recompute(name, None, today)
        else:
            dirty = dirty_days(state.watermark, today)
            for name in ROLLUPS:
                for first, until in _spans(dirty[name]):
                    _recompute(name, first, until)
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
