"""The "Pilotage" dashboard and its CSV exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mentor.core.charts import allow_chart_tooltips
from mentor.core.db import reporting_reads
from mentor.core.export_jobs import csv_stream, export_job_of, export_job_page
from mentor.core.export_jobs import export_job_file as export_job_file_response
from mentor.core.models import ExportJob
from mentor.core.permissions import can
from mentor.reporting import exports, hr, selectors
from mentor.reporting.charts import charts
from mentor.reporting.forms import ReportFilterForm, params_of
from mentor.reporting.permissions import (
    TRAINING_SUGGESTIONS,
    ReportScope,
    entities_matching,
    reporting_scope,
    trainings_matching,
)
from mentor.reporting.services import HR_EXPORT, export_job_start, export_record

#: Export file names (French, in the URL) and the table each one holds.
EXPORTS = {
    "formations": "training",
    "sessions": "session",
    "collections": "collection",
    "entites": "entity",
    "satisfaction": "satisfaction",
}


def _scope(request: HttpRequest) -> ReportScope:
    scope = reporting_scope(request.user)
    if scope is None:
        raise PermissionDenied
    return scope


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return _dashboard(request)


@login_required
@require_GET
def entity_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard of one entity of the scope (its subtree); 404 outside the scope."""
    return _dashboard(request, preset=("entity", slug))


@login_required
@require_GET
def training_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard of one training the user may report on; 404 otherwise."""
    return _dashboard(request, preset=("training", slug))


def _dashboard(request: HttpRequest, preset: tuple[str, str] | None = None) -> HttpResponse:
    scope = reporting_scope(request.user)
    if scope is None:
        if can(request.user, "learning.tutor_any"):
            return redirect("learning:tutor_sessions")  # a tutor's figures are there
        raise PermissionDenied
    data = request.GET.copy()
    if preset is not None:
        data[preset[0]] = preset[1]
    form = ReportFilterForm(data, user=request.user, scope=scope)
    valid = form.is_valid()
    if preset is not None and (
        preset[0] in form.errors
        or preset[0] not in form.fields
        or getattr(form.cleaned_data.get(preset[0]), "slug", None) != preset[1]
    ):
        raise Http404  # an entity or training outside the scope is not revealed
    for name in ("training", "entity"):
        if valid and form.cleaned_data.get(name) is not None:
            # Links and exports name the chosen one by its slug, whatever was typed.
            form.data[name] = form.cleaned_data[name].slug
    context = {
        "form": form,
        "scope": scope,
        "rules": selectors.RULES,
        "subject": form.cleaned_data.get(preset[0]) if preset and valid else None,
        "query": form.data.urlencode(),
        "training_label": form.label("training"),
        "training_choices": _choice_links(data, "training", form.training_choices),
        "entity_label": form.label("entity"),
        "entity_choices": _choice_links(data, "entity", form.entity_choices),
    }
    if valid:
        sort = request.GET.get("tri", "")
        sort = sort if sort in selectors.ENTITY_SORTS else ""
        try:
            dash = selectors.dashboard(scope=scope, filters=form.filters(), entity_sort=sort)
        except selectors.Pending:
            # Never computed for these filters: a worker computes them; this page asks
            # again every few seconds (htmx) and shows them once they are there.
            context.update(pending=True, retry_seconds=selectors.RETRY_SECONDS)
        else:
            base = data.copy()
            base.pop("tri", None)
            context.update(
                dash=dash,
                sort=sort,
                sort_query=base.urlencode(),
                charts=charts(dash),
                min_respondents=selectors.MIN_RESPONDENTS,
                hours=range(24),
            )
    status = 200 if valid else 400
    return allow_chart_tooltips(render(request, "reporting/dashboard.html", context, status=status))


def _choice_links(data, name: str, found) -> list[tuple[str, str]]:
    """For a text matching several trainings (or entities): each one's title (or name) and
    the dashboard's query string with it chosen (a plain link, for readers without
    JavaScript too)."""
    links = []
    for chosen in found:
        query = data.copy()
        query[name] = chosen.slug
        links.append((getattr(chosen, "title", None) or chosen.name, query.urlencode()))
    return links


@login_required
@require_GET
def training_suggestions(request: HttpRequest) -> HttpResponse:
    """The trainings whose title matches what is typed in the training filter, among those
    the reader may report on: the options of the field's suggestion list (htmx)."""
    return _suggestions(request, _scope(request), "training", trainings_matching)


@login_required
@require_GET
def entity_suggestions(request: HttpRequest) -> HttpResponse:
    """The entities whose name or acronym matches what is typed in the entity filter, among
    those of the reader's scope: the options of the field's suggestion list (htmx)."""
    scope = _scope(request)
    if not scope.shows_accounts:
        raise PermissionDenied
    return _suggestions(request, scope, "entity", entities_matching)


def _suggestions(request: HttpRequest, scope: ReportScope, field: str, matching) -> HttpResponse:
    """What ``matching`` finds in the reader's scope for the text typed in the filter
    ``field`` (from two characters), at most ``TRAINING_SUGGESTIONS`` of it, rendered by
    ``reporting/_<field>_suggestions.html`` (told whether there was more)."""
    text = (request.GET.get(field) or "").strip()
    found = (
        matching(request.user, scope, text, limit=TRAINING_SUGGESTIONS + 1)
        if len(text) >= 2
        else []
    )
    return render(
        request,
        f"reporting/_{field}_suggestions.html",
        {
            "suggestions": found[:TRAINING_SUGGESTIONS],
            "more": len(found) > TRAINING_SUGGESTIONS,
            "text": text,
        },
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def export(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    """One table of the dashboard, every row, as CSV or XLSX; recorded in the audit trail."""
    scope = _scope(request)
    table = EXPORTS.get(name)
    if table is None or (table == "entity" and not scope.shows_accounts):
        raise PermissionDenied
    form = ReportFilterForm(request.GET, user=request.user, scope=scope)
    if not form.is_valid():
        return redirect(f"{reverse('reporting:dashboard')}?{request.GET.urlencode()}")
    filters = form.filters()
    export_record(actor=request.user, table=f"{name}.{extension}", scope=scope, filters=filters)
    with reporting_reads():
        if table == "satisfaction":
            header = exports.satisfaction_header()
            lines = [
                exports.satisfaction_line(row)
                for row in selectors.satisfaction_by_training(
                    scope=scope, filters=filters, limit=None
                )
            ]
        else:
            header = exports.breakdown_header(table)
            lines = [
                exports.breakdown_line(table, row)
                for row in selectors.breakdown(scope=scope, filters=filters, by=table, limit=None)
            ]
    filename = f"pilotage-{name}-{timezone.localdate().isoformat()}.{extension}"
    if extension == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(title=name, header=header, lines=lines), content_type=XLSX
        )
    else:
        response = StreamingHttpResponse(
            csv_stream(header, lines), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def hr_export(request: HttpRequest) -> HttpResponse:
    """Queue the HR export of the filtered period and scope (national, or a space admin's
    agents): it can hold a million lines, so a worker writes it, never this request."""
    scope = _scope(request)
    hr.check_hr_scope(scope)
    form = ReportFilterForm(request.POST, user=request.user, scope=scope)
    if not form.is_valid():
        back = request.POST.copy()
        back.pop("csrfmiddlewaretoken", None)  # never in a URL
        return redirect(f"{reverse('reporting:dashboard')}?{back.urlencode()}")
    job = export_job_start(
        actor=request.user, scope=scope, filters=form.filters(), params=params_of(form)
    )
    return redirect("reporting:export_job", pk=job.pk)


def _own_job(request: HttpRequest, pk) -> ExportJob:
    """A job of the requester's, while they may still read figures; 404 for anyone else."""
    _scope(request)
    job = export_job_of(user=request.user, pk=pk, kind=HR_EXPORT)
    if job is None:
        raise Http404
    return job


@login_required
@require_GET
def export_job(request: HttpRequest, pk) -> HttpResponse:
    """The progress of an export, refreshed by htmx until the file is ready."""
    job = _own_job(request, pk)
    return export_job_page(
        request,
        job,
        template="reporting/export_job.html",
        context={
            "job_url": reverse("reporting:export_job", args=[job.pk]),
            "file_url": reverse("reporting:export_job_file", args=[job.pk]),
            "again": _("Relancez l’export depuis la page de pilotage."),
        },
    )


@login_required
@require_GET
def export_job_file(request: HttpRequest, pk) -> HttpResponse:
    """The file of a finished export, to its requester only."""
    job = _own_job(request, pk)
    name = f"formations-rh-{job.params.get('start', '')}-{job.params.get('end', '')}.csv"
    return export_job_file_response(job, filename=name)
