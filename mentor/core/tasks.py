import logging
import time

from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import OperationalError

from mentor.core import export_jobs

logger = logging.getLogger(__name__)

#: After the broker refused a task, send the next ones inline for this long instead of
#: paying the connection timeout on every request while Redis is down.
BROKER_BACKOFF_SECONDS = 15
_broker_down_until = 0.0


def task_dispatch(task: Task, **kwargs) -> None:
    """Queue ``task`` for a worker; when the broker cannot take it (Redis down or
    unreachable), run it here and now, so that what a person did never loses its side
    effect (their confirmation e-mail, their attestation). Tasks must be idempotent."""
    global _broker_down_until
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply(kwargs=kwargs)
        return
    if time.monotonic() >= _broker_down_until:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
            return
        except Exception:  # kombu's OperationalError, socket errors, anything from the broker
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning("Broker unavailable: running %s inline", task.name, exc_info=True)
    task.apply(kwargs=kwargs)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Send one e-mail. Queued by services so a slow mail server never slows a request."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, reply_to=reply_to or []
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def clear_expired_sessions() -> None:
    """Periodic (Celery beat): drop expired sessions from the database."""
    call_command("clearsessions")


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def export_job_task(*, job_id: str) -> None:
    """Prepare one export file (idempotent: a finished job is left alone)."""
    export_jobs.export_job_run(job_id)


@shared_task
def export_jobs_resume_task() -> int:
    return export_jobs.export_jobs_resume()


@shared_task
def export_files_purge_task() -> int:
    """Delete the export files past their retention period."""
    return export_jobs.export_files_purge()
