import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.learning.models import Completion
from mentor.prescriptions.services import campaign_create
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory


@pytest.fixture
def training(db):
    return TrainingFactory(title="Transition écologique — socle commun")


@pytest.fixture
def session(training):
    return SessionFactory(training=training, starts_on=timezone.localdate())


@pytest.fixture
def justice_agents(justice, penitentiaire):
    return [
        UserFactory(email="a1@justice.gouv.fr", entity=justice),
        UserFactory(email="a2@justice.gouv.fr", entity=justice),
        UserFactory(email="p1@dap.justice.gouv.fr", entity=penitentiaire),
    ]


@pytest.fixture
def outsider(agriculture):
    return UserFactory(email="x@agriculture.gouv.fr", entity=agriculture)


def complete(user, training, *, days_ago=400):
    """The person completed the training in an earlier session."""
    old = SessionFactory(
        training=training,
        starts_on=timezone.localdate() - dt.timedelta(days=days_ago),
        ends_on=timezone.localdate() - dt.timedelta(days=days_ago - 30),
    )
    enrolment = EnrolmentFactory(user=user, session=old)
    return Completion.objects.create(
        enrolment=enrolment, completed_at=timezone.now() - dt.timedelta(days=days_ago - 10)
    )


def campaign_kwargs(**overrides):
    today = timezone.localdate()
    kwargs = {
        "title": "Socle commun 2027",
        "kind": "mandatory",
        "message": "Merci de suivre cette formation.",
        "starts_on": today,
        "due_on": today + dt.timedelta(days=30),
        "entities": [],
        "listed_user_ids": [],
    }
    kwargs.update(overrides)
    return kwargs


@pytest.fixture(autouse=True)
def _private_exports(private_exports):
    """Export files (core.export_jobs) under the test's own folder."""


@pytest.fixture
def campaign(justice_admin, justice, training, session, justice_agents):
    """The Justice referent's campaign for her ministry, opened (4 people assigned)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )


def exported(client, campaign, **data) -> str:
    """Ask for the follow-up's export as the campaign page does; the (eager) worker
    prepares it when the request commits; the job page then offers the file: its text."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("prescriptions:export", args=[campaign.pk]), data)
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(response["Location"])
    assert "Votre export est prêt" in page.content.decode()
    file_url = re.search(r'href="([^"]+/fichier/)"', page.content.decode()).group(1)
    download = client.get(file_url)
    assert download.status_code == HTTPStatus.OK
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(download.streaming_content).decode("utf-8")
