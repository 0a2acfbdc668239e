"""Read-only admin lists scoped to the admin's entities, and the reads "Mes formations" needs
(attestation and survey state of every enrolment without extra queries per row)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.attestations.services import attestation_issue
from mentor.enrolments.models import Enrolment
from mentor.surveys.models import SurveyResponse
from mentor.surveys.services import survey_answer
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, TrainingFactory, UserFactory

SNIPPET = Template(
    "{% for enrolment in items %}{% if enrolment.completion %}"
    "{% if enrolment.attestation and not enrolment.attestation.is_revoked %}"
    "[pdf {% url 'attestations:download' enrolment.pk %}]{% endif %}"
    "{% if not enrolment.survey_answered %}[avis {% url 'surveys:answer' enrolment.pk %}]{% endif %}"
    "{% else %}[en cours]{% endif %}{% endfor %}"
)


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
def test_my_trainings_can_show_both_links_in_a_fixed_number_of_queries(justice):
    """The reads the lead's "Mes formations" snippet relies on (see the report)."""
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
    rows = (
        Enrolment.objects.filter(user=agent)
        .select_related("session__training", "completion", "attestation")
        .annotate(
            survey_answered=Exists(
                SurveyResponse.objects.filter(
                    user=OuterRef("user"), training=OuterRef("session__training")
                )
            )
        )
        .order_by("pk")
    )
    with CaptureQueriesContext(connection) as queries:
        out = SNIPPET.render(Context({"items": list(rows)}))
    assert len(queries) == 1
    assert out == (
        f"[pdf /attestations/{done.pk}/telecharger/][avis /questionnaires/{done.pk}/]"
        f"[pdf /attestations/{answered.pk}/telecharger/]"
        f"[avis /questionnaires/{no_attestation.pk}/]"
        "[en cours]"
    )
    assert ongoing.pk
