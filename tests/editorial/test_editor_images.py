"""Images of the rich-text editor: owned, tracked where they are used, as private as the
texts that show them, copied with a training, and deleted a delay after no text uses them."""

import io
from datetime import timedelta
from http import HTTPStatus
from importlib import import_module

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mentor.catalog.copiers import copy_content
from mentor.catalog.models import PublicationState
from mentor.catalog.services import training_clone
from mentor.editorial.images import editor_images_purge, image_url
from mentor.editorial.models import EditorImage, EditorImageUse, Resource, SpacePage
from mentor.editorial.services import editor_image_upload
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind, Section
from tests.factories import SessionFactory, TrainingFactory, UserFactory


def _png(colour: str = "navy") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def image(designer):
    upload = SimpleUploadedFile("schema.png", _png(), content_type="image/png")
    return editor_image_upload(actor=designer, upload=upload, alt="Un schéma")


def _tag(image) -> str:
    return f'<p><img src="{image_url(image)}" alt="{image.alt}"></p>'


def _status(client, image, user=None) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return _get(client, image_url(image)).status_code


def _get(client, url):
    response = client.get(url)
    if response.streaming:  # read to the end: the test client then closes the file
        b"".join(response.streaming_content)
    return response


@pytest.mark.django_db
class TestPrivacy:
    def test_not_under_public_media_and_only_its_owner_before_use(
        self, client, image, designer, agent
    ):
        assert not image.file.name.startswith("trainings/")
        assert _get(client, f"/media/{image.file.name}").status_code == HTTPStatus.NOT_FOUND
        assert _status(client, image) == HTTPStatus.NOT_FOUND
        assert _status(client, image, agent) == HTTPStatus.NOT_FOUND
        assert _status(client, image, designer) == HTTPStatus.OK

    def test_on_a_public_sheet_everyone_sees_it(self, client, image, justice):
        training = TrainingFactory(producer=justice, objectives=_tag(image))
        assert EditorImageUse.objects.filter(
            image=image, source="catalog.Training", object_id=training.pk
        ).exists()
        assert _status(client, image) == HTTPStatus.OK

    def test_on_an_internal_offer_only_its_agents(self, client, image, justice, agriculture):
        TrainingFactory(producer=justice, owner_entity=justice, content=_tag(image))
        assert _status(client, image) == HTTPStatus.NOT_FOUND
        assert _status(client, image, UserFactory(entity=agriculture)) == HTTPStatus.NOT_FOUND
        assert _status(client, image, UserFactory(entity=justice)) == HTTPStatus.OK

    def test_on_a_course_page_its_learners_only(self, client, image, justice):
        training = TrainingFactory(producer=justice)
        section = Section.objects.create(training=training, title="S", position=0)
        Activity.objects.create(
            section=section, kind=ActivityKind.PAGE, title="Page", body=_tag(image)
        )
        learner, stranger = UserFactory(entity=justice), UserFactory(entity=justice)
        Enrolment.objects.create(
            user=learner, session=SessionFactory(training=training), enrolled_at=timezone.now()
        )
        assert _status(client, image) == HTTPStatus.NOT_FOUND
        assert _status(client, image, stranger) == HTTPStatus.NOT_FOUND
        assert _status(client, image, learner) == HTTPStatus.OK

    def test_in_a_kit_mentor_guide_the_producers(self, client, image, agent, committee):
        Resource.objects.create(
            kind="guide", title="G", slug="g", summary="s", body=_tag(image), published=True
        )
        assert _status(client, image, agent) == HTTPStatus.NOT_FOUND
        assert _status(client, image, committee) == HTTPStatus.OK

    def test_removing_it_from_the_text_forgets_the_use(self, image, justice):
        page = SpacePage.objects.create(entity=justice, intro=_tag(image))
        assert image.uses.count() == 1
        page.intro = "<p>Plus d’image</p>"
        page.save()
        assert image.uses.count() == 0


@pytest.mark.django_db
class TestCopiesAndCleanUp:
    def test_a_copied_training_shows_the_same_images(self, client, image, justice, agriculture):
        source = TrainingFactory(producer=justice, objectives=_tag(image))
        section = Section.objects.create(training=source, title="S", position=0)
        Activity.objects.create(
            section=section, kind=ActivityKind.PAGE, title="P", body=_tag(image)
        )
        copy = training_clone(
            actor=None, source=source, title="Copie", owner_entity=agriculture, producer=agriculture
        )
        copy_content(source=source, target=copy)
        copied_activity = Activity.objects.get(section__training=copy)
        assert set(image.uses.values_list("source", "object_id")) == {
            ("catalog.Training", source.pk),
            ("catalog.Training", copy.pk),
            ("learning.Activity", section.activities.get().pk),
            ("learning.Activity", copied_activity.pk),
        }

    def test_unused_images_are_deleted_after_the_delay(self, settings, designer, justice):
        settings.EDITOR_IMAGE_UNUSED_DAYS = 7
        upload = lambda: SimpleUploadedFile("i.png", _png("red"), content_type="image/png")  # noqa: E731
        used = editor_image_upload(actor=designer, upload=upload(), alt="Utilisée")
        orphan = editor_image_upload(actor=designer, upload=upload(), alt="Orpheline")
        fresh = editor_image_upload(
            actor=designer,
            upload=SimpleUploadedFile("j.png", _png("green"), content_type="image/png"),
            alt="Récente",
        )
        TrainingFactory(producer=justice, state=PublicationState.DRAFT, content=_tag(used))
        # A use the signals never saw (a bulk update): the clean-up re-reads the texts.
        EditorImageUse.objects.all().delete()
        old = timezone.now() - timedelta(days=8)
        EditorImage.objects.filter(pk__in=[used.pk, orphan.pk]).update(created_at=old)
        assert editor_images_purge() == 1
        assert set(EditorImage.objects.values_list("alt", flat=True)) == {"Utilisée", "Récente"}
        # The orphan shared its stored bytes with the used one: the file stays.
        assert used.file.name == orphan.file.name
        assert default_storage.exists(used.file.name)
        assert fresh.uses.count() == 0 and used.uses.count() == 1

    def test_the_upload_answers_the_private_url(self, client, designer):
        client.force_login(designer)
        upload = SimpleUploadedFile("i.png", _png(), content_type="image/png")
        response = client.post(reverse("editorial:editor_image"), {"image": upload, "alt": "x"})
        assert response.status_code == HTTPStatus.CREATED
        assert response.json()["url"].startswith("/editeur/images/")
        assert _get(client, response.json()["url"]).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_the_upgrade_points_old_public_urls_at_the_private_ones(image, justice):
    """Migration 0004: texts written before the images became private are rewritten."""
    migration = import_module("mentor.editorial.migrations.0004_editor_images_private_urls")
    training = TrainingFactory(producer=justice)
    old = f'<p><img src="/media/{image.file.name}" alt="Un schéma"></p>'
    type(training).objects.filter(pk=training.pk).update(content=old)
    EditorImageUse.objects.all().delete()
    migration.forwards(apps, None)
    training.refresh_from_db()
    assert training.content == _tag(image)
    assert image.uses.filter(source="catalog.Training", object_id=training.pk).exists()
