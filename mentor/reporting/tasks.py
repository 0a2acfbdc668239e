from celery import shared_task
from django.db import OperationalError

from mentor.reporting.rollups import rollups_refresh
from mentor.reporting.selectors import warm_dashboards


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def rollups_refresh_task() -> None:
    """Bring the daily rollups up to date (idempotent; one run at a time), then compute the
    usual dashboards so that their distinct-people figures are cached."""
    if rollups_refresh() is not None:
        warm_dashboards()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def rollups_rebuild_task() -> None:
    """Recompute every day of the rollups (nightly): deletions leave no trace to follow."""
    rollups_refresh(full=True)
