"""The learner finishes the last module in two tabs while the path page is open in others:
the linked training and the path are each completed exactly once (real connections; run it
on PostgreSQL with DATABASE_URL for real row locks)."""

import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.paths.services import path_enrol
from tests.factories import EntityFactory, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_last_steps_complete_the_path_once():
    linked = SessionFactory(training=TrainingFactory(title="Laïcité"))
    activity = ActivityFactory(section=SectionFactory(training=linked.training))
    path_session = SessionFactory(training=TrainingFactory(slug="parcours", is_path=True))
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=path_session), title="Socle"
    )
    PathModule.objects.create(section=section, linked_session=linked)
    user = UserFactory(entity=EntityFactory())
    path_enrol(user=user, session_id=path_session.pk)
    linked_enrolment = Enrolment.objects.get(user=user, session=linked)
    path_enrolment = Enrolment.objects.get(user=user, session=path_session)

    login = Client()
    login.force_login(user)
    urls = [f"/apprendre/{linked_enrolment.pk}/{activity.pk}/", "/parcours/parcours/"]
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def step(number: int) -> None:
        try:
            client = Client()
            client.cookies = login.cookies
            barrier.wait(timeout=10)
            statuses.append(client.get(urls[number % 2]).status_code)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=step, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [HTTPStatus.OK] * THREADS
    assert Completion.objects.filter(enrolment=linked_enrolment).count() == 1
    assert Completion.objects.filter(enrolment=path_enrolment).count() == 1
