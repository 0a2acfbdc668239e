"""Serving a package's files into the player's iframe: learners and authors only."""

from http import HTTPStatus

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from mentor.scorm.services import package_import
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import EnrolmentFactory, ScormActivityFactory, SectionFactory
from tests.scorm.packages import SCO_12_HTML, upload, valid_12

pytestmark = pytest.mark.django_db


@pytest.fixture
def package():
    training = TrainingFactory()
    return package_import(training=training, uploaded_file=upload(valid_12()), actor=None)


@pytest.fixture
def learner(package):
    enrolment = EnrolmentFactory(session=SessionFactory(training=package.training))
    return enrolment.user


def _url(package, path="index.html") -> str:
    return f"/scorm/paquets/{package.pk}/{path}"


def _get(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


class TestPackageFile:
    def test_a_learner_gets_the_launch_page_framed_same_origin(self, client, package, learner):
        client.force_login(learner)

        response, body = _get(client, _url(package))

        assert response.status_code == HTTPStatus.OK
        assert body.decode() == SCO_12_HTML
        assert response["Content-Type"].startswith("text/html")
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]

    def test_assets_get_their_content_type(self, client, package, learner):
        client.force_login(learner)

        response, body = _get(client, _url(package, "css/style.css"))

        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "text/css"

    def test_the_author_may_read_it(self, client, package, platform_admin):
        client.force_login(platform_admin)

        assert _get(client, _url(package))[0].status_code == HTTPStatus.OK

    def test_a_learner_of_a_training_that_uses_the_package(self, client, package):
        other_training = TrainingFactory()
        ScormActivityFactory(section=SectionFactory(training=other_training), scorm_package=package)
        enrolment = EnrolmentFactory(session=SessionFactory(training=other_training))
        client.force_login(enrolment.user)

        assert _get(client, _url(package))[0].status_code == HTTPStatus.OK

    @pytest.mark.parametrize("who", ["anonymous", "stranger", "cancelled", "other_training"])
    def test_anyone_else_gets_404(self, client, package, who):
        if who == "stranger":
            client.force_login(UserFactory())
        elif who == "cancelled":
            enrolment = EnrolmentFactory(
                session=SessionFactory(training=package.training), status="cancelled"
            )
            client.force_login(enrolment.user)
        elif who == "other_training":
            client.force_login(EnrolmentFactory().user)

        assert _get(client, _url(package))[0].status_code == HTTPStatus.NOT_FOUND

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
        client.force_login(learner)

        response, body = _get(client, _url(package, path))

        assert response.status_code == HTTPStatus.NOT_FOUND
        assert b"TOP-SECRET-0042" not in body

    def test_post_is_refused(self, client, package, learner):
        client.force_login(learner)

        assert client.post(_url(package)).status_code == HTTPStatus.METHOD_NOT_ALLOWED


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
    from mentor.scorm.models import Package
    from mentor.scorm.selectors import package_file_name

    assert package_file_name(package=Package(storage_prefix="scorm/abc"), path=path) == expected
