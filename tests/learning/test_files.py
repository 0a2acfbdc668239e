"""Files of activities: uploads checked on their content and size, and served only to the
course's readers (learners, tutors, authors), with byte ranges for video."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mentor.accounts.models import Role
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityImage
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = pytest.mark.django_db

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 8
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.500\nBonjour et bienvenue.\n"


def png_bytes(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 0, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


def fetch(client, url, **kwargs):
    """GET and read the whole body (streamed files are closed once read)."""
    response = client.get(url, **kwargs)
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def stored(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def setup(justice, platform_admin):
    training = TrainingFactory(producer=justice, owner_entity=justice)
    section = SectionFactory(training=training)
    session = SessionFactory(training=training)
    learner = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(session=session, user=learner)
    designer = role_holder(Role.DESIGNER, justice, actor=platform_admin)
    tutor = role_holder(Role.TUTOR, justice, actor=platform_admin)
    session.tutors.add(tutor)
    return {
        "training": training,
        "section": section,
        "session": session,
        "learner": learner,
        "enrolment": enrolment,
        "designer": designer,
        "tutor": tutor,
    }


def _create(client, setup, kind, data):
    url = reverse("learning:activity_create", args=[setup["training"].slug, setup["section"].pk])
    return client.post(f"{url}?type={kind}", {"type": kind, "required": "on", **data})


class TestUploads:
    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            pytest.param("cours.mp4", b"not a video at all", "pas une vidéo", id="fake-mp4"),
            pytest.param("cours.avi", MP4, "pas une vidéo", id="wrong-extension"),
            pytest.param("cours.mp4", b"", "vide", id="empty"),
        ],
    )
    def test_a_video_that_is_not_one_is_refused(self, client, setup, media, name, content, message):
        client.force_login(setup["designer"])
        response = _create(
            client,
            setup,
            "video",
            {"title": "Vidéo", "file": SimpleUploadedFile(name, content)},
        )
        assert response.status_code == HTTPStatus.OK
        assert message in response.content.decode()
        assert not Activity.objects.filter(kind="video").exists()
        assert stored(media) == []

    def test_captions_must_be_webvtt(self, client, setup, media):
        client.force_login(setup["designer"])
        response = _create(
            client,
            setup,
            "video",
            {
                "title": "Vidéo",
                "file": SimpleUploadedFile("cours.mp4", MP4),
                "captions": SimpleUploadedFile("st.vtt", b"<script>alert(1)</script>"),
            },
        )
        assert "WebVTT" in response.content.decode()
        assert not Activity.objects.exists() and stored(media) == []

    def test_a_real_video_with_captions_is_accepted(self, client, setup):
        client.force_login(setup["designer"])
        response = _create(
            client,
            setup,
            "video",
            {
                "title": "Vidéo",
                "file": SimpleUploadedFile("cours.webm", WEBM),
                "captions": SimpleUploadedFile("st.vtt", b"\xef\xbb\xbf" + VTT),
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        video = Activity.objects.get(kind="video")
        assert video.file.name.endswith(".webm") and video.captions.name.endswith(".vtt")

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            pytest.param("virus.exe", b"MZ\x90\x00", "type de fichier", id="executable"),
            pytest.param("page.html", b"<script>alert(1)</script>", "type de fichier", id="html"),
            pytest.param("logo.svg", b"<svg onload=alert(1)>", "type de fichier", id="svg"),
            pytest.param("cours.pdf", b"MZ\x90\x00 not a pdf", "endommagé", id="renamed-pdf"),
            pytest.param("notes.txt", b"abc\x00\x01\x02", "endommagé", id="binary-text"),
        ],
    )
    def test_a_document_is_checked(self, client, setup, media, name, content, message):
        client.force_login(setup["designer"])
        response = _create(
            client, setup, "file", {"title": "Doc", "file": SimpleUploadedFile(name, content)}
        )
        assert message in response.content.decode()
        assert not Activity.objects.exists() and stored(media) == []

    def test_an_oversized_document_is_refused(self, client, setup, media, settings):
        settings.LEARNING_MAX_DOCUMENT_BYTES = 1024
        client.force_login(setup["designer"])
        response = _create(
            client,
            setup,
            "file",
            {"title": "Doc", "file": SimpleUploadedFile("gros.pdf", PDF + b" " * 2048)},
        )
        assert "taille maximale" in response.content.decode()
        assert not Activity.objects.exists() and stored(media) == []


@pytest.fixture
def document(setup):
    return ActivityFactory(
        section=setup["section"],
        kind="file",
        title="Guide de l’agent",
        file=SimpleUploadedFile("guide.pdf", PDF),
    )


@pytest.fixture
def video(setup):
    return ActivityFactory(
        section=setup["section"],
        kind="video",
        title="Vidéo",
        file=SimpleUploadedFile("cours.mp4", MP4),
        captions=SimpleUploadedFile("st.vtt", VTT),
    )


class TestServing:
    def test_the_player_links_to_the_guarded_urls_not_to_media(self, client, setup, video):
        client.force_login(setup["learner"])
        page = client.get(
            reverse("learning:activity", args=[setup["enrolment"].pk, video.pk])
        ).content.decode()
        assert reverse("learning:activity_file", args=[video.pk, "fichier"]) in page
        assert reverse("learning:activity_file", args=[video.pk, "sous-titres"]) in page
        assert '<track kind="captions"' in page
        assert "/media/" not in page

    def test_the_learner_downloads_the_document(self, client, setup, document):
        client.force_login(setup["learner"])
        response = fetch(client, reverse("learning:activity_file", args=[document.pk, "fichier"]))
        assert response.status_code == HTTPStatus.OK
        assert response.body == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "guide-de-lagent.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_video_ranges_for_seeking_and_phones(self, client, setup, video):
        client.force_login(setup["learner"])
        url = reverse("learning:activity_file", args=[video.pk, "fichier"])
        response = fetch(client, url, headers={"range": "bytes=0-1"})
        assert response.status_code == HTTPStatus.PARTIAL_CONTENT
        assert response.body == MP4[:2]
        assert response["Content-Range"] == f"bytes 0-1/{len(MP4)}"
        assert response["Accept-Ranges"] == "bytes"
        assert fetch(client, url, headers={"range": "bytes=100-"}).body == MP4[100:]
        assert fetch(client, url, headers={"range": "bytes=-10"}).body == MP4[-10:]
        response = fetch(client, url, headers={"range": f"bytes={len(MP4) + 5}-"})
        assert response.status_code == HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE
        response = fetch(client, url, headers={"range": "bytes=garbage"})
        assert response.status_code == HTTPStatus.OK and response.body == MP4  # whole file
        captions = fetch(client, reverse("learning:activity_file", args=[video.pk, "sous-titres"]))
        assert captions["Content-Type"].startswith("text/vtt")
        assert not captions.get("Content-Disposition", "").startswith("attachment")  # inline

    def test_a_missing_stored_file_is_a_404_not_a_crash(self, client, setup, document):
        document.file.storage.delete(document.file.name)
        client.force_login(setup["learner"])
        page = client.get(reverse("learning:activity", args=[setup["enrolment"].pk, document.pk]))
        assert (
            page.status_code == HTTPStatus.OK and "Télécharger le document" in page.content.decode()
        )
        url = reverse("learning:activity_file", args=[document.pk, "fichier"])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_tutors_and_designers_may_read(self, client, setup, document):
        url = reverse("learning:activity_file", args=[document.pk, "fichier"])
        for user in (setup["tutor"], setup["designer"]):
            client.force_login(user)
            assert fetch(client, url).status_code == HTTPStatus.OK

    def test_anyone_else_gets_404(self, client, setup, document, justice):
        url = reverse("learning:activity_file", args=[document.pk, "fichier"])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND  # anonymous
        client.force_login(UserFactory(entity=justice))
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        Enrolment.objects.filter(pk=setup["enrolment"].pk).update(status="cancelled")
        client.force_login(setup["learner"])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        bad = reverse("learning:activity_file", args=[document.pk, "autre"])
        assert client.get(bad).status_code == HTTPStatus.NOT_FOUND


class TestPageImages:
    def _page(self, setup):
        return ActivityFactory(section=setup["section"], body="<p>Texte</p>")

    def _edit(self, client, setup, page, data):
        url = reverse(
            "learning:activity_edit", args=[setup["training"].slug, setup["section"].pk, page.pk]
        )
        return client.post(
            url, {"type": "page", "title": page.title, "body": page.body, "required": "on", **data}
        )

    def test_an_uploaded_image_is_added_to_the_page_and_shown_to_learners(
        self, client, setup, justice
    ):
        page = self._page(setup)
        client.force_login(setup["designer"])
        response = self._edit(
            client,
            setup,
            page,
            {
                "image": SimpleUploadedFile("schema.png", png_bytes()),
                "image_alt": "Schéma des étapes",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        image = ActivityImage.objects.get(activity=page)
        url = reverse("learning:activity_image", args=[image.pk])
        page.refresh_from_db()
        assert f'<img src="{url}" alt="Schéma des étapes">' in page.body

        client.force_login(setup["learner"])
        body = client.get(
            reverse("learning:activity", args=[setup["enrolment"].pk, page.pk])
        ).content.decode()
        assert url in body
        response = fetch(client, url)
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "image/png"
        client.force_login(UserFactory(entity=justice))
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            pytest.param(
                {"image": SimpleUploadedFile("x.png", b"\x89PNG garbage"), "image_alt": "X"},
                "pas une image lisible",
                id="corrupt",
            ),
            pytest.param(
                {"image": SimpleUploadedFile("x.png", png_bytes())},
                "Décrivez l’image",
                id="no-alt",
            ),
        ],
    )
    def test_a_bad_image_changes_nothing(self, client, setup, media, data, message):
        page = self._page(setup)
        client.force_login(setup["designer"])
        response = self._edit(client, setup, page, {**data, "body": "<p>Modifié</p>"})
        assert response.status_code == HTTPStatus.OK
        assert message in response.content.decode()
        page.refresh_from_db()
        assert page.body == "<p>Texte</p>"
        assert not ActivityImage.objects.exists() and stored(media) == []

    def test_a_new_page_with_a_bad_image_is_not_created(self, client, setup):
        client.force_login(setup["designer"])
        response = _create(
            client,
            setup,
            "page",
            {
                "title": "Nouvelle",
                "body": "<p>x</p>",
                "image": SimpleUploadedFile("x.png", b"not an image"),
                "image_alt": "X",
            },
        )
        assert "pas une image lisible" in response.content.decode()
        assert not Activity.objects.exists()
