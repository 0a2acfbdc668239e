"""Handing in work-situation and experience-feedback activities; the tutors' queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentor.core import files
from mentor.learning import selectors as learning_selectors
from mentor.paths import submissions
from mentor.paths.kinds import SubmissionForm


@require_POST
@login_required
def submission_send(request: HttpRequest, enrolment_id: int, activity_id: int) -> HttpResponse:
    enrolment = learning_selectors.enrolment_for_learner(
        user=request.user, enrolment_id=enrolment_id
    )
    if enrolment is None:
        raise Http404(_("Vous n’êtes pas inscrit à cette formation."))
    course = learning_selectors.learner_course(enrolment=enrolment)
    activity = next((a for a in course.activities if a.pk == activity_id), None)
    if activity is None:
        raise Http404(_("Cette activité n’existe pas dans cette formation."))
    form = SubmissionForm(request.POST, request.FILES, kind=activity.kind)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        submissions.submission_send(
            enrolment=enrolment,
            activity=activity,
            text=form.cleaned_data["text"],
            upload=form.cleaned_data.get("file"),
        )
        messages.success(request, _("Votre travail est remis."))
    return redirect("learning:activity", enrolment_id=enrolment.pk, activity_id=activity.pk)


@require_safe
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = list(submissions.review_queue(user=request.user)[:200])
    return render(request, "paths/review_queue.html", {"queue": queue})


@require_http_methods(["GET", "POST"])
@login_required
def review(request: HttpRequest, submission_id: int) -> HttpResponse:
    submission = submissions.submission_for_reader(user=request.user, submission_id=submission_id)
    if submission is None or not submissions.may_review(request.user, submission):
        raise Http404(_("Ce travail n’existe pas ou vous n’en êtes pas tuteur."))
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("validate", "return"):
            messages.error(request, _("Choisissez de valider ou de faire reprendre ce travail."))
            return redirect("paths:review", submission_id=submission.pk)
        submissions.submission_review(
            reviewer=request.user,
            submission_id=submission.pk,
            validated=decision == "validate",
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("Décision enregistrée."))
        return redirect("paths:review_queue")
    return render(request, "paths/review.html", {"submission": submission})


@require_safe
def submission_file(request: HttpRequest, submission_id: int) -> HttpResponse:
    """The deliverable, for its author and the people who may review it only (404 for
    anyone else); always downloaded, never shown as a page of Mentor's origin."""
    submission = submissions.submission_for_reader(user=request.user, submission_id=submission_id)
    if submission is None or not submission.file:
        raise Http404
    name = slugify(f"{submission.activity.title} {submission.enrolment.user.get_full_name()}")
    return files.stored_file_response(
        request,
        name=submission.file.name,
        download_name=f"{name or 'livrable'}{files.extension(submission.file.name)}",
        max_age=0,
    )
