"""Background work of the editorial app (tasks only call services)."""

from celery import shared_task

from mentor.editorial.images import editor_images_purge


@shared_task
def editor_images_purge_task() -> int:
    """Celery beat, daily (settings.CELERY_BEAT_SCHEDULE): delete the editor images no
    rich text uses any more, after a delay. Idempotent."""
    return editor_images_purge()
