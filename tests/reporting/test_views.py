"""The dashboard page and its exports: French text, the rules beside the figures, bad
filters refused in French, a fixed query budget, CSV files French spreadsheets open."""

import csv
import io
from http import HTTPStatus

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.audit.models import AuditEvent
from mentor.organisations.models import Entity
from tests.factories import TrainingFactory, UserFactory
from tests.reporting.conftest import answer, enrol

URL = reverse("reporting:dashboard")

pytestmark = pytest.mark.django_db


def export(client, name: str, **params) -> tuple[str, list[list[str]]]:
    response = client.get(reverse("reporting:export", args=[name, "csv"]), params)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="pilotage-{name}-')
    raw = b"".join(response.streaming_content).decode("utf-8")
    return raw, list(csv.reader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))


class TestDashboardPage:
    def test_figures_come_with_their_rules(self, client, platform_admin, world):
        client.force_login(platform_admin)
        body = client.get(URL).content.decode()
        assert "Taux d’achèvement = inscriptions achevées ÷ inscriptions" in body
        assert 'data-testid="completion-rate">50,0 %<' in body
        assert 'data-testid="hours-total">3,5<' in body
        assert "Moins de 5 réponses" in body  # 2 answers only
        # Charts are the State's chart components (@gouvfr/dsfr-chart), fed by attributes.
        assert "vendor/dsfr-chart/DSFRChart.js" in body
        assert '<pie-chart x="[[&quot;Jamais inscrits&quot;' in body

    def test_the_default_period_is_the_last_twelve_months(self, client, platform_admin, world):
        client.force_login(platform_admin)
        form = client.get(URL).context["form"]
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        assert (end - start).days == 364

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"start": "2026-05-01", "end": "2026-04-01"}, "La date de fin doit suivre"),
            ({"start": "2010-01-01", "end": "2026-01-01"}, "ne peut pas dépasser cinq ans"),
            ({"start": "pas une date"}, "Saisissez une date valide"),
            ({"modality": "piano"}, "Sélectionnez un choix valide"),
            ({"training": "inconnue"}, "Aucune formation de votre périmètre ne correspond"),
        ],
    )
    def test_bad_filters_get_a_french_message(self, client, platform_admin, params, message):
        client.force_login(platform_admin)
        response = client.get(URL, params)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert message in response.content.decode()
        assert "dash" not in response.context

    def test_satisfaction_shows_from_five_respondents(self, client, platform_admin, world):
        for satisfaction in (4, 4, 1):
            e = enrol(UserFactory(), world.t_justice, completed_after_days=1)
            answer(e, satisfaction=satisfaction, adapted=True, reuse=True)
        client.force_login(platform_admin)
        body = client.get(URL).content.decode()
        assert 'data-testid="respondents">5<' in body
        assert 'data-testid="satisfied-rate">60,0 %<' in body  # 5, 4, 4 of 5, 3, 4, 4, 1

    def test_the_query_count_does_not_grow_with_the_data(self, client, platform_admin, world):
        client.force_login(platform_admin)
        client.get(URL)  # warm the per-user caches (roles)
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL).status_code == HTTPStatus.OK
        for i in range(6):
            training = TrainingFactory(title=f"Encore une formation {i}")
            for _ in range(3):
                e = enrol(UserFactory(entity=world.people["j1"].entity), training, seconds=60)
                answer(e, satisfaction=5, adapted=True, reuse=True)
        client.get(URL)  # new accounts invalidate the per-user caches: warm them again
        with CaptureQueriesContext(connection) as many:
            assert client.get(URL).status_code == HTTPStatus.OK
        assert len(many) == len(few)
        # Session and user, three filter lists, then the indicators (each: its live part,
        # and its rolled-up days when there are rollups): accounts 1, learning 4,
        # four breakdowns of 4 (plus one median query for trainings and for sessions),
        # activity 4 (and the entities with a time zone), typology 1, offer 3,
        # satisfaction 3, the rollups' state 1, visits 1; the visit log's UPDATE 1.
        assert len(many) <= 44, [q["sql"][:120] for q in many.captured_queries]

    def test_with_rollups_the_query_count_does_not_grow_either(self, client, platform_admin, world):
        from django.core.cache import cache  # noqa: PLC0415

        from mentor.reporting.rollups import rollups_refresh  # noqa: PLC0415

        client.force_login(platform_admin)
        rollups_refresh()
        client.get(URL)
        cache.clear()  # computed again, not read from the cache
        client.get(URL)  # warm the per-user caches (roles)
        cache.clear()
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL).status_code == HTTPStatus.OK
        for i in range(4):
            training = TrainingFactory(title=f"Encore une formation {i}")
            for days_ago in (0, 3, 40):
                e = enrol(
                    UserFactory(entity=world.people["j1"].entity),
                    training,
                    seconds=60,
                    days_ago=days_ago,
                    completed_after_days=0,
                )
                answer(e, satisfaction=5, adapted=True, reuse=True)
        rollups_refresh()
        client.get(URL)
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            assert client.get(URL).status_code == HTTPStatus.OK
        assert len(many) == len(few)
        # And once computed, the same dashboard comes from the cache.
        with CaptureQueriesContext(connection) as cached:
            assert client.get(URL).status_code == HTTPStatus.OK
        assert len(cached) < len(many) - 20


class TestCsvExports:
    def test_a_table_in_the_french_spreadsheet_format(self, client, platform_admin, world):
        client.force_login(platform_admin)
        raw, rows = export(client, "formations")
        assert raw.startswith("\ufeff")
        assert rows[0] == [
            "Formation",
            "Inscriptions",
            "Achèvements",
            "Taux d’achèvement (%)",
            "Personnes inscrites",
            "Heures de formation",
            "Heures par personne",
            "Durée médiane pour terminer (jours)",
        ]
        assert rows[1:] == [
            ["Classe virtuelle agricole", "2", "0", "0,0", "2", "0,5", "0,2", ""],
            ["Justice et numérique", "2", "2", "100,0", "2", "3,0", "1,5", "4,0"],
        ]

    def test_a_formula_is_written_as_text(self, client, platform_admin, world):
        trap = TrainingFactory(title='=HYPERLINK("http://example.org","clic")')
        enrol(UserFactory(), trap)
        client.force_login(platform_admin)
        _raw, rows = export(client, "formations")
        assert ['\'=HYPERLINK("http://example.org","clic")', "1"] == rows[-1][:2]

    def test_exports_follow_the_filters_and_the_scope(self, client, justice_admin, world):
        client.force_login(justice_admin)
        _raw, rows = export(client, "entites", modality="self_paced")
        assert rows[0][:4] == ["Entité", "Comptes créés", "Jamais inscrits", "Inscriptions"]
        # Self-paced means t_justice: j1 and a1 (counted apart, never named); j2 of the
        # DAP has an account but no self-paced enrolment; j3 and j4 never enrolled in one.
        assert sorted(row[:4] for row in rows[1:]) == [
            ["Agents d’autres entités (formations de votre périmètre)", "0", "0", "1"],
            ["Direction de l'administration pénitentiaire", "1", "1", "0"],
            ["Ministère de la Justice", "3", "2", "1"],
        ]

    def test_satisfaction_below_five_is_not_exported(self, client, platform_admin, world):
        client.force_login(platform_admin)
        _raw, rows = export(client, "satisfaction")
        assert rows[1] == ["Justice et numérique", "2"] + ["moins de 5 réponses"] * 3

    def test_every_export_is_audited(self, client, justice_admin, world):
        client.force_login(justice_admin)
        export(client, "sessions", modality="self_paced")
        event = AuditEvent.objects.get(action="reporting.export")
        assert event.actor == justice_admin
        assert Entity.objects.get(pk=event.entity_id).slug == "justice"
        assert event.data["table"] == "sessions.csv"
        assert event.data["filters"]["modality"] == "self_paced"

    def test_bad_filters_send_back_to_the_page(self, client, platform_admin, world):
        client.force_login(platform_admin)
        response = client.get(reverse("reporting:export", args=["formations", "csv"]), {"end": "x"})
        assert response.status_code == HTTPStatus.FOUND
        assert not AuditEvent.objects.filter(action="reporting.export").exists()

    def test_an_unknown_table_is_refused(self, client, platform_admin):
        client.force_login(platform_admin)
        response = client.get(reverse("reporting:export", args=["mots-de-passe", "csv"]))
        assert response.status_code == HTTPStatus.FORBIDDEN


class TestXlsxExports:
    def test_numbers_stay_numbers_and_formulas_stay_text(self, client, platform_admin, world):
        trap = TrainingFactory(title='=HYPERLINK("http://example.org","clic")')
        enrol(UserFactory(), trap)
        client.force_login(platform_admin)
        response = client.get(reverse("reporting:export", args=["formations", "xlsx"]))
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0][:3] == ["Formation", "Inscriptions", "Achèvements"]
        assert rows[1:3] == [
            ["Classe virtuelle agricole", 2, 0, 0, 2, 0.5, 0.2, None],
            ["Justice et numérique", 2, 2, 100, 2, 3, 1.5, 4],
        ]
        trap_row = next(row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in row[0].value)
        assert trap_row[0].data_type == "s"  # a string, not a formula
        assert AuditEvent.objects.get(action="reporting.export").data["table"] == "formations.xlsx"

    def test_an_unknown_format_does_not_exist(self, client, platform_admin):
        client.force_login(platform_admin)
        assert client.get("/pilotage/export/formations.exe").status_code == HTTPStatus.NOT_FOUND
