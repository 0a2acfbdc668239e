"""Figures never computed for a scope and filters: the referent sees a "Calcul en cours"
page (accessible, no timed refresh), which shows the figures by itself once a worker has
computed them."""

import pytest

from mentor.reporting import rollups
from tests.e2e.scorm_player import sign_in
from tests.factories import TrainingFactory, UserFactory
from tests.reporting.conftest import enrol, queued  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_referent_waits_for_figures_computed_by_a_worker(
    page,
    live_server,
    axe_check,
    justice_admin,
    justice,
    queued,  # noqa: F811
):
    training = TrainingFactory(title="Justice et numérique", producer=justice)
    for _ in range(3):
        enrol(UserFactory(entity=justice), training, seconds=600)
    rollups.rollups_refresh()

    sign_in(page, live_server, justice_admin)
    page.goto("/pilotage/")
    pending = page.get_by_test_id("pending")
    assert pending.get_by_role("heading", name="Calcul en cours").is_visible()
    assert pending.get_by_role("status").is_visible()
    assert page.get_by_role("link", name="Actualiser la page").is_visible()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    axe_check(page)

    assert queued.run() == 1  # the worker computes them; the page asks again by itself
    page.get_by_test_id("enrolments").wait_for()
    assert page.get_by_test_id("enrolments").inner_text() == "3"
    assert page.get_by_test_id("pending").count() == 0
    assert page.get_by_label("Collection", exact=True).is_visible()  # filters kept
    axe_check(page)
