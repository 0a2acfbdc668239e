"""Designers build a path: scope of the page and of the sessions they may link."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.paths.authoring import linkable_sessions, path_module_add
from mentor.paths.models import PathModule, PathSection
from mentor.paths.services import PathError
from tests.factories import SessionFactory, TrainingFactory, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def dgafp_designer(path_session, platform_admin):
    producer = path_session.training.producer
    return role_holder(Role.DESIGNER, producer, actor=platform_admin)


def design_url(session) -> str:
    return reverse("paths:design", kwargs={"slug": session.training.slug})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("platform_admin", HTTPStatus.OK),
        ("dgafp_designer", HTTPStatus.OK),
        ("agent", HTTPStatus.NOT_FOUND),
        ("justice_admin", HTTPStatus.NOT_FOUND),
    ],
)
def test_who_may_design_the_path(client, request, path_session, section, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(design_url(path_session)).status_code == status


def test_designer_builds_a_section_and_a_module(client, dgafp_designer, path_session, laicite_2025):
    client.force_login(dgafp_designer)
    client.post(
        reverse("paths:section_create", args=[path_session.training.slug]),
        {"session": path_session.pk, "title": "Socle"},
    )
    section = PathSection.objects.get(plan__session=path_session, title="Socle")
    response = client.post(
        reverse("paths:module_add", args=[path_session.training.slug]),
        {
            "section": section.pk,
            "linked_session": laicite_2025.pk,
            "required": "on",
            "credit_rule": "same_training",
            "validity_years": "3",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    module = PathModule.objects.get(section=section)
    assert (module.linked_session, module.validity_years) == (laicite_2025, 3)
    page = client.get(design_url(path_session)).text
    assert f'data-testid="design-module-{module.pk}"' in page


def test_internal_offer_of_another_ministry_cannot_be_linked(
    dgafp_designer, section, justice, path_session
):
    internal = SessionFactory(training=TrainingFactory(owner_entity=justice, producer=justice))
    assert internal not in linkable_sessions(user=dgafp_designer, path=path_session.training)
    with pytest.raises(PathError):
        path_module_add(
            actor=dgafp_designer,
            section_id=section.pk,
            linked_session_id=internal.pk,
            required=True,
            credit_rule="same_training",
            validity_years=None,
        )
    assert not PathModule.objects.exists()


def test_justice_admin_may_link_their_internal_offer(justice_admin, path_session, justice):
    internal = SessionFactory(training=TrainingFactory(owner_entity=justice, producer=justice))
    assert internal in linkable_sessions(user=justice_admin, path=path_session.training)


def test_refused_module_shows_a_french_message(client, dgafp_designer, section, path_session):
    client.force_login(dgafp_designer)
    response = client.post(
        reverse("paths:module_add", args=[path_session.training.slug]),
        {"section": section.pk, "linked_session": "999999", "credit_rule": "same_training"},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    assert "Choisissez une session" in response.text
    assert not PathModule.objects.exists()


def test_course_page_shows_the_path_card(client, dgafp_designer, path_session):
    client.force_login(dgafp_designer)
    page = client.get(reverse("learning:authoring", args=[path_session.training.slug])).text
    assert 'data-testid="path-design-link"' in page
