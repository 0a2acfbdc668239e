"""Package files and the launcher live on the SCORM content origin only, behind a signed,
short-lived token; the app origin serves none of them, and the content origin none of the
app's pages."""

from http import HTTPStatus
from unittest import mock

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from mentor.scorm import content
from mentor.scorm.checks import content_origin_check, content_origin_deploy_check
from mentor.scorm.models import Package
from mentor.scorm.selectors import package_file_name
from mentor.scorm.services import package_import
from tests.factories import SessionFactory, TrainingFactory
from tests.scorm.factories import EnrolmentFactory
from tests.scorm.packages import SCO_12_HTML, build_zip, manifest_12, upload, valid_12

pytestmark = pytest.mark.django_db

APP = "http://testserver"
CONTENT_HOST = "localhost:8000"  # the default SCORM_CONTENT_ORIGIN: http://localhost:8000


@pytest.fixture
def package():
    training = TrainingFactory()
    return package_import(training=training, uploaded_file=upload(valid_12()), actor=None)


@pytest.fixture
def learner(package):
    return EnrolmentFactory(session=SessionFactory(training=package.training)).user


def _token(package, user, origin=APP) -> str:
    return content.grant_token(package_id=package.pk, user_id=user.pk, app_origin=origin)


def _get(client, path, *, host=CONTENT_HOST, **headers):
    response = client.get(path, headers={"host": host, **headers})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _file(package, user, path="index.html") -> str:
    return f"/paquet/{_token(package, user)}/{path}"


class TestPackageFile:
    def test_the_token_holder_gets_the_launch_page_isolated(self, client, package, learner):
        response, body = _get(client, _file(package, learner))

        assert response.status_code == HTTPStatus.OK
        assert body.decode() == SCO_12_HTML
        assert response["Content-Type"].startswith("text/html")
        # Framed only by the launcher and the app page that asked; never sniffed; the
        # token in the path is never sent on as a referrer.
        assert response["Content-Security-Policy"] == f"frame-ancestors 'self' {APP}"
        assert "X-Frame-Options" not in response
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert "private" in response["Cache-Control"]
        assert not response.cookies

    def test_assets_get_their_content_type(self, client, package, learner):
        response, _body = _get(client, _file(package, learner, "css/style.css"))

        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "text/css"

    def test_no_session_is_needed_nor_used(self, client, package, learner, platform_admin):
        client.force_login(platform_admin)  # a cookie the browser would not even send here

        response, _body = _get(client, _file(package, learner))

        assert response.status_code == HTTPStatus.OK
        assert "Cookie" not in response.get("Vary", "")

    def test_byte_ranges_let_videos_seek(self, client, learner):
        video = bytes(range(256)) * 40  # 10,240 bytes
        data = build_zip(
            {"imsmanifest.xml": manifest_12(), "index.html": SCO_12_HTML, "media/film.mp4": video}
        )
        package = package_import(
            training=learner.enrolments.get().session.training,
            uploaded_file=upload(data),
            actor=None,
        )
        url = _file(package, learner, "media/film.mp4")

        whole, body = _get(client, url)
        first, head = _get(client, url, range="bytes=0-99")
        middle, part = _get(client, url, range="bytes=5000-")
        last, tail = _get(client, url, range="bytes=-10")
        beyond, _body = _get(client, url, range="bytes=20000-")

        assert (whole.status_code, whole["Accept-Ranges"], body) == (HTTPStatus.OK, "bytes", video)
        assert whole["Content-Type"] == "video/mp4"
        assert first.status_code == HTTPStatus.PARTIAL_CONTENT
        assert (first["Content-Range"], head) == ("bytes 0-99/10240", video[:100])
        assert (middle["Content-Range"], part) == ("bytes 5000-10239/10240", video[5000:])
        assert (last["Content-Range"], tail) == ("bytes 10230-10239/10240", video[-10:])
        assert first["Content-Security-Policy"] == f"frame-ancestors 'self' {APP}"
        assert beyond.status_code == HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
        assert beyond["Content-Range"] == "bytes */10240"

    def test_a_token_opens_its_own_package_only(self, client, package, learner):
        other = package_import(
            training=TrainingFactory(),
            uploaded_file=upload(valid_12(title="Autre module")),
            actor=None,
        )
        other_folder = other.storage_prefix.rsplit("/", 1)[1]
        default_storage.save(f"{other.storage_prefix}/only-here.txt", ContentFile(b"AUTRE-0042"))

        for path in (f"../{other_folder}/only-here.txt", "only-here.txt"):
            response, body = _get(client, _file(package, learner, path))
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert b"AUTRE-0042" not in body
        response, body = _get(client, _file(other, learner, "only-here.txt"))
        assert (response.status_code, body) == (HTTPStatus.OK, b"AUTRE-0042")

    @pytest.mark.parametrize(
        "token",
        [
            "1",  # unsigned: a bare package id, as the old URLs had
            "forged",
            "eyJwIjoxLCJ1IjoxLCJvIjoiaHR0cDovL3Rlc3RzZXJ2ZXIifQ.1a2b3c.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ],
    )
    def test_an_unsigned_or_forged_token_gets_a_french_404(self, client, package, token):
        response, body = _get(client, f"/paquet/{token}/index.html")

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Ce lien vers un module de formation n’est pas valide." in body.decode()
        assert SCO_12_HTML.encode() not in body

    def test_a_token_of_another_package_with_its_signature_changed_is_refused(
        self, client, package, learner
    ):
        token = _token(package, learner)
        payload, timestamp, signature = token.split(".")
        other = signing.b64_encode(
            f'{{"p":{package.pk + 1},"u":{learner.pk},"o":"{APP}"}}'.encode()
        ).decode()

        for forged in (f"{other}.{timestamp}.{signature}", f"{payload}.{timestamp}.{'A' * 43}"):
            response, _body = _get(client, f"/paquet/{forged}/index.html")
            assert response.status_code == HTTPStatus.NOT_FOUND

    def test_a_value_signed_for_another_purpose_is_refused(self, client, package, learner):
        token = signing.TimestampSigner(sep=".").sign_object(
            {"p": package.pk, "u": learner.pk, "o": APP}
        )

        response, _body = _get(client, f"/paquet/{token}/index.html")

        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_an_expired_token_gets_a_french_403(self, client, package, learner, settings):
        with mock.patch("django.core.signing.time.time", return_value=1_000_000_000):
            token = _token(package, learner)

        for path in (f"/paquet/{token}/index.html", f"/lanceur/{token}/"):
            response, body = _get(client, path)

            assert response.status_code == HTTPStatus.FORBIDDEN
            assert "Le lien vers ce module de formation a expiré" in body.decode()
            assert SCO_12_HTML.encode() not in body

    def test_launches_within_the_hour_share_their_urls_so_the_cache_serves(
        self, client, package, learner, settings
    ):
        hour = 1_000_000_800 - 1_000_000_800 % 3600
        tokens = []
        for now in (hour, hour + 3599, hour + 3600):
            with mock.patch("django.core.signing.time.time", return_value=now):
                tokens.append(_token(package, learner))
        assert tokens[0] == tokens[1] != tokens[2]
        # Still valid near the end of its life, counted from the start of the hour.
        for now, status in ((hour + 4 * 3600, HTTPStatus.OK), (hour + 4 * 3600 + 1, 403)):
            with mock.patch("django.core.signing.time.time", return_value=now):
                assert _get(client, f"/paquet/{tokens[1]}/index.html")[0].status_code == status

    @pytest.mark.parametrize(
        "path",
        [
            "../secret.txt",
            "..%2Fsecret.txt",
            "css/../../secret.txt",
            "%2E%2E/secret.txt",
            "..\\secret.txt",
            "missing.html",
            "css",
            "css/",
        ],
    )
    def test_traversal_and_missing_files_get_404(self, client, package, learner, path):
        prefix_parent = package.storage_prefix.rsplit("/", 1)[0]
        default_storage.save(f"{prefix_parent}/secret.txt", ContentFile(b"TOP-SECRET-0042"))

        response, body = _get(client, _file(package, learner, path))

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert b"TOP-SECRET-0042" not in body

    def test_a_deleted_package_gets_404(self, client, package, learner):
        url = _file(package, learner)
        Package.objects.filter(pk=package.pk).delete()

        assert _get(client, url)[0].status_code == HTTPStatus.NOT_FOUND

    def test_post_is_refused(self, client, package, learner):
        response = client.post(_file(package, learner), headers={"host": CONTENT_HOST})

        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_a_service_worker_may_not_be_installed(self, client, package, learner):
        response, _body = _get(
            client, _file(package, learner, "css/style.css"), service_worker="script"
        )

        assert response.status_code == HTTPStatus.FORBIDDEN


class TestLauncher:
    def test_it_hosts_the_cross_frame_api_for_the_app_origin_only(self, client, package, learner):
        token = _token(package, learner)

        response, body = _get(client, f"/lanceur/{token}/")

        html = body.decode()
        assert response.status_code == HTTPStatus.OK
        assert f'data-app-origin="{APP}"' in html
        assert 'data-version="1.2"' in html
        assert f'data-sco-url="http://localhost:8000/paquet/{token}/index.html"' in html
        assert "vendor/scorm-again/cross-frame-api.min.js" in html
        assert "mentor/scorm-launcher.js" in html
        policy = response["Content-Security-Policy"]
        assert "default-src 'none'" in policy
        assert "script-src 'self'" in policy
        assert f"frame-ancestors {APP};" in policy
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "no-referrer"

    def test_launch_parameters_and_quoted_paths_are_kept(self, client, package, learner):
        package.launch_path = "dossier/ma page.html?lang=fr#debut"
        package.save()
        token = _token(package, learner)

        _response, body = _get(client, f"/lanceur/{token}/")

        assert f"/paquet/{token}/dossier/ma%20page.html?lang=fr#debut" in body.decode()


class TestOriginsAreApart:
    def test_the_app_origin_serves_no_package_file(self, client, package, learner):
        client.force_login(learner)
        token = _token(package, learner)

        for path in (
            f"/scorm/paquets/{package.pk}/index.html",  # the former, cookie-based URL
            f"/paquet/{token}/index.html",
            f"/lanceur/{token}/",
        ):
            response, body = _get(client, path, host="testserver")
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert SCO_12_HTML.encode() not in body

    @pytest.mark.parametrize(
        "path", ["/", "/profil/", "/profil/donnees/", "/admin/", "/mes-formations/", "/api/v1/"]
    )
    def test_the_content_origin_serves_none_of_the_app_pages(self, client, learner, path):
        client.force_login(learner)

        response, body = _get(client, path)

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Cette adresse ne sert que le contenu des modules de formation" in body.decode()
        assert learner.email not in body.decode()

    def test_posts_to_the_app_are_not_heard_on_the_content_origin(self, client, learner):
        client.force_login(learner)

        response = client.post(
            "/profil/",
            {"first_name": "Pirate", "last_name": "Pirate"},
            headers={"host": CONTENT_HOST},
        )

        assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.FORBIDDEN)
        learner.refresh_from_db()
        assert learner.first_name != "Pirate"


def test_content_origin_checks(settings):
    assert content_origin_check(None) == []
    assert [w.id for w in content_origin_deploy_check(None)] == ["scorm.W001"]  # http
    settings.SCORM_CONTENT_ORIGIN = settings.SITE_URL
    assert [e.id for e in content_origin_check(None)] == ["scorm.E002"]
    settings.SCORM_CONTENT_ORIGIN = "https://scorm.mentor.gouv.fr"
    settings.SITE_URL = "https://mentor.gouv.fr"
    settings.SESSION_COOKIE_DOMAIN = ".mentor.gouv.fr"
    assert [e.id for e in content_origin_check(None)] == ["scorm.E003"]
    settings.SESSION_COOKIE_DOMAIN = None
    assert content_origin_deploy_check(None) == []
    settings.SCORM_CONTENT_ORIGIN = "scorm.mentor.gouv.fr"
    assert [e.id for e in content_origin_check(None)] == ["scorm.E001"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "scorm/abc/index.html"),
        ("css/./style.css", "scorm/abc/css/style.css"),
        ("../x", None),
        ("a/../../x", None),
        ("/etc/passwd", None),
        ("C:/x", None),
        ("a\\..\\x", None),
        ("", None),
        (".", None),
        ("a\x00b", None),
    ],
)
def test_package_file_name(path, expected):
    assert package_file_name(package=Package(storage_prefix="scorm/abc"), path=path) == expected
