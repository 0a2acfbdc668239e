"""An earlier attestation is revoked while the agent finishes the module it credited, in
other tabs, with the path page open in more: whatever the order, the path ends completed
exactly once with exactly one valid attestation (real connections; run it on PostgreSQL
with DATABASE_URL for real row locks)."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from mentor.attestations.models import Attestation
from mentor.attestations.services import attestation_issue, attestation_revoke
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.paths.services import path_enrol
from tests.factories import EntityFactory, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory
from tests.paths.conftest import completed

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_revocation_racing_the_last_step_leaves_one_completion_and_one_attestation():
    laicite = TrainingFactory(title="Laïcité", delivers_attestation=True)
    current = SessionFactory(training=laicite, title="2025")
    earlier_session = SessionFactory(training=laicite, title="2023")
    activity = ActivityFactory(section=SectionFactory(training=laicite))
    path_session = SessionFactory(
        training=TrainingFactory(slug="parcours", is_path=True, delivers_attestation=True)
    )
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=path_session), title="Socle"
    )
    PathModule.objects.create(section=section, linked_session=current)
    user = UserFactory(entity=EntityFactory())
    admin = UserFactory(is_superuser=True, is_staff=True)
    earlier = attestation_issue(completion=completed(user, earlier_session))
    path_enrol(user=user, session_id=path_session.pk)  # complete at once: credited
    path_enrolment = Enrolment.objects.get(user=user, session=path_session)
    assert Completion.objects.filter(enrolment=path_enrolment).exists()
    assert Attestation.objects.filter(enrolment=path_enrolment).exists()
    redo = EnrolmentFactory(user=user, session=current)  # redoing the credited module

    login = Client()
    login.force_login(user)
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def step(number: int) -> None:
        try:
            client = Client()
            client.cookies = login.cookies
            barrier.wait(timeout=20)
            if number == 0:
                attestation_revoke(actor=admin, attestation=earlier, reason="Erreur de saisie.")
                statuses.append(HTTPStatus.OK)
            elif number % 3 == 1:
                statuses.append(client.get(f"/apprendre/{redo.pk}/{activity.pk}/").status_code)
            else:
                statuses.append(client.get("/parcours/parcours/").status_code)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=step, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [HTTPStatus.OK] * THREADS
    assert Completion.objects.filter(enrolment=redo).count() == 1
    # Done in the linked session now: the path is complete, once, with one valid attestation.
    assert Completion.objects.filter(enrolment=path_enrolment).count() == 1
    valid = Attestation.objects.filter(enrolment=path_enrolment, revoked_at__isnull=True)
    assert valid.count() == 1
    withdrawn = Attestation.objects.filter(former_enrolment=path_enrolment)
    assert withdrawn.count() <= 1 and all(a.is_revoked for a in withdrawn)
