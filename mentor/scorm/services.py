"""SCORM use cases: importing a package, saving a learner's runtime data at each commit.

Both refuse bad input with a French message and change nothing: an import either stores
every file and the ``Package`` row, or leaves no trace; a commit is validated entirely
before anything is written, then saved with the progress it implies in one transaction.
"""

import logging
import posixpath
import shutil
import tempfile
import uuid
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity
from mentor.learning.services import progress_update, time_credit
from mentor.scorm.cmi import HUNDRED, CommitData, CommitError, commit_normalise
from mentor.scorm.manifest import (
    Member,
    ScormImportError,
    archive_members,
    manifest_read,
    too_big_message,
)
from mentor.scorm.models import Package, Runtime

__all__ = ["package_import", "runtime_commit"]

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
SPOOL_BYTES = 8 * 1024 * 1024  # larger files go to a temporary file, not to memory


# --- Import --------------------------------------------------------------------------------


def _upload_size(uploaded_file) -> int:
    size = getattr(uploaded_file, "size", None)
    if size is None:
        uploaded_file.seek(0, 2)
        size = uploaded_file.tell()
    uploaded_file.seek(0)
    return size


def _store(archive: zipfile.ZipFile, members: list[Member], prefix: str, stored: list[str]) -> int:
    """Copy each file to the default storage, counting the bytes really inflated (the
    headers are not trusted: a lying entry stops the import as soon as it overflows)."""
    total = 0
    for member in members:
        name = f"{prefix}/{member.path}"
        written = 0
        with (
            archive.open(member.info) as source,
            tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buffer,
        ):
            while chunk := source.read(CHUNK_BYTES):
                written += len(chunk)
                total += len(chunk)
                if total > settings.SCORM_MAX_UNCOMPRESSED_BYTES:
                    raise ScormImportError(too_big_message())
                if written > member.info.file_size:
                    raise ScormImportError(
                        _("Le fichier « %(name)s » est plus gros qu’annoncé : paquet refusé.")
                        % {"name": member.path}
                    )
                buffer.write(chunk)
            buffer.seek(0)
            saved = default_storage.save(name, File(buffer, name=posixpath.basename(name)))
        stored.append(saved)
        if saved != name:
            raise ScormImportError(
                _("Le fichier « %(name)s » n’a pas pu être enregistré sous son nom.")
                % {"name": member.path}
            )
    return total


def _discard(prefix: str, stored: list[str]) -> None:
    """Remove what an interrupted import stored (files, then the empty local folders)."""
    for name in stored:
        try:
            default_storage.delete(name)
        except Exception:  # cleaning up must not hide the original error
            logger.exception("SCORM import: could not delete %s", name)
    try:
        folder = default_storage.path(prefix)
    except NotImplementedError:  # object storage: no folders to remove
        return
    shutil.rmtree(folder, ignore_errors=True)


def _stored_names(prefix: str) -> list[str]:
    folders, names = [prefix], []
    while folders:
        folder = folders.pop()
        subfolders, files = default_storage.listdir(folder)
        names += [f"{folder}/{name}" for name in files]
        folders += [f"{folder}/{name}" for name in subfolders]
    return names


def package_discard(*, package: Package) -> None:
    """Delete a package no activity uses (its row and its stored files), e.g. when the
    activity that was to use it could not be saved."""
    if package.activities.exists():
        return
    prefix = package.storage_prefix
    package.delete()
    _discard(prefix, _stored_names(prefix))


@transaction.atomic
def package_import(*, training, uploaded_file, actor) -> Package:
    """Check an uploaded SCORM zip, store its files under ``scorm/<uuid>/`` in the default
    storage and record the package.

    Refused with :class:`ScormImportError` (French message) when the file is too big, not a
    zip, a zip bomb or a zip slip, holds symlinks or encrypted entries, or its manifest is
    missing, malicious or unusable; nothing is left behind then. Files stored before a
    failure are deleted. (If an outer transaction rolls back after this returns, the files
    stay: callers should not wrap the import in a larger transaction.)
    """
    size = _upload_size(uploaded_file)
    if size > settings.SCORM_MAX_UPLOAD_BYTES:
        raise ScormImportError(
            _("Le fichier dépasse la taille maximale autorisée (%(max)s Mo).")
            % {"max": settings.SCORM_MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    not_a_zip = _(
        "Le fichier envoyé n’est pas une archive ZIP : exportez le module au format SCORM (.zip)."
    )
    if size == 0 or not zipfile.is_zipfile(uploaded_file):
        raise ScormImportError(not_a_zip)
    uploaded_file.seek(0)
    prefix = f"scorm/{uuid.uuid4().hex}"
    stored: list[str] = []
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive_members(archive)
            manifest = manifest_read(archive, members)
            try:
                total = _store(archive, members, prefix, stored)
                return Package.objects.create(
                    training=training,
                    title=manifest.title,
                    version=manifest.version,
                    launch_path=manifest.launch_path,
                    storage_prefix=prefix,
                    file_count=len(members),
                    total_size=total,
                    uploaded_by=actor,
                )
            except BaseException:
                _discard(prefix, stored)
                raise
    except zipfile.BadZipFile as exc:
        raise ScormImportError(
            _("L’archive ZIP est endommagée (%(error)s).") % {"error": str(exc)[:200]}
        ) from exc
    except (EOFError, zlib.error) as exc:
        raise ScormImportError(_("L’archive ZIP est endommagée ou incomplète.")) from exc
    except NotImplementedError as exc:
        raise ScormImportError(
            _(
                "L’archive utilise une méthode de compression non prise en charge : utilisez « deflate »."
            )
        ) from exc


# --- Runtime commits -----------------------------------------------------------------------

FIRST_COMMIT_MAX_SECONDS = 4 * 3600  # a first commit never credits more than one long launch


def _session_delta(previous: dict, data: CommitData) -> int:
    """Whole seconds to credit: ``session_time`` is the running time of the current launch,
    sent again at every commit, so only its growth since the last commit of the same launch
    counts (a new launch, or a smaller value, starts over)."""
    before = previous.get("session_seconds", 0)
    before = before if isinstance(before, int) else 0
    now = int(data.session_seconds)
    if previous.get("attempt", "") == data.attempt and now >= before:
        return now - before
    return now


def _stale(previous: dict, data: CommitData) -> bool:
    """A commit of the current launch older than (or the same as) one already saved: a
    retry, or a request overtaken by a later one while the page was closing."""
    before = previous.get("sequence")
    return (
        bool(data.attempt)
        and previous.get("attempt") == data.attempt
        and isinstance(before, int)
        and data.sequence is not None
        and data.sequence <= before
    )


@transaction.atomic
def runtime_commit(*, enrolment: Enrolment, activity: Activity, payload) -> Runtime:
    """Save a learner's CMI data and what it implies: time spent, score, activity completed,
    training completed (once).

    Idempotent: a commit already saved (same launch key, sequence not newer) is ignored,
    and time is credited on the growth of ``session_time`` only. Concurrent commits of the
    same learner are serialised by the enrolment lock (the same one ``progress_update``
    takes), so completion is written exactly once.
    Raises :class:`CommitError` (nothing stored) or ``LearningError`` (enrolment ended).
    """
    package = activity.scorm_package
    if package is None:
        raise CommitError(_("Cette activité n’a pas de module SCORM."), 101)
    data = commit_normalise(version=package.version, payload=payload)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    runtime, _created = Runtime.objects.get_or_create(enrolment=locked, activity=activity)
    previous = runtime.cmi.get("mentor", {}) if isinstance(runtime.cmi, dict) else {}
    previous = previous if isinstance(previous, dict) else {}
    if _stale(previous, data):
        return runtime
    delta = _session_delta(previous, data)
    total = previous.get("total_seconds", 0)
    total = (total if isinstance(total, int) else 0) + delta
    runtime.cmi = {
        "cmi": data.cmi,
        # Mentor's own bookkeeping: launch key, seconds counted so far, exit mode (resume).
        "mentor": {
            "attempt": data.attempt,
            "session_seconds": int(data.session_seconds),
            "total_seconds": total,
            "sequence": data.sequence,
            "exit": data.exit,
        },
    }
    runtime.lesson_status = data.lesson_status
    runtime.completion_status = data.completion_status
    runtime.success_status = data.success_status
    runtime.location = data.location
    runtime.suspend_data = data.suspend_data
    runtime.score_scaled = (
        None
        if data.score_percent is None
        else (data.score_percent / HUNDRED).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    )
    runtime.commits += 1
    runtime.save()
    if delta > 0:
        # The SCO's clock feeds the training hours, bounded by the wall clock: a forged or
        # runaway session_time cannot credit more time than passed between two commits.
        time_credit(
            enrolment=locked, activity=activity, seconds=delta, first_cap=FIRST_COMMIT_MAX_SECONDS
        )
    progress_update(
        enrolment=locked,
        activity=activity,
        score=data.score_percent,
        locked=True,
        scorm_completed=data.completed,
        scorm_passed=data.passed,
    )
    return runtime
