from celery import shared_task

from mentor.accounts.retention import retention_run


@shared_task
def retention_daily_task() -> dict:
    """Celery beat, daily (settings.CELERY_BEAT_SCHEDULE): the privacy page's retention
    rules. Idempotent and resumable: see mentor.accounts.retention."""
    report = retention_run()
    return {"notices": report.notices_sent, "erased": report.accounts_erased}
