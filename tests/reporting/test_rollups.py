"""The daily rollups: every figure they back equals the live figure and a plain
independent query; the job is incremental, idempotent, restartable and never double
counts; today's partial day is read live; Paris days hold across DST and month ends."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress
from mentor.reporting import rollups, selectors
from mentor.reporting.forms import default_period
from mentor.reporting.models import DailyActivity, DailyHours, RollupState
from mentor.reporting.permissions import ReportScope, ScopeKind, reporting_scope
from mentor.reporting.selectors import BREAKDOWNS, Filters, with_rollups
from tests.factories import SessionFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory
from tests.reporting.conftest import enrol

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)


def period(**kwargs) -> Filters:
    start, end = default_period()
    return Filters(start=start, end=end, **kwargs)


def rollup_backed(scope, filters) -> dict:
    """Every figure the rollups back, for one set of filters."""
    return {
        "hours": selectors.learning_indicator(scope=scope, filters=filters).hours,
        **{
            by: sorted(
                (r.key, r.hours)
                for r in selectors.breakdown(scope=scope, filters=filters, by=by, limit=None)
            )
            for by in BREAKDOWNS
            if by != "entity" or scope.shows_accounts
        },
        "heatmap": [
            [c.count for c in row.cells]
            for row in selectors.activity_heatmap(scope=scope, filters=filters)
        ],
        "months": [m.activities for m in selectors.monthly_activity(scope=scope, filters=filters)],
    }


@pytest.fixture
def today_enrolment(world):
    """Activity of today: not in the rollups (a partial day), read live."""
    return enrol(world.people["j3"], world.t_justice, days_ago=0, seconds=600)


class TestEqualToLiveAndToPlainQueries:
    def test_national(self, world, today_enrolment):
        live = rollup_backed(NATIONAL, period())
        rollups.rollups_refresh()
        rolled = with_rollups(period())
        assert rolled.rolled and rolled.live_from == timezone.localdate()
        assert DailyHours.objects.exists() and DailyActivity.objects.exists()
        assert rollup_backed(NATIONAL, rolled) == live
        # A plain independent query: credited time of the active enrolments of the period.
        start = datetime.combine(default_period()[0], time.min, tzinfo=PARIS)
        seconds = ActivityProgress.objects.filter(
            enrolment__status="active", enrolment__enrolled_at__gte=start
        ).aggregate(s=Sum("time_spent"))["s"]
        assert selectors.learning_indicator(scope=NATIONAL, filters=rolled).hours == round(
            seconds / 3600, 1
        )
        opened = ActivityProgress.objects.filter(first_seen_at__gte=start).count()
        months = selectors.monthly_activity(scope=NATIONAL, filters=rolled)
        assert sum(m.activities for m in months) == opened

    @pytest.mark.parametrize("who", ["justice_admin", "agriculture_designer", "platform_admin"])
    def test_each_scope(self, request, world, today_enrolment, who):
        scope = reporting_scope(request.getfixturevalue(who))
        live = rollup_backed(scope, period())
        rollups.rollups_refresh()
        assert rollup_backed(scope, with_rollups(period())) == live

    @pytest.mark.parametrize(
        "filters",
        [{"offer": "interministerial"}, {"modality": "virtual_class"}, {"entity": "dap"}],
    )
    def test_each_filter(self, world, today_enrolment, penitentiaire, filters):
        if "entity" in filters:
            filters = {"entity": penitentiaire}
        live = rollup_backed(NATIONAL, period(**filters))
        rollups.rollups_refresh()
        assert rollup_backed(NATIONAL, with_rollups(period(**filters))) == live

    def test_the_dashboard_reads_past_days_from_the_rollups(self, client, platform_admin, world):
        rollups.rollups_refresh()
        # Rewrite the progress table behind the job's back (``update`` touches no
        # ``last_seen_at``): the live figures change, the dashboard's past days do not.
        ActivityProgress.objects.update(time_spent=0)
        client.force_login(platform_admin)
        dash = client.get("/pilotage/").context["dash"]
        assert dash.learning.hours == 3.5  # the rolled-up hours of the world
        assert selectors.learning_indicator(scope=NATIONAL, filters=period()).hours == 0
        assert dash.rollup_watermark is not None


class TestTheJob:
    def test_idempotent_and_never_double_counting(self, world):
        rollups.rollups_refresh()
        first = sorted(DailyHours.objects.values_list("day", "session", "entity", "seconds"))
        rollups.rollups_refresh()
        rollups.rollups_refresh(now=timezone.now() + timedelta(minutes=5))
        assert (
            sorted(DailyHours.objects.values_list("day", "session", "entity", "seconds")) == first
        )

    def test_incremental_catches_later_changes_to_old_days(self, world):
        rollups.rollups_refresh()
        before = selectors.learning_indicator(scope=NATIONAL, filters=with_rollups(period()))
        # Time credited now on j2's enrolment of ten days ago; a1's enrolment cancelled.
        progress = ActivityProgress.objects.get(enrolment__user=world.people["j2"])
        progress.time_spent += 3600
        progress.save()
        Enrolment.objects.filter(user=world.people["a1"]).update(
            status="cancelled", cancelled_at=timezone.now()
        )
        rollups.rollups_refresh(now=timezone.now() + timedelta(seconds=1))
        after = selectors.learning_indicator(scope=NATIONAL, filters=with_rollups(period()))
        assert after.hours == round(before.hours + 1 - 2, 1)  # +1 h for j2, a1's 2 h gone
        assert after.hours == selectors.learning_indicator(scope=NATIONAL, filters=period()).hours

    def test_restartable_after_a_failure(self, world, monkeypatch):
        real = rollups._activity_select

        def broken(first, until):
            raise RuntimeError("worker lost")

        monkeypatch.setattr(rollups, "_activity_select", broken)
        with pytest.raises(RuntimeError):
            rollups.rollups_refresh()
        # Nothing half-written: the state did not move and no row is left.
        assert RollupState.objects.get().watermark is None
        assert not DailyHours.objects.exists()
        monkeypatch.setattr(rollups, "_activity_select", real)
        rollups.rollups_refresh()
        assert rollup_backed(NATIONAL, with_rollups(period())) == rollup_backed(NATIONAL, period())

    def test_the_full_rebuild_forgets_days_left_without_rows(self, world):
        """A day whose enrolments were all deleted (an erased account) has no raw row left
        to find it by: the nightly full rebuild still clears it."""
        rollups.rollups_refresh()
        day = DailyHours.objects.order_by("day").values_list("day", flat=True).first()
        Enrolment.objects.filter(
            enrolled_at__gte=rollups.day_start(day),
            enrolled_at__lt=rollups.day_start(day + timedelta(days=1)),
        ).delete()
        rollups.rollups_refresh(full=True)
        assert not DailyHours.objects.filter(day=day).exists()
        assert rollup_backed(NATIONAL, with_rollups(period())) == rollup_backed(NATIONAL, period())

    def test_without_rollups_everything_is_live(self, world):
        assert not with_rollups(period()).rolled


# --- Hypothesis: Paris days and hours across DST and month ends --------------------------

# Hypothesis bounds are naive datetimes; the moments drawn are given UTC below.
_NAIVE = {
    "spring": (datetime(2026, 3, 27), datetime(2026, 4, 2)),  # noqa: DTZ001
    "autumn": (datetime(2026, 10, 23), datetime(2026, 11, 2)),  # noqa: DTZ001
}
moments = st.lists(
    st.one_of(*(st.datetimes(min_value=a, max_value=b) for a, b in _NAIVE.values())),
    min_size=1,
    max_size=10,
)


@pytest.fixture
def activity_place(db):
    session = SessionFactory()
    section = SectionFactory(training=session.training)
    return session, [ActivityFactory(section=section) for _ in range(10)]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(utc_moments=moments, start_day=st.integers(0, 8), span=st.integers(0, 10))
def test_rolled_activity_counts_paris_days_and_hours(activity_place, utc_moments, start_day, span):
    session, activities = activity_place
    user = UserFactory()
    enrolment = Enrolment.objects.create(
        user=user, session=session, enrolled_at=datetime(2026, 1, 1, tzinfo=PARIS)
    )
    try:
        moments_ = [m.replace(tzinfo=ZoneInfo("UTC")) for m in utc_moments]
        for activity, moment in zip(activities, moments_, strict=False):
            row = ActivityProgress.objects.create(enrolment=enrolment, activity=activity)
            ActivityProgress.objects.filter(pk=row.pk).update(first_seen_at=moment)
        rollups.rollups_refresh(now=datetime(2026, 12, 1, tzinfo=PARIS))
        first = (date(2026, 3, 26) if start_day < 5 else date(2026, 10, 24)) + timedelta(
            days=start_day
        )
        filters = with_rollups(Filters(start=first, end=first + timedelta(days=span)))
        assert filters.rolled
        local = [m.astimezone(PARIS) for m in moments_[: len(activities)]]
        inside = [m for m in local if filters.start <= m.date() <= filters.end]
        expected = Counter(date(m.year, m.month, 1) for m in inside)
        got = {
            m.month: m.activities
            for m in selectors.monthly_activity(scope=NATIONAL, filters=filters)
            if m.activities
        }
        assert got == expected
        heat = selectors.activity_heatmap(scope=NATIONAL, filters=filters)
        for m in inside:
            assert heat[m.isoweekday() - 1].cells[m.hour].count >= 1
        assert sum(c.count for row in heat for c in row.cells) == len(inside)
    finally:
        ActivityProgress.objects.all().delete()
        Enrolment.objects.all().delete()
        RollupState.objects.all().delete()
        DailyActivity.objects.all().delete()
        DailyHours.objects.all().delete()
