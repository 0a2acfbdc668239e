"""The writes of reporting: every export is recorded in the audit trail (who exported
which table of which scope, with which filters); large exports are prepared by workers."""

import logging
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from mentor.audit.models import AuditEvent
from mentor.audit.services import audit_record
from mentor.core.errors import Refusal
from mentor.reporting import hr
from mentor.reporting.exports import csv_stream
from mentor.reporting.forms import filters_from_params
from mentor.reporting.models import ExportJob
from mentor.reporting.permissions import ReportScope, reporting_scope
from mentor.reporting.selectors import Filters

logger = logging.getLogger(__name__)


@transaction.atomic
def export_record(*, actor, table: str, scope: ReportScope, filters: Filters) -> AuditEvent:
    root = scope.roots[0] if scope.roots else None
    return audit_record(
        actor=actor,
        action="reporting.export",
        target=filters.entity or root or actor,
        entity=filters.entity or root,
        data={
            "table": table,
            "scope": scope.kind.value,
            "scope_entities": [r.slug for r in scope.roots],
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
            "filters": {
                "entity": filters.entity.slug if filters.entity else "",
                "collection": filters.collection.slug if filters.collection else "",
                "training": filters.training.slug if filters.training else "",
                "offer": filters.offer,
                "modality": filters.modality,
            },
        },
    )


# --- Exports prepared by workers ---------------------------------------------------------


def export_job_start(*, actor, kind: str, scope: ReportScope, filters: Filters, params: dict):
    """Record the export (audited now, when it is asked for) and queue its preparation once
    the transaction commits. The file is private to ``actor``."""
    job = _export_job_create(actor=actor, kind=kind, scope=scope, filters=filters, params=params)
    transaction.on_commit(partial(export_job_dispatch, job.pk), robust=True)
    return job


@transaction.atomic
def _export_job_create(*, actor, kind, scope, filters, params) -> ExportJob:
    export_record(actor=actor, table=f"{kind}.csv (tâche)", scope=scope, filters=filters)
    return ExportJob.objects.create(requester=actor, kind=kind, params=params)


def export_job_dispatch(job_id) -> None:
    """Hand the job to a worker. Unlike ``task_dispatch``, never falls back to running it
    in the request when the broker is down: a large export must not run there. The job
    stays pending and ``export_jobs_resume`` (Celery beat) queues it again."""
    from mentor.reporting.tasks import export_job_task  # noqa: PLC0415  (tasks import us)

    if settings.CELERY_TASK_ALWAYS_EAGER:
        export_job_task.apply(kwargs={"job_id": str(job_id)})
        return
    try:
        export_job_task.apply_async(kwargs={"job_id": str(job_id)}, retry=False)
    except Exception:  # the broker's errors, whatever their class
        logger.warning("Broker unavailable: export %s stays pending", job_id, exc_info=True)


def export_job_run(job_id) -> ExportJob | None:
    """Prepare the file of a job: idempotent and restartable (a job already done is left
    as is; one interrupted midway starts its file again from the top, in a new file). The
    lines are written as they are read, progress saved every chunk."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == ExportJob.Status.DONE:
            return job
        job.status, job.done, job.error = ExportJob.Status.RUNNING, 0, ""
        job.save(update_fields=["status", "done", "error"])
    scope = reporting_scope(job.requester)
    try:
        if scope is None:
            raise PermissionDenied
        filters = filters_from_params(job.params, user=job.requester, scope=scope)
        hr.check_hr_scope(scope)
        job.total = hr.hr_count(scope=scope, filters=filters)
        job.save(update_fields=["total"])
        storage = storages["exports"]
        with tempfile.TemporaryFile(mode="w+b") as buffer:
            for piece in _encoded(csv_stream(hr.hr_header(), _progress(job, scope, filters))):
                buffer.write(piece)
            buffer.seek(0)
            name = storage.save(f"{job.requester_id}/{job.pk}.csv", File(buffer))
    except Exception as exc:
        job.status, job.error = ExportJob.Status.FAILED, type(exc).__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        if not isinstance(exc, PermissionDenied | Refusal):
            raise
        return job
    job.status, job.file, job.finished_at = ExportJob.Status.DONE, name, timezone.now()
    job.save(update_fields=["status", "file", "finished_at", "done"])
    return job


def _encoded(pieces: Iterator[str]) -> Iterator[bytes]:
    for piece in pieces:
        yield piece.encode("utf-8")


def _progress(job: ExportJob, scope: ReportScope, filters: Filters) -> Iterator[list]:
    for number, line in enumerate(hr.hr_lines(scope=scope, filters=filters), start=1):
        yield line
        if number % hr.CHUNK == 0:
            ExportJob.objects.filter(pk=job.pk).update(done=number)
        job.done = number


def export_jobs_resume(*, older_than_minutes: int = 10) -> int:
    """Queue again the jobs left pending (broker down) or running in a worker that died."""
    stale = timezone.now() - timedelta(minutes=older_than_minutes)
    ids = list(
        ExportJob.objects.filter(
            status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING],
            created_at__lt=stale,
        ).values_list("pk", flat=True)
    )
    for job_id in ids:
        export_job_dispatch(job_id)
    return len(ids)


def export_files_purge(*, now=None) -> int:
    """Delete the export files older than ``REPORTING_EXPORT_RETENTION_DAYS`` (personal
    data: one line per agent): their jobs become "expired" (the audit trail keeps who
    exported what). Files no job owns any more (its requester was deleted) go too, once
    as old. Idempotent; returns the number of files deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORTING_EXPORT_RETENTION_DAYS)
    storage = storages["exports"]
    deleted = 0
    for job in ExportJob.objects.filter(
        status=ExportJob.Status.DONE, finished_at__lt=cutoff
    ).iterator():
        if job.file and storage.exists(job.file):
            storage.delete(job.file)
            deleted += 1
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file="")
    owned = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    for name in _stored_files(storage):
        if name not in owned and storage.get_modified_time(name) < cutoff:
            storage.delete(name)
            deleted += 1
    return deleted


def _stored_files(storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from _stored_files(storage, f"{folder}/{sub}" if folder else sub)
