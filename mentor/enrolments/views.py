from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor.catalog.models import Session
from mentor.enrolments.cancellation_notices import cancellation_notices
from mentor.enrolments.mine_sections import mine_sections
from mentor.enrolments.selectors import my_trainings
from mentor.enrolments.services import enrolment_cancel, enrolment_create


def _back(request: HttpRequest, default: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(default)


# A refusal (``EnrolmentError``: full, closed, finished…) is shown by
# ``core.middleware.RefusalMiddleware``, back on the page the form was posted from.


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "enrolments/mine.html",
        {"mine": my_trainings(user=request.user), "sections": mine_sections(user=request.user)},
    )


@login_required
@require_POST
def enrol(request: HttpRequest, session_id: int) -> HttpResponse:
    result = enrolment_create(user=request.user, session_id=session_id)
    if result.created:
        messages.success(
            request,
            _("Vous êtes inscrit à « %(title)s ». Un courriel de confirmation vous a été envoyé.")
            % {"title": result.enrolment.session.training.title},
        )
    else:
        messages.info(request, _("Vous étiez déjà inscrit à cette session."))
    return redirect("enrolments:mine")


@login_required
@require_POST
def unenrol(request: HttpRequest, session_id: int) -> HttpResponse:
    cancelled = enrolment_cancel(user=request.user, session_id=session_id)
    if cancelled:
        messages.success(request, _("Votre désinscription a été enregistrée."))
        session = Session.objects.select_related("training").get(pk=session_id)
        for notice in cancellation_notices(user=request.user, session=session):
            messages.warning(request, notice)
    else:
        messages.info(request, _("Vous n’étiez pas inscrit à cette session."))
    return _back(request, "enrolments:mine")
