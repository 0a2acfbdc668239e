"""SCORM on the app origin: the runtime commit endpoint scorm-again posts to, and a full
page around the player. (Package files are served from the content origin only: see
``content_views``.)"""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentor.learning.services import LearningError
from mentor.scorm import content, selectors, services
from mentor.scorm.cmi import CommitError

COMMIT_MAX_BYTES = 2 * 1024 * 1024


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
    except CommitError as exc:
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
        "scorm": selectors.player_context(
            enrolment=enrolment, activity=activity, app_origin=content.request_origin(request)
        ),
    }
    return render(request, "scorm/lecture.html", context)
