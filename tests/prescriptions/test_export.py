"""The follow-up's CSV export is a worker's job (``core.export_jobs``, shared with
reporting's HR export): asked for on the campaign page, prepared by Celery (eager here),
followed on a progress page, downloaded by its requester only; ``;`` separated, UTF-8 with
a BOM, one line per person, no cell a spreadsheet would run as a formula."""

import csv
import io
from http import HTTPStatus

import pytest
from django.test import TestCase
from django.urls import reverse

from mentor.accounts.models import RoleAssignment
from mentor.audit.models import AuditEvent
from mentor.core.export_jobs import export_job_run, export_job_start
from mentor.core.models import ExportJob
from mentor.prescriptions import services
from mentor.prescriptions.models import Assignment
from tests.prescriptions.conftest import campaign_kwargs, exported

pytestmark = pytest.mark.django_db


def rows(body: str) -> list[list[str]]:
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))


def export_url(campaign) -> str:
    return reverse("prescriptions:export", args=[campaign.pk])


class TestTheFile:
    def test_one_line_per_person_as_a_job(self, client, campaign, justice_admin, justice_agents):
        client.force_login(justice_admin)
        lines = rows(exported(client, campaign))
        assert lines[0][:3] == ["Adresse électronique", "Nom", "Prénom"]
        assert len(lines) == 1 + campaign.assignments.count()
        job = ExportJob.objects.get()
        assert (job.kind, job.status, job.done, job.total) == ("campaign", "done", 4, 4)
        assert job.params == {"campaign": campaign.pk, "late": False}
        event = AuditEvent.objects.get(action="prescriptions.export_campaign")
        assert event.actor == justice_admin and event.data == {"only_late": False}

    def test_the_late_ones_only(self, client, campaign, justice_admin, justice_agents):
        Assignment.objects.filter(user=justice_agents[0]).update(done_at=campaign.created_at)
        client.force_login(justice_admin)
        emails = [line[0] for line in rows(exported(client, campaign, retard="1"))[1:]]
        assert justice_agents[0].email not in emails
        assert sorted(emails) == sorted(
            campaign.assignments.filter(done_at__isnull=True).values_list("user__email", flat=True)
        )

    def test_a_formula_stays_text(self, client, campaign, justice_admin, justice_agents):
        justice_agents[1].last_name = '=HYPERLINK("http://x.example";"clic")'
        justice_agents[1].save(update_fields=["last_name"])
        client.force_login(justice_admin)
        names = [line[1] for line in rows(exported(client, campaign))[1:]]
        assert '\'=HYPERLINK("http://x.example";"clic")' in names


class TestScope:
    def test_who_may_ask_for_it(self, client, campaign, agri_admin, justice_agents, platform_admin):
        client.force_login(agri_admin)
        assert client.post(export_url(campaign)).status_code == HTTPStatus.NOT_FOUND
        client.force_login(justice_agents[0])
        assert client.post(export_url(campaign)).status_code == HTTPStatus.NOT_FOUND
        client.logout()
        response = client.post(export_url(campaign))
        assert response.status_code == HTTPStatus.FOUND and "/compte/" in response["Location"]
        assert not ExportJob.objects.exists()
        client.force_login(platform_admin)  # nationally
        assert len(rows(exported(client, campaign))) == 5

    def test_the_file_is_private_to_its_requester(
        self, client, campaign, justice_admin, platform_admin, agri_admin
    ):
        client.force_login(justice_admin)
        exported(client, campaign)
        job = ExportJob.objects.get()
        args = [campaign.pk, job.pk]
        for other in (platform_admin, agri_admin):  # even one who sees the campaign
            client.force_login(other)
            for name in ("prescriptions:export_job", "prescriptions:export_file"):
                assert client.get(reverse(name, args=args)).status_code == HTTPStatus.NOT_FOUND

    def test_another_kind_or_campaign_is_not_found(
        self, client, campaign, justice_admin, justice, training
    ):
        client.force_login(justice_admin)
        hr_job = export_job_start(actor=justice_admin, kind="hr", params={})
        url = reverse("prescriptions:export_job", args=[campaign.pk, hr_job.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        with TestCase.captureOnCommitCallbacks(execute=True):
            other = services.campaign_create(
                actor=justice_admin,
                training=training,
                **campaign_kwargs(entities=[justice], title="Autre"),
            )
        exported(client, campaign)
        job = ExportJob.objects.get(kind="campaign")
        url = reverse("prescriptions:export_job", args=[other.pk, job.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND


class TestBadInput:
    def test_asking_by_get_changes_nothing(self, client, campaign, justice_admin):
        client.force_login(justice_admin)
        response = client.get(export_url(campaign))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
        assert not ExportJob.objects.exists()

    def test_an_unknown_job_is_not_found(self, client, campaign, justice_admin):
        client.force_login(justice_admin)
        url = f"/prescriptions/{campaign.pk}/exports/pas-un-identifiant/"
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_a_requester_who_lost_the_campaign_gets_a_failed_job(
        self, client, campaign, justice_admin
    ):
        client.force_login(justice_admin)
        response = client.post(export_url(campaign))  # not committed: the worker waits
        job = ExportJob.objects.get()
        page = client.get(response["Location"]).content.decode()
        assert "en attente" in page and 'hx-trigger="every 2s"' in page
        file_url = reverse("prescriptions:export_file", args=[campaign.pk, job.pk])
        assert client.get(file_url).status_code == HTTPStatus.NOT_FOUND
        RoleAssignment.objects.filter(user=justice_admin).delete()
        export_job_run(job.pk)
        job.refresh_from_db()
        assert (job.status, job.error, job.file) == ("failed", "PermissionDenied", "")
