from celery import shared_task
from django.db import OperationalError

from mentor.reporting.rollups import rollups_refresh
from mentor.reporting.selectors import figures_compute, warm_dashboards


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


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def figures_compute_task(spec: dict) -> None:
    """Compute the figures a reader asked for (a dashboard, an overview) and keep them in
    the cache; the reader was shown the last ones meanwhile (``selectors._cached``)."""
    figures_compute(spec)
