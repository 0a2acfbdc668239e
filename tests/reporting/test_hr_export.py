"""The HR export (RenoiRH-style): one line per training completed by an agent of the
scope, in the French spreadsheet CSV, by page and by API token; audited; formula-safe."""

import csv
import io
import types
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import User
from mentor.api.services import api_token_create
from mentor.attestations.services import attestation_issue
from mentor.audit.models import AuditEvent
from mentor.catalog.models import Modality
from mentor.core.export_jobs import export_files_purge, export_job_run
from mentor.core.models import ExportJob
from mentor.core.tasks import export_files_purge_task
from mentor.learning.models import Completion
from mentor.reporting import hr
from mentor.reporting.forms import default_period
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.selectors import Filters
from tests.factories import UserFactory
from tests.reporting.conftest import enrol

pytestmark = pytest.mark.django_db

URL = reverse("reporting:hr_export")
API = "/api/v1/stats/hr-export"
HEADER = [
    "Identifiant agent",
    "Adresse électronique",
    "Code entité",
    "Entité",
    "Code formation",
    "Formation",
    "Session",
    "Début de session",
    "Fin de session",
    "Date d’inscription",
    "Date d’achèvement",
    "Durée créditée (heures)",
    "Modalité",
    "Numéro d’attestation",
]


@pytest.fixture(autouse=True)
def _private_exports(private_exports):
    pass


@pytest.fixture
def prepare(client, django_capture_on_commit_callbacks):
    return lambda **params: _prepare(client, django_capture_on_commit_callbacks, **params)


def _prepare(client, capture, **params):
    """Ask for the export on the page: a job is queued, run by the (eager) worker when the
    request commits; the job page then offers the file."""
    with capture(execute=True):
        response = client.post(URL, params)
    assert response.status_code == HTTPStatus.FOUND
    job = ExportJob.objects.latest("created_at")
    assert response["Location"] == reverse("reporting:export_job", args=[job.pk])
    page = client.get(response["Location"])
    assert "Votre export est prêt" in page.content.decode()
    return client.get(reverse("reporting:export_job_file", args=[job.pk]))


def read(response) -> tuple[str, list[list[str]]]:
    assert response.status_code == HTTPStatus.OK, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="formations-rh-')
    assert response.streaming  # never built whole in memory
    raw = b"".join(response.streaming_content).decode("utf-8")
    return raw, list(csv.reader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))


class TestColumnsAndFormat:
    def test_one_line_per_completed_training_of_the_period(
        self, client, platform_admin, world, prepare
    ):
        j1 = world.people["j1"]
        User.objects.filter(pk=j1.pk).update(agent_id="MJ-000123")
        world.t_justice.delivers_attestation = True
        world.t_justice.save()
        attestation = attestation_issue(completion=Completion.objects.get(enrolment__user=j1))
        client.force_login(platform_admin)
        raw, rows = read(prepare())
        assert raw.startswith("\ufeff")
        assert rows[0] == HEADER
        lines = {row[1]: row for row in rows[1:]}
        # j1 and a1 finished during the period; "old" finished 399 days ago: not there.
        assert set(lines) == {"j1@justice.gouv.fr", "a1@agriculture.gouv.fr"}
        line = lines["j1@justice.gouv.fr"]
        completion = Completion.objects.select_related("enrolment__session").get(enrolment__user=j1)
        session = completion.enrolment.session
        assert line[:7] == [
            "MJ-000123",
            "j1@justice.gouv.fr",
            "justice",
            "Ministère de la Justice",
            world.t_justice.slug,
            "Justice et numérique",
            session.title,
        ]
        assert line[7] == session.starts_on.strftime("%d/%m/%Y")
        paris_day = timezone.localtime(completion.completed_at).strftime("%d/%m/%Y")
        assert line[10] == paris_day
        assert line[11] == f"{attestation.duration_hours:.1f}".replace(".", ",")
        assert line[12] == str(Modality(world.t_justice.modality).label)  # French label
        assert line[13] == attestation.number
        assert lines["a1@agriculture.gouv.fr"][13] == ""  # no attestation issued

    def test_independent_count(self, client, platform_admin, world):
        start, end = default_period()
        scope = ReportScope(kind=ScopeKind.NATIONAL)
        filters = Filters(start=start, end=end)
        expected = Completion.objects.filter(
            completed_at__gte=filters.start_at,
            completed_at__lt=filters.end_at,
            enrolment__user__entity__isnull=False,
        ).count()
        assert hr.hr_count(scope=scope, filters=filters) == expected == 2
        lines = hr.hr_lines(scope=scope, filters=filters)
        assert isinstance(lines, types.GeneratorType)  # read in chunks, as they are written
        assert len(list(lines)) == expected

    def test_the_lines_are_read_with_a_plan_for_every_row(self, world):
        """PostgreSQL plans a server-side cursor for its first rows (nested loops: about
        400 lines/s at 2.5 M agents); the export reads every row, planned for all of
        them, and the connection's setting is back to normal afterwards."""
        if connection.vendor != "postgresql":
            pytest.skip("a PostgreSQL planner setting")

        def fraction() -> str:
            with connection.cursor() as cursor:
                cursor.execute("SHOW cursor_tuple_fraction")
                return cursor.fetchone()[0]

        start, end = default_period()
        scope = ReportScope(kind=ScopeKind.NATIONAL)
        lines = hr.hr_lines(scope=scope, filters=Filters(start=start, end=end))
        next(lines)
        assert fraction() == "1"
        assert len(list(lines)) == 1  # the second of the world's two lines
        assert fraction() == "0.1"

    def test_a_formula_is_written_as_text(self, client, platform_admin, world, prepare):
        trap = UserFactory(entity=world.people["j1"].entity, agent_id='=HYPERLINK("http://x")')
        enrol(trap, world.t_justice, completed_after_days=1)
        client.force_login(platform_admin)
        _raw, rows = read(prepare())
        assert ['\'=HYPERLINK("http://x")'] == [r[0] for r in rows if r[1] == trap.email]

    def test_utf8_accents_survive(self, client, platform_admin, world, prepare):
        client.force_login(platform_admin)
        raw, _rows = read(prepare())
        assert "Ministère de l'Agriculture et de la Souveraineté alimentaire" in raw


class TestScope:
    def test_a_referent_exports_their_agents_only(self, client, justice_admin, world, prepare):
        client.force_login(justice_admin)
        _raw, rows = read(prepare())
        # a1 (Agriculture) finished a Justice training: counted on the dashboard, never named.
        assert [row[1] for row in rows[1:]] == ["j1@justice.gouv.fr"]

    def test_every_export_is_audited(self, client, justice_admin, world, prepare):
        client.force_login(justice_admin)
        read(prepare())
        event = AuditEvent.objects.get(action="reporting.export", actor=justice_admin)
        assert event.data["table"] == "hr.csv (tâche)"
        assert event.data["scope_entities"] == ["justice"]

    def test_designers_and_agents_may_not(self, client, agriculture_designer, world):
        client.force_login(agriculture_designer)
        assert client.post(URL).status_code == HTTPStatus.FORBIDDEN
        client.force_login(world.people["j1"])
        assert client.post(URL).status_code == HTTPStatus.FORBIDDEN
        assert not ExportJob.objects.exists()

    def test_the_file_is_private_to_its_requester(
        self, client, justice_admin, platform_admin, world, prepare
    ):
        client.force_login(justice_admin)
        read(prepare())
        job = ExportJob.objects.get()
        for other in (platform_admin, world.people["j1"]):
            client.force_login(other)
            for name in ("reporting:export_job", "reporting:export_job_file"):
                assert client.get(reverse(name, args=[job.pk])).status_code in (403, 404)
        client.logout()
        response = client.get(reverse("reporting:export_job_file", args=[job.pk]))
        assert response.status_code == HTTPStatus.FOUND  # to sign in
        assert not str(job.file).startswith("/") and "media" not in str(job.file)

    def test_the_filters_travel_with_the_job(self, client, platform_admin, world, prepare):
        client.force_login(platform_admin)
        _raw, rows = read(prepare(entity="agriculture"))
        assert [row[1] for row in rows[1:]] == ["a1@agriculture.gouv.fr"]

    def test_progress_is_shown_until_the_file_is_ready(self, client, justice_admin, world):
        client.force_login(justice_admin)
        client.post(URL)  # not committed in this test: the worker has not run
        job = ExportJob.objects.get()
        page = client.get(reverse("reporting:export_job", args=[job.pk])).content.decode()
        assert "en attente" in page and 'hx-trigger="every 2s"' in page
        assert client.get(reverse("reporting:export_job_file", args=[job.pk])).status_code == 404
        export_job_run(job.pk)
        export_job_run(job.pk)  # idempotent: a second run changes nothing
        job.refresh_from_db()
        assert (job.status, job.done, job.total) == ("done", 1, 1)
        page = client.get(reverse("reporting:export_job", args=[job.pk])).content.decode()
        assert "Votre export est prêt" in page and "hx-trigger" not in page

    def test_the_dashboard_offers_it_with_the_filters(self, client, justice_admin, world):
        client.force_login(justice_admin)
        body = client.get(reverse("reporting:dashboard"), {"offer": "internal"}).content.decode()
        assert f'action="{URL}"' in body
        assert '<input type="hidden" name="offer" value="internal">' in body


class TestByApi:
    def test_a_referents_token_for_their_ministry(self, client, justice_admin, world):
        _token, secret = api_token_create(user=justice_admin, name="RenoiRH")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        _raw, rows = read(client.get(API, {"scope": "justice"}, **headers))
        assert rows[0] == HEADER
        assert [row[1] for row in rows[1:]] == ["j1@justice.gouv.fr"]
        assert client.get(API, {"scope": "agriculture"}, **headers).status_code == 403
        assert AuditEvent.objects.filter(
            action="reporting.export", actor=justice_admin, data__table="rh.csv (api)"
        ).exists()

    def test_without_a_token_401(self, client, world):
        assert client.get(API).status_code == HTTPStatus.UNAUTHORIZED


def test_bad_filters_send_back_without_the_csrf_token(client, justice_admin, world):
    client.force_login(justice_admin)
    data = {"start": "2026-02-01", "end": "2026-01-01", "csrfmiddlewaretoken": "secret"}
    response = client.post(URL, data)
    assert response.status_code == HTTPStatus.FOUND
    assert "csrfmiddlewaretoken" not in response["Location"]
    assert "start=2026-02-01" in response["Location"]
    assert not ExportJob.objects.exists()


class TestRetention:
    """Export files hold personal data: deleted after EXPORT_RETENTION_DAYS by a
    beat job; the job page then says so, and the audit trail keeps who exported what."""

    def test_files_past_retention_are_deleted_and_the_page_says_so(
        self, client, justice_admin, world, settings, django_capture_on_commit_callbacks
    ):
        assert "exports-purge" in settings.CELERY_BEAT_SCHEDULE
        settings.EXPORT_RETENTION_DAYS = 7
        client.force_login(justice_admin)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(URL, {})
        job = ExportJob.objects.get()
        storage = storages["exports"]
        orphan = storage.save("999/orphan.csv", ContentFile(b"x"))  # its job is gone
        assert storage.exists(job.file)
        # Six days later: kept.
        assert export_files_purge(now=timezone.now() + timedelta(days=6)) == 0
        assert storage.exists(job.file) and storage.exists(orphan)
        # Eight days later: the job's file and the orphan are deleted, the job expired.
        assert export_files_purge(now=timezone.now() + timedelta(days=8)) == 2
        assert not storage.exists(job.file) and not storage.exists(orphan)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.EXPIRED and job.file == ""
        page = client.get(reverse("reporting:export_job", args=[job.pk])).content.decode()
        assert "Ce fichier n’est plus disponible" in page
        assert "supprimés 7 jours après" in page
        file_url = reverse("reporting:export_job_file", args=[job.pk])
        assert client.get(file_url).status_code == HTTPStatus.NOT_FOUND
        assert AuditEvent.objects.filter(action="reporting.export").exists()
        assert export_files_purge_task() == 0  # idempotent
