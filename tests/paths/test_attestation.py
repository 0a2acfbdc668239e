"""Revoking earlier work withdraws its credit in every path; the path's attestation lists
its modules and which were credited from earlier work."""

import datetime as dt

import pytest

from mentor.attestations.models import Attestation
from mentor.attestations.pdf import attestation_pdf
from mentor.attestations.services import attestation_issue, attestation_revoke
from mentor.learning.services import completion_refresh
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.paths.selectors import ModuleState, module_states
from tests.attestations.test_attestations import pdf_text
from tests.factories import SessionFactory, TrainingFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def state(agent, *modules) -> list[str]:
    modules = list(PathModule.objects.filter(pk__in=[m.pk for m in modules]).order_by("pk"))
    states = module_states(modules=modules, user_ids=[agent.pk])
    return [states[(agent.pk, m.pk)].state for m in modules]


class TestRevocation:
    def test_revoking_the_attestation_withdraws_the_credit_in_every_path(
        self, agent, module, laicite_2023, platform_admin
    ):
        laicite_2023.training.delivers_attestation = True
        laicite_2023.training.save()
        earlier = completed(agent, laicite_2023)
        # Another path links the same training: the credit is used twice.
        other_path = SessionFactory(training=TrainingFactory(is_path=True))
        other_section = PathSection.objects.create(
            plan=PathPlan.objects.create(session=other_path), title="Valeurs"
        )
        other = PathModule.objects.create(
            section=other_section, linked_session=module.linked_session
        )
        assert state(agent, module, other) == [ModuleState.CREDITED] * 2

        attestation = attestation_issue(completion=earlier)
        attestation_revoke(actor=platform_admin, attestation=attestation, reason="Fraude.")

        assert state(agent, module, other) == [ModuleState.TODO] * 2

    def test_a_completion_removed_withdraws_the_credit(self, agent, module, laicite_2023):
        earlier = completed(agent, laicite_2023)
        assert state(agent, module) == [ModuleState.CREDITED]
        earlier.delete()
        assert state(agent, module) == [ModuleState.TODO]


def test_the_path_attestation_lists_its_modules_and_the_credited_one(
    agent, module, section, path_session, laicite_2023
):
    path = path_session.training
    path.delivers_attestation = True
    path.save()
    completed(agent, laicite_2023, at=dt.datetime(2023, 3, 12, 10, 30, tzinfo=dt.UTC))
    ethics = SessionFactory(training=TrainingFactory(title="Déontologie"))
    PathModule.objects.create(section=section, linked_session=ethics)
    completed(agent, ethics)
    enrolment = EnrolmentFactory(user=agent, session=path_session)

    completion = completion_refresh(enrolment=enrolment)
    assert completion is not None
    attestation = attestation_issue(completion=completion)

    assert attestation.details == [
        "Modules du parcours :",
        "Laïcité : acquis antérieurement (2023, 12 mars 2023)",
        "Déontologie : terminé",
    ]
    text = pdf_text(attestation_pdf(attestation, verify_url="https://example.test/v"))
    assert b"acquis ant" in text and b"12 mars 2023" in text
    # A training that is not a path lists nothing.
    plain = completed(agent, SessionFactory(training=TrainingFactory(delivers_attestation=True)))
    assert attestation_issue(completion=plain).details == []
    assert Attestation.objects.count() == 2
