"""`make run` shows a living dashboard at once: a year of dated demo activity."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from mentor.accounts.models import User


@pytest.mark.django_db
def test_the_demo_dashboard_is_alive_for_the_admin_and_the_justice_referent(client):
    call_command("load_demo", stdout=None)
    client.force_login(User.objects.get(email="admin@fonction-publique.gouv.fr"))
    response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == HTTPStatus.OK
    dash = response.context["dash"]
    assert dash.accounts.never_enrolled > 50 and dash.accounts.finished > 50
    assert 0.4 < dash.learning.completions / dash.learning.enrolments < 0.8
    assert dash.learning.hours > 100 and not dash.satisfaction.hidden
    assert sum(1 for m in dash.months if m.activities) >= 11  # the whole year, not one day
    busiest = max(
        (cell.count, row.weekday, hour)
        for row in dash.heatmap
        for hour, cell in enumerate(row.cells)
    )
    assert busiest[1] not in ("samedi", "dimanche") and 8 <= busiest[2] <= 18
    # The rollups were refreshed by load_demo: past days come from them; visits too.
    assert dash.rollup_watermark is not None
    assert dash.visits.visits > 100 and 1 < dash.visits.pages_per_visit < 12
    assert set(response.context["charts"]) == {
        "accounts",
        "trainings",
        "collections",
        "months",
        "satisfaction",
    }

    client.force_login(User.objects.get(email="referente@justice.gouv.fr"))
    justice = client.get(reverse("reporting:dashboard")).context["dash"]
    assert 0 < justice.learning.enrolments < dash.learning.enrolments

    # An overseas entity (La Réunion, its own time zone) with a year of activity: its
    # heatmap shows its agents' office hours in local time (7 h to 16 h), which in Paris
    # time would start at 4 h or 5 h.
    client.force_login(User.objects.get(email="admin@fonction-publique.gouv.fr"))
    reunion = client.get(reverse("reporting:entity", args=["ca-saint-denis-reunion"])).context[
        "dash"
    ]
    assert reunion.learning.enrolments >= 30 and reunion.learning.completions > 0
    hours = {hour for row in reunion.heatmap for hour, cell in enumerate(row.cells) if cell.count}
    assert hours and min(hours) >= 7 and max(hours) <= 16
