import datetime as dt

import pytest
from django.utils import timezone

from mentor.learning.models import Completion
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
