"""A domain refusal escaping any view is shown once, the same way everywhere: its French
message, nothing changed, never a 500."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.catalog.models import Session, SessionState
from mentor.core.errors import Refusal
from mentor.enrolments.models import Enrolment
from mentor.enrolments.services import EnrolmentError
from mentor.learning.services import LearningError
from mentor.scorm.manifest import ScormImportError
from tests.factories import SessionFactory, TrainingFactory, UserFactory

CLOSED = "Les inscriptions à cette session sont fermées."


@pytest.fixture
def closed(justice):
    session = SessionFactory(training=TrainingFactory(producer=justice), capacity=2)
    Session.objects.filter(pk=session.pk).update(state=SessionState.CLOSED)
    return session


@pytest.fixture
def agent(justice, client):
    user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
    client.force_login(user)
    return user


def test_every_domain_error_is_a_refusal_with_its_message():
    for error in (EnrolmentError, LearningError, ScormImportError):
        assert issubclass(error, Refusal)
        assert str(error("Message en français.")) == "Message en français."


@pytest.mark.django_db
class TestShownOnce:
    def test_a_form_posted_from_a_page_goes_back_to_it_with_the_message(
        self, client, agent, closed
    ):
        sheet = closed.training.get_absolute_url()
        url = reverse("enrolments:enrol", args=[closed.pk])
        response = client.post(url, HTTP_REFERER=f"http://testserver{sheet}", follow=True)
        assert response.redirect_chain[0][0].endswith(sheet)
        assert CLOSED in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_a_foreign_referer_is_not_followed(self, client, agent, closed):
        url = reverse("enrolments:enrol", args=[closed.pk])
        response = client.post(url, HTTP_REFERER="https://evil.example/")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.content.decode()
        assert "Action impossible" in body and CLOSED in body

    def test_a_json_caller_gets_the_message_as_json(self, client, agent, closed):
        url = reverse("enrolments:enrol", args=[closed.pk])
        response = client.post(url, HTTP_ACCEPT="application/json")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json() == {"detail": CLOSED}
        assert not Enrolment.objects.exists()
