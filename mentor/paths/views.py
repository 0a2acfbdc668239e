"""The path page: every module with its state, and enrolment in the path and its modules."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mentor.learning.services import completion_refresh
from mentor.paths import selectors, services


def _path_or_404(request: HttpRequest, slug: str):
    found = selectors.path_session_for(user=request.user, slug=slug)
    if found is None:
        raise Http404(_("Ce parcours n'existe pas ou ne vous est pas ouvert."))
    return found


@require_safe
@login_required
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    training, session, enrolment = _path_or_404(request, slug)
    if enrolment is not None:
        # Credits depend on the day (validity) and on decisions taken elsewhere: catch up.
        completion_refresh(enrolment=enrolment)
    page = selectors.path_page(
        user=request.user, training=training, session=session, enrolment=enrolment
    )
    return render(request, "paths/detail.html", {"page": page})


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
