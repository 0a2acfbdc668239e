"""Several commits of the same learner at once (two tabs, retries, autocommit racing the
final commit): the training completion and its attestation are written exactly once."""

import json
import threading
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client

from mentor.attestations.models import Attestation
from mentor.learning.models import ActivityProgress, Completion
from mentor.scorm.models import Runtime
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.test_runtime import cmi_12

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_completed_commits_write_one_completion():
    training = TrainingFactory()
    activity = ScormActivityFactory(section=SectionFactory(training=training))
    enrolment = EnrolmentFactory(user=UserFactory(), session=SessionFactory(training=training))
    login = Client()
    login.force_login(enrolment.user)
    url = f"/scorm/execution/{enrolment.pk}/{activity.pk}/"
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def commit(number: int) -> None:
        try:
            client = Client()
            client.cookies = login.cookies  # the same signed-in learner, its own connection
            payload = cmi_12(lesson_status="completed", suspend_data=f"onglet={number}")
            barrier.wait(timeout=10)
            response = client.post(url, json.dumps(payload), content_type="application/json")
            statuses.append(response.status_code)
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=commit, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert statuses == [HTTPStatus.OK] * THREADS
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
    assert Attestation.objects.filter(enrolment=enrolment).count() == 1
    assert Runtime.objects.get(enrolment=enrolment, activity=activity).commits == THREADS
    assert (
        ActivityProgress.objects.get(enrolment=enrolment, activity=activity).status == "completed"
    )
