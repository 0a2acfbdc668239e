"""The SCORM runtime: commits from scorm-again are validated, stored, turned into progress
and completion; the player resumes from what was stored."""

import json
from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db.models import F
from django.test import Client

from mentor.learning.models import ActivityProgress, Completion
from mentor.scorm.content import grant_read
from mentor.scorm.models import Runtime
from mentor.scorm.selectors import player_context
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import (
    EnrolmentFactory,
    PackageFactory,
    PageActivityFactory,
    ScormActivityFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    """A training whose only required activity is a SCORM 1.2 module; one enrolled learner."""
    training = TrainingFactory()
    activity = ScormActivityFactory(section=SectionFactory(training=training))
    user = UserFactory(first_name="Claire", last_name="Martin")
    enrolment = EnrolmentFactory(user=user, session=SessionFactory(training=training))
    return enrolment, activity


@pytest.fixture
def course_2004():
    training = TrainingFactory()
    activity = ScormActivityFactory(
        section=SectionFactory(training=training),
        scorm_package=PackageFactory(training=training, version="2004"),
        completion_rule="scorm_passed",
    )
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    return enrolment, activity


APP = "http://testserver"


def _url(enrolment, activity) -> str:
    return f"/scorm/execution/{enrolment.pk}/{activity.pk}/"


def _time_passes(enrolment, activity, seconds: int) -> None:
    """As if ``seconds`` had passed since the last time credited on the activity."""
    ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).update(
        time_counted_until=F("time_counted_until") - timedelta(seconds=seconds)
    )


def _post(client, enrolment, activity, payload, headers=None):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload)
    return client.post(
        _url(enrolment, activity), body, content_type="application/json", headers=headers
    )


def cmi_12(**core) -> dict:
    """A commit as scorm-again 1.2 sends it (``dataCommitFormat: "json"``)."""
    suspend_data = core.pop("suspend_data", "")
    score = core.pop("score", {"raw": "", "min": "", "max": "100"})
    base = {
        "student_id": "1",
        "student_name": "Martin, Claire",
        "lesson_location": "",
        "credit": "credit",
        "lesson_status": "incomplete",
        "entry": "ab-initio",
        "lesson_mode": "normal",
        "exit": "",
        "session_time": "00:00:00",
        "score": score,
        "total_time": "00:00:00",
    }
    base.update(core)
    return {
        "cmi": {
            "suspend_data": suspend_data,
            "launch_data": "",
            "comments": "",
            "core": base,
            "objectives": {},
            "interactions": {},
        }
    }


def cmi_2004(**values) -> dict:
    base = {
        "completion_status": "incomplete",
        "success_status": "unknown",
        "location": "",
        "suspend_data": "",
        "exit": "",
        "session_time": "PT0S",
        "score": {"scaled": "", "raw": "", "min": "", "max": ""},
        "progress_measure": "",
        "learner_id": "1",
        "learner_name": "x",
        "interactions": {},
    }
    base.update(values)
    return {"cmi": base}


class TestCommit:
    def test_suspend_data_and_location_are_stored_then_resumed(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        response = _post(
            client,
            enrolment,
            activity,
            cmi_12(lesson_location="chapitre-2", suspend_data="page=3", exit="suspend"),
        )

        assert response.status_code == HTTPStatus.OK
        assert response.json() == {"result": True, "errorCode": 0}
        runtime = Runtime.objects.get(enrolment=enrolment, activity=activity)
        assert (runtime.location, runtime.suspend_data, runtime.lesson_status) == (
            "chapitre-2",
            "page=3",
            "incomplete",
        )
        assert runtime.commits == 1
        context = player_context(enrolment=enrolment, activity=activity, app_origin=APP)
        assert context["suspend_data"] == "page=3"
        assert context["location"] == "chapitre-2"
        assert context["cmi"]["suspend_data"] == "page=3"
        assert context["cmi"]["core"]["lesson_location"] == "chapitre-2"
        assert context["cmi"]["core"]["lesson_status"] == "incomplete"
        assert context["cmi"]["core"]["entry"] == "resume"
        assert context["cmi"]["core"]["student_id"] == str(enrolment.user.pk)
        assert context["cmi"]["core"]["student_name"] == "Martin, Claire"
        progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
        assert progress.status == "in_progress"

    def test_first_launch_context(self, course):
        enrolment, activity = course

        context = player_context(enrolment=enrolment, activity=activity, app_origin=APP)

        assert context["version"] == "1.2"
        assert context["content_origin"] == "http://localhost:8000"
        prefix = "http://localhost:8000/lanceur/"
        assert context["launcher_url"].startswith(prefix)
        sco = activity.scorm_package_link.package.scos.get()
        token = context["launcher_url"].removeprefix(prefix).removesuffix(f"/{sco.pk}/")
        grant = grant_read(token)
        assert (grant.package_id, grant.user_id, grant.app_origin) == (
            activity.scorm_package_link.package.pk,
            enrolment.user_id,
            APP,
        )
        assert context["commit_url"] == f"/scorm/execution/{enrolment.pk}/{activity.pk}/{sco.pk}/1/"
        assert context["cmi"]["core"]["entry"] == "ab-initio"
        assert "lesson_status" not in context["cmi"]["core"]
        assert "suspend_data" not in context["cmi"]

    def test_a_completed_commit_completes_the_activity_and_the_training_once(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        for _ in range(2):
            response = _post(
                client,
                enrolment,
                activity,
                cmi_12(lesson_status="completed", score={"raw": "80", "min": "0", "max": "100"}),
            )
            assert response.status_code == HTTPStatus.OK

        progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
        assert progress.status == "completed"
        assert progress.score == Decimal("80.00")
        assert Completion.objects.filter(enrolment=enrolment).count() == 1
        assert Runtime.objects.get(enrolment=enrolment).score_scaled == Decimal("0.8000")

    def test_completion_waits_for_the_other_required_activities(self, client, course):
        enrolment, activity = course
        PageActivityFactory(section=activity.section)
        client.force_login(enrolment.user)

        _post(client, enrolment, activity, cmi_12(lesson_status="passed"))

        assert ActivityProgress.objects.get(activity=activity).status == "completed"
        assert not Completion.objects.exists()

    def test_raw_score_is_scaled_by_min_and_max(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        response = _post(
            client, enrolment, activity, cmi_12(score={"raw": "15", "min": "10", "max": "20"})
        )

        assert response.status_code == HTTPStatus.OK
        assert ActivityProgress.objects.get(activity=activity).score == Decimal("50.00")

    def test_scorm_2004_passed_rule(self, client, course_2004):
        enrolment, activity = course_2004
        client.force_login(enrolment.user)

        _post(
            client,
            enrolment,
            activity,
            cmi_2004(completion_status="completed", success_status="failed"),
        )
        assert ActivityProgress.objects.get(activity=activity).status == "in_progress"

        response = _post(
            client,
            enrolment,
            activity,
            cmi_2004(
                completion_status="completed",
                success_status="passed",
                score={"scaled": "0.85", "raw": "", "min": "", "max": ""},
                location="fin",
            ),
        )

        assert response.status_code == HTTPStatus.OK
        progress = ActivityProgress.objects.get(activity=activity)
        assert progress.status == "completed"
        assert progress.score == Decimal("85.00")
        runtime = Runtime.objects.get(activity=activity)
        assert (runtime.completion_status, runtime.success_status) == ("completed", "passed")
        assert Completion.objects.filter(enrolment=enrolment).count() == 1
        cmi = player_context(enrolment=enrolment, activity=activity, app_origin=APP)["cmi"]
        assert cmi["location"] == "fin"
        assert cmi["completion_status"] == "completed"
        assert cmi["score"] == {"scaled": "0.85"}
        assert cmi["learner_id"] == str(enrolment.user.pk)

    def test_flattened_format_is_accepted(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        response = _post(
            client,
            enrolment,
            activity,
            {"cmi.core.lesson_status": "completed", "cmi.suspend_data": "a=1"},
        )

        assert response.status_code == HTTPStatus.OK
        assert Runtime.objects.get(activity=activity).suspend_data == "a=1"

    def test_session_time_is_credited_once(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)
        launch = {"attempt": "launch-1"}

        _post(
            client, enrolment, activity, cmi_12(session_time="00:00:20") | launch | {"sequence": 1}
        )
        _time_passes(enrolment, activity, 60)
        _post(
            client,
            enrolment,
            activity,
            cmi_12(session_time="00:00:50.5") | launch | {"sequence": 2},
        )
        # A late copy of an earlier commit is ignored (nothing stored, no time).
        _time_passes(enrolment, activity, 60)
        _post(
            client, enrolment, activity, cmi_12(session_time="00:00:20") | launch | {"sequence": 1}
        )
        # A new launch counts from zero again.
        _post(
            client,
            enrolment,
            activity,
            cmi_12(session_time="00:00:10") | {"attempt": "launch-2", "sequence": 1},
        )

        progress = ActivityProgress.objects.get(activity=activity)
        assert progress.time_spent == 60
        runtime = Runtime.objects.get(activity=activity)
        assert runtime.commits == 3
        assert runtime.cmi["mentor"]["total_seconds"] == 60
        core = player_context(enrolment=enrolment, activity=activity, app_origin=APP)["cmi"]["core"]
        assert core["total_time"] == "00:01:00"

    def test_a_runaway_session_time_credits_no_more_than_the_wall_clock(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)
        launch = {"attempt": "launch-1"}
        # A first commit claiming 30 hours: at most one long launch is credited.
        _post(
            client,
            enrolment,
            activity,
            cmi_12(session_time="0030:00:00") | launch | {"sequence": 1},
        )
        assert ActivityProgress.objects.get(activity=activity).time_spent == 4 * 3600
        # 40 s later, the SCO claims 10 more hours: only the 40 s that passed count.
        _time_passes(enrolment, activity, 40)
        _post(
            client,
            enrolment,
            activity,
            cmi_12(session_time="0040:00:00") | launch | {"sequence": 2},
        )
        assert ActivityProgress.objects.get(activity=activity).time_spent == 4 * 3600 + 40
        # The SCO's own total time is its business: returned as it counted it.
        assert Runtime.objects.get(activity=activity).cmi["mentor"]["total_seconds"] == 40 * 3600


class TestRefusedCommits:
    @pytest.mark.parametrize(
        ("payload", "code"),
        [
            pytest.param(cmi_12(lesson_status="finished"), 405, id="bad-status"),
            pytest.param(
                cmi_12(score={"raw": "150", "min": "", "max": ""}), 405, id="raw-over-100"
            ),
            pytest.param(
                cmi_12(score={"raw": "-1", "min": "", "max": "100"}), 405, id="raw-negative"
            ),
            pytest.param(
                cmi_12(score={"raw": "25", "min": "0", "max": "20"}), 405, id="raw-over-max"
            ),
            pytest.param(
                cmi_12(score={"raw": "5", "min": "10", "max": "2"}), 405, id="min-over-max"
            ),
            pytest.param(
                cmi_12(score={"raw": "abc", "min": "", "max": ""}), 405, id="raw-not-a-number"
            ),
            pytest.param(cmi_12(score={"raw": "NaN", "min": "", "max": ""}), 405, id="raw-nan"),
            pytest.param(cmi_12(session_time="1 hour"), 405, id="bad-session-time"),
            pytest.param(cmi_12(session_time="00:75:00"), 405, id="minutes-over-59"),
            pytest.param(cmi_12(exit="quit"), 405, id="bad-exit"),
            pytest.param(cmi_12(lesson_location="x" * 1001), 405, id="location-too-long"),
            pytest.param(
                cmi_12(suspend_data="x" * (64 * 1024 + 1)), 405, id="suspend-data-too-big"
            ),
            pytest.param(cmi_12(lesson_status=["completed"]), 405, id="status-not-a-string"),
            pytest.param({"cmi": "completed"}, 101, id="cmi-not-an-object"),
            pytest.param([1, 2], 101, id="not-an-object"),
            pytest.param("{pas du json", 101, id="not-json"),
            pytest.param('{"cmi": {"suspend_data": NaN}}', 101, id="nan-literal"),
        ],
    )
    def test_scorm_12_bad_values_store_nothing(self, client, course, payload, code):
        enrolment, activity = course
        client.force_login(enrolment.user)

        response = _post(client, enrolment, activity, payload)

        assert response.status_code == HTTPStatus.BAD_REQUEST
        body = response.json()
        assert body["result"] is False
        assert body["errorCode"] == code
        assert body["message"]
        assert not Runtime.objects.exists()
        assert not ActivityProgress.objects.exists()

    @pytest.mark.parametrize(
        ("values", "code"),
        [
            pytest.param({"score": {"scaled": "1.5"}}, 407, id="scaled-over-1"),
            pytest.param({"score": {"scaled": "-2"}}, 407, id="scaled-under-minus-1"),
            pytest.param({"completion_status": "done"}, 406, id="bad-completion"),
            pytest.param({"success_status": "ok"}, 406, id="bad-success"),
            pytest.param({"session_time": "00:10:00"}, 406, id="session-time-12-format"),
            pytest.param({"session_time": "PT"}, 406, id="empty-duration"),
            pytest.param({"session_time": "P" + "9" * 5000 + "Y"}, 406, id="absurd-duration"),
            pytest.param({"progress_measure": "2"}, 407, id="progress-over-1"),
            pytest.param({"location": "x" * 1001}, 407, id="location-too-long"),
        ],
    )
    def test_scorm_2004_bad_values_store_nothing(self, client, course_2004, values, code):
        enrolment, activity = course_2004
        client.force_login(enrolment.user)

        response = _post(client, enrolment, activity, cmi_2004(**values))

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["errorCode"] == code
        assert not Runtime.objects.exists()

    def test_a_bad_commit_keeps_the_previous_data(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)
        _post(client, enrolment, activity, cmi_12(suspend_data="page=2"))

        _post(client, enrolment, activity, cmi_12(suspend_data="page=9", lesson_status="wrong"))

        runtime = Runtime.objects.get(activity=activity)
        assert (runtime.suspend_data, runtime.commits) == ("page=2", 1)


class TestAccess:
    def test_another_users_enrolment_is_404(self, client, course):
        enrolment, activity = course
        client.force_login(UserFactory())

        response = _post(client, enrolment, activity, cmi_12(lesson_status="completed"))

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert response.json()["result"] is False
        assert not Runtime.objects.exists()

    def test_anonymous_is_404(self, client, course):
        enrolment, activity = course

        assert _post(client, enrolment, activity, cmi_12()).status_code == HTTPStatus.NOT_FOUND

    def test_cancelled_enrolment_is_404(self, client, course):
        enrolment, activity = course
        enrolment.status = "cancelled"
        enrolment.save()
        client.force_login(enrolment.user)

        assert _post(client, enrolment, activity, cmi_12()).status_code == HTTPStatus.NOT_FOUND

    def test_activity_of_another_training_is_404(self, client, course):
        enrolment, _activity = course
        foreign = ScormActivityFactory()
        client.force_login(enrolment.user)

        assert _post(client, enrolment, foreign, cmi_12()).status_code == HTTPStatus.NOT_FOUND

    def test_activity_that_is_not_scorm_is_404(self, client, course):
        enrolment, activity = course
        page = PageActivityFactory(section=activity.section)
        client.force_login(enrolment.user)

        assert _post(client, enrolment, page, cmi_12()).status_code == HTTPStatus.NOT_FOUND

    def test_get_is_refused(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        assert client.get(_url(enrolment, activity)).status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_csrf_is_enforced(self, course):
        enrolment, activity = course
        client = Client(enforce_csrf_checks=True)
        client.force_login(enrolment.user)

        refused = _post(client, enrolment, activity, cmi_12())
        assert refused.status_code == HTTPStatus.FORBIDDEN

        page = client.get(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")
        token = page.context["csrf_token"]
        accepted = client.post(
            _url(enrolment, activity),
            json.dumps(cmi_12()),
            content_type="application/json",
            headers={"X-CSRFToken": str(token)},
        )
        assert accepted.status_code == HTTPStatus.OK


class TestLecturePage:
    def test_renders_the_player(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)

        response = client.get(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert "data-scorm-player" in html
        assert 'data-launcher-url="http://localhost:8000/lanceur/' in html
        assert 'data-content-origin="http://localhost:8000"' in html
        assert 'sandbox="allow-scripts allow-same-origin' in html
        assert "allow-top-navigation" not in html
        assert "allow-popups-to-escape-sandbox" not in html
        assert "vendor/scorm-again/cross-frame-lms.min.js" in html
        assert 'data-version="1.2"' in html
        assert f'title="Module de formation : {activity.title}"' in html
        assert "vendor/scorm-again/scorm-again.min.js" in html
        assert "mentor/scorm-player.js" in html
        assert f'id="scorm-cmi-{activity.pk}"' in html
        assert response["X-Frame-Options"] == "DENY"

    def test_someone_else_gets_404(self, client, course):
        enrolment, activity = course
        client.force_login(UserFactory())

        response = client.get(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "pas accessible avec votre inscription" in response.content.decode()

    def test_anonymous_is_sent_to_sign_in(self, client, course):
        enrolment, activity = course

        response = client.get(f"/scorm/lecture/{enrolment.pk}/{activity.pk}/")

        assert response.status_code == HTTPStatus.FOUND
        assert "/compte/login/" in response["Location"]
