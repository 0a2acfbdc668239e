"""SCORM use cases: importing a package, saving a learner's runtime data at each commit.

Both refuse bad input with a French message and change nothing: an import either stores
every file and the ``Package`` row, or leaves no trace; a commit is validated entirely
before anything is written, then saved with the progress it implies in one transaction.
"""

import logging
import posixpath
import shutil
import tempfile
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.core.errors import Refusal
from mentor.core.prepared import Prepared
from mentor.core.storage import content_digest
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity
from mentor.learning.services import progress_update_timed
from mentor.scorm import rollup as rules
from mentor.scorm import selectors, sequencing
from mentor.scorm.cmi import (
    HUNDRED,
    CommitData,
    CommitError,
    cmi_merge,
    commit_normalise,
    status_rules,
)
from mentor.scorm.manifest import (
    MANIFEST_NAME,
    Manifest,
    Member,
    ScormImportError,
    archive_members,
    manifest_parse,
    manifest_read,
    too_big_message,
)
from mentor.scorm.models import (
    ActivityPackage,
    Attempt,
    AttemptPolicy,
    Options,
    Package,
    Runtime,
    Sco,
    SharedObjective,
    activity_package,
    activity_package_id,
)

__all__ = [
    "attempt_for_launch",
    "attempt_start_new",
    "package_import",
    "runtime_commit",
    "runtime_commit_for",
]

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
        if default_storage.exists(name) and default_storage.size(name) == member.info.file_size:
            # Left by an earlier import of the same zip (the folder is its digest).
            total += member.info.file_size
            continue
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


@transaction.atomic
def activity_package_attach(*, activity: Activity, package: Package | None) -> Package | None:
    """Make ``package`` the one the (saved) SCORM activity plays, None: none; returns the
    package it played before. The package stays until ``package_discard``."""
    previous = activity_package(activity)
    if package is None:
        ActivityPackage.objects.filter(activity_id=activity.pk).delete()
    else:
        link, _created = ActivityPackage.objects.update_or_create(
            activity_id=activity.pk, defaults={"package": package}
        )
        activity.scorm_package_link = link
    return previous


def package_discard(*, package: Package) -> None:
    """Delete a package no activity uses (its row and its stored files), e.g. when the
    activity that was to use it could not be saved."""
    if package.activity_links.exists():
        return
    prefix = package.storage_prefix
    package.delete()
    if Package.objects.filter(storage_prefix=prefix).exists():
        return  # a copy of the training shares these files (``scorm.copying``)
    _discard(prefix, _stored_names(prefix))


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _sco_values(item, position: int, parent: Sco | None) -> dict:
    return {
        "parent": parent,
        "title": item.title,
        "position": position,
        "depth": min(item.depth, 30),
        "launch_path": item.launch_path,
        "is_sco": item.is_sco,
        "visible": item.visible,
        "prerequisites": item.prerequisites,
        "mastery_score": _decimal(item.mastery_score),
        "completion_threshold": _decimal(item.completion_threshold),
        "scaled_passing_score": _decimal(item.scaled_passing_score),
        "launch_data": item.launch_data,
        "max_time_allowed": item.max_time_allowed,
        "time_limit_action": item.time_limit_action,
        "sequencing": item.sequencing,
    }


def _store_structure(package: Package, manifest: Manifest) -> None:
    """One ``Sco`` row per item of the organization, parents first (document order)."""
    by_identifier: dict[str, Sco] = {}
    for position, item in enumerate(manifest.items):
        by_identifier[item.identifier] = Sco.objects.create(
            package=package,
            identifier=item.identifier,
            **_sco_values(item, position, by_identifier.get(item.parent)),
        )


#: The one SCO given to packages stored before the organization tree (migration 0003).
PLACEHOLDER_SCO = "ITEM-1"


@transaction.atomic
def package_restructure(*, package: Package) -> bool:
    """Parse the stored manifest of a package again and bring its SCO tree up to date
    (packages imported before multi-SCO support have one SCO until then). Learners' data
    is kept: the placeholder SCO becomes the manifest's item at the same launch page, items
    are matched by identifier, and an item gone from the manifest is deleted only when no
    learner played it (else hidden). Idempotent: returns whether anything changed.
    Raises :class:`ScormImportError` when the stored files are not a usable package."""
    prefix = package.storage_prefix
    members = {name[len(prefix) + 1 :] for name in _stored_names(prefix)}
    if MANIFEST_NAME not in members:
        raise ScormImportError(_("Le fichier imsmanifest.xml est introuvable dans le paquet."))
    with default_storage.open(f"{prefix}/{MANIFEST_NAME}") as stream:
        content = stream.read(settings.SCORM_MAX_MANIFEST_BYTES + 1)
    if len(content) > settings.SCORM_MAX_MANIFEST_BYTES:
        raise ScormImportError(_("Le fichier imsmanifest.xml est anormalement volumineux."))
    manifest = manifest_parse(content, members=members)
    existing = {sco.identifier: sco for sco in package.scos.select_for_update()}
    parsed = {item.identifier: item for item in manifest.items}
    changed = False
    placeholder = existing.get(PLACEHOLDER_SCO)
    if placeholder is not None and PLACEHOLDER_SCO not in parsed:
        launchable = [item for item in manifest.items if item.launch_path]
        same_page = [i for i in launchable if i.launch_path == placeholder.launch_path]
        target = next(iter(same_page or launchable), None)
        if target is not None and target.identifier not in existing:
            placeholder.identifier = target.identifier
            placeholder.save(update_fields=["identifier"])
            existing[target.identifier] = existing.pop(PLACEHOLDER_SCO)
            changed = True
    by_identifier: dict[str, Sco] = {}
    for position, item in enumerate(manifest.items):
        values = _sco_values(item, position, by_identifier.get(item.parent))
        sco = existing.get(item.identifier)
        if sco is None:
            sco = Sco.objects.create(package=package, identifier=item.identifier, **values)
            changed = True
        else:
            different = {}
            for name, value in values.items():
                if name == "parent":
                    same = sco.parent_id == (value.pk if value is not None else None)
                else:
                    same = getattr(sco, name) == value
                if not same:
                    different[name] = value
            if different:
                for name, value in different.items():
                    setattr(sco, name, value)
                sco.save(update_fields=list(different))
                changed = True
        by_identifier[item.identifier] = sco
    gone = [sco for identifier, sco in existing.items() if identifier not in parsed]
    for sco in gone:
        if sco.runtimes.exists():
            if sco.visible or sco.launch_path:
                sco.visible, sco.launch_path = False, ""
                sco.save(update_fields=["visible", "launch_path"])
                changed = True
        else:
            sco.delete()
            changed = True
    package_values = {
        "version": manifest.version,
        "launch_path": manifest.launch_path,
        "sequencing": manifest.sequencing,
        "warnings": list(manifest.warnings),
    }
    moved = [name for name, value in package_values.items() if getattr(package, name) != value]
    if moved:
        for name in moved:
            setattr(package, name, package_values[name])
        package.save(update_fields=[*moved, "updated_at"])
        changed = True
    return changed


@transaction.atomic
def package_import(*, training, uploaded_file, actor) -> Package:
    """Check an uploaded SCORM zip, store its files under ``scorm/<sha256 of the zip>/`` in
    the default storage (once: the same zip uploaded again shares them) and record the
    package.

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
    # Content-addressed: the folder is the zip's digest, so the same package uploaded
    # again (by anyone, for any training) plays the files already stored.
    prefix = f"scorm/{content_digest(uploaded_file)}"
    shared = Package.objects.filter(storage_prefix=prefix).order_by("pk").first()
    stored: list[str] = []
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive_members(archive)
            manifest = manifest_read(archive, members)
            try:
                if shared is not None:
                    total = shared.total_size
                else:
                    total = _store(archive, members, prefix, stored)
                package = Package.objects.create(
                    training=training,
                    title=manifest.title,
                    version=manifest.version,
                    launch_path=manifest.launch_path,
                    storage_prefix=prefix,
                    file_count=len(members),
                    total_size=total,
                    uploaded_by=actor,
                    sequencing=manifest.sequencing,
                    warnings=list(manifest.warnings),
                )
                _store_structure(package, manifest)
                return package
            except BaseException:
                if shared is None:
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


# --- Attempts ------------------------------------------------------------------------------


class AttemptRefused(Refusal):
    """No new attempt may start (the designer's maximum is reached)."""


def options_of(activity: Activity) -> Options:
    """The designer's options of a SCORM activity (defaults when never saved)."""
    try:
        return activity.scorm_options
    except Options.DoesNotExist:
        return Options(activity=activity)


def attempt_limit(activity: Activity) -> int | None:
    """The designer's maximum, else the 2004 organization's ``attemptLimit``."""
    limit = options_of(activity).max_attempts
    package = activity_package(activity) if limit is None else None
    if package is not None:
        limit = (package.sequencing or {}).get("attempt_limit")
    return limit


def attempt_for_launch(
    *,
    enrolment: Enrolment,
    activity: Activity,
    entering: bool,
    attempts: list[Attempt] | None = None,
) -> Attempt:
    """The attempt a launch plays: the first one, the last one resumed, or a new one when
    the designer's policy says so and the maximum allows it. ``entering``: the learner
    opens the activity (not a move between its SCOs, which stays in the same attempt).
    ``attempts``: the learner's attempts at the activity, in order, when the caller read
    them. Resuming reads and writes nothing more; only a new attempt takes the enrolment
    lock (two launches at once start one attempt)."""
    if attempts is None:
        attempts = selectors.learner_attempts(enrolment_id=enrolment.pk, activity_id=activity.pk)
    last = attempts[-1] if attempts else None
    if last is not None and not _wants_new(activity, last, entering):
        return last
    return _attempt_started(enrolment=enrolment, activity=activity, entering=entering)


def _wants_new(activity: Activity, last: Attempt, entering: bool) -> bool:
    policy = options_of(activity).attempt_policy
    limit = attempt_limit(activity)
    may_start = limit is None or last.number < limit
    wants_new = entering and (
        policy == AttemptPolicy.ALWAYS or (policy == AttemptPolicy.WHEN_COMPLETE and last.completed)
    )
    return wants_new and may_start


@transaction.atomic
def _attempt_started(*, enrolment: Enrolment, activity: Activity, entering: bool) -> Attempt:
    """``attempt_for_launch`` under the enrolment lock, read again: the first attempt, or a
    new one (unless a concurrent launch started it meanwhile)."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    last = Attempt.objects.filter(enrolment=locked, activity=activity).order_by("-number").first()
    if last is None:
        return Attempt.objects.create(enrolment=locked, activity=activity, number=1)
    if _wants_new(activity, last, entering):
        return Attempt.objects.create(enrolment=locked, activity=activity, number=last.number + 1)
    return last


@transaction.atomic
def attempt_start_new(*, enrolment: Enrolment, activity: Activity) -> Attempt:
    """The learner chose to start over (their last attempt is complete)."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status != Enrolment.Status.ACTIVE:
        raise AttemptRefused(_("Vous n’êtes pas inscrit à cette session."))
    last = Attempt.objects.filter(enrolment=locked, activity=activity).order_by("-number").first()
    if last is not None and not last.completed:
        return last
    limit = attempt_limit(activity)
    number = (last.number if last else 0) + 1
    if limit is not None and number > limit:
        raise AttemptRefused(
            _("Vous avez utilisé toutes vos tentatives (%(max)s) pour ce module.") % {"max": limit}
        )
    return Attempt.objects.create(enrolment=locked, activity=activity, number=number)


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


def _rollup_items(scos) -> list[rules.Item]:
    by_pk = {sco.pk: sco for sco in scos}
    return [
        rules.Item(
            identifier=sco.identifier,
            launchable=sco.launchable,
            visible=sco.visible,
            prerequisites=sco.prerequisites,
            sequencing=rules.counted_in_rollup(sco, by_pk),
        )
        for sco in scos
    ]


def runtime_state(runtime: Runtime) -> rules.ScoState:
    return rules.sco_state(
        lesson_status=runtime.lesson_status,
        completion_status=runtime.completion_status,
        success_status=runtime.success_status,
        score=None if runtime.score_scaled is None else runtime.score_scaled * HUNDRED,
    )


def _attempt_seconds(runtime: Runtime) -> int:
    mentor = runtime.cmi.get("mentor", {}) if isinstance(runtime.cmi, dict) else {}
    total = mentor.get("total_seconds", 0) if isinstance(mentor, dict) else 0
    return total if isinstance(total, int) else 0


def _write_shared_objectives(
    enrolment: Enrolment, activity: Activity, sco: Sco, runtime: Runtime
) -> None:
    """IMS SS global objectives: what the SCO's objectives write, through their maps, to
    the learner's shared objectives of the activity (read by the other SCOs, later
    attempts included). Unknown values never erase known ones."""
    cmi = runtime.cmi.get("cmi") if isinstance(runtime.cmi, dict) else None
    written = sequencing.writes(sco.sequencing, runtime_state(runtime), cmi)
    for target, (satisfied, measure) in written.items():
        shared, _created = SharedObjective.objects.get_or_create(
            enrolment=enrolment, activity=activity, target=target
        )
        if satisfied is not None:
            shared.satisfied = satisfied
        if measure is not None:
            shared.measure = measure.quantize(Decimal("0.0001"), ROUND_HALF_UP)
        shared.save()


def _attempt_rollup(attempt: Attempt, package: Package) -> Attempt:
    scos = selectors.scos_of(package)
    runtimes = selectors.attempt_runtimes(attempt_id=attempt.pk)
    states = {r.sco.identifier: runtime_state(r) for r in runtimes if r.sco is not None}
    result = rules.rollup(_rollup_items(scos), states)
    attempt.completed = attempt.completed or result.completed
    attempt.passed = attempt.passed or result.passed
    attempt.score = result.score
    attempt.total_seconds = sum(_attempt_seconds(r) for r in runtimes)
    attempt.save(update_fields=["completed", "passed", "score", "total_seconds", "updated_at"])
    return attempt


def runtime_commit(
    *,
    enrolment_id: int,
    activity: Activity,
    payload,
    sco: Sco | None = None,
    attempt_number: int | None = None,
) -> Runtime:
    """Save a learner's CMI data for one SCO of an attempt, and what it implies: statuses
    per the RTE, the attempt's rollup, time spent, the activity's graded score and
    completion, the training's completion (once).

    The stored CMI is merged with the commit (what it did not send is kept). Idempotent: a
    commit already saved (same launch key, sequence not newer) is ignored, and time is
    credited on the growth of ``session_time`` only. Concurrent commits of the same learner
    are serialised by the enrolment lock (the same one ``progress_update`` takes), taken
    once the commit is validated and its SCO known, and held for a few short statements.
    Raises :class:`CommitError` (nothing stored) or ``LearningError`` / ``DoesNotExist``
    (enrolment ended or gone).
    """
    package, data, sco = _commit_prepared(activity, payload, sco)
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment_id)
        return _runtime_save(locked, activity, package, sco, data, attempt_number)


class CommitNotFound(Exception):
    """Not a SCORM activity that this enrolment of this user may commit to."""


def runtime_commit_for(
    *,
    user_id: int | None,
    enrolment_id: int,
    activity_id: int,
    payload,
    sco_id: int | None = None,
    attempt_number: int | None = None,
    session_epoch: int | None = None,
) -> Runtime:
    """``runtime_commit`` for a commit URL of ``user_id``, however the request was
    authenticated (``session_epoch``: a signed token's). Access is checked on the locked
    enrolment (``selectors.commit_enrolment``: the user's own, active, an active account)
    and the activity read from its training's cached outline (``commit_activity``): two
    statements fewer than reading them before the lock, at every commit of every learner.
    Raises :class:`CommitNotFound` or :class:`CommitError` (nothing stored), or
    ``LearningError``."""
    with transaction.atomic():
        locked = selectors.commit_enrolment(
            user_id=user_id, enrolment_id=enrolment_id, session_epoch=session_epoch
        )
        if locked is None:
            raise CommitNotFound
        activity = selectors.commit_activity(
            training_id=locked.commit_training_id,  # type: ignore[attr-defined]
            activity_id=activity_id,
        )
        if activity is None:
            raise CommitNotFound
        sco = None
        if sco_id is not None:
            sco = selectors.package_sco(package_id=activity_package_id(activity), sco_id=sco_id)
            if sco is None:
                raise CommitNotFound
        package, data, sco = _commit_prepared(activity, payload, sco)
        return _runtime_save(locked, activity, package, sco, data, attempt_number)


def _commit_prepared(
    activity: Activity, payload, sco: Sco | None
) -> tuple[Package, CommitData, Sco]:
    """The package, the validated commit and its SCO (the first launchable one when the URL
    names none). Raises :class:`CommitError`."""
    package = activity_package(activity)
    if package is None:
        raise CommitError(_("Cette activité n’a pas de module SCORM."), 101)
    data = commit_normalise(version=package.version, payload=payload)
    if sco is None:
        sco = selectors.launch_sco(package)
    if sco is None or sco.package_id != package.pk:
        raise CommitError(_("Cet élément n’appartient pas à ce module SCORM."), 101)
    return package, data, sco


def _runtime_save(
    locked: Enrolment,
    activity: Activity,
    package: Package,
    sco: Sco,
    data: CommitData,
    attempt_number: int | None,
) -> Runtime:
    """``runtime_commit`` under the enrolment lock."""
    # Every attempt of the learner at once (a handful): the one played, whether a later
    # one exists, and the grades of all of them.
    attempts = selectors.learner_attempts(enrolment_id=locked.pk, activity_id=activity.pk)
    if attempt_number is None:
        attempt = attempts[-1] if attempts else None
    else:
        attempt = next((a for a in attempts if a.number == attempt_number), None)
    if attempt is None:
        if attempt_number not in (None, 1):
            raise CommitError(_("Cette tentative n’existe pas."), 101)
        attempt = Attempt.objects.create(enrolment=locked, activity=activity, number=1)
        attempts.append(attempt)
    elif attempt is not attempts[-1]:
        # A later attempt exists: this one is over, it is only ever reviewed.
        raise CommitError(_("Cette tentative est terminée : elle ne peut plus être modifiée."), 101)
    runtime = _RUNTIME.first(attempt_id=attempt.pk, sco_id=sco.pk)
    if runtime is None:  # inserted below (no one else writes it: the enrolment is locked)
        runtime = Runtime(enrolment=locked, activity=activity, attempt=attempt, sco=sco)
    previous = runtime.cmi.get("mentor", {}) if isinstance(runtime.cmi, dict) else {}
    previous = previous if isinstance(previous, dict) else {}
    if _stale(previous, data):
        return runtime
    delta = _session_delta(previous, data)
    total = previous.get("total_seconds", 0)
    total = (total if isinstance(total, int) else 0) + delta
    stored = runtime.cmi.get("cmi", {}) if isinstance(runtime.cmi, dict) else {}
    options = options_of(activity)
    statuses = status_rules(
        version=package.version,
        data=data,
        previous_lesson_status=runtime.lesson_status,
        previous_completion_status=runtime.completion_status,
        previous_success_status=runtime.success_status,
        mastery_score=sco.mastery_score,
        completion_threshold=sco.completion_threshold,
        scaled_passing_score=sco.scaled_passing_score,
        force_completed=options.force_completed,
        completion_set_by_content=(sco.sequencing or {}).get("completion_set_by_content", False),
        objective_set_by_content=(sco.sequencing or {}).get("objective_set_by_content", False),
    )
    state_before = _runtime_state_key(runtime)
    exit_mode = "suspend" if data.nav_request == "suspendall" else data.exit
    runtime.cmi = {
        "cmi": cmi_merge(stored if isinstance(stored, dict) else {}, data.cmi),
        # Mentor's own bookkeeping: launch key, seconds counted so far, exit mode (resume).
        "mentor": {
            "attempt": data.attempt,
            "session_seconds": int(data.session_seconds),
            "total_seconds": total,
            "sequence": data.sequence,
            "exit": exit_mode,
            "nav_request": data.nav_request,
        },
    }
    runtime.lesson_status = statuses.lesson_status
    runtime.completion_status = statuses.completion_status
    runtime.success_status = statuses.success_status
    runtime.location = data.location or runtime.location
    runtime.suspend_data = data.suspend_data or runtime.suspend_data
    if data.score_percent is not None:
        runtime.score_scaled = (data.score_percent / HUNDRED).quantize(
            Decimal("0.0001"), ROUND_HALF_UP
        )
    runtime.commits += 1
    created = runtime.pk is None
    runtime.save(update_fields=None if created else RUNTIME_COMMIT_FIELDS)
    _write_shared_objectives(locked, activity, sco, runtime)
    if created or _runtime_state_key(runtime) != state_before:
        # The SCO's state moved: the attempt's result may have (the rollup reads its SCOs).
        _attempt_rollup(attempt, package)
    elif delta > 0:
        # Only time passed: the attempt's time is the sum of its SCOs', each grown by its own.
        attempt.total_seconds += delta
        Attempt.objects.filter(pk=attempt.pk).update(
            total_seconds=F("total_seconds") + delta, updated_at=timezone.now()
        )
    graded = [(a.score, a.completed, a.passed) for a in attempts]
    completed, passed = rules.counted_status(
        graded, which=options.completion_attempt, grading=options.grading
    )
    # The SCO's clock feeds the training hours, bounded by the wall clock: a forged or
    # runaway session_time cannot credit more time than passed since the last credit (a
    # heartbeat of the player page, or an earlier commit).
    progress_update_timed(
        enrolment=locked,
        activity=activity,
        seconds=delta,
        first_cap=FIRST_COMMIT_MAX_SECONDS,
        score=rules.grade([score for score, _c, _p in graded], options.grading),
        score_exact=True,
        scorm_completed=completed,
        scorm_passed=passed,
    )
    return runtime


# The runtime a commit writes, built once (``core.prepared``); the attempts it reads are
# ``selectors.learner_attempts``.
_RUNTIME = Prepared(
    lambda *, attempt_id, sco_id: Runtime.objects.filter(
        attempt_id=attempt_id, sco_id=sco_id
    ).order_by("pk")[:1]
)

#: What a commit changes on a runtime already stored.
RUNTIME_COMMIT_FIELDS = [
    "cmi",
    "lesson_status",
    "completion_status",
    "success_status",
    "location",
    "suspend_data",
    "score_scaled",
    "commits",
    "updated_at",
]


def _runtime_state_key(runtime: Runtime) -> tuple:
    """What the attempt's rollup reads of a runtime besides its time."""
    return (
        runtime.lesson_status,
        runtime.completion_status,
        runtime.success_status,
        runtime.score_scaled,
    )


@transaction.atomic
def options_save(*, activity: Activity, data: dict, actor) -> Options:
    """Save the designer's options of a SCORM activity."""
    options, _created = Options.objects.get_or_create(activity=activity)
    for name, value in data.items():
        setattr(options, name, value)
    options.save()
    return options
