"""Large exports prepared by workers, for every app: one table (``core.ExportJob``), one
runner, one progress page, one retention. An app registers what a kind of export writes
(``register_export_kind``); it keeps its own URLs, which check who may follow the job and
download the file, and render ``core/export_job.html`` through ``export_job_page``.

Files are CSV as French spreadsheet users expect them: UTF-8 with a BOM, ``;`` separated,
decimal commas, and no cell a spreadsheet would run as a formula (``csv_stream``).

Used by reporting (the HR export) and prescriptions (a campaign's follow-up).
"""

import csv
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.core.errors import Refusal
from mentor.core.models import ExportJob
from mentor.core.registry import Registry

logger = logging.getLogger(__name__)

#: Lines written between two saves of the progress.
CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ExportContent:
    """What a kind of export writes: its header, how many lines (for the progress), and
    the lines, read as they are written."""

    header: list[str]
    total: int
    lines: Iterable[list]


#: ``(job) -> ExportContent``, run by the worker. It checks again, now, that the requester
#: may read what the job asks for (``PermissionDenied`` or ``Refusal``: the job fails).
ExportWriter = Callable[[ExportJob], ExportContent]
_KINDS: Registry[ExportWriter] = Registry("export kinds")


def register_export_kind(name: str) -> Callable[[ExportWriter], ExportWriter]:
    return _KINDS.register(name)


def _writer(kind: str) -> ExportWriter:
    for name, writer in _KINDS.items():
        if name == kind:
            return writer
    raise LookupError(f"No export kind {kind!r} is registered")


# --- CSV ----------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def cell(value) -> str:
    """A value as a safe CSV cell: numbers with a decimal comma, text that a spreadsheet
    would read as a formula (``=HYPERLINK(...)``) prefixed with a quote so it stays text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_stream(header: list[str], lines: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
    yield writer.writerow([cell(h) for h in header])
    for line in lines:
        yield writer.writerow([cell(v) for v in line])


# --- Jobs ---------------------------------------------------------------------------------


def export_job_start(*, actor, kind: str, params: dict) -> ExportJob:
    """Record the job and queue its preparation once the transaction commits. The caller
    has checked the actor's rights and audited the request; the file is private to
    ``actor``."""
    _writer(kind)  # an unknown kind fails here, in the request, not in the worker
    job = ExportJob.objects.create(requester=actor, kind=kind, params=params)
    transaction.on_commit(lambda: export_job_dispatch(job.pk), robust=True)
    return job


def export_job_dispatch(job_id) -> None:
    """Hand the job to a worker. Unlike ``task_dispatch``, never falls back to running it
    in the request when the broker is down: a large export must not run there. The job
    stays pending and ``export_jobs_resume`` (Celery beat) queues it again."""
    from mentor.core.tasks import export_job_task  # noqa: PLC0415  (tasks import us)

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
    try:
        content = _writer(job.kind)(job)
        job.total = content.total
        job.save(update_fields=["total"])
        storage = storages["exports"]
        with tempfile.TemporaryFile(mode="w+b") as buffer:
            for piece in csv_stream(content.header, _progress(job, content.lines)):
                buffer.write(piece.encode("utf-8"))
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


def _progress(job: ExportJob, lines: Iterable[list]) -> Iterator[list]:
    for number, line in enumerate(lines, start=1):
        yield line
        if number % CHUNK == 0:
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
    """Delete the export files older than ``EXPORT_RETENTION_DAYS`` (personal data: one
    line per agent): their jobs become "expired" (the audit trail keeps who exported
    what). Files no job owns any more (its requester was deleted) go too, once as old.
    Idempotent; returns the number of files deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.EXPORT_RETENTION_DAYS)
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


# --- Reads and pages ----------------------------------------------------------------------


def export_job_of(*, user, pk, kind: str) -> ExportJob | None:
    """A job of ``user``'s of that kind; None for anyone else's."""
    return ExportJob.objects.filter(pk=pk, requester=user, kind=kind).first()


def export_job_page(
    request: HttpRequest, job: ExportJob, *, template: str, context: dict
) -> HttpResponse:
    """The progress page (refreshed by htmx until the file is ready), in the app's
    template extending ``core/export_job.html``; ``context`` names at least ``job_url``,
    ``file_url`` and ``again`` (the text saying where to ask for it again)."""
    return render(
        request,
        template,
        {"job": job, "retention_days": settings.EXPORT_RETENTION_DAYS, **context},
    )


def export_job_file(job: ExportJob, *, filename: str) -> FileResponse:
    """The file of a finished job (the caller checked who asks); 404 before or after."""
    if job.status != ExportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        storages["exports"].open(job.file, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="text/csv; charset=utf-8",
    )
