"""Quality self-assessment pages (``/qualite/``): designers assess their trainings; they,
their space admin and the editorial committee read the radar and the history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentor.catalog.models import Training
from mentor.core.permissions import can
from mentor.quality import selectors, services
from mentor.quality.forms import AssessmentForm, PhaseForm
from mentor.quality.models import Assessment, Phase

PER_PAGE = 50


def _readable(request: HttpRequest, slug: str) -> Training:
    training = get_object_or_404(Training.objects.select_related("producer"), slug=slug)
    if not can(request.user, "quality.view", training):
        raise Http404
    return training


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "quality.use"):
        raise PermissionDenied(_("L’auto-évaluation qualité est réservée aux concepteurs."))
    page = Paginator(selectors.trainings_with_assessments(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "quality/index.html", {"trainings": page.object_list, "page_obj": page})


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    training = _readable(request, slug)
    assessments = selectors.assessments_of(training=training)
    radar = selectors.radar(assessments=assessments)
    return render(
        request,
        "quality/overview.html",
        {
            "training": training,
            "radar": radar,
            "chart": radar.chart_data(),
            "rows": radar.rows(),
            "history": list(reversed(radar.series)),
            "can_assess": can(request.user, "quality.assess", training),
            "phases": Phase.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, slug: str) -> HttpResponse:
    training = get_object_or_404(Training, slug=slug)
    if not can(request.user, "quality.assess", training):
        raise Http404
    grid = selectors.active_grid()
    phase_form = PhaseForm(request.GET or None)
    phase = phase_form.cleaned_data["phase"] if phase_form.is_valid() else None
    form = None
    if grid is not None and phase:
        criteria = selectors.grid_criteria(grid=grid, phase=phase)
        form = AssessmentForm(request.POST or None, criteria=criteria)
        if request.method == "POST" and form.is_valid():
            try:
                services.assessment_create(
                    actor=request.user,
                    training=training,
                    phase=phase,
                    ratings=form.ratings(),
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("Votre auto-évaluation est enregistrée."))
                return redirect("quality:overview", slug=training.slug)
    elif request.method == "POST":
        return redirect("quality:assess", slug=training.slug)
    return render(
        request,
        "quality/assess.html",
        {
            "training": training,
            "grid": grid,
            "phase_form": phase_form,
            "phase": phase,
            "form": form,
        },
    )


@login_required
def assessment_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    training = _readable(request, slug)
    assessment = get_object_or_404(
        Assessment.objects.select_related("grid", "made_by"), pk=pk, training=training
    )
    return render(
        request,
        "quality/assessment.html",
        {
            "training": training,
            "assessment": assessment,
            "answers": selectors.assessment_answers(assessment=assessment),
            "series": selectors.radar(assessments=[assessment]).series[0],
        },
    )
