"""The path page: every module with its state, and enrolment in the path and its modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mentor.accounts.models import User
from mentor.catalog.models import Session
from mentor.core.permissions import can
from mentor.enrolments.completion_offers import completion_offers
from mentor.learning.services import completion_refresh
from mentor.paths import selectors, services

PER_PAGE = 50


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The paths the person follows, and the open paths of the offer (visitors: the
    latter only)."""
    return render(request, "paths/index.html", {"index": selectors.paths_index(user=request.user)})


def _path_or_404(request: HttpRequest, slug: str):
    found = selectors.path_session_for(user=request.user, slug=slug)
    if found is None:
        raise Http404(_("Ce parcours n'existe pas ou ne vous est pas ouvert."))
    return found


@require_safe
@login_required
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    training, session, enrolment = _path_or_404(request, slug)
    page = selectors.path_page(
        user=request.user, training=training, session=session, enrolment=enrolment
    )
    if enrolment is not None and page.modules_complete and not page.complete:
        # Credits depend on the day (validity) and on decisions taken elsewhere: catch up.
        # Only then can the completion be due; the states above are not computed again
        # unless the path's own activities are done too.
        completion = completion_refresh(enrolment=enrolment)
        if completion is not None:
            page.complete, page.completed_at = True, completion.completed_at
    offers = (
        completion_offers(completed=[enrolment]).get(enrolment.pk, [])
        if enrolment is not None and page.complete
        else []
    )
    return render(
        request,
        "paths/detail.html",
        {
            "page": page,
            "offers": offers,  # the path's attestation, its survey (as at the end of a course)
            "may_follow": can(request.user, "paths.manage_credits", session),
        },
    )


@require_POST
@login_required
def enrol(request: HttpRequest, slug: str) -> HttpResponse:
    _training, session, _enrolment = _path_or_404(request, slug)
    result = services.path_enrol(user=request.user, session_id=session.pk)
    messages.success(request, _("Vous êtes inscrit au parcours."))
    if result.refused:
        messages.warning(
            request,
            _("Certains modules n'ont pas pu être réservés : voyez leur état ci-dessous."),
        )
    return redirect("paths:detail", slug=slug)


@require_POST
@login_required
def module_enrol(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    _path_or_404(request, slug)
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        session_id = 0
    services.path_module_enrol(user=request.user, module_id=module_id, session_id=session_id)
    messages.success(request, _("Vous êtes inscrit à ce module."))
    return redirect("paths:detail", slug=slug)


def _tutored_session(request: HttpRequest, slug: str, session_id: int) -> Session:
    session = (
        Session.objects.select_related("training")
        .filter(pk=session_id, training__slug=slug, training__is_path=True)
        .first()
    )
    if session is None or not can(request.user, "paths.manage_credits", session):
        raise Http404(_("Ce parcours n'existe pas ou vous n'en êtes pas tuteur."))
    return session


@require_safe
@login_required
def follow_up(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session = _tutored_session(request, slug, session_id)
    try:
        number = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        number = 1
    modules, rows, total = selectors.path_learners(
        session=session, limit=PER_PAGE, offset=(number - 1) * PER_PAGE
    )
    paginator = Paginator(range(total), PER_PAGE)
    return render(
        request,
        "paths/follow_up.html",
        {
            "session": session,
            "training": session.training,
            "modules": modules,
            "rows": rows,
            "total": total,
            "page_obj": paginator.get_page(number),
        },
    )


@require_POST
@login_required
def credit_decide(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    _tutored_session(request, slug, session_id)
    decision = {"grant": True, "withdraw": False, "reset": None}
    choice = request.POST.get("decision", "")
    if choice not in decision:
        messages.error(request, _("Choisissez une décision."))
        return redirect("paths:follow_up", slug=slug, session_id=session_id)
    learner = User.objects.filter(pk=_int(request.POST.get("user"))).first()
    if learner is None:
        messages.error(request, _("Choisissez un agent du parcours."))
        return redirect("paths:follow_up", slug=slug, session_id=session_id)
    was_complete = selectors.path_completed(user=learner, session_id=session_id)
    services.manual_credit_set(
        actor=request.user,
        user=learner,
        module_id=_int(request.POST.get("module")),
        granted=decision[choice],
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("Décision enregistrée."))
    if was_complete and not selectors.path_completed(user=learner, session_id=session_id):
        messages.warning(
            request,
            _(
                "Le parcours de %(name)s n’est plus terminé : il dépendait de cet acquis. "
                "Son attestation est révoquée ; il en recevra une nouvelle en le terminant."
            )
            % {"name": learner.get_full_name()},
        )
    return redirect("paths:follow_up", slug=slug, session_id=session_id)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
