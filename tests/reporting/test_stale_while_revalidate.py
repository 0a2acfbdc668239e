"""Stale-while-revalidate: once the rollups move on (every 15 minutes), readers get the last
figures of their scope and filters at once, with their own time, while one computation is
queued for all of them; figures never computed give a "Calcul en cours" page (or a 202 from
the API), never a computation inside the request.

Celery runs tasks inline in the tests (no broker). Here, the ``queued`` fixture (conftest)
switches it to a real queue (kombu's in-memory transport), so what readers queue can be
counted, then run as a worker would."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone

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
