"""The learner's player: outline, activities, quizzes, forums, time heartbeats, and the
course's files (served to its readers only)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from mentor.enrolments.completion_offers import completion_offers
from mentor.learning import files, kinds, selectors, services
from mentor.learning.forms import PostForm, ThreadForm
from mentor.learning.models import ActivityKind, CompletionRule, ProgressStatus, QuestionKind


class NotInCourse(Http404):
    """The enrolment is not the user's own active one, or the activity is not in its
    course: answered with a page that says so in French (404: nothing is revealed)."""


def _enrolment_or_404(request: HttpRequest, enrolment_id: int):
    enrolment = selectors.enrolment_for_learner(user=request.user, enrolment_id=enrolment_id)
    if enrolment is None:
        raise NotInCourse(_("Vous n’êtes pas inscrit à cette formation."))
    return enrolment


def _course_and_activity(request: HttpRequest, enrolment_id: int, activity_id: int):
    enrolment = _enrolment_or_404(request, enrolment_id)
    course = selectors.learner_course(enrolment=enrolment)
    activity = next((a for a in course.activities if a.pk == activity_id), None)
    if activity is None:
        raise NotInCourse(_("Cette activité n’existe pas dans cette formation."))
    return enrolment, course, activity


def learner_view(view):
    """Signed-in learners only; "not enrolled" is explained instead of a bare 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotInCourse as exc:
            return render(request, "learning/not_enrolled.html", {"message": str(exc)}, status=404)

    return wrapper


@learner_view
def course_resume(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment_or_404(request, enrolment_id)
    course = selectors.learner_course(enrolment=enrolment)
    if course.may_have_become_complete:
        services.completion_refresh(enrolment=enrolment)
        course = selectors.learner_course(enrolment=enrolment, reread=True)
    activity = course.resume_activity()
    if activity is None:
        return render(request, "learning/empty.html", {"enrolment": enrolment})
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


#: The course whose activity the person viewed last (``_viewed_again``).
LAST_COURSE_KEY = "learning_last_course"


def _viewed_again(request: HttpRequest, course: selectors.LearnerCourse, activity) -> bool:
    """A reload of the page the person saw last, less than a minute ago
    (``LearnerCourse.seen_just_now``), in the course they saw last (the home page's
    "Reprendre" compares all their courses): nothing to write. The session notes the
    course only when it changes (no session write on the other pages)."""
    enrolment_id = course.enrolment.pk
    if request.session.get(LAST_COURSE_KEY) != enrolment_id:
        request.session[LAST_COURSE_KEY] = enrolment_id
        return False
    return course.seen_just_now(activity)


@learner_view
def activity_detail(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment, course, activity = _course_and_activity(request, enrolment_id, activity_id)
    if (
        kinds.kind_hooks(activity.kind).completed_by_viewing
        or (
            activity.kind == ActivityKind.FORUM
            and activity.completion_rule == CompletionRule.VIEWED
        )
    ) and not _viewed_again(request, course, activity):
        result = services.activity_view(
            enrolment=enrolment,
            activity=activity,
            completed=course.status_of(activity) == ProgressStatus.COMPLETED,
        )
        if result.progress is not None:
            course.progress[activity.pk] = result.progress
        if result.completion and not course.completion:
            course.completion = result.completion  # the progress was set just above
    previous, following = course.neighbours(activity)
    context = {
        "enrolment": enrolment,
        "course": course,
        "activity": activity,
        "previous": previous,
        "next": following,
        "status": course.status_of(activity),
        "offers": (
            completion_offers(completed=[enrolment]).get(enrolment.pk, [])
            if course.completion
            else []
        ),
    }
    context.update(kinds.player_context(request=request, enrolment=enrolment, activity=activity))
    if activity.kind == ActivityKind.FORUM:
        context["thread_form"] = ThreadForm()
    return render(request, "learning/player.html", context)


def _percent(value) -> str:
    """A score as French readers write it: "100", "87,5"."""
    return number_format(value.normalize())


@learner_view
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
            messages.success(
                request, _("Quiz réussi : %(score)s %%.") % {"score": _percent(attempt.score)}
            )
        else:
            messages.warning(
                request,
                _("Score : %(score)s %% (il faut %(need)s %% pour réussir).")
                % {"score": _percent(attempt.score), "need": activity.passing_score},
            )
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@login_required
@require_POST
def heartbeat(request: HttpRequest, enrolment_id: int, activity_id: int) -> JsonResponse:
    try:
        enrolment, _course, activity = _course_and_activity(request, enrolment_id, activity_id)
    except NotInCourse as exc:
        return JsonResponse({"ok": False, "message": str(exc)}, status=404)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        return JsonResponse({"ok": False, "message": _("Durée invalide.")}, status=400)
    credited = services.time_record(enrolment=enrolment, activity=activity, seconds=seconds)
    return JsonResponse({"ok": True, "credited": credited})


# --- Forums -------------------------------------------------------------------------------


@learner_view
@require_POST
def thread_create(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment, _course, activity = _course_and_activity(request, enrolment_id, activity_id)
    if activity.kind != ActivityKind.FORUM:
        raise Http404
    form = ThreadForm(request.POST)
    if form.is_valid():
        try:
            thread = services.forum_post(
                enrolment=enrolment,
                activity=activity,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except services.LearningError as exc:
            messages.error(request, str(exc))
            return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)
        return redirect(
            "learning:thread",
            enrolment_id=enrolment.pk,
            activity_id=activity.pk,
            thread_id=thread.pk,
        )
    messages.error(request, _("Indiquez un sujet et un message."))
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@learner_view
def thread_detail(
    request: HttpRequest, enrolment_id: int, activity_id: int, thread_id: int
) -> HttpResponse:
    enrolment, course, activity = _course_and_activity(request, enrolment_id, activity_id)
    thread = selectors.forum_thread(
        thread_id=thread_id, activity=activity, session=enrolment.session
    )
    if thread is None:
        raise NotInCourse(_("Cette discussion n’existe pas dans votre session."))
    return thread_page(
        request,
        activity=activity,
        thread=thread,
        session=enrolment.session,
        post=lambda body: services.forum_post(
            enrolment=enrolment, activity=activity, thread=thread, body=body
        ),
        back_url=reverse("learning:activity", args=[enrolment.pk, activity.pk]),
    )


def thread_page(request: HttpRequest, *, activity, thread, session, post, back_url: str):
    """A forum discussion and its reply form, for learners and tutors alike: ``post(body)``
    is the service that writes the reply as this person."""
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post(form.cleaned_data["body"])
        except services.LearningError as exc:
            messages.error(request, str(exc))
        return redirect(request.path)
    return render(
        request,
        "learning/thread.html",
        {
            "activity": activity,
            "thread": thread,
            "posts": selectors.thread_posts(thread=thread),
            "tutor_ids": selectors.session_tutor_ids(session=session),
            "form": form,
            "back_url": back_url,
        },
    )


# --- Course files ---------------------------------------------------------------------------

FILE_FIELDS = {"fichier": "file", "sous-titres": "captions"}


@require_safe
def activity_file(request: HttpRequest, activity_id: int, which: str) -> HttpResponse:
    """The document, video or captions of an activity, for the course's readers only (404
    for anyone else, anonymous included: media elements do not follow sign-in redirects)."""
    activity = selectors.activity_readable(user=request.user, activity_id=activity_id)
    field = FILE_FIELDS.get(which)
    if activity is None or field is None:
        raise Http404
    stored = getattr(activity, field)
    if not stored:
        raise Http404
    download_name = None
    if activity.kind == ActivityKind.FILE:
        download_name = f"{slugify(activity.title) or 'document'}{files.extension(stored.name)}"
    return files.stored_file_response(request, name=stored.name, download_name=download_name)


@require_safe
def activity_image(request: HttpRequest, image_id: int) -> HttpResponse:
    image = selectors.image_readable(user=request.user, image_id=image_id)
    if image is None:
        raise Http404
    return files.stored_file_response(request, name=image.image.name)
