"""Background work of the library: running a copy (tasks only call services)."""

from celery import shared_task
from django.db import OperationalError

from mentor.library import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def copy_run_task(*, copy_id: int) -> str:
    return services.copy_run(copy_id=copy_id).state
