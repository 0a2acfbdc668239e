"""SCORM over HTTP: the package files (served into the player's iframe), the runtime commit
endpoint scorm-again posts to, and a full page around the player."""

import json
import mimetypes
import posixpath

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from mentor.learning.services import LearningError
from mentor.scorm import selectors, services

COMMIT_MAX_BYTES = 2 * 1024 * 1024
FILE_MAX_AGE = 3600
# What Python's mimetypes may not know on a bare system, and what SCOs commonly ship.
CONTENT_TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".wasm": "application/wasm",
}


def _content_type(name: str) -> str:
    extension = posixpath.splitext(name)[1].lower()
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


@require_safe
@xframe_options_sameorigin
def package_file(request: HttpRequest, package_id: int, path: str) -> HttpResponse:
    """A file of a package, for its learners and authors only (404 for anyone else, so the
    package's existence is not revealed). Served from the default storage (local or S3)."""
    package = selectors.package_for_user(user=request.user, package_id=package_id)
    if package is None:
        raise Http404
    name = selectors.package_file_name(package=package, path=path)
    if name is None or not default_storage.exists(name):
        raise Http404
    try:
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise Http404 from exc
    response = FileResponse(stream, content_type=_content_type(name))
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=FILE_MAX_AGE)
    return response


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: not storable as JSON


def _refusal(message: str, *, status: int, error_code: int) -> JsonResponse:
    return JsonResponse(
        {"result": False, "errorCode": error_code, "message": message}, status=status
    )


@never_cache
@require_POST
def runtime_commit(request: HttpRequest, enrolment_id: int, activity_id: int) -> JsonResponse:
    """scorm-again's ``lmsCommitUrl``: the JSON CMI of the learner's own active enrolment.
    Answers ``{"result": true, "errorCode": 0}``; 400 with a French message (and nothing
    stored) for invalid data; 404 for anyone else's enrolment."""
    target = selectors.runtime_target(
        user=request.user, enrolment_id=enrolment_id, activity_id=activity_id, lean=True
    )
    not_found = _("Ce module SCORM n’est pas accessible avec votre inscription.")
    if target is None:
        return _refusal(not_found, status=404, error_code=101)
    enrolment, activity = target
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > COMMIT_MAX_BYTES:
        return _refusal(_("Données SCORM trop volumineuses."), status=400, error_code=101)
    try:
        payload = json.loads(request.body or b"{}", parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError):
        return _refusal(_("Données SCORM illisibles (JSON attendu)."), status=400, error_code=101)
    try:
        services.runtime_commit(enrolment=enrolment, activity=activity, payload=payload)
    except services.CommitError as exc:
        return _refusal(str(exc), status=400, error_code=exc.error_code)
    except LearningError:
        return _refusal(not_found, status=404, error_code=101)
    return JsonResponse({"result": True, "errorCode": 0})


@login_required
def lecture(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    """A page holding only the SCORM player, for the enrolment's own learner."""
    target = selectors.runtime_target(
        user=request.user, enrolment_id=enrolment_id, activity_id=activity_id
    )
    if target is None:
        return render(
            request,
            "learning/not_enrolled.html",
            {"message": _("Ce module SCORM n’est pas accessible avec votre inscription.")},
            status=404,
        )
    enrolment, activity = target
    context = {
        "enrolment": enrolment,
        "activity": activity,
        "scorm": selectors.player_context(enrolment=enrolment, activity=activity),
    }
    return render(request, "scorm/lecture.html", context)
