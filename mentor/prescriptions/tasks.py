"""Background work of campaigns: opening, the throttled e-mail fan-out, the daily beat.

Tasks only call services. The fan-out sends one batch per task run and queues the next one
after ``PRESCRIPTIONS_EMAIL_INTERVAL`` seconds (the throttle); inline (no broker) it loops.
A campaign's sending is queued as ``PRESCRIPTIONS_EMAIL_CHAINS`` such chains, which
several workers run in parallel, each on batches it claimed alone; a chain ends when it
finds nothing left to claim, and whichever ends last sends the author's summary.
"""

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import OperationalError

from mentor.prescriptions import services


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def campaign_open_task(*, campaign_id: int) -> int:
    return services.campaign_open(campaign_id=campaign_id)


@shared_task(
    bind=True, autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=8
)
def campaign_emails_task(self, *, campaign_id: int, kind: str = "opening", offset=None) -> int:
    size = settings.PRESCRIPTIONS_EMAIL_BATCH
    total = 0
    while True:
        sent = services.campaign_emails_send(
            campaign_id=campaign_id, kind=kind, offset=offset, batch_size=size
        )
        total += sent
        if sent < size:
            if kind == "opening":
                services.campaign_summary_send(campaign_id=campaign_id)
            return total
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            self.apply_async(
                kwargs={"campaign_id": campaign_id, "kind": kind, "offset": offset},
                countdown=settings.PRESCRIPTIONS_EMAIL_INTERVAL,
            )
            return total


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=8)
def assignment_relaunch_task(*, assignment_id: int) -> bool:
    return services.assignment_relaunch_send(assignment_id=assignment_id)


@shared_task
def campaigns_daily_task() -> dict:
    """Periodic (Celery beat)."""
    return services.campaigns_daily()


@shared_task
def campaigns_resume_task() -> list[int]:
    return services.campaigns_resume()


@worker_ready.connect(dispatch_uid="prescriptions.resume_on_worker_ready")
def resume_on_worker_ready(sender=None, **kwargs) -> None:
    """A worker started (perhaps after another was killed mid-send): resume unfinished
    sending now. Queued, not run here, so that the worker's start is not delayed."""
    campaigns_resume_task.delay()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def campaign_follow_up_task(*, campaign_id: int) -> None:
    services.campaign_follow_up_refresh(campaign_id=campaign_id)
