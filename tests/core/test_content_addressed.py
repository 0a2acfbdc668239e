"""Content-addressed storage: identical bytes uploaded separately are stored once — course
files, images, illustrations, and SCORM packages as a whole; other folders unchanged."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from mentor.learning.models import Activity, ActivityKind, Section
from mentor.scorm.services import package_discard, package_import
from tests.factories import TrainingFactory, UserFactory
from tests.scorm.conftest import stored_files
from tests.scorm.packages import upload, valid_12


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.django_db
class TestFiles:
    def test_the_same_bytes_twice_are_stored_once(self, media):
        training = TrainingFactory()
        section = Section.objects.create(training=training, title="S", position=0)
        a = Activity.objects.create(
            section=section, kind=ActivityKind.FILE, title="A", file=ContentFile(b"PDF-1", "a.pdf")
        )
        b = Activity.objects.create(
            section=section, kind=ActivityKind.FILE, title="B", file=ContentFile(b"PDF-1", "b.PDF")
        )
        c = Activity.objects.create(
            section=section, kind=ActivityKind.FILE, title="C", file=ContentFile(b"PDF-2", "a.pdf")
        )
        assert a.file.name == b.file.name != c.file.name
        assert a.file.name.startswith("activities/") and a.file.name.endswith(".pdf")
        assert len(_files(media)) == 2
        with default_storage.open(b.file.name) as stored:
            assert stored.read() == b"PDF-1"

    def test_other_folders_keep_their_names(self):
        first = default_storage.save("personal/1/notes.txt", ContentFile(b"x"))
        second = default_storage.save("personal/1/notes.txt", ContentFile(b"x"))
        assert first == "personal/1/notes.txt" and second != first


@pytest.mark.django_db
class TestScormPackages:
    def test_a_package_uploaded_twice_is_stored_once_and_both_play(self, media):
        designer = UserFactory()
        data = valid_12()
        one = package_import(training=TrainingFactory(), uploaded_file=upload(data), actor=designer)
        files = stored_files(media)
        two = package_import(training=TrainingFactory(), uploaded_file=upload(data), actor=designer)
        assert one.storage_prefix == two.storage_prefix
        assert stored_files(media) == files
        assert two.file_count == one.file_count and two.total_size == one.total_size
        assert list(two.scos.values_list("identifier", flat=True)) == list(
            one.scos.values_list("identifier", flat=True)
        )
        # Deleting one keeps the files the other plays.
        package_discard(package=one)
        assert stored_files(media) == files
        package_discard(package=two)
        assert stored_files(media) == []
