"""A learning path's progress per module on its reporting page (/pilotage/formation/<slug>/),
for each kind of reader: counted within their scope, linked sessions of other ministries
included, never the other learners of those sessions."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.paths.models import PathModule, PathPlan, PathSection
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed
from tests.reporting.conftest import grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def path_world(justice, agriculture):
    """An Agriculture path with a module linked to a Justice session (another ministry):

    - j (Justice) is credited for it from a 2023 session;
    - a (Agriculture) did it in the linked session;
    - b (Agriculture) has not started it;
    - someone follows the linked session without the path (never counted here).
    """
    laicite = TrainingFactory(title="Laïcité", producer=justice)
    linked = SessionFactory(training=laicite, title="Laïcité 2025")
    today = timezone.localdate()
    earlier = SessionFactory(
        training=laicite,
        title="Laïcité 2023",
        starts_on=today - dt.timedelta(days=900),
        ends_on=today - dt.timedelta(days=800),
    )
    path = TrainingFactory(
        title="Parcours valeurs", slug="parcours-valeurs", producer=agriculture, is_path=True
    )
    path_session = SessionFactory(training=path, title="Parcours 2025")
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=path_session), title="Fondamentaux"
    )
    PathModule.objects.create(section=section, linked_session=linked)
    j = UserFactory(entity=justice)
    a = UserFactory(entity=agriculture)
    b = UserFactory(entity=agriculture)
    completed(j, earlier)
    for person in (j, a, b):
        EnrolmentFactory(user=person, session=path_session)
    completed(a, linked)
    completed(UserFactory(entity=justice), linked)  # not in the path
    return path


def url(path) -> str:
    return reverse("reporting:training", args=[path.slug])


def counts(response) -> tuple:
    [report] = response.context["dash"].paths
    [module] = report.modules
    return report.learners, module.counts["done"], module.counts["credited"], module.counts["todo"]


def test_the_platform_admin_sees_every_learner_of_the_path(client, platform_admin, path_world):
    client.force_login(platform_admin)
    response = client.get(url(path_world))
    assert response.status_code == HTTPStatus.OK
    assert counts(response) == (3, 1, 1, 1)
    body = response.content.decode()
    assert "Progression dans le parcours" in body
    assert "Laïcité 2025" in body and "Acquis antérieurement" in body
    assert "3 personnes inscrites." in body and "achevé le parcours." in body


def test_the_space_admin_of_another_ministry_counts_only_their_people(
    client, justice_admin, path_world
):
    client.force_login(justice_admin)
    response = client.get(url(path_world))
    assert response.status_code == HTTPStatus.OK
    assert counts(response) == (1, 0, 1, 0)  # only j, credited from 2023


def test_the_designer_of_the_path_sees_all_its_learners(client, agriculture_designer, path_world):
    client.force_login(agriculture_designer)
    response = client.get(url(path_world))
    assert response.status_code == HTTPStatus.OK
    assert counts(response) == (3, 1, 1, 1)


def test_a_designer_of_another_ministry_gets_nothing(client, justice, platform_admin, path_world):
    designer = grant(Role.DESIGNER, justice, actor=platform_admin)
    client.force_login(designer)
    assert client.get(url(path_world)).status_code == HTTPStatus.NOT_FOUND


def test_an_agent_is_refused(client, justice, path_world):
    client.force_login(UserFactory(entity=justice))
    assert client.get(url(path_world)).status_code == HTTPStatus.FORBIDDEN


def test_an_ordinary_training_has_no_path_section(client, platform_admin, justice):
    training = TrainingFactory(producer=justice)
    client.force_login(platform_admin)
    response = client.get(reverse("reporting:training", args=[training.slug]))
    assert response.status_code == HTTPStatus.OK
    assert response.context["dash"].paths == []
    assert "Progression dans le parcours" not in response.content.decode()


def test_the_entity_filter_narrows_the_path_learners(
    client, platform_admin, agriculture, path_world
):
    client.force_login(platform_admin)
    response = client.get(url(path_world), {"entity": agriculture.slug})
    assert counts(response) == (2, 1, 0, 1)
