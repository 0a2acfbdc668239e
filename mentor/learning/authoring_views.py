"""Designers' pages to build a course, and the learner preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mentor.catalog.permissions import trainings_editable_by
from mentor.learning import authoring, selectors
from mentor.learning.authoring_parts import authoring_parts
from mentor.learning.forms import ActivityForm, QuestionForm, SectionForm
from mentor.learning.kinds import kind_hooks
from mentor.learning.kinds import preview_context as kind_preview_context
from mentor.learning.models import Activity, ActivityKind, Question, Section


def _training(request: HttpRequest, slug: str):
    return get_object_or_404(trainings_editable_by(request.user), slug=slug)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def content(request: HttpRequest, slug: str) -> HttpResponse:
    training = _training(request, slug)
    return render(
        request,
        "learning/authoring/content.html",
        {
            "training": training,
            "sections": selectors.course_sections(training=training),
            "section_form": SectionForm(),
            "kinds": ActivityKind.choices,
            "parts": authoring_parts(training=training),
        },
    )


@login_required
@require_POST
def section_create(request: HttpRequest, slug: str) -> HttpResponse:
    training = _training(request, slug)
    form = SectionForm(request.POST)
    if form.is_valid():
        authoring.section_create(
            actor=request.user, training=training, title=form.cleaned_data["title"]
        )
        messages.success(request, _("Section ajoutée."))
    else:
        messages.error(request, _("Donnez un titre à la section."))
    return redirect("learning:authoring", slug=slug)


@login_required
@require_POST
def section_edit(request: HttpRequest, slug: str, section_id: int) -> HttpResponse:
    training = _training(request, slug)
    section = get_object_or_404(Section, pk=section_id, training=training)
    try:
        authoring.section_update(
            actor=request.user, section=section, title=request.POST.get("title", "")
        )
        messages.success(request, _("Section renommée."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("learning:authoring", slug=slug)


@login_required
@require_POST
def section_move(request: HttpRequest, slug: str, section_id: int) -> HttpResponse:
    training = _training(request, slug)
    section = get_object_or_404(Section, pk=section_id, training=training)
    authoring.section_move(
        actor=request.user,
        section=section,
        direction=1 if request.POST.get("direction") == "down" else -1,
    )
    return redirect("learning:authoring", slug=slug)


@login_required
@require_POST
def section_delete(request: HttpRequest, slug: str, section_id: int) -> HttpResponse:
    training = _training(request, slug)
    section = get_object_or_404(Section, pk=section_id, training=training)
    try:
        authoring.section_delete(actor=request.user, section=section)
        messages.success(request, _("Section supprimée."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("learning:authoring", slug=slug)


def _save_activity(request: HttpRequest, form: ActivityForm, activity: Activity) -> bool:
    """Save through the service; on a refusal, report it on the form (nothing is kept)."""
    importer = kind_hooks(activity.kind).importer
    try:
        authoring.activity_save_with_content(
            actor=request.user,
            activity=activity,
            upload=form.cleaned_data.get(importer.field_name) if importer else None,
            image=form.cleaned_data.get("image"),
            image_alt=form.cleaned_data.get("image_alt", ""),
        )
        return True
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, _error_text(exc))
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return False


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(
    request: HttpRequest, slug: str, section_id: int, activity_id: int | None = None
) -> HttpResponse:
    training = _training(request, slug)
    section = get_object_or_404(Section, pk=section_id, training=training)
    if activity_id:
        activity = get_object_or_404(Activity, pk=activity_id, section__training=training)
        kind = activity.kind
    else:
        kind = request.GET.get("type") or request.POST.get("type") or ""
        if kind not in ActivityKind.values:
            raise Http404
        activity = Activity(section=section, kind=kind)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity, kind=kind)
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.section = section if not activity.pk else activity.section
        if _save_activity(request, form, activity):
            messages.success(request, _("Activité enregistrée."))
            if form.cleaned_data.get("image"):
                messages.info(
                    request,
                    _(
                        "L’image a été ajoutée à la fin du contenu : déplacez la balise <img> "
                        "si besoin."
                    ),
                )
            if activity.kind == ActivityKind.QUIZ or form.cleaned_data.get("image"):
                return redirect(
                    "learning:activity_edit",
                    slug=slug,
                    section_id=activity.section_id,
                    activity_id=activity.pk,
                )
            return redirect("learning:authoring", slug=slug)
    questions = (
        activity.questions.prefetch_related("choices")
        if activity.pk and kind == ActivityKind.QUIZ
        else []
    )
    return render(
        request,
        "learning/authoring/activity_form.html",
        {
            "training": training,
            "section": section,
            "activity": activity,
            "kind": kind,
            "kind_label": ActivityKind(kind).label,
            "form": form,
            "questions": questions,
            "question_form": QuestionForm() if activity.pk and kind == ActivityKind.QUIZ else None,
        },
    )


@login_required
@require_POST
def activity_move(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    training = _training(request, slug)
    activity = get_object_or_404(Activity, pk=activity_id, section__training=training)
    authoring.activity_move(
        actor=request.user,
        activity=activity,
        direction=1 if request.POST.get("direction") == "down" else -1,
    )
    return redirect("learning:authoring", slug=slug)


@login_required
@require_POST
def activity_delete(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    training = _training(request, slug)
    activity = get_object_or_404(Activity, pk=activity_id, section__training=training)
    try:
        authoring.activity_delete(actor=request.user, activity=activity)
        messages.success(request, _("Activité supprimée."))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("learning:authoring", slug=slug)


@login_required
@require_POST
def question_add(request: HttpRequest, slug: str, activity_id: int) -> HttpResponse:
    training = _training(request, slug)
    activity = get_object_or_404(
        Activity, pk=activity_id, section__training=training, kind=ActivityKind.QUIZ
    )
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            authoring.question_add(actor=request.user, activity=activity, **form.cleaned_data)
            messages.success(request, _("Question ajoutée."))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
    else:
        messages.error(
            request, _("La question est incomplète : vérifiez le type, l’énoncé et les points.")
        )
    return redirect(
        "learning:activity_edit", slug=slug, section_id=activity.section_id, activity_id=activity.pk
    )


@login_required
@require_POST
def question_delete(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    training = _training(request, slug)
    question = get_object_or_404(Question, pk=question_id, activity__section__training=training)
    activity = question.activity
    authoring.question_delete(actor=request.user, question=question)
    return redirect(
        "learning:activity_edit", slug=slug, section_id=activity.section_id, activity_id=activity.pk
    )


@login_required
def preview(request: HttpRequest, slug: str, activity_id: int | None = None) -> HttpResponse:
    """The course as a learner sees it, without recording anything."""
    training = _training(request, slug)
    sections = selectors.course_sections(training=training)
    activities = [a for s in sections for a in s.activities.all()]
    if not activities:
        messages.info(request, _("Ajoutez une activité pour prévisualiser la formation."))
        return redirect("learning:authoring", slug=slug)
    activity = next((a for a in activities if a.pk == activity_id), activities[0])
    index = activities.index(activity)
    return render(
        request,
        "learning/authoring/preview.html",
        {
            "training": training,
            "sections": sections,
            "activity": activity,
            "previous": activities[index - 1] if index else None,
            "next": activities[index + 1] if index + 1 < len(activities) else None,
            "preview": True,
            **kind_preview_context(request=request, activity=activity),
        },
    )
