import datetime as dt

import pytest
from django.utils import timezone

from mentor.catalog.models import Training
from mentor.learning.models import Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory


def completed(user, session, *, at: dt.datetime | None = None) -> Completion:
    enrolment = EnrolmentFactory(user=user, session=session)
    return Completion.objects.create(enrolment=enrolment, completed_at=at or timezone.now())


@pytest.fixture
def agent(justice):
    return UserFactory(email="agent@justice.gouv.fr", entity=justice)


@pytest.fixture
def laicite(db) -> Training:
    return TrainingFactory(title="Laïcité", slug="laicite")


@pytest.fixture
def laicite_2025(laicite):
    return SessionFactory(training=laicite, title="2025")


@pytest.fixture
def laicite_2023(laicite):
    today = timezone.localdate()
    return SessionFactory(
        training=laicite,
        title="2023",
        starts_on=today - dt.timedelta(days=900),
        ends_on=today - dt.timedelta(days=800),
    )


@pytest.fixture
def path_session(db):
    training = TrainingFactory(title="Parcours valeurs", slug="parcours-valeurs", is_path=True)
    return SessionFactory(training=training, title="Parcours 2025")


@pytest.fixture
def plan(path_session):
    return PathPlan.objects.create(session=path_session)


@pytest.fixture
def section(plan):
    return PathSection.objects.create(plan=plan, title="Les fondamentaux")


@pytest.fixture
def module(section, laicite_2025):
    return PathModule.objects.create(section=section, linked_session=laicite_2025)
