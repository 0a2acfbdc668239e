"""Stale-while-revalidate: once the rollups move on (every 15 minutes), readers get the last
figures of their scope and filters at once, with their own time, while one computation is
queued for all of them; figures never computed give a "Calcul en cours" page (or a 202 from
the API), never a computation inside the request.

Celery runs tasks inline in the tests (no broker). Here, the ``queued`` fixture (conftest)
switches it to a real queue (kombu's in-memory transport), so what readers queue can be
counted, then run as a worker would."""

from contextvars import Context
from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.http import parse_http_date

from mentor.reporting import rollups, selectors
from mentor.reporting.forms import default_period
from mentor.reporting.permissions import ReportScope, ScopeKind, reporting_scope
from mentor.reporting.tasks import figures_compute_task

pytestmark = pytest.mark.django_db

URL = reverse("reporting:dashboard")
API = "/api/v1/stats/overview"
NATIONAL = ReportScope(kind=ScopeKind.NATIONAL)


def period() -> selectors.Filters:
    start, end = default_period()
    return selectors.Filters(start=start, end=end)


def move_the_watermark() -> None:
    rollups.rollups_refresh(now=timezone.now() + timedelta(seconds=1))


class TestTheLastFiguresAreServedWhileNewOnesAreComputed:
    def test_many_readers_get_the_last_figures_and_queue_one_computation(self, world, queued):
        rollups.rollups_refresh()
        with selectors.computing():  # as the beat job leaves them
            first = selectors.dashboard(scope=NATIONAL, filters=period())
        assert not first.stale
        old_watermark = first.rollup_watermark
        move_the_watermark()
        readers = [selectors.dashboard(scope=NATIONAL, filters=period()) for _ in range(50)]
        for dash in readers:
            assert dash.stale
            assert dash.rollup_watermark == old_watermark  # their own time, not now's
            assert dash.generated_at == first.generated_at
            assert dash.learning.enrolments == first.learning.enrolments
        tasks = queued.take()
        assert [name for name, _, _ in tasks] == [figures_compute_task.name]
        # The worker computes them: the next reader gets the new figures.
        figures_compute_task.apply(args=tasks[0][1]).get()
        fresh = selectors.dashboard(scope=NATIONAL, filters=period())
        assert not fresh.stale
        assert fresh.rollup_watermark > old_watermark
        assert fresh.generated_at > first.generated_at
        # ... and, the lock freed, the watermark's next move queues one computation again.
        move_the_watermark()
        assert selectors.dashboard(scope=NATIONAL, filters=period()).stale
        assert selectors.dashboard(scope=NATIONAL, filters=period()).stale
        assert queued.run() == 1
        assert not selectors.dashboard(scope=NATIONAL, filters=period()).stale
        assert queued.take() == []

    def test_the_page_says_the_figures_are_those_of_their_own_time(
        self, client, platform_admin, world, queued
    ):
        client.force_login(platform_admin)
        rollups.rollups_refresh()
        assert "Calcul en cours" in client.get(URL).content.decode()
        assert queued.run() == 1
        computed = client.get(URL).context["dash"]
        assert not computed.stale
        move_the_watermark()
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        body = response.content.decode()
        assert 'data-testid="stale"' in body
        assert response.context["dash"].generated_at == computed.generated_at
        shown = date_filter(timezone.localtime(computed.generated_at), "j F Y à H:i")
        assert f"Dernière mise à jour : {shown}." in body
        assert "un nouveau calcul est en cours" in body
        assert 'data-testid="accounts-created"' in body  # the figures, not a waiting page
        assert queued.run() == 1
        response = client.get(URL)
        assert 'data-testid="stale"' not in response.content.decode()
        assert response.context["dash"].generated_at > computed.generated_at

    def test_a_task_whose_lock_expired_leaves_the_next_computations_lock(self, world, queued):
        """Past ``REFRESH_LOCK_SECONDS`` the lock expires and another computation may take
        it: the late task frees only its own (compare-and-delete), never the other's."""
        rollups.rollups_refresh()
        with pytest.raises(selectors.Pending):
            selectors.dashboard(scope=NATIONAL, filters=period())
        [(_name, args, _kwargs)] = queued.take()
        lock = args[0]["lock"]
        cache.delete(lock)  # expired ...
        assert cache.add(lock, "another computation's", 60)  # ... and taken again
        figures_compute_task.apply(args=args).get()
        assert cache.get(lock) == "another computation's"
        assert not selectors.dashboard(scope=NATIONAL, filters=period()).stale


class TestFiguresNeverComputed:
    @pytest.mark.parametrize("who", ["platform_admin", "justice_admin"])
    def test_a_calcul_en_cours_page_then_the_figures(self, client, request, world, who, queued):
        client.force_login(request.getfixturevalue(who))
        rollups.rollups_refresh()
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        body = response.content.decode()
        assert '<h2 id="pending-title">Calcul en cours</h2>' in body
        assert 'role="status"' in body
        assert 'hx-trigger="every 5s"' in body
        assert 'http-equiv="refresh"' not in body  # WCAG 2.2.1
        assert 'data-testid="accounts-created"' not in body
        assert 'data-testid="scope"' in body  # the page itself, its filters, as usual
        assert queued.run() == 1
        response = client.get(URL)
        assert 'data-testid="pending"' not in response.content.decode()
        assert response.context["dash"].learning.enrolments > 0

    def test_the_referent_waits_for_their_own_figures(
        self, client, justice_admin, platform_admin, world, queued
    ):
        rollups.rollups_refresh()
        client.force_login(platform_admin)
        client.get(URL)
        queued.run()  # the national figures are there ...
        client.force_login(justice_admin)
        assert 'data-testid="pending"' in client.get(URL).content.decode()  # ... not theirs
        queued.run()
        dash = client.get(URL).context["dash"]
        assert (
            dash.learning.enrolments
            == selectors.learning_indicator(
                scope=reporting_scope(justice_admin), filters=period()
            ).enrolments
        )

    @pytest.mark.parametrize("who", ["j1", "o1"])
    def test_agents_and_other_users_still_get_a_french_403(self, client, world, who, queued):
        rollups.rollups_refresh()
        client.force_login(world.people[who])
        response = client.get(URL)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Accès refusé" in response.content.decode()
        assert queued.take() == []  # nothing computed for them

    def test_inline_celery_shows_the_figures_at_once(self, client, platform_admin, world):
        client.force_login(platform_admin)
        rollups.rollups_refresh()
        response = client.get(URL)
        body = response.content.decode()
        assert 'data-testid="pending"' not in body
        assert 'data-testid="stale"' not in body
        assert response.context["dash"].learning.enrolments > 0
        move_the_watermark()
        response = client.get(URL)
        assert 'data-testid="stale"' not in response.content.decode()  # computed inline
        assert response.context["dash"].rollup_watermark == rollups.rollup_state().watermark


class TestTheStatisticsApi:
    def test_202_with_retry_after_then_the_figures(self, client, justice_admin, world, queued):
        client.force_login(justice_admin)
        rollups.rollups_refresh()
        url = f"{API}?scope=justice"
        response = client.get(url)
        assert response.status_code == HTTPStatus.ACCEPTED
        assert response["Retry-After"] == "5"
        assert response.json()["detail"].startswith("Calcul en cours")
        assert queued.run() == 1
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        figures = response.json()
        assert figures["enrolments"] > 0
        # The rollups move on: the last figures at once, one computation queued.
        move_the_watermark()
        for _ in range(10):
            again = client.get(url)
            assert again.status_code == HTTPStatus.OK
            assert again.json() == figures
        assert queued.run() == 1

    def test_still_403_outside_the_scope(self, client, justice_admin, world, queued):
        client.force_login(justice_admin)
        rollups.rollups_refresh()
        assert client.get(f"{API}?scope=national").status_code == HTTPStatus.FORBIDDEN
        assert queued.take() == []


class TestTheApiSaysHowFreshItsFiguresAre:
    def test_as_of_and_stale_headers(self, client, platform_admin, world, queued):
        client.force_login(platform_admin)
        state = rollups.rollups_refresh()
        client.get(API)
        assert queued.run() == 1
        response = client.get(API)
        assert response.status_code == HTTPStatus.OK
        assert response["X-Figures-As-Of"] == state.watermark.isoformat()
        assert response["X-Figures-Stale"] == "false"
        assert parse_http_date(response["Last-Modified"]) <= timezone.now().timestamp()
        # Asked again every time, never answered from a browser's or a proxy's copy.
        assert {"private", "no-cache"} <= {
            part.strip() for part in response["Cache-Control"].split(",")
        }
        # The rollups move on: the last figures, said stale, with their own watermark.
        move_the_watermark()
        stale = client.get(API)
        assert stale.json() == response.json()
        assert stale["X-Figures-Stale"] == "true"
        assert stale["X-Figures-As-Of"] == state.watermark.isoformat()
        assert stale["Last-Modified"] == response["Last-Modified"]
        assert queued.run() == 1
        fresh = client.get(API)
        assert fresh["X-Figures-Stale"] == "false"
        assert fresh["X-Figures-As-Of"] == rollups.rollup_state().watermark.isoformat()

    def test_without_rollups_the_computation_time(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(API)
        assert response["X-Figures-Stale"] == "false"
        as_of = datetime.fromisoformat(response["X-Figures-As-Of"])
        assert int(as_of.timestamp()) == parse_http_date(response["Last-Modified"])

    def test_documented_in_the_openapi_description(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        ok = schema["paths"][API]["get"]["responses"]["200"]
        assert {"X-Figures-As-Of", "X-Figures-Stale", "Last-Modified"} <= set(ok["headers"])
        assert "schema" in ok["content"]["application/json"]  # the figures still described


class TestOneComputationAtATimeAcrossWorkers:
    """The warm-up (after each refresh) and the readers' tasks take the same lock."""

    @pytest.fixture
    def computations(self, monkeypatch):
        made: list[str] = []
        real = selectors._dashboard

        def counted(scope, *args):
            made.append(scope.kind.value)
            return real(scope, *args)

        monkeypatch.setattr(selectors, "_dashboard", counted)
        return made

    def test_the_warm_up_leaves_a_queued_reader_task_alone(self, world, queued, computations):
        rollups.rollups_refresh()
        with pytest.raises(selectors.Pending):  # a reader queues the national figures
            selectors.dashboard(scope=NATIONAL, filters=period())
        selectors.warm_dashboards()  # another worker, meanwhile
        assert "national" not in computations
        assert "entity" in computations  # the justice space admin's: nobody was at it
        assert queued.run() == 1  # the reader's task
        assert computations.count("national") == 1
        assert not selectors.dashboard(scope=NATIONAL, filters=period()).stale

    def test_readers_queue_nothing_while_the_warm_up_computes(self, world, queued, monkeypatch):
        rollups.rollups_refresh()
        real = selectors._dashboard
        asked: list = []

        def reader_arrives(scope, *args):
            if scope.is_national:  # a reader asks while the warm-up computes
                with pytest.raises(selectors.Pending):  # (a reader's request: a new context)
                    Context().run(selectors.dashboard, scope=NATIONAL, filters=period())
                asked.append(queued.take())
            return real(scope, *args)

        monkeypatch.setattr(selectors, "_dashboard", reader_arrives)
        selectors.warm_dashboards()
        assert asked == [[]]  # nothing queued: the warm-up holds the lock
        # Done, the lock is freed: the figures are there and a later change queues again.
        assert not selectors.dashboard(scope=NATIONAL, filters=period()).stale
        move_the_watermark()
        selectors.dashboard(scope=NATIONAL, filters=period())
        assert len(queued.take()) == 1
