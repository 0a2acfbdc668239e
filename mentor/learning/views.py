"""The learner's player: outline, activities, quizzes, forums, time heartbeats."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentor.learning import selectors, services
from mentor.learning.forms import PostForm, ThreadForm
from mentor.learning.models import ActivityKind, CompletionRule, Post, QuestionKind, Thread

VIEW_COMPLETES = {ActivityKind.PAGE, ActivityKind.FILE, ActivityKind.VIDEO}


def _enrolment_or_404(request: HttpRequest, enrolment_id: int):
    enrolment = selectors.enrolment_for_learner(user=request.user, enrolment_id=enrolment_id)
    if enrolment is None:
        raise Http404(_("Vous n’êtes pas inscrit à cette formation."))
    return enrolment


def _course_and_activity(request: HttpRequest, enrolment_id: int, activity_id: int):
    enrolment = _enrolment_or_404(request, enrolment_id)
    course = selectors.learner_course(enrolment=enrolment)
    activity = next((a for a in course.activities if a.pk == activity_id), None)
    if activity is None:
        raise Http404(_("Cette activité n’existe pas dans cette formation."))
    return enrolment, course, activity


@login_required
def course_resume(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment_or_404(request, enrolment_id)
    course = selectors.learner_course(enrolment=enrolment)
    activity = course.resume_activity()
    if activity is None:
        return render(request, "learning/empty.html", {"enrolment": enrolment})
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@login_required
def activity_detail(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment, course, activity = _course_and_activity(request, enrolment_id, activity_id)
    if activity.kind in VIEW_COMPLETES or (
        activity.kind == ActivityKind.FORUM and activity.completion_rule == CompletionRule.VIEWED
    ):
        result = services.activity_view(enrolment=enrolment, activity=activity)
        course.progress[activity.pk] = result.progress
        if result.completion and not course.completion:
            course = selectors.learner_course(enrolment=enrolment)
    previous, following = course.neighbours(activity)
    context = {
        "enrolment": enrolment,
        "course": course,
        "activity": activity,
        "previous": previous,
        "next": following,
        "status": course.status_of(activity),
    }
    if activity.kind == ActivityKind.QUIZ:
        attempts = selectors.quiz_attempts(enrolment=enrolment, activity=activity)
        context["questions"] = activity.questions.prefetch_related("choices")
        context["attempts"] = attempts
        context["last_attempt"] = attempts[-1] if attempts else None
        context["attempts_left"] = (
            None if activity.max_attempts is None else max(activity.max_attempts - len(attempts), 0)
        )
    elif activity.kind == ActivityKind.SCORM and activity.scorm_package_id:
        from mentor.scorm.selectors import player_context

        context["scorm"] = player_context(enrolment=enrolment, activity=activity)
    elif activity.kind == ActivityKind.FORUM:
        context["threads"] = Thread.objects.filter(
            activity=activity, session=enrolment.session
        ).select_related("author")
        context["thread_form"] = ThreadForm()
    return render(request, "learning/player.html", context)


@login_required
@require_POST
def quiz_submit(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment, _course, activity = _course_and_activity(request, enrolment_id, activity_id)
    if activity.kind != ActivityKind.QUIZ:
        raise Http404
    answers: dict = {}
    for question in activity.questions.all():
        key = f"q{question.pk}"
        if question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = request.POST.getlist(key)[:50]
        else:
            answers[str(question.pk)] = (request.POST.get(key) or "")[:500]
    try:
        attempt = services.quiz_submit(enrolment=enrolment, activity=activity, answers=answers)
    except services.LearningError as exc:
        messages.error(request, str(exc))
    else:
        if attempt.passed:
            messages.success(request, _("Quiz réussi : %(score)s %%.") % {"score": attempt.score})
        else:
            messages.warning(
                request,
                _("Score : %(score)s %% (il faut %(need)s %% pour réussir).")
                % {"score": attempt.score, "need": activity.passing_score},
            )
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@login_required
@require_POST
def heartbeat(request: HttpRequest, enrolment_id: int, activity_id: int) -> JsonResponse:
    enrolment, _course, activity = _course_and_activity(request, enrolment_id, activity_id)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        return JsonResponse({"ok": False, "message": _("Durée invalide.")}, status=400)
    services.time_record(enrolment=enrolment, activity=activity, seconds=seconds)
    return JsonResponse({"ok": True})


# --- Forums -------------------------------------------------------------------------------


@login_required
@require_POST
def thread_create(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment, _course, activity = _course_and_activity(request, enrolment_id, activity_id)
    if activity.kind != ActivityKind.FORUM:
        raise Http404
    form = ThreadForm(request.POST)
    if form.is_valid():
        thread = services.forum_post(
            enrolment=enrolment,
            activity=activity,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
        )
        return redirect(
            "learning:thread",
            enrolment_id=enrolment.pk,
            activity_id=activity.pk,
            thread_id=thread.pk,
        )
    messages.error(request, _("Indiquez un sujet et un message."))
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@login_required
def thread_detail(
    request: HttpRequest, enrolment_id: int, activity_id: int, thread_id: int
) -> HttpResponse:
    enrolment, course, activity = _course_and_activity(request, enrolment_id, activity_id)
    thread = get_object_or_404(
        Thread.objects.select_related("author"),
        pk=thread_id,
        activity=activity,
        session=enrolment.session,
    )
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.forum_post(
            enrolment=enrolment, activity=activity, thread=thread, body=form.cleaned_data["body"]
        )
        return redirect(request.path)
    return render(
        request,
        "learning/thread.html",
        {
            "enrolment": enrolment,
            "course": course,
            "activity": activity,
            "thread": thread,
            "posts": Post.objects.filter(thread=thread).select_related("author"),
            "form": form,
        },
    )
