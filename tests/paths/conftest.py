import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from mentor.catalog.models import Training
from mentor.learning.models import Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths import storm
from tests.postgres_cluster import PrivateCluster


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


@pytest.fixture(scope="session")
def _storm_cluster(django_db_setup, django_db_blocker):
    """On PostgreSQL, a private cluster with room for a storm, migrated once per test
    process (see tests/paths/storm.py); nothing on SQLite."""
    if connection.vendor != "postgresql":
        yield None
        return
    with PrivateCluster(max_connections=storm.PRIVATE_MAX_CONNECTIONS) as cluster:
        with django_db_blocker.unblock(), storm.database_moved(cluster.port):
            storm.migrate()
        yield cluster


@pytest.fixture
def storm_connections(transactional_db, _storm_cluster):
    """How many connections the test's storm opens: a hundred on PostgreSQL, where the test
    then runs entirely on the private cluster (emptied afterwards); fewer on SQLite."""
    if _storm_cluster is None:
        yield storm.SQLITE_CONNECTIONS
        return
    with storm.database_moved(_storm_cluster.port):
        try:
            yield storm.POSTGRES_CONNECTIONS
        finally:
            storm.empty()
