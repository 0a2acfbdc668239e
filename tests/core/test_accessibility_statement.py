"""The accessibility statement's test results come from the browser tests' axe runs
(tests/e2e/axe_record.py), not from figures typed by hand."""

import json

import pytest
from django.urls import reverse

from mentor.core import views
from mentor.core.accessibility import RESULTS_FILE, axe_results
from tests.e2e.axe_record import merge


def _part(target, worker, checks):
    (target.parent / f"{target.name}.{worker}.part").write_text(json.dumps(checks))


def _check(route, title, width, violations=0, test="tests/e2e/test_x.py::test_y"):
    return {
        "route": route,
        "path": route,
        "title": title,
        "width": width,
        "violations": violations,
        "axe": "4.11.0",
        "test": test,
    }


def test_the_workers_records_are_merged_per_page(tmp_path):
    target = tmp_path / "results.json"
    _part(target, "gw0", [_check("/", "Accueil", 1280), _check("/formations/", "Catalogue", 375)])
    _part(
        target,
        "gw1",
        [
            _check("/", "Accueil", 375, test="tests/e2e/test_learner_chain.py::test_z[clavier]"),
            _check("/aide/", "Aide", 1280, violations=2),
        ],
    )
    results = merge(target)
    assert not list(tmp_path.glob("*.part"))  # consumed
    assert results["checks"] == 4 and results["axe"] == "4.11.0"
    home = next(p for p in results["pages"] if p["route"] == "/")
    assert home["widths"] == [375, 1280] and home["checks"] == 2
    assert home["journeys"] == ["test_learner_chain", "test_x"]
    assert json.loads(target.read_text()) == results


@pytest.mark.django_db
def test_the_statement_shows_the_recorded_pages_date_and_results(client, tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    _part(
        target,
        "main",
        [
            _check("/", "Accueil", 1280),
            _check("/aide/", "Aide", 375, 1),
            _check("/apprendre/<int:enrolment_id>/<int:activity_id>/", "Les bons gestes", 375),
        ],
    )
    merge(target)
    monkeypatch.setattr(views, "axe_results", lambda: axe_results(target))
    content = client.get(reverse("core:accessibility")).content.decode()
    table = content[content.index('data-testid="axe-pages"') :].split("</table>")[0]
    assert "<td>/aide/</td>" in table and "Accueil" in table
    assert "<td>/apprendre/…/…/</td>" in table
    summary = content[content.index('data-testid="axe-summary"') :].split("</p>")[0]
    assert "3 vérifications sur 3 pages, dont 2 sans aucune anomalie" in summary
    assert "axe-core 4.11.0" in summary


def test_the_committed_results_cover_the_learner_chain():
    """The file the statement reads was written by a run of the browser tests that
    included the whole learner chain, with the mouse and with the keyboard."""
    results = axe_results(RESULTS_FILE)
    assert results.date is not None and results.checks > 0
    routes = {page.route for page in results.pages}
    for route in ("/", "/formations/", "/mes-formations/", "/aide/"):
        assert route in routes, route
    data = json.loads(RESULTS_FILE.read_text())
    journeys = {j for page in data["pages"] for j in page["journeys"]}
    assert "test_learner_chain" in journeys
    assert all(page.violations == 0 for page in results.pages)
