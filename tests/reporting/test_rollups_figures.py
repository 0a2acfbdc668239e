"""Every figure the dashboard and the statistics API show, read from the rollups, equals the
same figure read live, on a crowd of realistic factory data (people of several ministries
and of none, enrolments over more than a year, cancellations, credited time, completions
after various delays, satisfaction answers, accounts never enrolled), for each role's
scope and each filter; and the scope rules hold on the rolled-up figures: a space admin
sees only their scope, people of other ministries are counted but never named, and
satisfaction is hidden below 5 respondents."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from mentor.accounts.models import User
from mentor.reporting import rollups, selectors
from mentor.reporting.forms import default_period
from mentor.reporting.permissions import ReportScope, ScopeKind, reporting_scope
from mentor.reporting.selectors import BREAKDOWNS, OUTSIDE, Filters, with_rollups
from mentor.surveys.models import SurveyResponse
from tests.factories import UserFactory
from tests.reporting.conftest import answer, enrol

pytestmark = pytest.mark.django_db

NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)


def period(**kwargs) -> Filters:
    start, end = default_period()
    return Filters(start=start, end=end, **kwargs)


def figures(scope, filters) -> dict:
    """Every figure of the dashboard that the rollups may back, as plain values."""
    dash_accounts = selectors.accounts_indicator(scope=scope, filters=filters)
    learning = selectors.learning_indicator(scope=scope, filters=filters)
    satisfaction = selectors.satisfaction_indicator(scope=scope, filters=filters)
    return {
        "accounts": vars(dash_accounts) if dash_accounts else None,
        "learning": vars(learning),
        "satisfaction": (
            satisfaction.respondents,
            satisfaction.satisfied_rate,
            satisfaction.adapted_rate,
            satisfaction.reuse_rate,
        ),
        "satisfaction_rows": [
            (r.label, r.respondents, r.satisfied_rate, r.adapted_rate, r.reuse_rate)
            for r in selectors.satisfaction_by_training(scope=scope, filters=filters, limit=None)
        ],
        **{
            by: [
                (
                    r.key,
                    r.label,
                    r.enrolments,
                    r.completions,
                    r.learners,
                    r.hours,
                    r.accounts,
                    r.never_enrolled,
                    r.median_days,
                )
                for r in selectors.breakdown(scope=scope, filters=filters, by=by, limit=None)
            ]
            for by in BREAKDOWNS
            if by != "entity" or scope.shows_accounts
        },
        "months": [
            (m.month, m.enrolments, m.completions, m.activities)
            for m in selectors.monthly_activity(scope=scope, filters=filters)
        ],
        "heatmap": [
            [c.count for c in row.cells]
            for row in selectors.activity_heatmap(scope=scope, filters=filters)
        ],
        "typology": [
            [(c.label, c.count, c.share) for c in table.cells]
            for table in selectors.typology(scope=scope, filters=filters)
        ],
    }


@pytest.fixture
def crowd(world, justice, penitentiaire, agriculture):
    """Sixty people of Justice, its DAP, Agriculture or no entity, some never enrolled,
    the others enrolled in one or two trainings over the last 13 months (today too)."""
    rng = random.Random(2026)  # noqa: S311  (test data)
    now = timezone.now()
    trainings = [world.t_justice, world.t_agri, world.t_internal]
    places = [
        (justice, "justice.gouv.fr"),
        (penitentiaire, "dap.justice.gouv.fr"),
        (agriculture, "agriculture.gouv.fr"),
        (None, "exemple.fr"),
    ]
    for i in range(60):
        entity, domain = rng.choice(places)
        user = UserFactory(
            entity=entity,
            email=f"foule{i}@{domain}",
            category=rng.choice(["A+", "A", "B", "C", ""]),
            employment_status=rng.choice(["titulaire", "contractuel", ""]),
            gender=rng.choice(["female", "male", ""]),
        )
        User.objects.filter(pk=user.pk).update(
            date_joined=now - timedelta(days=rng.randint(0, 420), minutes=rng.randint(0, 1440))
        )
        for training in rng.sample(trainings, k=rng.choice([0, 1, 1, 2])):
            days_ago = rng.choice([0, 0, 1, 3, 20, 40, 90, 200, 300, 363, 380])
            cancelled = rng.random() < 0.1
            delay = rng.choice([None, None, 0, 1, 2, 5, 9])
            if cancelled or (delay is not None and delay > days_ago):
                delay = None
            enrolment = enrol(
                user,
                training,
                days_ago=days_ago,
                seconds=rng.choice([0, 300, 1800, 3600, 5400]),
                completed_after_days=delay,
                cancelled=cancelled,
            )
            if delay is not None and rng.random() < 0.8:
                response = answer(
                    enrolment,
                    satisfaction=rng.randint(1, 5),
                    adapted=rng.random() < 0.7,
                    reuse=rng.random() < 0.6,
                )
                SurveyResponse.objects.filter(pk=response.pk).update(
                    created_at=enrolment.completion.completed_at + timedelta(minutes=3)
                )
    return world


def _compare(scope, filters):
    live = figures(scope, filters)
    rollups.rollups_refresh()
    rolled_filters = with_rollups(filters)
    assert rolled_filters.rolled
    assert figures(scope, rolled_filters) == live
    return live


class TestRolledEqualsLive:
    @pytest.mark.parametrize(
        "who", ["platform_admin", "committee_member", "justice_admin", "agriculture_designer"]
    )
    def test_each_role(self, request, crowd, who):
        scope = reporting_scope(request.getfixturevalue(who))
        live = _compare(scope, period())
        assert live["learning"]["enrolments"] > 0

    @pytest.mark.parametrize(
        "filters",
        [
            {"offer": "interministerial"},
            {"offer": "internal"},
            {"modality": "virtual_class"},
            {"entity": "dap"},
            {"collection": "numerique"},
            {"training": "t_agri"},
        ],
    )
    def test_each_filter(self, crowd, penitentiaire, filters):
        if "entity" in filters:
            filters = {"entity": penitentiaire}
        if "collection" in filters:
            filters = {"collection": crowd.t_justice.collections.get()}
        if "training" in filters:
            filters = {"training": crowd.t_agri}
        _compare(NATIONAL, period(**filters))

    def test_a_short_period_and_a_space_admin_filtering_their_subtree(
        self, crowd, justice_admin, penitentiaire
    ):
        today = timezone.localdate()
        filters = Filters(start=today - timedelta(days=45), end=today, entity=penitentiaire)
        _compare(reporting_scope(justice_admin), filters)

    @pytest.mark.parametrize("key", ["justice", "dap"])
    def test_the_statistics_api(self, client, crowd, justice_admin, key):
        client.force_login(justice_admin)
        url = f"/api/v1/stats/overview?scope={key}"
        live = client.get(url).json()
        rollups.rollups_refresh()
        assert client.get(url).json() == live
        assert live["enrolments"] > 0


class TestScopeRulesOnTheRollups:
    def test_a_space_admin_sees_only_their_scope(self, crowd, justice_admin, justice):
        rollups.rollups_refresh()
        filters = with_rollups(period())
        scope = reporting_scope(justice_admin)
        national = selectors.learning_indicator(scope=NATIONAL, filters=filters)
        mine = selectors.learning_indicator(scope=scope, filters=filters)
        assert 0 < mine.enrolments < national.enrolments
        accounts = selectors.accounts_indicator(scope=scope, filters=filters)
        justice_accounts = User.objects.filter(
            entity__path__startswith=justice.path,
            date_joined__gte=filters.start_at,
            date_joined__lt=filters.end_at,
        ).count()
        assert accounts.created == justice_accounts

    def test_other_ministries_are_counted_never_named(self, crowd, justice_admin, agriculture):
        rollups.rollups_refresh()
        rows = selectors.breakdown(
            scope=reporting_scope(justice_admin), filters=with_rollups(period()), by="entity"
        )
        labels = {r.label for r in rows}
        assert agriculture.name not in labels
        outside = [r for r in rows if r.key == OUTSIDE]
        assert outside and outside[0].enrolments > 0  # Agriculture's learners of t_justice

    def test_satisfaction_hidden_below_five_respondents(self, world, justice_admin):
        # The small world: two answers in all, read from the rollups.
        rollups.rollups_refresh()
        filters = with_rollups(period())
        assert filters.rolled
        figures_ = selectors.satisfaction_indicator(scope=NATIONAL, filters=filters)
        assert figures_.respondents == 2
        assert figures_.hidden and figures_.satisfied_rate is None
        assert all(
            r.satisfied_rate is None
            for r in selectors.satisfaction_by_training(scope=NATIONAL, filters=filters)
        )

    def test_satisfaction_shown_from_five_respondents(self, crowd):
        rollups.rollups_refresh()
        filters = with_rollups(period())
        figures_ = selectors.satisfaction_indicator(scope=NATIONAL, filters=filters)
        assert figures_.respondents >= 5 and figures_.satisfied_rate is not None


class TestTheJobKeepsEveryFigureRight:
    def test_later_changes_are_caught(self, crowd):
        rollups.rollups_refresh()
        # An old account enrols now, an old enrolment is completed now and answered.
        old = User.objects.filter(email__startswith="foule", enrolments=None).first()
        enrol(old, crowd.t_agri, days_ago=0)
        pending = (
            crowd.t_justice.sessions.first()
            .enrolments.filter(status="active", completion=None, enrolled_at__lt=timezone.now())
            .exclude(enrolled_at__gte=timezone.now() - timedelta(days=1))
            .first()
        )
        from tests.attestations.factories import complete  # noqa: PLC0415

        complete(pending, completed_at=timezone.now())
        rollups.rollups_refresh(now=timezone.now() + timedelta(seconds=1))
        filters = period()
        assert figures(NATIONAL, with_rollups(filters)) == figures(NATIONAL, filters)

    def test_full_rebuild_gives_the_same_rows(self, crowd):
        rollups.rollups_refresh()
        before = figures(NATIONAL, with_rollups(period()))
        rollups.rollups_refresh(full=True)
        assert figures(NATIONAL, with_rollups(period())) == before


class TestDistinctPeople:
    """People counted once over a period cannot be summed from days: they are counted on
    the enrolments and kept in the cache until the rollups move on."""

    def test_kept_until_the_rollups_move_on(self, crowd):
        rollups.rollups_refresh()
        before = selectors.learning_indicator(scope=NATIONAL, filters=with_rollups(period()))
        enrol(UserFactory(email="nouvelle@justice.gouv.fr"), crowd.t_agri, days_ago=0)
        now = selectors.learning_indicator(scope=NATIONAL, filters=with_rollups(period()))
        assert now.enrolments == before.enrolments + 1  # read live: today
        assert now.learners == before.learners  # until the next refresh
        rollups.rollups_refresh(now=timezone.now() + timedelta(seconds=1))
        after = selectors.learning_indicator(scope=NATIONAL, filters=with_rollups(period()))
        assert after.learners == before.learners + 1
        assert (
            after.learners
            == selectors.learning_indicator(scope=NATIONAL, filters=period()).learners
        )

    def test_the_usual_dashboards_are_computed_after_each_refresh(self, crowd, justice_admin):
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        from mentor.reporting.tasks import rollups_refresh_task  # noqa: PLC0415

        rollups_refresh_task()  # refresh, then national and the Justice referent's
        for scope in (NATIONAL, reporting_scope(justice_admin)):
            with CaptureQueriesContext(connection) as queries:
                dash = selectors.dashboard(scope=scope, filters=period())
            assert dash.learning.learners > 0
            distinct_people = [
                q["sql"]
                for q in queries.captured_queries
                if 'DISTINCT "enrolments_enrolment"."user_id"' in q["sql"]
                or 'SELECT U0."user_id" FROM "enrolments_enrolment"' in q["sql"]
            ]
            assert distinct_people == []
            # The whole dashboard comes from the cache: the rollups' state and the scope.
            assert len(queries.captured_queries) <= 3
