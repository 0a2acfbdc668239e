"""Reads for SCORM: a package's files, what the player needs to launch and resume a SCO."""

import posixpath

from django.urls import reverse

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind
from mentor.scorm import content
from mentor.scorm.manifest import safe_member_name
from mentor.scorm.models import Package, Runtime, ScormVersion


def _learning(user):
    return Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)


def package_file_name(*, package: Package, path: str) -> str | None:
    """The storage name of a file of the package from a URL path, or None when the path
    tries to leave the package folder (``..``, absolute, backslashes)."""
    clean = safe_member_name(path)
    if clean is None:
        return None
    name = posixpath.normpath(f"{package.storage_prefix}/{clean}")
    if not name.startswith(package.storage_prefix.rstrip("/") + "/"):
        return None
    return name


def runtime_target(
    *, user, enrolment_id: int, activity_id: int, lean: bool = False
) -> tuple[Enrolment, Activity] | None:
    """The learner's own active enrolment and a SCORM activity of its training, or None.
    ``lean``: only what a commit needs (it runs every few seconds per learner)."""
    if not user.is_authenticated:
        return None
    enrolments = _learning(user).filter(pk=enrolment_id)
    if lean:
        enrolments = enrolments.select_related("session").only(
            "id", "user_id", "status", "session__id", "session__training_id"
        )
    else:
        enrolments = enrolments.select_related("session__training")
    enrolment = enrolments.first()
    if enrolment is None:
        return None
    enrolment.user = user
    activity = (
        Activity.objects.select_related("scorm_package")
        .filter(
            pk=activity_id,
            kind=ActivityKind.SCORM,
            scorm_package__isnull=False,
            section__training_id=enrolment.session.training_id,
        )
        .first()
    )
    if activity is None:
        return None
    return enrolment, activity


def package_by_id(*, package_id: int) -> Package | None:
    """A package as the content origin needs it (its files, its launch page): access was
    checked when the signed URL was given."""
    return (
        Package.objects.only("id", "title", "version", "launch_path", "storage_prefix")
        .filter(pk=package_id)
        .first()
    )


def preview_launch_url(*, package: Package, user, app_origin: str) -> str:
    """The SCO's launch page on the content origin, signed for ``user`` (an author
    previewing the course: the SCO runs without an API, nothing is stored)."""
    token = content.grant_token(package_id=package.pk, user_id=user.pk, app_origin=app_origin)
    return content.launch_url(token=token, launch_path=package.launch_path)


def _hms(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{min(hours, 9999):02d}:{minutes:02d}:{seconds:02d}"


def _iso_duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"


def _non_empty(values: dict) -> dict:
    return {key: value for key, value in values.items() if value not in ("", None, {})}


def _score(stored: dict, keys: tuple[str, ...]) -> dict:
    score = stored.get("score") if isinstance(stored.get("score"), dict) else {}
    return _non_empty({key: str(score.get(key, "")) for key in keys if key in score})


def resume_cmi(*, version: str, runtime: Runtime | None, user) -> dict:
    """The CMI to preload with scorm-again's ``loadFromJSON`` before the SCO starts: who the
    learner is, and where they left off (entry "resume" after a suspend)."""
    saved = runtime.cmi if runtime is not None and isinstance(runtime.cmi, dict) else {}
    mentor = saved.get("mentor") if isinstance(saved.get("mentor"), dict) else {}
    stored = saved.get("cmi") if isinstance(saved.get("cmi"), dict) else {}
    total = mentor.get("total_seconds", 0)
    total = total if isinstance(total, int) else 0
    if runtime is None:
        entry = "ab-initio"
    elif mentor.get("exit") == "suspend":
        entry = "resume"
    else:
        entry = ""
    learner_id = str(user.pk)
    learner_name = ", ".join(part for part in (user.last_name, user.first_name) if part)
    if version == ScormVersion.SCORM_2004:
        return _non_empty(
            {
                "learner_id": learner_id,
                "learner_name": learner_name,
                "credit": "credit",
                "mode": "normal",
                "entry": entry,
                "location": runtime.location if runtime else "",
                "suspend_data": runtime.suspend_data if runtime else "",
                "completion_status": runtime.completion_status if runtime else "",
                "success_status": runtime.success_status if runtime else "",
                "total_time": _iso_duration(total),
                "score": _score(stored, ("scaled", "raw", "min", "max")),
            }
        )
    core = stored.get("core") if isinstance(stored.get("core"), dict) else {}
    return _non_empty(
        {
            "core": _non_empty(
                {
                    "student_id": learner_id,
                    "student_name": learner_name,
                    "credit": "credit",
                    "lesson_mode": "normal",
                    "entry": entry,
                    "lesson_location": runtime.location if runtime else "",
                    "lesson_status": (runtime.lesson_status if runtime else "") or "not attempted",
                    "total_time": _hms(total),
                    "score": _score(core, ("raw", "min", "max")),
                }
            ),
            "suspend_data": runtime.suspend_data if runtime else "",
        }
    )


def player_context(*, enrolment: Enrolment, activity: Activity, app_origin: str) -> dict:
    """What ``templates/scorm/player.html`` needs, for the enrolment's own learner on the
    page at ``app_origin`` (the only origin the package's launcher will talk to)."""
    package = activity.scorm_package
    runtime = Runtime.objects.filter(enrolment=enrolment, activity=activity).first()
    token = content.grant_token(
        package_id=package.pk, user_id=enrolment.user_id, app_origin=app_origin
    )
    return {
        "title": activity.title or package.title,
        "version": package.version,
        "launcher_url": content.launcher_url(token=token),
        "content_origin": content.content_origin(),
        "commit_url": reverse(
            "scorm:commit", kwargs={"enrolment_id": enrolment.pk, "activity_id": activity.pk}
        ),
        "cmi": resume_cmi(version=package.version, runtime=runtime, user=enrolment.user),
        "cmi_id": f"scorm-cmi-{activity.pk}",
        "location": runtime.location if runtime else "",
        "suspend_data": runtime.suspend_data if runtime else "",
    }
