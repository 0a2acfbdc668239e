"""The space admin's follow-up: figures rolled up to every level of the tree, the people
who have not finished (overdue), "Relancer" for all of them (one e-mail each per round, not to those who
refused reminders or were reminded within a day) or for one person (rate-limited,
audited), their CSV, and figures that agree with the reporting pages."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.audit.models import AuditEvent
from mentor.enrolments.services import enrolment_create
from mentor.learning.models import Completion
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.selectors import campaign_figures, campaign_late
from mentor.prescriptions.services import (
    assignment_relaunch,
    assignment_relaunch_send,
    assignments_mark_done,
    campaign_create,
)
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.selectors import Filters, learning_indicator
from tests.factories import role_holder
from tests.prescriptions.conftest import campaign_kwargs, exported

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(justice_admin, justice, training, session, justice_agents):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )


def _finish(user, session):
    enrolment = enrolment_create(user=user, session_id=session.pk).enrolment
    completion = Completion.objects.create(enrolment=enrolment, completed_at=timezone.now())
    assignments_mark_done(
        user_id=user.pk, training_id=session.training_id, at=completion.completed_at
    )


def test_rollup_counts_each_subtree(campaign, justice, penitentiaire, session, justice_agents):
    _finish(justice_agents[2], session)  # the DAP agent
    rollup = {row["entity"].slug: row for row in campaign_figures(campaign=campaign).rollup}
    assert rollup["justice"]["assigned"] == 4  # 2 agents + the referent + the DAP agent
    assert rollup["justice"]["completed"] == 1
    assert rollup["dap"]["assigned"] == 1
    assert rollup["dap"]["completed"] == 1
    assert rollup["dap"]["depth"] == rollup["justice"]["depth"] + 1


def test_late_people_and_relaunch_rounds(client, campaign, justice_admin, session, justice_agents):
    _finish(justice_agents[0], session)
    Assignment.objects.filter(campaign=campaign, user=justice_agents[1]).update(reminders_off=True)
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=timezone.localdate() - dt.timedelta(days=40),
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    count, people = campaign_late(campaign=campaign)
    assert count == 3
    client.force_login(justice_admin)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Agents en retard" in page
    assert justice_agents[1].email in page
    assert justice_agents[0].email not in page.split('data-testid="late"')[1]

    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("prescriptions:relaunch", args=[campaign.pk]), follow=True)
    assert "2 personnes vont recevoir un courriel" in response.content.decode()
    first_round = sorted(m.to[0] for m in mail.outbox)
    assert first_round == sorted([justice_admin.email, justice_agents[2].email])
    assert all("Rappel" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("prescriptions:relaunch", args=[campaign.pk]), follow=True)
    assert not mail.outbox  # everyone was reminded less than a day ago
    assert "Personne à relancer" in response.content.decode()
    Assignment.objects.filter(campaign=campaign).update(
        reminded_at=timezone.now() - dt.timedelta(hours=25)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == first_round  # a new round, once each
    assert AuditEvent.objects.filter(action="prescriptions.relaunch").count() == 3

    body = exported(client, campaign, retard="1")
    assert body.startswith("\ufeff")
    assert justice_agents[1].email in body
    assert justice_agents[0].email not in body


def test_who_may_relaunch(client, campaign, agriculture, platform_admin, justice_agents):
    client.force_login(justice_agents[0])
    response = client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND
    client.force_login(platform_admin)
    response = client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
    assert response.status_code == HTTPStatus.FOUND
    other = role_holder(
        Role.SPACE_ADMIN, agriculture, actor=platform_admin, email="ref@agriculture.gouv.fr"
    )
    client.force_login(other)
    response = client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_figures_agree_with_reporting(campaign, justice, session, justice_agents):
    _finish(justice_agents[0], session)
    _finish(justice_agents[2], session)
    enrolment_create(user=justice_agents[1], session_id=session.pk)
    figures = campaign_figures(campaign=campaign).total
    today = timezone.localdate()
    report = learning_indicator(
        scope=ReportScope(kind=ScopeKind.NATIONAL),
        filters=Filters(start=today, end=today, entity=justice, training=session.training),
    )
    assert report.completions == figures["completed"] == 2
    assert report.learners == figures["enrolled"] == 3


class TestPersonalRelaunch:
    """ "Relancer" on one person's line of the follow-up."""

    @pytest.fixture
    def late(self, campaign, justice_agents):
        return campaign.assignments.get(user=justice_agents[1])

    def _relaunch(self, client, campaign, assignment):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return client.post(
                reverse("prescriptions:relaunch_person", args=[campaign.pk, assignment.pk]),
                follow=True,
            )

    def test_one_email_to_that_person_audited_and_shown(
        self, client, campaign, justice_admin, justice_agents, late
    ):
        client.force_login(justice_admin)
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert reverse("prescriptions:relaunch_person", args=[campaign.pk, late.pk]) in page
        mail.outbox.clear()
        page = self._relaunch(client, campaign, late).content.decode()
        assert [m.to for m in mail.outbox] == [[justice_agents[1].email]]
        assert mail.outbox[0].subject.startswith("[Mentor] Rappel : ")
        assert "/prescriptions/relances/" in mail.outbox[0].body  # the unsubscribe link
        assert "Relance envoyée à" in page
        assert "Relancée le" in page.split(f'data-testid="late-{late.pk}"')[1].split("</tr>")[0]
        event = AuditEvent.objects.get(action="prescriptions.relaunch_person")
        assert event.data == {"assignment": late.pk, "user": justice_agents[1].pk}
        assert event.actor == justice_admin

    def test_once_a_day_per_person(self, client, campaign, justice_admin, late):
        client.force_login(justice_admin)
        self._relaunch(client, campaign, late)
        mail.outbox.clear()
        page = self._relaunch(client, campaign, late).content.decode()
        assert not mail.outbox
        assert "a déjà été relancé(e) le" in page
        assert AuditEvent.objects.filter(action="prescriptions.relaunch_person").count() == 1
        # A day later, again.
        Assignment.objects.filter(pk=late.pk).update(
            reminded_at=timezone.now() - dt.timedelta(hours=25),
            personal_relaunch_at=timezone.now() - dt.timedelta(hours=25),
        )
        self._relaunch(client, campaign, late)
        assert len(mail.outbox) == 1

    def test_a_round_skips_who_was_just_relaunched(
        self, client, campaign, justice_admin, justice_agents, late
    ):
        client.force_login(justice_admin)
        self._relaunch(client, campaign, late)
        mail.outbox.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
        assert justice_agents[1].email not in [m.to[0] for m in mail.outbox]
        assert len(mail.outbox) == 3  # the three others

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"reminders_off": True}, "a refusé les relances"),
            ({"done_at": timezone.now()}, "a terminé la formation"),
            ({"opening_sent_at": None}, "pas encore parti"),
        ],
    )
    def test_refused_with_the_reason(self, client, campaign, justice_admin, late, change, message):
        Assignment.objects.filter(pk=late.pk).update(**change)
        client.force_login(justice_admin)
        mail.outbox.clear()
        page = self._relaunch(client, campaign, late).content.decode()
        assert message in page.replace("&#x27;", "'")
        assert not mail.outbox
        assert not AuditEvent.objects.filter(action="prescriptions.relaunch_person").exists()

    def test_a_closed_campaign_is_not_relaunched(self, client, campaign, justice_admin, late):
        Campaign.objects.filter(pk=campaign.pk).update(state="closed")
        client.force_login(justice_admin)
        page = self._relaunch(client, campaign, late).content.decode()
        assert "Seule une campagne ouverte" in page

    def test_who_may(self, client, campaign, agriculture, platform_admin, justice_agents, late):
        url = reverse("prescriptions:relaunch_person", args=[campaign.pk, late.pk])
        client.force_login(justice_agents[0])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
        other = role_holder(
            Role.SPACE_ADMIN, agriculture, actor=platform_admin, email="ref@agriculture.gouv.fr"
        )
        client.force_login(other)
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
        client.force_login(platform_admin)
        assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
        assert client.post(url).status_code == HTTPStatus.FOUND

    def test_an_assignment_of_another_campaign_is_not_found(
        self, client, campaign, justice_admin, justice, training, late
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            other = campaign_create(
                actor=justice_admin,
                training=training,
                **campaign_kwargs(entities=[justice], title="Autre"),
            )
        client.force_login(justice_admin)
        url = reverse("prescriptions:relaunch_person", args=[other.pk, late.pk])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND

    def test_an_administrator_is_limited_per_minute(
        self, client, campaign, justice_admin, justice_agents, settings
    ):
        settings.PRESCRIPTIONS_PERSONAL_RELAUNCH_PER_MINUTE = 1
        cache.clear()
        client.force_login(justice_admin)
        first, second = (campaign.assignments.get(user=u) for u in justice_agents[1:])
        mail.outbox.clear()
        self._relaunch(client, campaign, first)
        page = self._relaunch(client, campaign, second).content.decode()
        assert "Trop de relances en une minute" in page
        assert len(mail.outbox) == 1

    def test_the_send_happens_once(self, campaign, justice_admin, late):
        with TestCase.captureOnCommitCallbacks(execute=False):
            assignment_relaunch(actor=justice_admin, assignment=late)
        mail.outbox.clear()
        assert assignment_relaunch_send(assignment_id=late.pk) is True
        assert assignment_relaunch_send(assignment_id=late.pk) is False
        assert len(mail.outbox) == 1


class TestLargeCampaigns:
    """Past ``PRESCRIPTIONS_LIVE_FIGURES_MAX`` people, the page shows the worker's snapshot
    of the follow-up instead of counting millions of rows at each view."""

    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.PRESCRIPTIONS_LIVE_FIGURES_MAX = 2
        cache.clear()

    def test_the_page_shows_a_snapshot_refreshed_by_the_worker(
        self, client, campaign, justice_admin, session, justice_agents
    ):
        client.force_login(justice_admin)
        page = client.get(campaign.get_absolute_url()).content.decode()
        # Tasks run inline in tests: the first view asked for it and finds it computed.
        assert "Grande campagne (4 personnes) : chiffres au" in page
        assert "4 envoyés · 0 à envoyer" in page
        _finish(justice_agents[0], session)
        page = client.get(campaign.get_absolute_url()).content.decode()
        total = page.split('data-testid="figures-total"')[1].split("</tr>")[0]
        assert "<td>0</td>" in total  # still the snapshot: nobody completed then
        cache.delete(f"prescriptions:follow-up-asked:{campaign.pk}")
        snapshot = cache.get(f"prescriptions:follow-up:{campaign.pk}")
        snapshot.computed_at -= dt.timedelta(minutes=15)
        cache.set(f"prescriptions:follow-up:{campaign.pk}", snapshot)
        page = client.get(campaign.get_absolute_url()).content.decode()
        total = page.split('data-testid="figures-total"')[1].split("</tr>")[0]
        assert "<td>1</td>" in total  # stale: computed again

    def test_before_the_first_snapshot_the_page_says_so(
        self, client, campaign, justice_admin, monkeypatch
    ):
        asked = []
        monkeypatch.setattr(
            "mentor.prescriptions.services.task_dispatch", lambda task, **kw: asked.append(kw)
        )
        client.force_login(justice_admin)
        page = client.get(campaign.get_absolute_url()).content.decode()
        assert "Chiffres en cours de calcul" in page
        client.get(campaign.get_absolute_url())
        assert asked == [{"campaign_id": campaign.pk}]  # asked once per period

    def test_the_list_reads_the_snapshot(
        self, client, campaign, justice_admin, django_assert_num_queries
    ):
        from mentor.prescriptions import selectors  # noqa: PLC0415

        with django_assert_num_queries(1):
            (row,) = selectors.campaign_list(user=justice_admin)
        assert (row.n_assigned, row.n_completed, row.n_sent) == (4, None, None)
        selectors.follow_up_store(campaign)
        (row,) = selectors.campaign_list(user=justice_admin)
        assert (row.n_assigned, row.n_completed, row.n_sent) == (4, 0, 4)
        client.force_login(justice_admin)
        assert client.get(reverse("prescriptions:list")).status_code == HTTPStatus.OK
