"""The /parcours/ index: the paths one follows and the open paths of the offer."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.paths.models import PathModule, PathPlan, PathSection
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db
INDEX = reverse("paths:index")


def open_path(title: str, **training) -> PathModule:
    session = SessionFactory(training=TrainingFactory(title=title, is_path=True, **training))
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=session), title="Modules"
    )
    return PathModule.objects.create(section=section, linked_session=SessionFactory())


def test_visitor_sees_the_open_interministerial_paths(client, module, agriculture):
    open_path("Parcours interne agriculture", owner_entity=agriculture)
    page = client.get(INDEX)
    assert page.status_code == HTTPStatus.OK
    assert "Parcours valeurs" in page.text
    assert "Parcours interne agriculture" not in page.text
    assert "Les parcours que vous suivez" not in page.text


def test_agent_sees_the_paths_followed_apart_from_the_offer(client, agent, module, path_session):
    other = open_path("Parcours management")
    EnrolmentFactory(user=agent, session=path_session)
    client.force_login(agent)
    page = client.get(INDEX).text
    mine, offer = page.split('data-testid="open-paths"')
    assert "Parcours valeurs" in mine and "ou acquis sur 1" in mine
    assert "Parcours management" in offer and "Parcours valeurs" not in offer
    assert reverse("paths:detail", args=[other.section.plan.session.training.slug]) in offer


def test_other_user_without_entity_sees_no_offer(client, module):
    client.force_login(UserFactory(email="x@gmail.com", entity=None))
    page = client.get(INDEX).text
    assert "Parcours valeurs" not in page
    assert "Aucun autre parcours" in page


def test_header_links_to_the_index(client, db):
    assert f'href="{INDEX}"' in client.get(reverse("catalog:home")).text


def test_query_count_does_not_grow_with_paths(client, agent, module, path_session):
    EnrolmentFactory(user=agent, session=path_session)
    client.force_login(agent)

    def queries() -> int:
        client.get(INDEX)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INDEX).status_code == HTTPStatus.OK
        return len(captured.captured_queries)

    before = queries()
    for n in range(4):
        extra = open_path(f"Parcours {n}")
        EnrolmentFactory(user=agent, session=extra.section.plan.session)
        open_path(f"Parcours ouvert {n}")
    assert queries() == before
