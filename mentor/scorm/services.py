"""SCORM use cases: importing a package, saving a learner's runtime data at each commit.

Both refuse bad input with a French message and change nothing: an import either stores
every file and the ``Package`` row, or leaves no trace; a commit is validated entirely
before anything is written, then saved with the progress it implies in one transaction.
"""

import logging
import posixpath
import re
import shutil
import tempfile
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from mentor.core.errors import Refusal
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity
from mentor.learning.services import progress_update, time_credit
from mentor.scorm.manifest import (
    Member,
    ScormImportError,
    archive_members,
    manifest_read,
    too_big_message,
)
from mentor.scorm.models import Package, Runtime, ScormVersion

__all__ = ["CommitError", "ScormImportError", "package_import", "runtime_commit"]

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

SUSPEND_DATA_MAX = 64 * 1024
LOCATION_MAX = 1000
LESSON_STATUSES = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_STATUSES = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_STATUSES = {"passed", "failed", "unknown"}
EXITS_12 = {"", "time-out", "suspend", "logout"}
EXITS_2004 = {"", "timeout", "time-out", "suspend", "logout", "normal"}
_DECIMAL = re.compile(r"^[+-]?(?:\d{1,12}(?:\.\d{0,10})?|\.\d{1,10})$")
_TIME_12 = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$")
_DURATION = re.compile(
    r"^P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})D)?"
    r"(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:\.\d{1,2})?)S)?)?$"
)
HUNDRED = Decimal(100)
FIRST_COMMIT_MAX_SECONDS = 4 * 3600  # a first commit never credits more than one long launch


class CommitError(Refusal):
    """A commit refused: nothing was stored. ``error_code`` is the SCORM error to report
    (1.2: 405 incorrect data type; 2004: 406 type mismatch, 407 out of range)."""

    def __init__(self, message: str, error_code: int = 405):
        super().__init__(message)
        self.error_code = error_code


@dataclass(frozen=True)
class CommitData:
    """What a commit says, validated and normalised."""

    cmi: dict
    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""
    location: str = ""
    suspend_data: str = ""
    exit: str = ""
    score_percent: Decimal | None = None
    session_seconds: Decimal = Decimal(0)
    attempt: str = ""
    sequence: int | None = None

    @property
    def completed(self) -> bool:
        return (
            self.lesson_status in ("completed", "passed") or self.completion_status == "completed"
        )

    @property
    def passed(self) -> bool:
        return self.lesson_status == "passed" or self.success_status == "passed"


def _unflatten(payload: dict) -> dict:
    """``{"cmi.core.lesson_status": "x"}`` (scorm-again's "flattened" format) → nested."""
    root: dict = {}
    for key, value in payload.items():
        if not isinstance(key, str) or not key.startswith("cmi."):
            continue
        node = root
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise CommitError(_("Données SCORM mal formées."), 101)
        node[leaf] = value
    return root.get("cmi", {})


class _Reader:
    """Typed access to the received CMI tree, with the version's error codes."""

    def __init__(self, cmi: dict, version: str):
        self.cmi = cmi
        self.is_2004 = version == ScormVersion.SCORM_2004
        self.type_code = 406 if self.is_2004 else 405
        self.range_code = 407 if self.is_2004 else 405

    def text(self, path: str) -> str:
        node = self.cmi
        for part in path.split("."):
            if not isinstance(node, dict):
                return ""
            node = node.get(part)
        if node is None:
            return ""
        if isinstance(node, bool) or not isinstance(node, str | int | float):
            raise CommitError(
                _("La valeur de « cmi.%(path)s » n’est pas du bon type.") % {"path": path},
                self.type_code,
            )
        return str(node)

    def token(self, path: str, vocabulary: set[str]) -> str:
        value = " ".join(self.text(path).split()).lower()
        if value and value not in vocabulary:
            raise CommitError(
                _("« %(value)s » n’est pas une valeur autorisée pour « cmi.%(path)s ».")
                % {"value": value[:50], "path": path},
                self.type_code,
            )
        return value

    def bounded(self, path: str, limit: int) -> str:
        value = self.text(path)
        if len(value) > limit:
            raise CommitError(
                _("« cmi.%(path)s » dépasse %(limit)s caractères.")
                % {"path": path, "limit": limit},
                self.range_code,
            )
        return value

    def number(self, path: str, low: Decimal | None = None, high: Decimal | None = None):
        value = self.text(path).strip()
        if not value:
            return None
        if not _DECIMAL.match(value):
            raise CommitError(
                _("« cmi.%(path)s » doit être un nombre (reçu « %(value)s »).")
                % {"path": path, "value": value[:30]},
                self.type_code,
            )
        try:
            number = Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the pattern already guards
            raise CommitError(_("Nombre invalide."), self.type_code) from exc
        if (low is not None and number < low) or (high is not None and number > high):
            raise CommitError(
                _("« cmi.%(path)s » est hors des limites autorisées (reçu %(value)s).")
                % {"path": path, "value": value[:30]},
                self.range_code,
            )
        return number

    def duration(self, path: str) -> Decimal:
        value = self.text(path).strip()
        if not value:
            return Decimal(0)
        seconds = _parse_duration(value) if self.is_2004 else _parse_time_12(value)
        if seconds is None:
            raise CommitError(
                _("« cmi.%(path)s » n’est pas une durée valide (reçu « %(value)s »).")
                % {"path": path, "value": value[:30]},
                self.type_code,
            )
        return seconds


def _parse_time_12(value: str) -> Decimal | None:
    """SCORM 1.2 CMITimespan ``HHHH:MM:SS.SS`` → seconds."""
    match = _TIME_12.match(value)
    if not match:
        return None
    hours, minutes, seconds, hundredths = match.groups()
    fraction = Decimal(f"0.{hundredths}") if hundredths else Decimal(0)
    return Decimal(int(hours) * 3600 + int(minutes) * 60 + int(seconds)) + fraction


def _parse_duration(value: str) -> Decimal | None:
    """SCORM 2004 ISO 8601 duration (``P1DT2H3M4.5S``, ``PT90S``) → seconds."""
    match = _DURATION.match(value)
    if not match or value in ("P", "PT") or value.endswith("T"):
        return None
    years, months, days, hours, minutes, seconds = (
        Decimal(g) if g else Decimal(0) for g in match.groups()
    )
    return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds


def _percent(raw: Decimal | None, low: Decimal | None, high: Decimal | None) -> Decimal | None:
    if raw is None:
        return None
    low = Decimal(0) if low is None else low
    if high is not None and high > low:
        percent = (raw - low) * HUNDRED / (high - low)
    else:
        percent = raw
    return min(max(percent, Decimal(0)), HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _check_raw(reader: _Reader, prefix: str, *, default_high: Decimal | None):
    """Score raw/min/max of 1.2 (``core.score``) or 2004 (``score``): raw within min..max
    when given, else within 0..100 in 1.2."""
    low = reader.number(f"{prefix}.min")
    high = reader.number(f"{prefix}.max")
    if low is not None and high is not None and low > high:
        raise CommitError(_("Le score minimal dépasse le score maximal."), reader.range_code)
    bottom = low if low is not None else (Decimal(0) if default_high is not None else None)
    top = high if high is not None else default_high
    raw = reader.number(f"{prefix}.raw", bottom, top)
    return raw, low, high


def commit_normalise(*, version: str, payload) -> CommitData:
    """Validate a commit as scorm-again sends it (``{"cmi": {...}}``, or flattened) and
    keep what Mentor stores. Raises :class:`CommitError` on any malformed or out-of-range
    value, so that nothing of a bad commit is stored."""
    if not isinstance(payload, dict):
        raise CommitError(_("Données SCORM mal formées."), 101)
    cmi = payload.get("cmi") if "cmi" in payload else _unflatten(payload)
    if not isinstance(cmi, dict):
        raise CommitError(_("Données SCORM mal formées."), 101)
    # Sent by static/mentor/scorm-player.js: one key per launch of the SCO, and the number
    # of each commit in it (late or replayed commits must not overwrite newer data).
    attempt = payload.get("attempt", "")
    attempt = attempt[:64] if isinstance(attempt, str) else ""
    sequence = payload.get("sequence")
    sequence = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None
    reader = _Reader(cmi, version)
    suspend_data = reader.bounded("suspend_data", SUSPEND_DATA_MAX)
    if reader.is_2004:
        raw, low, high = _check_raw(reader, "score", default_high=None)
        scaled = reader.number("score.scaled", Decimal(-1), Decimal(1))
        reader.number("progress_measure", Decimal(0), Decimal(1))
        percent = (
            _percent(scaled * HUNDRED, None, None)
            if scaled is not None
            else (_percent(raw, low, high) if high is not None else None)
        )
        return CommitData(
            cmi=cmi,
            completion_status=reader.token("completion_status", COMPLETION_STATUSES),
            success_status=reader.token("success_status", SUCCESS_STATUSES),
            location=reader.bounded("location", LOCATION_MAX),
            suspend_data=suspend_data,
            exit=reader.token("exit", EXITS_2004),
            score_percent=percent,
            session_seconds=reader.duration("session_time"),
            attempt=attempt,
            sequence=sequence,
        )
    raw, low, high = _check_raw(reader, "core.score", default_high=HUNDRED)
    return CommitData(
        cmi=cmi,
        lesson_status=reader.token("core.lesson_status", LESSON_STATUSES),
        location=reader.bounded("core.lesson_location", LOCATION_MAX),
        suspend_data=suspend_data,
        exit=reader.token("core.exit", EXITS_12),
        score_percent=_percent(raw, low, high),
        session_seconds=reader.duration("core.session_time"),
        attempt=attempt,
        sequence=sequence,
    )


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
    data = commit_normalise(version=activity.scorm_package.version, payload=payload)
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
