"""The "Pilotage" dashboard and its CSV exports."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from mentor.core.db import reporting_reads
from mentor.core.permissions import can
from mentor.reporting import exports, selectors
from mentor.reporting.charts import charts
from mentor.reporting.forms import ReportFilterForm
from mentor.reporting.permissions import ReportScope, reporting_scope
from mentor.reporting.services import export_record

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
    scope = reporting_scope(request.user)
    if scope is None:
        if can(request.user, "learning.tutor_any"):
            return redirect("learning:tutor_sessions")  # a tutor's figures are there
        raise PermissionDenied
    form = ReportFilterForm(request.GET, user=request.user, scope=scope)
    context = {"form": form, "scope": scope, "rules": selectors.RULES, "exports": EXPORTS}
    if form.is_valid():
        dash = selectors.dashboard(scope=scope, filters=form.filters())
        context.update(
            dash=dash,
            charts=charts(dash),
            query=request.GET.urlencode(),
            min_respondents=selectors.MIN_RESPONDENTS,
            hours=range(24),
        )
    status = 200 if form.is_valid() else 400
    return render(request, "reporting/dashboard.html", context, status=status)


@login_required
@require_GET
def export_csv(request: HttpRequest, name: str) -> HttpResponse:
    scope = _scope(request)
    table = EXPORTS.get(name)
    if table is None or (table == "entity" and not scope.shows_accounts):
        raise PermissionDenied
    form = ReportFilterForm(request.GET, user=request.user, scope=scope)
    if not form.is_valid():
        return redirect(f"{reverse('reporting:dashboard')}?{request.GET.urlencode()}")
    filters = form.filters()
    export_record(actor=request.user, table=name, scope=scope, filters=filters)
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
    response = StreamingHttpResponse(
        exports.csv_stream(header, lines), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pilotage-{name}-{stamp}.csv"'
    return response
