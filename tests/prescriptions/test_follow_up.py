"""The space admin's follow-up: figures rolled up to every level of the tree, the people
who have not finished (overdue), "Relancer" (one e-mail each per round, not to those who
refused reminders), their CSV, and figures that agree with the reporting pages."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.audit.models import AuditEvent
from mentor.enrolments.services import enrolment_create
from mentor.learning.models import Completion
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.selectors import campaign_figures, campaign_late
from mentor.prescriptions.services import assignments_mark_done, campaign_create
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.selectors import Filters, learning_indicator
from tests.factories import UserFactory
from tests.prescriptions.conftest import campaign_kwargs

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
        client.post(reverse("prescriptions:relaunch", args=[campaign.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == first_round  # a new round, once each
    assert AuditEvent.objects.filter(action="prescriptions.relaunch").count() == 2

    export = client.get(reverse("prescriptions:export", args=[campaign.pk]) + "?retard=1")
    body = b"".join(export.streaming_content).decode("utf-8")
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
    other = UserFactory(email="ref@agriculture.gouv.fr", entity=agriculture)
    role_grant(actor=platform_admin, user=other, role=Role.SPACE_ADMIN, entity=agriculture)
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
