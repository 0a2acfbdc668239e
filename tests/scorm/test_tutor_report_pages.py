"""The tutors' SCORM report beyond one page of learners: DSFR pagination, a constant
number of queries, and the CSV export with every learner."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.scorm.models import Attempt, Runtime
from mentor.scorm.selectors import REPORT_PAGE_SIZE
from tests.factories import UserFactory
from tests.scorm.factories import EnrolmentFactory
from tests.scorm.multisco import multi_12
from tests.scorm.test_structure import _course

pytestmark = pytest.mark.django_db


def _learners(enrolment, activity, scos, count: int) -> None:
    """Learners who played the first SCO once (rows written directly: faster than commits)."""
    for n in range(count):
        learner = EnrolmentFactory(
            session=enrolment.session,
            user=UserFactory(last_name=f"Nom{n:03d}", first_name="Agent"),
        )
        attempt = Attempt.objects.create(enrolment=learner, activity=activity, completed=True)
        Runtime.objects.create(
            enrolment=learner,
            activity=activity,
            attempt=attempt,
            sco=scos["ITEM-INTRO"],
            lesson_status="completed",
            cmi={"cmi": {"interactions": {"0": {"id": f"q{n:03d}"}}}, "mentor": {}},
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries)


def test_pages_of_learners_in_a_constant_number_of_queries(client):
    enrolment, activity, scos = _course(multi_12())
    tutor = UserFactory()
    enrolment.session.tutors.add(tutor)
    client.force_login(tutor)
    url = f"/scorm/tutorat/{enrolment.session_id}/{activity.pk}/"
    _learners(enrolment, activity, scos, 3)
    client.get(url)  # the session's first request stores what it stores once
    few = _queries(client, url)

    _learners(enrolment, activity, scos, REPORT_PAGE_SIZE + 5)

    assert _queries(client, url) == few
    assert _queries(client, f"{url}?page=2") == few
    first = client.get(url).content.decode()
    second = client.get(f"{url}?page=2").content.decode()
    assert 'class="fr-pagination' in first and "Page 1 sur 2" in first
    assert "?page=2" in first
    # 3 + 55 learners played (one attempt each), plus one who did not: 59 on two pages.
    attempts = [page.count('data-testid="scorm-report-attempt"') for page in (first, second)]
    assert sum(attempts) == 58 and attempts[0] >= REPORT_PAGE_SIZE - 1
    assert "Apprenants 51 à 59" in second
    assert client.get(f"{url}?page=abc").status_code == HTTPStatus.OK  # the first page

    csv = client.get(f"{url}interactions.csv").content.decode()
    assert all(f";q{n:03d};" in csv for n in range(REPORT_PAGE_SIZE + 5))
