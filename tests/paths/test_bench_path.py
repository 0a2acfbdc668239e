"""The benchmark's national path (the surge follows it): built once, its agents enrolled,
and it completes with the national training (the bench itself is not run)."""

import pytest
from django.utils import timezone

from bench.fixtures import national_path
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.learning.services import completion_evaluate
from mentor.paths.models import PathModule
from tests.factories import SessionFactory, UserFactory
from tests.learning.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_national_path_is_idempotent_and_completes_with_the_national_training():
    national = SessionFactory()
    agents = [UserFactory() for _ in range(3)]
    first = national_path(national, [a.pk for a in agents])
    again = national_path(national, [a.pk for a in agents])
    assert first == again
    assert PathModule.objects.get().linked_session == national
    assert Enrolment.objects.filter(session_id=first["session"]).count() == 3

    Completion.objects.create(
        enrolment=EnrolmentFactory(user=agents[0], session=national), completed_at=timezone.now()
    )
    path_enrolment = Enrolment.objects.get(user=agents[0], session_id=first["session"])
    assert completion_evaluate(path_enrolment) is not None
    national_path(national, [a.pk for a in agents])  # the next run starts afresh
    assert not Completion.objects.filter(enrolment__session_id=first["session"]).exists()
