"""Read-only admin lists scoped to the admin's entities, and the reads "Mes formations" needs
(attestation and survey state of every enrolment without extra queries per row)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.attestations.models import Attestation
from mentor.attestations.services import attestation_issue
from mentor.enrolments.completion_offers import completion_offers
from mentor.enrolments.selectors import my_trainings
from mentor.surveys.services import survey_answer
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, TrainingFactory, UserFactory


def _issued(training, user=None):
    enrolment = EnrolmentFactory(
        session=SessionFactory(training=training), **({"user": user} if user else {})
    )
    return enrolment, attestation_issue(completion=complete(enrolment))


@pytest.mark.django_db
class TestAdmin:
    def test_lists_are_scoped_and_read_only(
        self, client, justice, agriculture, justice_admin, platform_admin
    ):
        _, mine = _issued(TrainingFactory(producer=justice))
        _, theirs = _issued(TrainingFactory(producer=agriculture))
        url = reverse("admin:attestations_attestation_changelist")
        client.force_login(justice_admin)
        body = client.get(url).content.decode()
        assert mine.number in body and theirs.number not in body
        assert (
            client.get(reverse("admin:attestations_attestation_add")).status_code
            == HTTPStatus.FORBIDDEN
        )
        client.force_login(platform_admin)
        body = client.get(url).content.decode()
        assert mine.number in body and theirs.number in body
        for name in ("surveyquestion", "surveyresponse"):
            assert (
                client.get(reverse(f"admin:surveys_{name}_changelist")).status_code == HTTPStatus.OK
            )


@pytest.mark.django_db
def test_my_trainings_offers_come_from_the_registry_in_a_fixed_number_of_queries(justice):
    """Attestation and survey links of every row of "Mes formations": one query for the
    enrolments, one per registered offer provider, two for the progress of every card,
    whatever the number of rows."""
    agent = UserFactory(entity=justice)
    done, _ = _issued(TrainingFactory(producer=justice), user=agent)
    answered, _ = _issued(TrainingFactory(producer=justice), user=agent)
    survey_answer(enrolment=answered, data={"satisfaction": 5, "adapted": True, "reuse": True})
    no_attestation = EnrolmentFactory(
        user=agent,
        session=SessionFactory(
            training=TrainingFactory(producer=justice, delivers_attestation=False)
        ),
    )
    complete(no_attestation)
    ongoing = EnrolmentFactory(user=agent)
    with CaptureQueriesContext(connection) as queries:
        mine = my_trainings(user=agent)
    assert len(queries) == 5
    offers = {
        e.pk: [(o.key, o.url) for o in e.offers]
        for e in mine.current + mine.upcoming + mine.finished
    }
    assert offers == {
        done.pk: [
            ("attestation", f"/attestations/{done.pk}/telecharger/"),
            ("survey", f"/questionnaires/{done.pk}/"),
        ],
        answered.pk: [("attestation", f"/attestations/{answered.pk}/telecharger/")],
        no_attestation.pk: [("survey", f"/questionnaires/{no_attestation.pk}/")],
        ongoing.pk: [],
    }


@pytest.mark.django_db
def test_mes_formations_and_the_player_agree_on_a_due_attestation(client, justice):
    """The attestation task has not run yet: both screens offer the download (which issues
    it), where "Mes formations" used to wait for the task."""
    agent = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(user=agent, session=SessionFactory(training=TrainingFactory()))
    complete(enrolment)
    assert not Attestation.objects.filter(enrolment=enrolment).exists()
    download = reverse("attestations:download", args=[enrolment.pk])
    client.force_login(agent)
    assert download in client.get(reverse("enrolments:mine")).content.decode()
    offers = completion_offers(completed=[enrolment])[enrolment.pk]
    assert [o.key for o in offers] == ["attestation", "survey"]
