"""Which attempt counts for completion, and review mode (a finished attempt re-opened
without changing it; the designer's preview in browse mode)."""

import json
import re
from decimal import Decimal
from http import HTTPStatus

import pytest

from mentor.learning.models import ActivityProgress
from mentor.scorm import rollup
from mentor.scorm.cmi import CommitError
from mentor.scorm.models import Options, Runtime
from mentor.scorm.services import attempt_start_new
from tests.scorm.multisco import multi_12, multi_2004
from tests.scorm.test_structure import _commit, _course

pytestmark = pytest.mark.django_db

D = Decimal


def _finish_12(enrolment, activity, scos, attempt, raw):
    for identifier in ("ITEM-INTRO", "ITEM-QUIZ", "ITEM-END"):
        _commit(
            enrolment,
            activity,
            scos[identifier],
            {"core": {"lesson_status": "completed", "score": {"raw": raw}}},
            attempt=attempt,
            terminate=True,
        )


def _cmi(html: str, activity) -> dict:
    match = re.search(
        rf'<script id="scorm-cmi-{activity.pk}" type="application/json">(.*?)</script>', html
    )
    assert match, "no CMI in the page"
    return json.loads(match.group(1))


class TestCountedStatus:
    ATTEMPTS = [(D("50"), True, False), (D("90"), True, True), (D("70"), False, False)]

    @pytest.mark.parametrize(
        ("which", "grading", "expected"),
        [
            ("any", "highest", (True, True)),
            ("first", "highest", (True, False)),
            ("graded", "highest", (True, True)),
            ("graded", "first", (True, False)),
            ("graded", "last", (False, False)),
            ("graded", "average", (True, True)),
        ],
    )
    def test_which_attempt_counts(self, which, grading, expected):
        assert rollup.counted_status(self.ATTEMPTS, which=which, grading=grading) == expected

    def test_no_attempt(self):
        assert rollup.counted_status([], which="any", grading="highest") == (False, False)


class TestCompletionAttempt:
    @pytest.mark.parametrize(("which", "passed"), [("any", True), ("first", False)])
    def test_a_failed_first_attempt_then_a_passed_one(self, which, passed):
        enrolment, activity, scos = _course(multi_12(), completion_rule="scorm_passed")
        Options.objects.create(activity=activity, completion_attempt=which, grading="last")
        _finish_12(enrolment, activity, scos, 1, "50")  # below the quiz's mastery score: failed
        attempt_start_new(enrolment=enrolment, activity=activity)
        _finish_12(enrolment, activity, scos, 2, "90")

        progress = ActivityProgress.objects.get(activity=activity)
        assert (progress.status == "completed") is passed
        assert progress.score == D("90.00")  # the last attempt's, whatever counts for completion

    def test_the_option_is_on_the_designers_page(self, client, platform_admin):
        _enrolment, activity, _scos = _course(multi_12())
        client.force_login(platform_admin)
        url = f"/scorm/conception/{activity.pk}/"

        assert "tentative qui compte pour l’achèvement" in client.get(url).content.decode().lower()
        response = client.post(
            url,
            {
                "attempt_policy": "choice",
                "grading": "highest",
                "completion_attempt": "first",
                "display": "page",
            },
        )

        assert response.status_code == HTTPStatus.FOUND
        assert Options.objects.get(activity=activity).completion_attempt == "first"


class TestReviewMode:
    def test_a_finished_attempt_is_reviewed_without_a_commit_address(self, client):
        enrolment, activity, scos = _course(multi_12())
        _finish_12(enrolment, activity, scos, 1, "80")
        client.force_login(enrolment.user)
        base = f"/apprendre/{enrolment.pk}/{activity.pk}/"

        normal = client.get(base).content.decode()
        assert f"{base}?tentative=1&amp;revoir=1" in normal  # offered in the attempts list
        html = client.get(
            f"{base}?tentative=1&revoir=1&sco={scos['ITEM-QUIZ'].pk}"
        ).content.decode()

        assert 'data-testid="scorm-review"' in html
        assert 'data-commit-url=""' in html
        cmi = _cmi(html, activity)
        assert cmi["core"]["lesson_mode"] == "review"
        assert cmi["core"]["credit"] == "no-credit"
        assert cmi["core"]["lesson_status"] == "passed"  # its data as it was
        assert "&amp;revoir=1" in html.split('data-plan-url="', 1)[1].split('"', 1)[0]

    def test_an_earlier_attempt_is_always_reviewed_and_never_changed(self, client):
        enrolment, activity, scos = _course(multi_12())
        _finish_12(enrolment, activity, scos, 1, "80")
        attempt_start_new(enrolment=enrolment, activity=activity)
        client.force_login(enrolment.user)
        before = list(Runtime.objects.filter(attempt__number=1).values_list("cmi", flat=True))

        html = client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/?tentative=1").content.decode()

        assert 'data-testid="scorm-review"' in html
        assert 'data-testid="scorm-new-attempt"' not in html
        with pytest.raises(CommitError, match="ne peut plus être modifiée"):
            _commit(
                enrolment,
                activity,
                scos["ITEM-QUIZ"],
                {"core": {"lesson_status": "failed"}},
                attempt=1,
            )
        after = list(Runtime.objects.filter(attempt__number=1).values_list("cmi", flat=True))
        assert after == before

    def test_the_last_attempt_resumes_in_normal_mode(self, client):
        enrolment, activity, scos = _course(multi_2004())
        _commit(enrolment, activity, scos["ITEM-A"], {"completion_status": "incomplete"})
        client.force_login(enrolment.user)

        html = client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/").content.decode()

        assert 'data-testid="scorm-review"' not in html
        assert _cmi(html, activity)["mode"] == "normal"
        assert _cmi(html, activity)["credit"] == "credit"

    def test_review_in_2004_and_a_learner_cannot_review_anothers_attempt(self, client):
        enrolment, activity, scos = _course(multi_2004())
        for identifier in ("ITEM-A", "ITEM-B"):
            _commit(
                enrolment,
                activity,
                scos[identifier],
                {"completion_status": "completed", "success_status": "passed"},
                terminate=True,
            )
        client.force_login(enrolment.user)
        url = f"/apprendre/{enrolment.pk}/{activity.pk}/?tentative=1&revoir=1"

        assert _cmi(client.get(url).content.decode(), activity)["mode"] == "review"
        other, _activity, _scos = _course(multi_2004())
        client.force_login(other.user)
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND


class TestBrowseMode:
    def test_the_designers_preview_is_in_browse_mode(self, client, platform_admin):
        _enrolment, activity, _scos = _course(multi_12())
        client.force_login(platform_admin)

        html = client.get(
            f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/"
        ).content.decode()

        cmi = _cmi(html, activity)
        assert (cmi["core"]["lesson_mode"], cmi["core"]["credit"]) == ("browse", "no-credit")
