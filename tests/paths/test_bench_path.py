"""The benchmark's national path (the surge enrols in it live): built once, delivering an
attestation; enrolment in it completes it with the national training, once; the next run
starts afresh (the bench itself is not run)."""

import pytest
from django.utils import timezone

from bench.fixtures import national_path
from mentor.attestations.models import Attestation
from mentor.catalog.models import Session
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.learning.services import completion_evaluate
from mentor.paths.models import PathModule
from mentor.paths.services import path_enrol
from tests.factories import EntityFactory, SessionFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_national_path_is_idempotent_and_completes_with_the_national_training(
    django_capture_on_commit_callbacks,
):
    national = SessionFactory()
    agents = [UserFactory(entity=EntityFactory()) for _ in range(3)]
    first = national_path(national, [a.pk for a in agents])
    # load_demo gives the path, like every training without content, a demo course.
    path = Session.objects.get(pk=first["session"]).training
    ActivityFactory(section=SectionFactory(training=path), required=True)
    again = national_path(national, [a.pk for a in agents])
    assert first == again
    assert PathModule.objects.get().linked_session == national
    assert not Enrolment.objects.filter(session_id=first["session"]).exists()  # enrolled live

    path_enrol(user=agents[0], session_id=first["session"])
    Completion.objects.create(  # enrolled in the national session by the path
        enrolment=Enrolment.objects.get(user=agents[0], session=national),
        completed_at=timezone.now(),
    )
    path_enrolment = Enrolment.objects.get(user=agents[0], session_id=first["session"])
    with django_capture_on_commit_callbacks(execute=True):  # the attestation follows
        assert completion_evaluate(path_enrolment) is not None
    assert Attestation.objects.filter(enrolment=path_enrolment).count() == 1

    national_path(national, [a.pk for a in agents])  # the next run starts afresh
    assert not Completion.objects.filter(enrolment__session_id=first["session"]).exists()
    assert not Attestation.objects.filter(enrolment__session_id=first["session"]).exists()
    path_enrolment.refresh_from_db()
    assert path_enrolment.status == Enrolment.Status.CANCELLED
    assert Session.objects.get(pk=first["session"]).seats_taken == 0
