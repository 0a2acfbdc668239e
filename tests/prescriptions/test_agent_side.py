"""The agent's side: unenrolling keeps a prescription open (and says so), and the "due
soon" selector the signed-in home page reads."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.enrolments.services import enrolment_create
from mentor.prescriptions.models import Campaign
from mentor.prescriptions.selectors import due_soon, my_prescriptions
from mentor.prescriptions.services import assignments_mark_done, campaign_close, campaign_create
from tests.prescriptions.conftest import campaign_kwargs

pytestmark = pytest.mark.django_db


def create(**kwargs) -> Campaign:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(**kwargs)


def test_unenrolling_keeps_the_mandatory_assignment_open_and_says_so(
    client, justice_admin, justice, training, session, justice_agents
):
    agent = justice_agents[0]
    campaign = create(actor=justice_admin, training=training, **campaign_kwargs(entities=[justice]))
    enrolment_create(user=agent, session_id=session.pk)
    client.force_login(agent)
    response = client.post(reverse("enrolments:unenrol", args=[session.pk]), follow=True)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Votre désinscription a été enregistrée." in page
    assert "vous reste prescrite (obligatoire)" in page
    assignment = campaign.assignments.get(user=agent)
    assert assignment.done_at is None
    assert [a.pk for a in my_prescriptions(user=agent)] == [assignment.pk]


def test_unenrolling_from_a_training_nobody_prescribed_says_nothing_more(
    client, justice_agents, session
):
    agent = justice_agents[0]
    enrolment_create(user=agent, session_id=session.pk)
    client.force_login(agent)
    page = client.post(reverse("enrolments:unenrol", args=[session.pk]), follow=True)
    assert "vous reste prescrite" not in page.content.decode()


def test_due_soon_lists_what_is_left_soonest_first(
    justice_admin, justice, training, justice_agents, django_assert_num_queries
):
    agent = justice_agents[0]
    today = timezone.localdate()
    later = create(
        actor=justice_admin,
        training=training,
        **campaign_kwargs(
            entities=[justice], title="Dans 20 jours", due_on=today + dt.timedelta(20)
        ),
    )
    sooner = create(
        actor=justice_admin,
        training=training,
        **campaign_kwargs(entities=[justice], title="Dans 5 jours", due_on=today + dt.timedelta(5)),
    )
    create(
        actor=justice_admin,
        training=training,
        **campaign_kwargs(
            entities=[justice], title="Dans 90 jours", due_on=today + dt.timedelta(90)
        ),
    )
    with django_assert_num_queries(1):
        titles = [a.campaign.title for a in due_soon(user=agent)]
    assert titles == [sooner.title, later.title]
    campaign_close(actor=justice_admin, campaign=sooner)
    assert [a.campaign.title for a in due_soon(user=agent)] == [later.title]
    assignments_mark_done(user_id=agent.pk, training_id=training.pk, at=timezone.now())
    assert due_soon(user=agent) == []
