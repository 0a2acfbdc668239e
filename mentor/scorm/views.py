"""SCORM on the app origin: the runtime commit endpoint scorm-again posts to, and a full
page around the player. (Package files are served from the content origin only: see
``content_views``.)"""

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from mentor.core import input_guard
from mentor.learning.services import LearningError
from mentor.scorm import commit_tokens, selectors, services
from mentor.scorm.cmi import CommitError
from mentor.scorm.kinds import learner_player

COMMIT_MAX_BYTES = 2 * 1024 * 1024


def _no_constants(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity: not storable as JSON


def _refusal(message: str, *, status: int, error_code: int, **more) -> JsonResponse:
    return JsonResponse(
        {"result": False, "errorCode": error_code, "message": message, **more}, status=status
    )


@never_cache
@require_POST
def runtime_commit(
    request: HttpRequest,
    enrolment_id: int,
    activity_id: int,
    sco_id: int | None = None,
    attempt: int | None = None,
) -> JsonResponse:
    """scorm-again's ``lmsCommitUrl``: the JSON CMI of the learner's own active enrolment.
    Answers ``{"result": true, "errorCode": 0}``; 400 with a French message (and nothing
    stored) for invalid data; 404 for anyone else's enrolment.

    This is the commit authenticated by the session (and CSRF); its answer carries a fresh
    commit token (``commit_tokens``), which the bridge sends with its next commits: those
    are answered by :func:`runtime_commit_signed`, before the session middleware."""
    user_id = request.user.pk if request.user.is_authenticated else None
    response = _commit(
        request,
        user_id=user_id,
        enrolment_id=enrolment_id,
        activity_id=activity_id,
        sco_id=sco_id,
        attempt=attempt,
    )
    if response.status_code == 200 and user_id is not None:
        response[commit_tokens.RENEWED_HEADER] = commit_tokens.commit_token(
            user_id=user_id,
            session_epoch=request.user.session_epoch,
            enrolment_id=enrolment_id,
            activity_id=activity_id,
            attempt_number=attempt,
        )
    return response


def runtime_commit_signed(
    request: HttpRequest,
    *,
    token: str,
    enrolment_id: int,
    activity_id: int,
    sco_id: int | None,
    attempt: int | None,
) -> HttpResponse:
    """The same commit, authenticated by its signed token (``X-Mentor-Commit``) instead of
    the session: called by ``ScormCommitMiddleware`` before the session, CSRF and page
    middleware. A token that is forged, expired or given for another commit URL is refused
    with a 403 (``"renew": true``: the bridge falls back to the session), nothing stored.
    The body passes the same input gate as every request (``core.input_guard``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        user_id, session_epoch = commit_tokens.commit_token_read(
            token, enrolment_id=enrolment_id, activity_id=activity_id, attempt_number=attempt
        )
    except commit_tokens.CommitTokenRefused:
        response = _refusal(
            _("Autorisation d’enregistrement expirée ou invalide."),
            status=403,
            error_code=101,
            renew=True,
        )
    else:
        try:
            if request.body:
                input_guard.check_json_body(request.body)
        except input_guard.HostileInput as exc:
            response = _refusal(str(exc), status=400, error_code=101)
        else:
            response = _commit(
                request,
                user_id=user_id,
                session_epoch=session_epoch,
                enrolment_id=enrolment_id,
                activity_id=activity_id,
                sco_id=sco_id,
                attempt=attempt,
            )
    add_never_cache_headers(response)
    return response


def _commit(
    request: HttpRequest,
    *,
    user_id: int | None,
    enrolment_id: int,
    activity_id: int,
    sco_id: int | None,
    attempt: int | None,
    session_epoch: int | None = None,
) -> JsonResponse:
    """A commit of ``user_id``, whichever way it was authenticated (``session_epoch``: the
    signed token's; the session checks its own). The body is read before anything is
    locked; access is checked by the service, on the locked enrolment."""
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
        services.runtime_commit_for(
            user_id=user_id,
            enrolment_id=enrolment_id,
            activity_id=activity_id,
            payload=payload,
            sco_id=sco_id,
            attempt_number=attempt,
            session_epoch=session_epoch,
        )
    except CommitError as exc:
        return _refusal(str(exc), status=400, error_code=exc.error_code)
    except (services.CommitNotFound, LearningError):  # not theirs, ended, or removed
        return _refusal(
            _("Ce module SCORM n’est pas accessible avec votre inscription."),
            status=404,
            error_code=101,
        )
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
        "scorm": learner_player(
            request=request, enrolment=enrolment, activity=activity, window=True
        ),
    }
    return render(request, "scorm/lecture.html", context)


@login_required
@require_POST
def attempt_new(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    """The learner starts a new attempt (their last one is complete), then plays it."""
    target = selectors.runtime_target(
        user=request.user, enrolment_id=enrolment_id, activity_id=activity_id
    )
    if target is None:
        raise Http404
    enrolment, activity = target
    try:
        attempt = services.attempt_start_new(enrolment=enrolment, activity=activity)
    except services.AttemptRefused as exc:
        messages.error(request, str(exc))
        return redirect(_back(request, enrolment, activity))
    messages.success(request, _("Tentative n° %(number)s commencée.") % {"number": attempt.number})
    return redirect(f"{_back(request, enrolment, activity)}?tentative={attempt.number}")


def _back(request: HttpRequest, enrolment, activity) -> str:
    """Where the player was: the course page or the module's own page (same site only)."""
    back = request.POST.get("retour", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return back.split("?", 1)[0]
    return reverse("learning:activity", args=[enrolment.pk, activity.pk])


# --- Tutors' report -------------------------------------------------------------------------


def _duration(seconds: int) -> str:
    hours, rest = divmod(max(int(seconds or 0), 0), 3600)
    return f"{hours} h {rest // 60:02d} min {rest % 60:02d} s"


STATE_LABELS = {
    "passed": _lazy("réussi"),
    "failed": _lazy("échoué"),
    "completed": _lazy("terminé"),
    "incomplete": _lazy("en cours"),
    "not_attempted": _lazy("non commencé"),
}


@login_required
def tutor_report(request: HttpRequest, session_id: int, activity_id: int) -> HttpResponse:
    """Per learner and attempt: the SCOs' status, score, time, interactions, objectives."""
    found = selectors.tutored_scorm_activity(
        user=request.user, session_id=session_id, activity_id=activity_id
    )
    if found is None:
        raise Http404
    session, activity = found
    report = selectors.tutor_report(
        session=session, activity=activity, page=request.GET.get("page") or 1
    )
    return render(
        request,
        "scorm/tutor_report.html",
        {
            "session": session,
            "activity": activity,
            "rows": report.rows,
            "page_obj": report.page,
            "labels": STATE_LABELS,
        },
    )


@login_required
def tutor_report_csv(request: HttpRequest, session_id: int, activity_id: int) -> HttpResponse:
    """The same report as CSV for a spreadsheet (``;``, UTF-8 with BOM): a line per
    interaction, or per SCO when it recorded none."""
    found = selectors.tutored_scorm_activity(
        user=request.user, session_id=session_id, activity_id=activity_id
    )
    if found is None:
        raise Http404
    session, activity = found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="scorm-{session.pk}-{activity.pk}-interactions.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Nom"),
            _("Prénom"),
            _("Courriel"),
            _("Tentative"),
            _("Élément"),
            _("Statut"),
            _("Score (%)"),
            _("Temps (s)"),
            _("Objectifs"),
            _("Interaction"),
            _("Type"),
            _("Description"),
            _("Réponse"),
            _("Réponse attendue"),
            _("Résultat"),
            _("Horodatage"),
            _("Objectifs partagés"),
        ]
    )
    for row in selectors.tutor_report_all(session=session, activity=activity):
        user = row.enrolment.user
        shared = " ; ".join(
            f"{o['id']} {o['status']} {o['score']}".strip() for o in row.shared or ()
        )
        for sco in row.scos:
            objectives = " ; ".join(
                f"{o['id']} {o['status']} {o['score']}".strip() for o in sco.objectives
            )
            head = [
                _safe(user.last_name),
                _safe(user.first_name),
                _safe(user.email),
                row.attempt.number,
                _safe(sco.sco.title),
                STATE_LABELS[sco.state.label],
                "" if sco.state.score is None else f"{sco.state.score:.2f}".replace(".", ","),
                sco.seconds,
                _safe(objectives),
            ]
            lines: list[dict | None] = list(sco.interactions) or [None]
            for interaction in lines:
                tail = (
                    [
                        _safe(interaction[key])
                        for key in (
                            "id",
                            "type",
                            "description",
                            "response",
                            "correct",
                            "result",
                            "time",
                        )
                    ]
                    if interaction
                    else [""] * 7
                )
                writer.writerow([*head, *tail, _safe(shared)])
    return response


def _safe(value) -> str:
    """No formula injection in a spreadsheet: a cell starting with = + - @ is quoted."""
    text = str(value or "")
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text
