"""Images uploaded from the rich-text editor: where they are used, who may see them, and
their clean-up.

An editor image is owned (``uploaded_by``) and tracked: every rich text that shows it is
recorded in ``EditorImageUse`` when the text is saved (signals on the models below; the
copier for copies made by bulk inserts). It is then as private as those texts: served to
whoever may read at least one of them (a public training sheet or space page: everyone; a
course page: its learners, tutors and authors; a Kit Mentor guide: the producers), and to
its owner while it is not placed yet. An image that no text uses any more is deleted a
delay after it was last needed (``editor_images_purge``, a Celery beat task), which also
rebuilds the uses from the texts themselves, so a missed signal is never a lost image.
"""

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.permissions import is_platform_admin
from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.selectors import trainings_visible_to
from mentor.core.permissions import can
from mentor.editorial.models import (
    CallForProjects,
    EditorImage,
    EditorImageUse,
    Resource,
    SpaceNews,
    SpacePage,
)
from mentor.learning.models import Activity

logger = logging.getLogger(__name__)

#: The marker every editor image URL contains (``/editeur/images/<pk>/``).
_URL = re.compile(r"/editeur/images/(\d+)/")


def image_url(image: EditorImage) -> str:
    return reverse("editorial:editor_image_file", kwargs={"pk": image.pk})


def image_ids_in(*texts: str) -> set[int]:
    """The editor images the HTML texts show."""
    return {int(pk) for text in texts if text for pk in _URL.findall(text)}


# --- The texts that may show editor images ---------------------------------------------------


def _trainings_visible(user, ids: set[int]) -> bool:
    readable = trainings_visible_to(user).filter(pk__in=ids)
    if readable.exists():
        return True
    return user.is_authenticated and trainings_editable_by(user).filter(pk__in=ids).exists()


def _activities_visible(user, ids: set[int]) -> bool:
    if not user.is_authenticated:
        return False
    trainings = Training.objects.filter(sections__activities__pk__in=ids).distinct()
    return any(can(user, "learning.read_course", training) for training in trainings[:20])


def _public(user, ids: set[int]) -> bool:
    return True


def _producers(user, ids: set[int]) -> bool:
    return can(user, "editorial.use_resources")


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    fields: tuple[str, ...]
    #: (user, ids of rows of this source that use the image) -> may the user see one?
    visible: Callable[[object, set[int]], bool]


SOURCES: dict[str, Source] = {
    "catalog.Training": Source(Training, ("objectives", "content"), _trainings_visible),
    "learning.Activity": Source(Activity, ("body",), _activities_visible),
    "editorial.SpacePage": Source(SpacePage, ("intro",), _public),
    "editorial.SpaceNews": Source(SpaceNews, ("body",), _public),
    "editorial.Resource": Source(Resource, ("body",), _producers),
    "editorial.CallForProjects": Source(CallForProjects, ("body",), _producers),
}


def uses_record(*, label: str, objects: Iterable[models.Model]) -> None:
    """Record which editor images these rows of one source show now (replacing what was
    recorded for them)."""
    source = SOURCES[label]
    objects = list(objects)
    if not objects:
        return
    EditorImageUse.objects.filter(source=label, object_id__in=[o.pk for o in objects]).delete()
    wanted = {
        (image_id, obj.pk)
        for obj in objects
        for image_id in image_ids_in(*(getattr(obj, name) or "" for name in source.fields))
    }
    existing = set(
        EditorImage.objects.filter(pk__in={i for i, _pk in wanted}).values_list("pk", flat=True)
    )
    EditorImageUse.objects.bulk_create(
        [
            EditorImageUse(image_id=image_id, source=label, object_id=pk)
            for image_id, pk in sorted(wanted)
            if image_id in existing
        ],
        ignore_conflicts=True,
    )


def may_see(*, user, image: EditorImage) -> bool:
    """The image's owner and platform admins always; anyone else if they may read one of
    the texts that show it."""
    if user.is_authenticated and (image.uploaded_by_id == user.pk or is_platform_admin(user)):
        return True
    by_source: dict[str, set[int]] = {}
    for label, object_id in image.uses.values_list("source", "object_id"):
        by_source.setdefault(label, set()).add(object_id)
    return any(
        SOURCES[label].visible(user, ids) for label, ids in by_source.items() if label in SOURCES
    )


# --- Keeping the uses up to date --------------------------------------------------------------


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    label = sender._meta.label
    source = SOURCES[label]
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(source.fields):
        return
    uses_record(label=label, objects=[instance])


def _on_delete(sender, instance, **kwargs) -> None:
    EditorImageUse.objects.filter(source=sender._meta.label, object_id=instance.pk).delete()


def connect() -> None:
    """Called once at start-up (``EditorialConfig.ready``)."""
    for label, source in SOURCES.items():
        uid = f"editorial.images.{label}"
        post_save.connect(_on_save, sender=source.model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_delete, sender=source.model, dispatch_uid=uid, weak=False)


def _copy(context: CopyContext) -> None:
    """A copied training (sheet and pages, written by bulk inserts) shows the same images."""
    uses_record(label="catalog.Training", objects=[context.target])
    uses_record(
        label="learning.Activity",
        objects=Activity.objects.filter(section__training=context.target).only("pk", "body"),
    )


register_copier("editorial.images", Copier(count=lambda training: 0, copy=_copy), order=90)


# --- Clean-up ---------------------------------------------------------------------------------


def uses_rebuild() -> int:
    """Re-read every text that may show an editor image and record its uses; returns the
    number of uses. Texts are read in chunks, only those that mention an editor image."""
    total = 0
    for label, source in SOURCES.items():
        mention = models.Q()
        for name in source.fields:
            mention |= models.Q(**{f"{name}__contains": "/editeur/images/"})
        rows = source.model.objects.filter(mention).only("pk", *source.fields)
        batch: list[models.Model] = []
        with transaction.atomic():
            EditorImageUse.objects.filter(source=label).exclude(
                object_id__in=source.model.objects.filter(mention).values("pk")
            ).delete()
            for row in rows.iterator(chunk_size=500):
                batch.append(row)
                if len(batch) == 500:
                    uses_record(label=label, objects=batch)
                    batch = []
            uses_record(label=label, objects=batch)
        total += EditorImageUse.objects.filter(source=label).count()
    return total


def editor_images_purge(*, now=None) -> int:
    """Delete the editor images no text uses, uploaded more than
    ``EDITOR_IMAGE_UNUSED_DAYS`` ago (time to save the page they were uploaded for), with
    their stored file unless another row shares it. Returns how many were deleted."""
    uses_rebuild()
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EDITOR_IMAGE_UNUSED_DAYS)
    unused = EditorImage.objects.filter(created_at__lt=cutoff, uses__isnull=True)
    deleted = 0
    for image in unused.iterator(chunk_size=200):
        name = image.file.name
        image.delete()
        deleted += 1
        if name and not EditorImage.objects.filter(file=name).exists():
            try:
                image.file.storage.delete(name)
            except OSError:
                logger.exception("Editor image clean-up: could not delete %s", name)
    return deleted
