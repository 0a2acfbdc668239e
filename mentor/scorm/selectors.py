"""Reads for SCORM: a package's files, what the player needs to launch and resume a SCO."""

import posixpath

from django.urls import reverse

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind
from mentor.scorm import content
from mentor.scorm.cmi import launch_cmi
from mentor.scorm.manifest import safe_member_name
from mentor.scorm.models import Package, Runtime


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


def player_context(*, enrolment: Enrolment, activity: Activity, app_origin: str) -> dict:
    """What ``templates/scorm/player.html`` needs, for the enrolment's own learner on the
    page at ``app_origin`` (the only origin the package's launcher will talk to)."""
    package = activity.scorm_package
    assert package is not None  # noqa: S101  (the SCORM kind registers this for packaged activities only)
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
        "cmi": launch_cmi(
            version=package.version,
            runtime=runtime,
            learner_id=str(enrolment.user.pk),
            learner_name=", ".join(
                part for part in (enrolment.user.last_name, enrolment.user.first_name) if part
            ),
        ),
        "cmi_id": f"scorm-cmi-{activity.pk}",
        "location": runtime.location if runtime else "",
        "suspend_data": runtime.suspend_data if runtime else "",
    }
