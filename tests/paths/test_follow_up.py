"""Tutors and admins follow a path's learners and decide credits by hand."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.audit.models import AuditEvent
from mentor.paths.models import ManualCredit
from tests.factories import UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor(path_session, justice):
    user = UserFactory(email="tutrice@justice.gouv.fr", entity=justice)
    path_session.tutors.add(user)
    return user


@pytest.fixture
def learner(agent, path_session):
    EnrolmentFactory(user=agent, session=path_session)
    return agent


def follow_url(session) -> str:
    return reverse("paths:follow_up", args=[session.training.slug, session.pk])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("tutor", HTTPStatus.OK),
        ("platform_admin", HTTPStatus.OK),
        ("learner", HTTPStatus.NOT_FOUND),
        ("justice_admin", HTTPStatus.NOT_FOUND),  # not the path's scope (DGAFP-like producer)
    ],
)
def test_who_follows_the_path(client, request, module, learner, who, status, path_session):
    client.force_login(request.getfixturevalue(who))
    assert client.get(follow_url(path_session)).status_code == status


def test_tutor_sees_path_learners_only_with_linked_module_states(
    client, tutor, learner, module, laicite_2023, laicite_2025, path_session, justice
):
    completed(learner, laicite_2023)
    outsider = UserFactory(email="hors-parcours@justice.gouv.fr", entity=justice)
    EnrolmentFactory(user=outsider, session=laicite_2025)
    client.force_login(tutor)
    page = client.get(follow_url(path_session)).text
    assert f'data-testid="learner-{learner.pk}"' in page
    assert 'data-state="credited"' in page
    assert f'data-testid="learner-{outsider.pk}"' not in page


def test_tutor_grants_a_credit_with_reason(client, tutor, learner, module, path_session):
    client.force_login(tutor)
    response = client.post(
        reverse("paths:credit_decide", args=[path_session.training.slug, path_session.pk]),
        {"user": learner.pk, "module": module.pk, "decision": "grant", "reason": "Diplôme"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ManualCredit.objects.get(user=learner, module=module).granted
    assert AuditEvent.objects.filter(action="paths.credit_granted", actor=tutor).exists()


def test_missing_reason_is_refused_in_french(client, tutor, learner, module, path_session):
    client.force_login(tutor)
    response = client.post(
        reverse("paths:credit_decide", args=[path_session.training.slug, path_session.pk]),
        {"user": learner.pk, "module": module.pk, "decision": "grant", "reason": ""},
        HTTP_REFERER=follow_url(path_session),
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    assert "Indiquez le motif" in response.text
    assert not ManualCredit.objects.exists()
