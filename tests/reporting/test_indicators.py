"""Each indicator on the hand-counted world of ``conftest.World``, and again by a plain
independent query, through the filters, the period's edges and the anonymity threshold."""

import statistics
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Sum
from django.utils import timezone

from mentor.catalog.models import Collection
from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress, Completion
from mentor.reporting import selectors
from mentor.reporting.forms import default_period
from mentor.reporting.permissions import ReportScope, ScopeKind, reporting_scope
from mentor.reporting.selectors import Filters, Offer
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, UserFactory
from tests.reporting.conftest import answer, enrol

pytestmark = pytest.mark.django_db

NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)
PARIS = ZoneInfo("Europe/Paris")


def period(**kwargs) -> Filters:
    start, end = default_period()
    return Filters(start=start, end=end, **kwargs)


class TestAccounts:
    def test_created_enrolled_and_what_they_did(self, world):
        accounts = selectors.accounts_indicator(scope=NATIONAL, filters=period())
        assert (accounts.created, accounts.agents, accounts.other_users) == (7, 6, 1)
        # Never enrolled: j3, o1. Enrolled: j1, j2, j4 (unenrolled since), a1, a2.
        assert (accounts.enrolled, accounts.never_enrolled) == (5, 2)
        # Among them: j4 and a2 never started, j2 started, j1 and a1 finished.
        assert (accounts.never_started, accounts.started, accounts.finished) == (2, 1, 2)

    def test_the_training_filters_narrow_what_counts_as_enrolled(self, world):
        accounts = selectors.accounts_indicator(
            scope=NATIONAL, filters=period(training=world.t_justice)
        )
        assert (accounts.created, accounts.enrolled, accounts.finished) == (7, 2, 2)


class TestEnrolmentsAndCompletions:
    def test_completion_rate_counts_active_enrolments_of_the_period(self, world):
        learning = selectors.learning_indicator(scope=NATIONAL, filters=period())
        assert (learning.enrolments, learning.cancelled, learning.completions) == (4, 1, 2)
        assert learning.completion_rate == 50.0
        assert learning.median_days == 4.0  # 2 and 6 days

    def test_figures_equal_an_independent_query(self, world):
        start, end = default_period()
        since = datetime.combine(start, datetime.min.time(), tzinfo=PARIS)
        rows = Enrolment.objects.filter(enrolled_at__gte=since, status="active")
        learning = selectors.learning_indicator(scope=NATIONAL, filters=period())
        assert learning.enrolments == rows.count()
        assert learning.completions == Completion.objects.filter(enrolment__in=rows).count()
        seconds = ActivityProgress.objects.filter(enrolment__in=rows).aggregate(s=Sum("time_spent"))
        assert learning.hours == round(seconds["s"] / 3600, 1)

    def test_an_odd_number_of_completions_takes_the_middle_one(self, world):
        enrol(UserFactory(), world.t_agri, completed_after_days=30)
        assert selectors.learning_indicator(scope=NATIONAL, filters=period()).median_days == 6.0

    def test_per_training_and_per_session(self, world):
        rows = selectors.breakdown(scope=NATIONAL, filters=period(), by="training")
        assert [(r.label, r.enrolments, r.completions, r.hours) for r in rows] == [
            ("Classe virtuelle agricole", 2, 0, 0.5),
            ("Justice et numérique", 2, 2, 3.0),
        ]
        assert rows[1].completion_rate == 100.0 and rows[1].hours_per_learner == 1.5
        sessions = selectors.breakdown(scope=NATIONAL, filters=period(), by="session")
        assert {(r.detail, r.enrolments) for r in sessions} == {
            ("Classe virtuelle agricole", 2),
            ("Justice et numérique", 2),
        }

    def test_median_time_to_finish_per_training_and_per_session(self, world):
        # t_agri: a second session, where three people finish after 1, 3 and 10 days;
        # t_justice keeps its two completions (2 and 6 days): the median is their mean.
        other = SessionFactory(training=world.t_agri, title="Deuxième session")
        for days in (10, 1, 3):
            e = EnrolmentFactory(
                user=UserFactory(),
                session=other,
                enrolled_at=timezone.now() - timedelta(days=20),
            )
            complete(e, completed_at=e.enrolled_at + timedelta(days=days))
        trainings = selectors.breakdown(scope=NATIONAL, filters=period(), by="training")
        assert {r.label: r.median_days for r in trainings} == {
            "Classe virtuelle agricole": 3.0,
            "Justice et numérique": 4.0,
        }
        sessions = selectors.breakdown(scope=NATIONAL, filters=period(), by="session")
        medians = {r.label: r.median_days for r in sessions}
        assert medians["Deuxième session"] == 3.0
        # The first session of t_agri has enrolments but no completion: no median.
        assert medians[world.t_agri.sessions.order_by("pk").first().title] is None
        # And each equals the median of the durations read by a plain query.
        since = datetime.combine(default_period()[0], datetime.min.time(), tzinfo=PARIS)
        for row in sessions:
            durations = [
                (c.completed_at - c.enrolment.enrolled_at).total_seconds() / 86400
                for c in Completion.objects.filter(
                    enrolment__session_id=int(row.key),
                    enrolment__status="active",
                    enrolment__enrolled_at__gte=since,
                ).select_related("enrolment")
            ]
            expected = round(statistics.median(durations), 1) if durations else None
            assert row.median_days == expected

    def test_nothing_in_the_period(self, db):
        learning = selectors.learning_indicator(scope=NATIONAL, filters=period())
        assert (learning.enrolments, learning.completion_rate, learning.median_days) == (
            0,
            None,
            None,
        )
        assert learning.hours_per_learner is None


class TestHours:
    def test_hours_and_hours_per_agent(self, world):
        learning = selectors.learning_indicator(scope=NATIONAL, filters=period())
        assert (learning.hours, learning.learners, learning.hours_per_learner) == (3.5, 4, 0.9)

    def test_per_collection_and_per_entity(self, world):
        collections = selectors.breakdown(scope=NATIONAL, filters=period(), by="collection")
        assert [(r.label, r.hours) for r in collections] == [
            ("Numérique", 3.0),
            ("Sans collection", 0.5),
        ]
        entities = selectors.breakdown(scope=NATIONAL, filters=period(), by="entity")
        assert {
            (r.label, r.accounts, r.never_enrolled, r.enrolments, r.hours) for r in entities
        } == {
            # j1..j4 (j2 in the DAP sub-direction), j3 never enrolled; j1 and j2 enrolled.
            ("Ministère de la Justice", 4, 1, 2, 1.5),
            ("Ministère de l'Agriculture et de la Souveraineté alimentaire", 2, 0, 2, 2.0),
            ("Autres utilisateurs (sans entité)", 1, 1, 0, 0.0),
        }

    @pytest.mark.parametrize(
        ("sort", "first"),
        [
            ("comptes", "Ministère de la Justice"),
            ("heures", "Ministère de l'Agriculture et de la Souveraineté alimentaire"),
            ("jamais-inscrits", "Ministère de la Justice"),
        ],
    )
    def test_the_entity_table_sorts_by_any_figure(self, world, sort, first):
        rows = selectors.breakdown(scope=NATIONAL, filters=period(), by="entity", sort=sort)
        assert rows[0].label == first


class TestFilters:
    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"offer": Offer.INTERNAL}, (0, 1)),  # j4's unenrolment only
            ({"offer": Offer.INTERMINISTERIAL}, (4, 0)),
            ({"modality": "virtual_class"}, (2, 0)),
        ],
    )
    def test_offer_and_modality(self, world, filters, expected):
        learning = selectors.learning_indicator(scope=NATIONAL, filters=period(**filters))
        assert (learning.enrolments, learning.cancelled) == expected

    def test_collection(self, world):
        numerique = Collection.objects.get(slug="numerique")
        learning = selectors.learning_indicator(
            scope=NATIONAL, filters=period(collection=numerique)
        )
        assert (learning.enrolments, learning.completions) == (2, 2)

    def test_entity_subtree(self, world, penitentiaire):
        filters = period(entity=penitentiaire)
        assert selectors.learning_indicator(scope=NATIONAL, filters=filters).enrolments == 1
        assert selectors.accounts_indicator(scope=NATIONAL, filters=filters).created == 1

    def test_a_longer_period_reaches_older_rows(self, world):
        filters = Filters(
            start=timezone.localdate() - timedelta(days=450), end=timezone.localdate()
        )
        learning = selectors.learning_indicator(scope=NATIONAL, filters=filters)
        assert (learning.enrolments, learning.completions, learning.hours) == (5, 3, 13.5)


class TestPeriodEdges:
    """Days are Paris days, including the one that lost an hour (29 March 2026)."""

    def test_a_day_is_a_paris_day(self, world):
        moments = {
            "before": datetime(2026, 3, 28, 23, 59, tzinfo=PARIS),
            "first": datetime(2026, 3, 29, 0, 0, tzinfo=PARIS),
            "last": datetime(2026, 3, 29, 23, 59, tzinfo=PARIS),
            "after": datetime(2026, 3, 30, 0, 0, tzinfo=PARIS),
        }
        for moment in moments.values():
            Enrolment.objects.filter(pk=enrol(UserFactory(), world.t_agri).pk).update(
                enrolled_at=moment
            )
        day = Filters(start=date(2026, 3, 29), end=date(2026, 3, 29))
        # Same-zone subtraction in Python is wall-clock time: compare the instants in UTC.
        assert day.end_at.astimezone(UTC) - day.start_at.astimezone(UTC) == timedelta(hours=23)
        assert selectors.learning_indicator(scope=NATIONAL, filters=day).enrolments == 2


class TestSatisfaction:
    def test_hidden_below_five_respondents(self, world):
        figures = selectors.satisfaction_indicator(scope=NATIONAL, filters=period())
        assert figures.respondents == 2 and figures.hidden
        assert (figures.satisfied_rate, figures.adapted_rate, figures.reuse_rate) == (None,) * 3

    def test_shares_from_five_respondents(self, world):
        for satisfaction, adapted, reuse in [(4, True, False), (2, False, False), (5, True, True)]:
            e = enrol(UserFactory(), world.t_justice, completed_after_days=1)
            answer(e, satisfaction=satisfaction, adapted=adapted, reuse=reuse)
        figures = selectors.satisfaction_indicator(scope=NATIONAL, filters=period())
        # Answers: 5/yes/yes, 3/no/yes, 4/yes/no, 2/no/no, 5/yes/yes.
        assert figures.respondents == 5 and not figures.hidden
        assert (figures.satisfied_rate, figures.adapted_rate, figures.reuse_rate) == (
            60.0,
            60.0,
            60.0,
        )
        rows = selectors.satisfaction_by_training(scope=NATIONAL, filters=period())
        assert [(r.label, r.respondents, r.hidden) for r in rows] == [
            ("Justice et numérique", 5, False)
        ]


class TestActivity:
    def test_heatmap_counts_activities_opened_per_paris_weekday_and_hour(self, world):
        # Sunday 29 March 2026, 23:30 in Paris is 21:30 UTC (summer time since 2 a.m.).
        ActivityProgress.objects.filter(enrolment__user=world.people["j1"]).update(
            first_seen_at=datetime(2026, 3, 29, 23, 30, tzinfo=PARIS)
        )
        filters = Filters(start=date(2026, 3, 1), end=date(2026, 3, 31))
        rows = selectors.activity_heatmap(scope=NATIONAL, filters=filters)
        cells = {
            (row.weekday, hour): cell.count
            for row in rows
            for hour, cell in enumerate(row.cells)
            if cell.count
        }
        assert cells == {("dimanche", 23): 1}
        assert rows[6].cells[23].level == selectors.HEAT_LEVELS

    def test_months_of_the_period_in_order_with_empty_ones(self, world):
        today = timezone.localdate()
        months = selectors.monthly_activity(scope=NATIONAL, filters=period())
        assert len(months) in (12, 13) and months[-1].month == today.replace(day=1)
        assert sum(m.enrolments for m in months) == 5  # every enrolment of the period
        assert sum(m.completions for m in months) == 2
        assert sum(m.activities for m in months) == 3  # j1, j2, a1 opened one each


class TestTypology:
    def test_people_trained_by_profile_fields_small_cells_hidden(self, world):
        for _ in range(5):
            enrol(UserFactory(category="B", gender="female"), world.t_agri)
        tables = {t.field: t for t in selectors.typology(scope=NATIONAL, filters=period())}
        category = {c.label: (c.count, c.hidden, c.share) for c in tables["category"].cells}
        # j1, j2, a1, a2 said nothing: 4 people, hidden; the 5 new ones are category B.
        assert category["B"] == (5, False, 55.6)
        assert category["Non renseigné"] == (4, True, None)
        assert category["A"] == (0, False, 0.0)
        gender = {c.label: c.count for c in tables["gender"].cells if c.count}
        assert gender == {"Femme": 5, "Non renseigné": 4}


class TestOffer:
    def test_trainings_and_sessions_per_type_producer_and_collection(self, world):
        world.t_agri.sessions.update(starts_on=timezone.localdate() - timedelta(days=3))
        offer = selectors.offer(scope=NATIONAL, filters=period())
        assert [(r.label, r.trainings, r.sessions) for r in offer["types"]] == [
            ("Interministérielle", 2, 1),
            ("Interne (offre d’une entité)", 1, 0),
        ]
        assert [(r.label, r.trainings) for r in offer["producers"]] == [
            ("Ministère de la Justice", 2),
            ("Ministère de l'Agriculture et de la Souveraineté alimentaire", 1),
        ]
        assert {(r.label, r.trainings) for r in offer["collections"]} == {
            ("Numérique", 1),
            ("Sans collection", 2),
        }

    def test_a_space_admin_sees_their_own_offer(self, world, justice_admin):
        offer = selectors.offer(scope=reporting_scope(justice_admin), filters=period())
        assert [r.trainings for r in offer["types"]] == [1, 1]
        assert [r.label for r in offer["producers"]] == ["Ministère de la Justice"]
