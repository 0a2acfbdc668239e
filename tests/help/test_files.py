"""Personal files: quota, types and sizes, privacy, deletion, export and erasure; the
attestations listed on their own."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.services import user_erase
from mentor.attestations.models import Attestation
from mentor.help.files import FileError, personal_file_add, personal_file_delete
from mentor.help.models import PersonalFile
from tests.factories import UserFactory
from tests.learning.factories import EnrolmentFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def pdf(name="diplome.pdf", extra=0):
    return SimpleUploadedFile(name, PDF + b" " * extra)


@pytest.fixture
def agent(justice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return UserFactory(email="alix@justice.gouv.fr", entity=justice)


@pytest.mark.django_db
class TestUploads:
    def test_a_document_is_stored_under_a_random_name(self, agent):
        stored = personal_file_add(user=agent, upload=pdf())
        assert stored.name == "diplome.pdf" and stored.size == len(PDF)
        assert "diplome" not in stored.file.name and stored.file.name.endswith(".pdf")

    @pytest.mark.parametrize(
        ("name", "content", "error"),
        [
            ("page.html", b"<html><script>alert(1)</script></html>", "type de fichier"),
            ("image.svg", b"<svg onload='x'/>", "type de fichier"),
            ("faux.pdf", b"MZ\x90\x00executable", "ne correspond pas"),
            ("photo.png", b"GIF89a....", "ne correspond pas"),
            ("vide.pdf", b"", "vide"),
        ],
    )
    def test_types_are_checked_from_the_content(self, agent, name, content, error):
        with pytest.raises(FileError, match=error):
            personal_file_add(user=agent, upload=SimpleUploadedFile(name, content))
        assert not PersonalFile.objects.exists()

    def test_a_png_passes(self, agent):
        assert personal_file_add(user=agent, upload=SimpleUploadedFile("p.png", PNG)).pk

    def test_size_limit_per_file(self, agent, settings):
        settings.PERSONAL_FILE_MAX_BYTES = 100
        with pytest.raises(FileError, match="taille maximale"):
            personal_file_add(user=agent, upload=pdf(extra=100))

    def test_quota_per_person(self, agent, justice, settings):
        settings.PERSONAL_FILES_QUOTA_BYTES = 3 * len(PDF)
        for i in range(3):
            personal_file_add(user=agent, upload=pdf(f"f{i}.pdf"))
        with pytest.raises(FileError, match="Votre espace est plein"):
            personal_file_add(user=agent, upload=pdf("de-trop.pdf"))
        assert PersonalFile.objects.filter(user=agent).count() == 3
        # Someone else's quota is their own.
        personal_file_add(user=UserFactory(entity=justice), upload=pdf())
        # Deleting frees the space.
        personal_file_delete(user=agent, file_id=PersonalFile.objects.filter(user=agent)[0].pk)
        personal_file_add(user=agent, upload=pdf("maintenant.pdf"))


@pytest.mark.django_db
class TestPrivacy:
    def test_only_the_owner_lists_downloads_and_deletes(self, client, agent, justice):
        stored = personal_file_add(user=agent, upload=pdf())
        other = UserFactory(entity=justice)
        client.force_login(other)
        assert "diplome.pdf" not in client.get(reverse("files:mine")).content.decode()
        url = reverse("files:download", args=[stored.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        client.post(reverse("files:delete", args=[stored.pk]))
        assert PersonalFile.objects.filter(pk=stored.pk).exists()
        client.logout()
        assert client.get(url).status_code == HTTPStatus.FOUND  # to sign in
        client.force_login(agent)
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(b"%PDF")
        assert "diplome.pdf" in response["Content-Disposition"]

    def test_delete_removes_the_row_and_the_bytes(
        self, client, agent, django_capture_on_commit_callbacks
    ):
        stored = personal_file_add(user=agent, upload=pdf())
        path = Path(stored.file.path)
        assert path.exists()
        client.force_login(agent)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("files:delete", args=[stored.pk]))
        assert not PersonalFile.objects.exists() and not path.exists()


@pytest.mark.django_db
class TestPage:
    def test_upload_through_the_page_and_refusal_in_the_form(self, client, agent):
        client.force_login(agent)
        response = client.post(reverse("files:mine"), {"file": pdf()}, follow=True)
        assert "diplome.pdf" in response.content.decode()
        content = client.post(
            reverse("files:mine"), {"file": SimpleUploadedFile("x.html", b"<html></html>")}
        ).content.decode()
        assert "type de fichier" in content and PersonalFile.objects.count() == 1

    def test_attestations_are_listed_automatically(self, client, agent):
        enrolment = EnrolmentFactory(user=agent)
        Attestation.objects.create(
            enrolment=enrolment,
            training=enrolment.session.training,
            number="MNT-2026-AB23CD45",
            issued_at=timezone.now(),
            training_title="Laïcité et fonction publique",
            producer_name="DGAFP",
            duration_hours=3,
            completed_at=timezone.now(),
        )
        client.force_login(agent)
        content = client.get(reverse("files:mine")).content.decode()
        section = content[content.index('data-testid="files-attestations"') :]
        assert "Laïcité et fonction publique" in section and "MNT-2026-AB23CD45" in section
        assert reverse("attestations:download", args=[enrolment.pk]) in section

    def test_the_page_needs_a_sign_in(self, client, db):
        assert client.get(reverse("files:mine")).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
class TestPersonalData:
    def test_files_are_exported_and_erased(self, client, agent, django_capture_on_commit_callbacks):
        stored = personal_file_add(user=agent, upload=pdf())
        client.force_login(agent)
        data = json.loads(client.post(reverse("accounts:personal_data_download")).content)
        assert data["fichiers_personnels"] == [
            {
                "nom": "diplome.pdf",
                "taille_octets": len(PDF),
                "ajoute_le": stored.uploaded_at.isoformat(),
            }
        ]
        path = stored.file.path
        with django_capture_on_commit_callbacks(execute=True):
            user_erase(user=agent)
        assert not PersonalFile.objects.exists()
        assert not Path(path).exists()
