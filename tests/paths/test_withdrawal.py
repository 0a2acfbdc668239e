"""A path completion that relied on a credit is undone, live, when that credit is withdrawn
(the earlier attestation revoked, a tutor's decision, an equivalence removed): audited,
its attestation revoked in the same transaction; done work and credits that expired since
the completion never undo it; completing the path again gets a new attestation."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.attestations.models import Attestation
from mentor.attestations.selectors import attestations_of
from mentor.attestations.services import attestation_issue, attestation_revoke
from mentor.audit.models import AuditEvent
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.learning.services import completion_recheck, completion_refresh
from mentor.paths.authoring import equivalence_declare, equivalence_remove
from mentor.paths.models import CreditRule, Equivalence
from mentor.paths.services import (
    completed_paths_failing,
    manual_credit_set,
    path_completions_recheck,
)
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def deliver(*sessions) -> None:
    for session in sessions:
        session.training.delivers_attestation = True
        session.training.save()


def complete_path(agent, path_session) -> tuple[Enrolment, Attestation]:
    enrolment = Enrolment.objects.filter(user=agent, session=path_session).first()
    enrolment = enrolment or EnrolmentFactory(user=agent, session=path_session)
    completion = completion_refresh(enrolment=enrolment)
    assert completion is not None
    return enrolment, attestation_issue(completion=completion)


class TestRevokedEarlierAttestation:
    def test_undoes_the_path_completion_and_revokes_its_attestation(
        self, client, agent, module, path_session, laicite_2023, platform_admin
    ):
        deliver(laicite_2023, path_session)
        earlier = attestation_issue(completion=completed(agent, laicite_2023))
        enrolment, path_attestation = complete_path(agent, path_session)

        attestation_revoke(actor=platform_admin, attestation=earlier, reason="Fraude.")

        assert not Completion.objects.filter(enrolment=enrolment).exists()
        path_attestation.refresh_from_db()
        assert path_attestation.is_revoked
        assert path_attestation.enrolment_id is None
        assert path_attestation.former_enrolment_id == enrolment.pk
        assert "Fraude." in path_attestation.revoked_reason
        assert path_attestation.revoked_by == platform_admin
        withdrawn = AuditEvent.objects.get(action="learning.completion_withdrawn")
        assert withdrawn.target_id == str(enrolment.pk)
        assert withdrawn.actor == platform_admin
        assert "Fraude." in withdrawn.data["reason"]
        assert AuditEvent.objects.filter(
            action="attestations.revoke", target_id=str(path_attestation.pk)
        ).exists()
        # The number verifies as revoked; the holder still finds it among theirs.
        page = client.get(reverse("attestations:verify_number", args=[path_attestation.number]))
        assert "Attestation révoquée" in page.content.decode()
        assert path_attestation in attestations_of(user=agent)

    def test_completing_again_issues_a_new_attestation(
        self, agent, module, path_session, laicite_2023, laicite_2025, platform_admin
    ):
        deliver(laicite_2023, path_session)
        earlier = attestation_issue(completion=completed(agent, laicite_2023))
        _enrolment, first = complete_path(agent, path_session)
        attestation_revoke(actor=platform_admin, attestation=earlier, reason="Erreur.")

        completed(agent, laicite_2025)  # the agent does the module this time
        _enrolment, second = complete_path(agent, path_session)

        assert second.pk != first.pk and second.number != first.number
        assert not second.is_revoked
        assert "Module « Laïcité » : terminé le" in second.details[0]
        assert {a.pk for a in attestations_of(user=agent)} == {earlier.pk, first.pk, second.pk}

    def test_done_work_keeps_the_path_complete(
        self, agent, module, path_session, laicite_2023, laicite_2025, platform_admin
    ):
        deliver(laicite_2023)
        earlier = attestation_issue(completion=completed(agent, laicite_2023))
        enrolment, _attestation = complete_path(agent, path_session)
        completed(agent, laicite_2025)  # done since, in the linked session

        attestation_revoke(actor=platform_admin, attestation=earlier, reason="Erreur.")

        assert Completion.objects.filter(enrolment=enrolment).exists()
        assert not AuditEvent.objects.filter(action="learning.completion_withdrawn").exists()

    def test_another_agents_path_is_untouched(
        self, agent, module, path_session, laicite_2023, platform_admin, justice
    ):
        deliver(laicite_2023)
        earlier = attestation_issue(completion=completed(agent, laicite_2023))
        complete_path(agent, path_session)
        colleague = UserFactory(entity=justice)
        completed(colleague, laicite_2023)
        theirs, _attestation = complete_path(colleague, path_session)

        attestation_revoke(actor=platform_admin, attestation=earlier, reason="Erreur.")

        assert Completion.objects.filter(enrolment=theirs).exists()


class TestManualDecision:
    def test_withdrawing_a_granted_credit_undoes_the_completion(
        self, agent, module, path_session, platform_admin
    ):
        EnrolmentFactory(user=agent, session=path_session)
        manual_credit_set(
            actor=platform_admin, user=agent, module_id=module.pk, granted=True, reason="VAE."
        )
        enrolment = Enrolment.objects.get(user=agent, session=path_session)
        assert Completion.objects.filter(enrolment=enrolment).exists()

        manual_credit_set(
            actor=platform_admin, user=agent, module_id=module.pk, granted=None, reason="Erreur."
        )

        assert not Completion.objects.filter(enrolment=enrolment).exists()
        event = AuditEvent.objects.get(action="learning.completion_withdrawn")
        assert "Erreur." in event.data["reason"]

    def test_withdrawing_a_computed_credit_undoes_the_completion(
        self, agent, module, path_session, laicite_2023, platform_admin
    ):
        completed(agent, laicite_2023)
        enrolment, _attestation = complete_path(agent, path_session)
        manual_credit_set(
            actor=platform_admin, user=agent, module_id=module.pk, granted=False, reason="Non."
        )
        assert not Completion.objects.filter(enrolment=enrolment).exists()

        # Granting it back completes the path again, at once.
        manual_credit_set(
            actor=platform_admin, user=agent, module_id=module.pk, granted=True, reason="Oui."
        )
        assert Completion.objects.filter(enrolment=enrolment).exists()


class TestEquivalenceRemoved:
    def test_undoes_only_the_completions_that_needed_it(
        self, agent, module, path_session, laicite, laicite_2025, platform_admin, justice
    ):
        module.credit_rule = CreditRule.EQUIVALENT
        module.save()
        other = TrainingFactory(title="Valeurs de la République")
        equivalence = equivalence_declare(
            actor=platform_admin, training=laicite, equivalent_id=other.pk
        )
        completed(agent, SessionFactory(training=other))
        credited, _attestation = complete_path(agent, path_session)
        doer = UserFactory(entity=justice)
        completed(doer, laicite_2025)
        done, _attestation = complete_path(doer, path_session)

        equivalence_remove(actor=platform_admin, equivalence_id=equivalence.pk)

        assert not Equivalence.objects.exists()
        assert not Completion.objects.filter(enrolment=credited).exists()
        assert Completion.objects.filter(enrolment=done).exists()
        event = AuditEvent.objects.get(action="learning.completion_withdrawn")
        assert "équivalence retirée" in event.data["reason"]


class TestWhatNeverUndoes:
    def test_a_credit_expired_since_the_completion_still_counts(
        self, agent, module, path_session, laicite_2023
    ):
        module.validity_years = 3
        module.save()
        now = timezone.now()
        completed(agent, laicite_2023, at=now - dt.timedelta(days=365 * 3 + 100))
        enrolment = EnrolmentFactory(user=agent, session=path_session)
        # Completed a year ago, when the credit was two years old.
        Completion.objects.create(enrolment=enrolment, completed_at=now - dt.timedelta(days=365))

        undone = path_completions_recheck(
            enrolments=Enrolment.objects.filter(pk=enrolment.pk), actor=None, reason="test"
        )

        assert undone == []
        assert Completion.objects.filter(enrolment=enrolment).exists()

    def test_an_ordinary_training_is_never_rechecked(self, agent, laicite_2025):
        done = completed(agent, laicite_2025)
        assert completion_recheck(enrolment=done.enrolment, actor=None, reason="x") is False
        assert Completion.objects.filter(pk=done.pk).exists()


def test_rechecking_a_session_is_set_based(module, path_session, laicite_2025, justice):
    """Re-checking every completed learner of a path session (an equivalence withdrawn) is
    a fixed number of queries whatever their number; only the falling ones are locked."""

    def learner() -> None:
        person = UserFactory(entity=justice)
        completed(person, laicite_2025)
        complete_path(person, path_session)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            failing = completed_paths_failing(Enrolment.objects.filter(session=path_session))
        assert failing == []
        return len(captured.captured_queries)

    learner()
    few = queries()
    for _ in range(6):
        learner()
    assert queries() == few
