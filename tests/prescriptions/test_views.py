import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentor.prescriptions import selectors, services
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.selectors import campaign_figures
from tests.prescriptions.conftest import exported

pytestmark = pytest.mark.django_db


def _post(training, justice, **extra):
    today = timezone.localdate()
    data = {
        "title": "Campagne test",
        "training": training.pk,
        "kind": "mandatory",
        "starts_on": today.isoformat(),
        "due_on": (today + dt.timedelta(days=20)).isoformat(),
        "reminder_offsets": "7,1",
        "message": "À suivre.",
    }
    if justice is not None:
        data["entities"] = [justice.pk]
    data.update(extra)
    return data


class TestWhoSeesWhat:
    @pytest.mark.parametrize("url_name", ["prescriptions:list", "prescriptions:create"])
    def test_agent_is_refused_and_visitor_sent_to_sign_in(self, client, justice_agents, url_name):
        url = reverse(url_name)
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/compte/" in response["Location"]
        client.force_login(justice_agents[0])
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN

    def test_referent_sees_her_campaign_other_referent_does_not(
        self, client, campaign, justice_admin, agri_admin, platform_admin
    ):
        client.force_login(justice_admin)
        page = client.get(reverse("prescriptions:list")).content.decode()
        assert campaign.title in page
        assert "Prescriptions" in page  # the menu entry
        assert client.get(campaign.get_absolute_url()).status_code == HTTPStatus.OK
        client.force_login(agri_admin)
        assert campaign.title not in client.get(reverse("prescriptions:list")).content.decode()
        assert client.get(campaign.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
        export = reverse("prescriptions:export", args=[campaign.pk])
        assert client.post(export).status_code == HTTPStatus.NOT_FOUND
        client.force_login(platform_admin)
        assert campaign.title in client.get(reverse("prescriptions:list")).content.decode()
        assert client.get(campaign.get_absolute_url()).status_code == HTTPStatus.OK

    def test_agent_cannot_open_the_follow_up(self, client, campaign, justice_agents):
        client.force_login(justice_agents[0])
        assert client.get(campaign.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
        assert "Prescriptions" not in client.get(reverse("enrolments:mine")).content.decode()

    def test_list_query_budget_does_not_grow_with_campaigns(
        self, client, justice_admin, justice, training, django_assert_max_num_queries
    ):
        client.force_login(justice_admin)
        url = reverse("prescriptions:list")
        client.get(url)
        for i in range(6):
            Campaign.objects.create(
                title=f"C{i}",
                training=training,
                owner_entity=justice,
                starts_on=timezone.localdate(),
                due_on=timezone.localdate() + dt.timedelta(days=3),
            )
        with django_assert_max_num_queries(8):
            response = client.get(url)
        assert response.content.decode().count('href="/prescriptions/') >= 6

    def test_list_counts_come_from_one_grouped_query(
        self, campaign, justice_admin, justice, training, django_assert_num_queries
    ):
        Campaign.objects.create(
            title="Vide",
            training=training,
            owner_entity=justice,
            starts_on=timezone.localdate(),
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )
        first = Assignment.objects.filter(campaign=campaign).order_by("pk").first()
        Assignment.objects.filter(pk=first.pk).update(done_at=timezone.now())
        with django_assert_num_queries(1):
            rows = {
                c.title: (c.n_assigned, c.n_completed, c.n_sent)
                for c in selectors.campaign_list(user=justice_admin)
            }
        assert rows == {
            campaign.title: (4, 1, 4),
            "Vide": (0, 0, 0),
        }  # the referent is an agent too

    def test_detail_query_budget(
        self, client, campaign, justice_admin, django_assert_max_num_queries
    ):
        client.force_login(justice_admin)
        client.get(campaign.get_absolute_url())  # the visit's first page writes its row
        with django_assert_max_num_queries(12):
            response = client.get(campaign.get_absolute_url())
        assert response.status_code == HTTPStatus.OK


class TestCreatePage:
    def test_referent_creates_a_campaign_for_her_ministry(
        self,
        client,
        justice_admin,
        justice,
        training,
        justice_agents,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(justice_admin)
        page = client.get(reverse("prescriptions:create")).content.decode()
        assert "Nouvelle campagne" in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("prescriptions:create"), _post(training, justice))
        campaign = Campaign.objects.get()
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == campaign.get_absolute_url()
        assert campaign.assignments.count() == 4
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert "4 envoyés · 0 à envoyer" in page

    def test_other_ministry_entities_are_not_offered(
        self, client, justice_admin, agriculture, training
    ):
        client.force_login(justice_admin)
        page = client.get(reverse("prescriptions:create")).content.decode()
        assert "Agriculture" not in page
        response = client.post(reverse("prescriptions:create"), _post(training, agriculture))
        assert response.status_code == HTTPStatus.OK
        assert not Campaign.objects.exists()

    def test_bad_csv_lists_every_bad_line_and_creates_nothing(
        self, client, justice_admin, training, justice_agents
    ):
        client.force_login(justice_admin)
        upload = SimpleUploadedFile(
            "liste.csv", b"a1@justice.gouv.fr\ninconnu@justice.gouv.fr\nn@pe\nMJ-1\n", "text/csv"
        )
        response = client.post(
            reverse("prescriptions:create"), _post(training, None, people_file=upload)
        )
        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "ligne 2 : aucun compte Mentor pour inconnu@justice.gouv.fr" in page
        assert "ligne 3 : « n@pe » n&#x27;est ni une adresse électronique ni un identifiant" in page
        assert "ligne 4 : aucun agent n&#x27;a l&#x27;identifiant MJ-1" in page
        assert "rien n&#x27;a été créé" in page
        assert not Campaign.objects.exists()
        assert not Assignment.objects.exists()

    def test_good_csv_creates_the_campaign(
        self, client, justice_admin, training, justice_agents, django_capture_on_commit_callbacks
    ):
        client.force_login(justice_admin)
        upload = SimpleUploadedFile(
            "liste.csv", "\ufeffa1@justice.gouv.fr;x\n".encode(), "text/csv"
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("prescriptions:create"), _post(training, None, people_file=upload))
        assert list(Assignment.objects.values_list("user__email", flat=True)) == [
            "a1@justice.gouv.fr"
        ]

    def test_due_date_in_the_past_is_a_french_error(self, client, justice_admin, justice, training):
        client.force_login(justice_admin)
        yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
        response = client.post(
            reverse("prescriptions:create"), _post(training, justice, due_on=yesterday)
        )
        assert "L&#x27;échéance doit suivre la date de début." in response.content.decode()
        assert not Campaign.objects.exists()


class TestFollowUp:
    def test_the_export_gives_days_in_paris(self, client, campaign, justice_admin, justice_agents):
        # 23:30 UTC on 10 March is already 11 March in Paris.
        late = dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC)
        Assignment.objects.filter(user=justice_agents[0]).update(assigned_at=late, done_at=late)
        client.force_login(justice_admin)
        line = next(
            line
            for line in exported(client, campaign).strip().splitlines()
            if line.startswith("a1@justice.gouv.fr")
        )
        assert line.split(";")[4] == "11/03/2026" and line.split(";")[7] == "11/03/2026"

    def test_figures_and_export(self, client, campaign, justice_admin, justice_agents, session):
        Assignment.objects.filter(user=justice_agents[0]).update(done_at=timezone.now())
        client.force_login(justice_admin)
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert "Ministère de la Justice" in page
        assert "Direction de l&#x27;administration pénitentiaire" in page
        body = exported(client, campaign)
        assert body.startswith("\ufeffAdresse électronique;Nom;")
        lines = body.strip().splitlines()
        assert len(lines) == 1 + 4
        done = next(line for line in lines if line.startswith("a1@justice.gouv.fr"))
        assert done.endswith(f";{timezone.localdate():%d/%m/%Y};non")

    def test_overdue_counted_after_the_due_date(self, campaign, justice_agents):
        Campaign.objects.filter(pk=campaign.pk).update(
            starts_on=timezone.localdate() - dt.timedelta(days=10),
            due_on=timezone.localdate() - dt.timedelta(days=1),
        )
        Assignment.objects.filter(user=justice_agents[0]).update(done_at=timezone.now())
        campaign.refresh_from_db()
        figures = campaign_figures(campaign=campaign)
        assert figures.total["assigned"] == 4
        assert figures.total["completed"] == 1
        assert figures.total["overdue"] == 3


class TestAgentSide:
    def test_mes_formations_lists_the_prescription_with_its_due_date(
        self, client, campaign, justice_agents, outsider
    ):
        client.force_login(justice_agents[0])
        page = client.get(reverse("enrolments:mine")).content.decode()
        assert "Formations obligatoires et prescrites (1)" in page
        assert campaign.training.title in page
        assert f"À terminer avant le {campaign.due_on.day}" in page
        assert "Prescrite par Ministère de la Justice" in page
        client.force_login(outsider)
        assert (
            "Formations obligatoires" not in client.get(reverse("enrolments:mine")).content.decode()
        )

    def test_direct_link_lands_on_the_sheet_with_the_notice(
        self, client, campaign, justice_agents, outsider
    ):
        link = reverse("prescriptions:go", args=[campaign.pk])
        assert "/compte/" in client.get(link)["Location"]
        client.force_login(justice_agents[2])
        response = client.get(link, follow=True)
        page = response.content.decode()
        assert response.redirect_chain[-1][0].endswith(
            campaign.training.get_absolute_url() + "#sessions"
        )
        assert 'data-testid="prescription-notice"' in page
        assert "à terminer avant le" in page
        assert "M’inscrire" in page
        client.force_login(outsider)
        assert client.get(link).status_code == HTTPStatus.NOT_FOUND

    def test_unenrolling_keeps_the_prescription(self, client, campaign, session, justice_agents):
        client.force_login(justice_agents[0])
        client.post(reverse("enrolments:enrol", args=[session.pk]))
        client.post(reverse("enrolments:unenrol", args=[session.pk]))
        page = client.get(reverse("enrolments:mine")).content.decode()
        assert "Formations obligatoires et prescrites (1)" in page

    def test_unsubscribe_link_needs_a_confirmation_and_keeps_the_obligation(
        self, client, campaign, justice_agents
    ):
        assignment = campaign.assignments.get(user=justice_agents[0])
        body = next(m.body for m in mail.outbox if m.to == [justice_agents[0].email])
        url = re.search(r"http://[^/]+(/prescriptions/relances/[^/]+/)", body).group(1)
        assert "Ne plus recevoir de relance" in client.get(url).content.decode()
        assignment.refresh_from_db()
        assert not assignment.reminders_off
        page = client.post(url).content.decode()
        assert "Vous ne recevrez plus de relance" in page
        assignment.refresh_from_db()
        assert assignment.reminders_off
        assert (
            client.get(reverse("prescriptions:reminders_off", args=["forged"])).status_code
            == HTTPStatus.NOT_FOUND
        )


class TestClose:
    def test_referent_closes_and_it_leaves_mes_formations(
        self, client, campaign, justice_admin, agri_admin, justice_agents
    ):
        url = reverse("prescriptions:close", args=[campaign.pk])
        client.force_login(agri_admin)
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
        client.force_login(justice_agents[0])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
        client.force_login(justice_admin)
        assert "Clore la campagne" in client.get(campaign.get_absolute_url()).content.decode()
        client.post(url)
        campaign.refresh_from_db()
        assert campaign.state == "closed"
        assert "Clore la campagne" not in client.get(campaign.get_absolute_url()).content.decode()
        campaign.assignments.update(opening_sent_at=None)  # as if still sending
        assert services.campaign_emails_send(campaign_id=campaign.pk) == 0
        client.force_login(justice_agents[0])
        assert (
            "Formations obligatoires" not in client.get(reverse("enrolments:mine")).content.decode()
        )
