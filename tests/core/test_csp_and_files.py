"""Content-Security-Policy on each kind of page, its report endpoint, public-only /media/,
and the throttled public attestation verification."""

import json
import logging
from http import HTTPStatus
from pathlib import Path

import pytest
from csp.exceptions import CSPNonceError
from csp.utils import build_policy, default_config
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.test import override_settings
from django.urls import reverse

from mentor.attestations.services import attestation_issue
from mentor.core.csp import CSPMiddleware
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, TrainingFactory, UserFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response) -> dict[str, list[str]]:
    policy = directives(response)
    for name in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[name]
        assert "'unsafe-eval'" not in policy[name]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'self'" in policy["form-action"]
    assert policy["report-uri"] == ["/csp-report/"]
    return policy


class TestPolicyOnEveryKindOfPage:
    def test_public_page_with_scripts_carries_the_nonce(self, client):
        response = client.get("/")
        policy = assert_strict(response)
        nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[7:-1]
        html = response.content.decode()
        # The DSFR's scripts carry the nonce of this response; no script without it.
        assert html.count("<script") == html.count(f'nonce="{nonce}"') > 0

    def test_nonce_differs_per_response(self, client):
        first = directives(client.get("/"))["script-src"]
        second = directives(client.get("/"))["script-src"]
        assert first != second

    def test_signed_in_page_form_page_and_error_pages(self, client, justice):
        user = UserFactory(entity=justice)
        assert_strict(client.get(reverse("account_login")))
        assert_strict(client.get("/nexiste-pas/"))  # 404 page
        client.force_login(user)
        assert_strict(client.get(reverse("accounts:profile")))
        assert_strict(client.get(reverse("catalog:list")))  # htmx page

    def test_admin_pages(self, client, platform_admin):
        client.force_login(platform_admin)
        response = client.get("/admin/")
        assert response.status_code == HTTPStatus.OK
        assert_strict(response)

    def test_frames_only_the_scorm_content_origin(self, client, settings):
        assert directives(client.get("/"))["frame-src"] == [settings.SCORM_CONTENT_ORIGIN]

    def test_proconnect_origin_allowed_as_form_target(self, client, settings):
        settings.SOCIALACCOUNT_PROVIDERS = {
            "proconnect": {"APPS": [{"settings": {"server_url": "https://pc.example/api/v2"}}]}
        }
        assert "https://pc.example" in directives(client.get("/"))["form-action"]

    def test_kept_header_is_what_django_csp_builds(self, client, settings):
        """The header is built once per shape and kept (mentor.core.csp): each response's
        text is still exactly django-csp's own, with this response's nonce."""
        config = default_config(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
        update = {"frame-src": [settings.SCORM_CONTENT_ORIGIN]}
        for _ in range(2):
            response = client.get("/")
            nonce = next(v for v in directives(response)["script-src"] if "nonce-" in v)[7:-1]
            assert response["Content-Security-Policy"] == build_policy(config, update, None, nonce)
        # A page that asks for no nonce (a redirect) has none in its header.
        redirect = client.get(reverse("accounts:profile"))
        assert redirect.status_code == HTTPStatus.FOUND
        assert redirect["Content-Security-Policy"] == build_policy(config, update, None, None)

    def test_a_changed_policy_shows_at_once(self, client, settings):
        client.get("/")  # the header is kept
        directives_ = dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
        directives_["img-src"] = ["'self'", "https://images.example"]
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives_}
        assert "https://images.example" in directives(client.get("/"))["img-src"]
        settings.SCORM_CONTENT_ORIGIN = "https://contenu.example"
        assert directives(client.get("/"))["frame-src"] == ["https://contenu.example"]

    def test_nonce_asked_after_the_header_is_refused(self, rf):
        request = rf.get("/")
        middleware = CSPMiddleware(lambda request: HttpResponse())
        middleware.process_request(request)
        response = middleware.process_response(request, HttpResponse())
        assert "nonce-" not in response["Content-Security-Policy"]
        with pytest.raises(CSPNonceError):
            str(request.csp_nonce)

    def test_no_inline_script_or_style_in_templates(self):
        """The rule for every template (docs/security.md): no inline <script> body, no
        <style>, no on* handler, no style attribute, no javascript: URL."""
        offenders = []
        for path in Path("templates").rglob("*.html"):
            text = path.read_text()
            for marker in ("<style", " onclick=", " onload=", " onchange=", "javascript:"):
                if marker in text:
                    offenders.append((str(path), marker))
            if 'style="' in text:
                offenders.append((str(path), "style attribute"))
            for chunk in text.split("<script")[1:]:
                head, _, rest = chunk.partition(">")
                if "src=" not in head and "application/json" not in head:
                    offenders.append((str(path), "inline script"))
        assert not offenders, offenders


class TestReportEndpoint:
    def report(self, client, **headers):
        body = json.dumps(
            {
                "csp-report": {
                    "document-uri": "http://127.0.0.1/profil/?token=secret",
                    "violated-directive": "script-src-elem",
                    "blocked-uri": "inline",
                }
            }
        )
        return client.post("/csp-report/", body, content_type="application/csp-report", **headers)

    def test_logged_without_query_strings(self, client, caplog):
        with caplog.at_level(logging.WARNING, logger="mentor.csp"):
            assert self.report(client).status_code == HTTPStatus.NO_CONTENT
        assert "script-src-elem" in caplog.text
        assert "secret" not in caplog.text

    def test_rate_limited_per_client(self, client, settings, caplog):
        settings.CSP_REPORTS_PER_MINUTE = 3
        statuses = [self.report(client).status_code for _ in range(5)]
        assert statuses == [204, 204, 204, 429, 429]
        other = self.report(client, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == HTTPStatus.NO_CONTENT

    def test_garbage_is_a_400(self, client):
        response = client.post("/csp-report/", "pas du json", content_type="text/plain")
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_get_is_refused(self, client):
        assert client.get("/csp-report/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.fixture
def stored_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    public = default_storage.save("trainings/illustration.png", ContentFile(b"\x89PNG public"))
    private = default_storage.save("activities/2026/01/secret.pdf", ContentFile(b"%PDF private"))
    return public, private


class TestMedia:
    @pytest.mark.parametrize("debug", [False, True])
    def test_private_files_never_served_by_name(self, client, stored_files, debug):
        public, private = stored_files
        with override_settings(DEBUG=debug):
            assert client.get(f"/media/{private}").status_code == HTTPStatus.NOT_FOUND
            assert client.get("/media/trainings/../activities/2026/01/secret.pdf").status_code in (
                HTTPStatus.NOT_FOUND,
                HTTPStatus.BAD_REQUEST,
            )
            response = client.get(f"/media/{public}")
        assert response.status_code == HTTPStatus.OK
        assert b"".join(response.streaming_content) == b"\x89PNG public"

    def test_private_file_even_signed_in(self, client, stored_files, platform_admin):
        client.force_login(platform_admin)
        assert client.get(f"/media/{stored_files[1]}").status_code == HTTPStatus.NOT_FOUND


class TestAttestationVerificationThrottle:
    def test_per_client(self, client, settings, justice):
        settings.ATTESTATION_VERIFY_PER_MINUTE = 3
        agent = UserFactory(entity=justice)
        enrolment = EnrolmentFactory(user=agent, session=SessionFactory(training=TrainingFactory()))
        attestation = attestation_issue(completion=complete(enrolment))
        url = reverse("attestations:verify_number", args=[attestation.number])
        statuses = [client.get(url).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        assert "Trop de tentatives" in client.get(url).content.decode()
        # Another client is not affected.
        assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == HTTPStatus.OK
