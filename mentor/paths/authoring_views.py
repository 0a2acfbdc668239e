"""The designer's page of a path: sections, linked modules and the completion rule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.paths import authoring, selectors
from mentor.paths.forms import ModuleForm
from mentor.paths.models import PathModule, PlacementOutcome


def _path(request: HttpRequest, slug: str) -> Training:
    training = trainings_editable_by(request.user).filter(slug=slug, is_path=True).first()
    if training is None:
        raise Http404(_("Ce parcours n'existe pas ou vous ne pouvez pas le modifier."))
    return training


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@require_safe
@login_required
def design(request: HttpRequest, slug: str) -> HttpResponse:
    training = _path(request, slug)
    sessions = authoring.linkable_sessions(user=request.user, path=training)
    return render(
        request,
        "paths/design.html",
        {
            "training": training,
            "plans": selectors.design_plans(training=training),
            "module_form": ModuleForm(sessions=sessions),
            "quizzes": authoring.placement_quizzes(path=training).prefetch_related("questions"),
            "outcomes": PlacementOutcome.choices,
        },
    )


@require_POST
@login_required
def section_create(request: HttpRequest, slug: str) -> HttpResponse:
    _path(request, slug)
    authoring.path_section_create(
        actor=request.user,
        session_id=_int(request.POST.get("session")),
        title=request.POST.get("title", ""),
    )
    messages.success(request, _("Section ajoutée."))
    return redirect("paths:design", slug=slug)


@require_POST
@login_required
def module_add(request: HttpRequest, slug: str) -> HttpResponse:
    training = _path(request, slug)
    form = ModuleForm(
        request.POST,
        sessions=authoring.linkable_sessions(user=request.user, path=training),
        modules=PathModule.objects.filter(section__plan__session__training=training).select_related(
            "linked_session__training"
        ),
    )
    if not form.is_valid():
        messages.error(
            request,
            _("Choisissez une session que vous pouvez voir, et une validité entre 1 et 50 ans."),
        )
        return redirect("paths:design", slug=slug)
    data = form.cleaned_data
    authoring.path_module_add(
        actor=request.user,
        section_id=data["section"],
        linked_session_id=data["linked_session"],
        required=data["required"],
        credit_rule=data["credit_rule"],
        validity_years=data["validity_years"],
        available_from=data["available_from"],
        requires_ids=data["requires"],
    )
    messages.success(request, _("Module ajouté."))
    return redirect("paths:design", slug=slug)


@require_POST
@login_required
def module_remove(request: HttpRequest, slug: str, module_id: int) -> HttpResponse:
    _path(request, slug)
    authoring.path_module_remove(actor=request.user, module_id=module_id)
    messages.success(request, _("Module retiré."))
    return redirect("paths:design", slug=slug)


@require_POST
@login_required
def rule_set(request: HttpRequest, slug: str) -> HttpResponse:
    _path(request, slug)
    authoring.path_rule_set(
        actor=request.user,
        session_id=_int(request.POST.get("session")),
        optional_minimum=_int(request.POST.get("optional_minimum")),
    )
    messages.success(request, _("Règle d’achèvement enregistrée."))
    return redirect("paths:design", slug=slug)


@require_POST
@login_required
def placement_add(request: HttpRequest, slug: str) -> HttpResponse:
    _path(request, slug)
    by_question = request.POST.get("by") == "question"
    authoring.placement_rule_add(
        actor=request.user,
        module_id=_int(request.POST.get("module")),
        quiz_id=_int(request.POST.get("quiz")),
        outcome=request.POST.get("outcome", ""),
        min_score=None if by_question else request.POST.get("min_score"),
        max_score=None if by_question else request.POST.get("max_score"),
        question_id=_int(request.POST.get("question")) if by_question else None,
        when_correct=request.POST.get("when_correct", "1") == "1",
    )
    messages.success(request, _("Règle de positionnement ajoutée."))
    return redirect("paths:design", slug=slug)


@require_POST
@login_required
def placement_remove(request: HttpRequest, slug: str, rule_id: int) -> HttpResponse:
    _path(request, slug)
    authoring.placement_rule_remove(actor=request.user, rule_id=rule_id)
    messages.success(request, _("Règle de positionnement retirée."))
    return redirect("paths:design", slug=slug)


def _editable_training(request: HttpRequest, slug: str) -> Training:
    training = (
        trainings_editable_by(request.user)
        .select_related("producer", "owner_entity")
        .filter(slug=slug, is_path=False)
        .first()
    )
    if training is None:
        raise Http404(_("Cette formation n'existe pas ou vous ne pouvez pas la modifier."))
    return training


@require_http_methods(["GET", "POST"])
@login_required
def equivalences(request: HttpRequest, slug: str) -> HttpResponse:
    """The equivalences of a training, declared by its producer and reused by every path."""
    training = _editable_training(request, slug)
    if request.method == "POST":
        authoring.equivalence_declare(
            actor=request.user,
            training=training,
            equivalent_id=_int(request.POST.get("equivalent")),
        )
        messages.success(request, _("Équivalence déclarée."))
        return redirect("paths:equivalences", slug=slug)
    query = (request.GET.get("q") or "").strip()[:200]
    results, more = authoring.equivalence_search(user=request.user, training=training, query=query)
    context = {"training": training, "query": query, "results": results, "more": more}
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        context["partial"] = True  # as one types: the results, and their count announced
        return render(request, "paths/_equivalence_results.html", context)
    context["equivalences"] = authoring.equivalences_of(training=training)
    return render(request, "paths/equivalences.html", context)


@require_POST
@login_required
def equivalence_remove(request: HttpRequest, slug: str, equivalence_id: int) -> HttpResponse:
    _editable_training(request, slug)
    authoring.equivalence_remove(actor=request.user, equivalence_id=equivalence_id)
    messages.success(request, _("Équivalence retirée."))
    return redirect("paths:equivalences", slug=slug)
