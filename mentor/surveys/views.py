from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.permissions import can
from mentor.surveys import selectors
from mentor.surveys.forms import SurveyForm, SurveyQuestionForm
from mentor.surveys.models import SurveyQuestion
from mentor.surveys.services import (
    ALREADY_ANSWERED,
    EXTRA_QUESTIONS_MAX,
    NOT_COMPLETED,
    SurveyError,
    survey_answer,
    survey_question_add,
    survey_question_delete,
)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_of_owner(user=request.user, enrolment_id=enrolment_id)
    if request.method == "GET":
        # The service decides on POST; on GET, say at once why there is nothing to fill in.
        if not selectors.survey_is_open(enrolment=enrolment):
            messages.info(request, _(NOT_COMPLETED))
            return redirect("enrolments:mine")
        if selectors.survey_answered(enrolment=enrolment):
            messages.info(request, _(ALREADY_ANSWERED))
            return redirect("enrolments:mine")
    training = enrolment.session.training
    questions = list(training.survey_questions.all())
    form = SurveyForm(request.POST or None, questions=questions)
    if form.is_bound and form.is_valid():
        try:
            survey_answer(enrolment=enrolment, data=form.to_data())
        except SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Merci ! Votre réponse a bien été enregistrée."))
            return redirect("enrolments:mine")
    return render(
        request,
        "surveys/answer.html",
        {"form": form, "training": training, "enrolment": enrolment},
    )


@login_required
@require_GET
def report(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(
        Training.objects.select_related("producer", "owner_entity"), slug=slug
    )
    if not can(request.user, "surveys.view_report", training):
        raise PermissionDenied
    return render(
        request, "surveys/report.html", {"report": selectors.survey_report(training=training)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    """Designers add extra questions to the training's questionnaire."""
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    form = SurveyQuestionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            survey_question_add(actor=request.user, training=training, **form.cleaned_data)
        except SurveyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Question ajoutée au questionnaire."))
            return redirect("surveys:questions", slug=slug)
    return render(
        request,
        "surveys/questions.html",
        {
            "training": training,
            "questions": selectors.extra_questions(training=training),
            "form": form,
            "max_questions": EXTRA_QUESTIONS_MAX,
        },
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    training = get_object_or_404(trainings_editable_by(request.user), slug=slug)
    question = get_object_or_404(SurveyQuestion, pk=question_id, training=training)
    survey_question_delete(actor=request.user, question=question)
    messages.success(request, _("Question retirée du questionnaire."))
    return redirect("surveys:questions", slug=slug)
