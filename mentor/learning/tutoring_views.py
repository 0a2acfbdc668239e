"""Tutors' pages: the learners of a session, their progress, attendance, messages, CSV."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor.catalog.models import Session
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning import selectors, services, tutoring
from mentor.learning.forms import MessageForm, ThreadForm
from mentor.learning.models import Activity, ActivityKind, ProgressStatus
from mentor.learning.views import thread_page

STATUS_LABELS = {
    ProgressStatus.COMPLETED: _("terminée"),
    ProgressStatus.IN_PROGRESS: _("en cours"),
    ProgressStatus.NOT_STARTED: _("non commencée"),
}


def _session(request: HttpRequest, session_id: int) -> Session:
    session = get_object_or_404(Session.objects.select_related("training"), pk=session_id)
    if not can(request.user, "learning.tutor_session", session):
        raise Http404  # sessions one does not tutor are not revealed
    return session


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/tutoring/sessions.html",
        {"sessions": selectors.sessions_tutored_by(request.user)},
    )


@login_required
def progress(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    query = (request.GET.get("q") or "").strip()[:100]
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    data = selectors.session_progress(session=session, page=page, query=query)
    return render(
        request,
        "learning/tutoring/progress.html",
        {
            "data": data,
            "session": session,
            "query": query,
            "attendance_activities": [
                a
                for a in data.activities
                if a.kind in (ActivityKind.VIRTUAL_CLASS, ActivityKind.IN_PERSON)
            ],
            "message_form": MessageForm(),
            "forums": selectors.forum_activities(session=session),
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, session_id: int, activity_id: int) -> HttpResponse:
    """Mark who attended, for the learners of the current page (checkbox per learner)."""
    session = _session(request, session_id)
    activity = get_object_or_404(
        Activity,
        pk=activity_id,
        section__training=session.training,
        kind__in=[ActivityKind.VIRTUAL_CLASS, ActivityKind.IN_PERSON],
    )
    tutoring.attendance_record_many(
        tutor=request.user,
        session=session,
        activity=activity,
        shown_ids={int(x) for x in request.POST.getlist("shown") if x.isdigit()},
        present_ids={int(x) for x in request.POST.getlist("present") if x.isdigit()},
    )
    messages.success(request, _("Présences enregistrées."))
    back = reverse("learning:tutor_progress", args=[session.pk])
    query = QueryDict(request.POST.get("return_query", "")).urlencode()
    return redirect(f"{back}?{query}" if query else back)


@login_required
@require_POST
def message(request: HttpRequest, session_id: int, enrolment_id: int) -> HttpResponse:
    session = _session(request, session_id)
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user"), pk=enrolment_id, session=session
    )
    form = MessageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez un objet et un message."))
        return redirect("learning:tutor_progress", session_id=session.pk)
    tutoring.tutor_message_send(
        tutor=request.user,
        enrolment=enrolment,
        subject=form.cleaned_data["subject"],
        body=form.cleaned_data["body"],
    )
    messages.success(
        request, _("Message envoyé à %(name)s.") % {"name": enrolment.user.get_full_name()}
    )
    return redirect("learning:tutor_progress", session_id=session.pk)


class _Echo:
    def write(self, value):
        return value


@login_required
def export_csv(request: HttpRequest, session_id: int) -> StreamingHttpResponse:
    """Every learner of the session, streamed page by page (memory stays flat)."""
    session = _session(request, session_id)
    first = selectors.session_progress(session=session, page=1, per_page=500)
    writer = csv.writer(_Echo(), delimiter=";")

    def rows():
        yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
        yield writer.writerow(
            [
                _("Nom"),
                _("Prénom"),
                _("Adresse électronique"),
                _("Inscription le"),
                _("Progression (%)"),
                _("Terminée le"),
                _("Dernier accès"),
            ]
            + [a.title for a in first.activities]
        )
        page = first
        while True:
            for row in page.rows:
                user = row.enrolment.user
                yield writer.writerow(
                    [
                        user.last_name,
                        user.first_name,
                        user.email,
                        timezone.localtime(row.enrolment.enrolled_at).strftime("%Y-%m-%d"),
                        row.percent,
                        timezone.localtime(row.completed_at).strftime("%Y-%m-%d")
                        if row.completed_at
                        else "",
                        timezone.localtime(row.last_seen).strftime("%Y-%m-%d %H:%M")
                        if row.last_seen
                        else "",
                    ]
                    + [STATUS_LABELS.get(c, c) for c in row.cells]
                )
            if not page.page.has_next():
                break
            page = selectors.session_progress(
                session=session, page=page.page.number + 1, per_page=500
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}-apprenants.csv"'
    return response


# --- Forums -------------------------------------------------------------------------------


def _forum_activity(session: Session, activity_id: int) -> Activity:
    return get_object_or_404(
        Activity, pk=activity_id, section__training=session.training, kind=ActivityKind.FORUM
    )


@login_required
def forum(request: HttpRequest, session_id: int, activity_id: int) -> HttpResponse:
    """The session's discussions in a forum activity, where the tutor reads and starts
    threads."""
    session = _session(request, session_id)
    activity = _forum_activity(session, activity_id)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.forum_post_as_tutor(
                tutor=request.user,
                session=session,
                activity=activity,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.LearningError as exc:
            messages.error(request, str(exc))
        else:
            return redirect(
                "learning:tutor_thread",
                session_id=session.pk,
                activity_id=activity.pk,
                thread_id=thread.pk,
            )
    return render(
        request,
        "learning/tutoring/forum.html",
        {
            "session": session,
            "activity": activity,
            "threads": selectors.forum_threads(activity=activity, session=session),
            "form": form,
        },
    )


@login_required
def forum_thread(
    request: HttpRequest, session_id: int, activity_id: int, thread_id: int
) -> HttpResponse:
    session = _session(request, session_id)
    activity = _forum_activity(session, activity_id)
    thread = selectors.forum_thread(thread_id=thread_id, activity=activity, session=session)
    if thread is None:
        raise Http404
    return thread_page(
        request,
        activity=activity,
        thread=thread,
        session=session,
        post=lambda body: services.forum_post_as_tutor(
            tutor=request.user, session=session, activity=activity, thread=thread, body=body
        ),
        back_url=reverse("learning:tutor_forum", args=[session.pk, activity.pk]),
    )
