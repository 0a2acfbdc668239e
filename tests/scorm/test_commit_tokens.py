"""SCORM commits authenticated by their signed token (``X-Mentor-Commit``) instead of the
session: answered before the session and CSRF middleware, refused (403, nothing stored)
when forged, expired or given for another commit URL, and still bound to the enrolment's
access at every commit."""

import json
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client
from django.utils.crypto import get_random_string

from mentor.accounts.services import user_sessions_revoke
from mentor.enrolments.services import enrolment_cancel
from mentor.scorm.commit_tokens import RENEWED_HEADER, commit_token
from mentor.scorm.models import Runtime
from mentor.scorm.selectors import player_context
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.test_runtime import _url, cmi_12

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    training = TrainingFactory()
    activity = ScormActivityFactory(section=SectionFactory(training=training))
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    return enrolment, activity


def _token(enrolment, activity, **changes) -> str:
    fields = {
        "user_id": enrolment.user_id,
        "session_epoch": enrolment.user.session_epoch,
        "enrolment_id": enrolment.pk,
        "activity_id": activity.pk,
        "attempt_number": None,
    }
    return commit_token(**(fields | changes))


def _signed_post(enrolment, activity, token: str, sequence: int = 1, url: str | None = None):
    """A commit as the bridge sends it with its token: no session cookie, no CSRF token,
    through a client that enforces CSRF checks."""
    body = cmi_12(lesson_location=str(sequence)) | {"attempt": "launch-1", "sequence": sequence}
    return Client(enforce_csrf_checks=True).post(
        url or _url(enrolment, activity),
        json.dumps(body),
        content_type="application/json",
        headers={"X-Mentor-Commit": token},
    )


def _refused(response) -> None:
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["result"] is False
    assert response.json()["renew"] is True
    assert not Runtime.objects.exists()


class TestSignedCommit:
    def test_a_commit_with_its_token_is_stored_without_session_or_csrf(self, course):
        enrolment, activity = course

        response = _signed_post(enrolment, activity, _token(enrolment, activity))

        assert response.status_code == HTTPStatus.OK, response.content
        assert response.json() == {"result": True, "errorCode": 0}
        assert "no-cache" in response["Cache-Control"]
        runtime = Runtime.objects.get(activity=activity)
        assert (runtime.enrolment, runtime.location, runtime.commits) == (enrolment, "1", 1)

    def test_a_retried_commit_is_acknowledged_again_and_stored_once(self, course):
        enrolment, activity = course
        token = _token(enrolment, activity)

        for _ in range(2):
            response = _signed_post(enrolment, activity, token, sequence=1)
            assert response.json() == {"result": True, "errorCode": 0}

        assert Runtime.objects.get(activity=activity).commits == 1

    def test_a_commit_to_the_sco_url_binds_the_attempt(self, course):
        enrolment, activity = course
        sco = activity.scorm_package_link.package.scos.first()
        url = f"/scorm/execution/{enrolment.pk}/{activity.pk}/{sco.pk}/1/"

        _refused(_signed_post(enrolment, activity, _token(enrolment, activity), url=url))
        response = _signed_post(
            enrolment, activity, _token(enrolment, activity, attempt_number=1), url=url
        )
        assert response.status_code == HTTPStatus.OK, response.content


class TestRefusedToken:
    def test_a_forged_token_is_refused(self, course):
        enrolment, activity = course
        genuine = _token(enrolment, activity)
        forged = signing.TimestampSigner(key="not-the-secret", salt="mentor.scorm.commit", sep="~")
        value = f"{enrolment.user_id}:0:{enrolment.pk}:{activity.pk}:0"

        _refused(_signed_post(enrolment, activity, forged.sign(value)))
        _refused(_signed_post(enrolment, activity, genuine[:-2] + "xx"))
        _refused(_signed_post(enrolment, activity, "nonsense"))

    def test_the_refusal_speaks_the_language_the_learner_chose(self, course):
        """Answered before the language middleware, with its rule: French unless the
        learner chose another language (its cookie)."""
        enrolment, activity = course
        french = _signed_post(enrolment, activity, "nonsense").json()["message"]
        client = Client(enforce_csrf_checks=True)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.post(
            _url(enrolment, activity),
            json.dumps(cmi_12() | {"attempt": "launch-1", "sequence": 1}),
            content_type="application/json",
            headers={"X-Mentor-Commit": "nonsense"},
        )

        assert french == "Autorisation d’enregistrement expirée ou invalide."
        assert english.status_code == HTTPStatus.FORBIDDEN
        assert english.json()["message"] == "Saving authorisation expired or invalid."

    def test_an_expired_token_is_refused(self, course, settings):
        enrolment, activity = course
        settings.SCORM_COMMIT_TOKEN_MAX_AGE = -1  # already past its life

        _refused(_signed_post(enrolment, activity, _token(enrolment, activity)))

    def test_another_users_token_is_refused(self, course):
        enrolment, activity = course
        other = EnrolmentFactory(session=enrolment.session)

        # Another learner's genuine token, on this learner's URL.
        _refused(_signed_post(enrolment, activity, _token(other, activity)))
        # A token naming this learner's enrolment for another user: not the owner.
        intruder = _token(enrolment, activity, user_id=UserFactory().pk)
        response = _signed_post(enrolment, activity, intruder)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Runtime.objects.exists()

    def test_a_token_for_another_activity_is_refused(self, course):
        enrolment, activity = course
        other = ScormActivityFactory(section=activity.section)

        _refused(_signed_post(enrolment, activity, _token(enrolment, other)))

    def test_a_commit_after_unenrolment_is_refused(self, course):
        enrolment, activity = course
        token = _token(enrolment, activity)
        assert _signed_post(enrolment, activity, token).status_code == HTTPStatus.OK

        enrolment_cancel(user=enrolment.user, session_id=enrolment.session_id)
        response = _signed_post(enrolment, activity, token, sequence=2)

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert Runtime.objects.get(activity=activity).commits == 1

    def test_a_deactivated_account_is_refused(self, course):
        enrolment, activity = course
        enrolment.user.is_active = False
        enrolment.user.save()

        response = _signed_post(enrolment, activity, _token(enrolment, activity))

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Runtime.objects.exists()

    def test_signing_out_everywhere_ends_the_tokens_given_before(self, course):
        """ "Se déconnecter partout" raises the session epoch: a token taken before it is
        refused at once, not at its expiry (nothing stored)."""
        enrolment, activity = course
        token = _token(enrolment, activity)
        assert _signed_post(enrolment, activity, token).status_code == HTTPStatus.OK

        user_sessions_revoke(user=enrolment.user)
        response = _signed_post(enrolment, activity, token, sequence=2)

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert Runtime.objects.get(activity=activity).commits == 1
        fresh = _token(enrolment, activity, session_epoch=enrolment.user.session_epoch)
        assert _signed_post(enrolment, activity, fresh, sequence=3).status_code == HTTPStatus.OK


class TestRenewal:
    def test_a_commit_by_the_session_brings_a_fresh_token(self, client, course):
        enrolment, activity = course
        client.force_login(enrolment.user)
        body = cmi_12() | {"attempt": "launch-1", "sequence": 1}

        response = client.post(
            _url(enrolment, activity), json.dumps(body), content_type="application/json"
        )

        assert response.status_code == HTTPStatus.OK
        fresh = response[RENEWED_HEADER]
        assert _signed_post(enrolment, activity, fresh, sequence=2).status_code == HTTPStatus.OK

    def test_a_refused_session_commit_brings_no_token(self, client, course):
        enrolment, activity = course
        client.force_login(UserFactory())
        body = cmi_12() | {"attempt": "launch-1", "sequence": 1}

        response = client.post(
            _url(enrolment, activity), json.dumps(body), content_type="application/json"
        )

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert RENEWED_HEADER not in response

    def test_a_refused_token_sent_with_the_session_is_decided_by_the_session(self, course):
        # The bridge's commit while the page closes carries both: a token refused then
        # (expired while the page was kept) must not lose the learner's last data.
        enrolment, activity = course
        client = Client(enforce_csrf_checks=True)
        client.force_login(enrolment.user)
        secret = get_random_string(32)
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        body = cmi_12(lesson_location="last") | {"attempt": "launch-1", "sequence": 1}

        response = client.post(
            _url(enrolment, activity),
            json.dumps(body),
            content_type="application/json",
            headers={"X-Mentor-Commit": "expired-or-forged", "X-CSRFToken": secret},
        )

        assert response.status_code == HTTPStatus.OK, response.content
        assert Runtime.objects.get(activity=activity).location == "last"

    def test_a_refused_token_with_a_csrf_header_but_no_session_stores_nothing(self, course):
        enrolment, activity = course
        client = Client(enforce_csrf_checks=True)
        secret = get_random_string(32)
        client.cookies[settings.CSRF_COOKIE_NAME] = secret

        response = client.post(
            _url(enrolment, activity),
            json.dumps(cmi_12() | {"attempt": "launch-1", "sequence": 1}),
            content_type="application/json",
            headers={"X-Mentor-Commit": "expired-or-forged", "X-CSRFToken": secret},
        )

        assert (
            response.status_code == HTTPStatus.NOT_FOUND
        )  # what the session path answers a visitor
        assert not Runtime.objects.exists()

    def test_the_player_page_gives_the_token_of_its_commit_url(self, course):
        enrolment, activity = course
        context = player_context(
            enrolment=enrolment, activity=activity, app_origin="http://testserver"
        )
        response = _signed_post(
            enrolment, activity, context["commit_token"], url=context["commit_url"]
        )
        assert response.status_code == HTTPStatus.OK, response.content

    def test_hostile_input_is_refused_on_the_signed_path(self, course):
        enrolment, activity = course
        body = json.dumps(cmi_12(lesson_location="\u0000") | {"attempt": "a", "sequence": 1})

        response = Client().post(
            _url(enrolment, activity),
            body,
            content_type="application/json",
            headers={"X-Mentor-Commit": _token(enrolment, activity)},
        )

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert not Runtime.objects.exists()
