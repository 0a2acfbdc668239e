"""The statistics endpoints of the public API (``/api/v1/stats/…``): a django-ninja router
mounted on the API by the project's URLconf with the API's authentication, so that nothing
imports reporting (it reads everything and is read by nobody)."""

from datetime import date

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from ninja import Router, Schema
from ninja.errors import HttpError

from mentor.core.api import _IN_SCOPE, _ONE_ITEM, _SIGNED_IN, ErrorOut
from mentor.reporting import hr
from mentor.reporting import selectors as reporting
from mentor.reporting.forms import MAX_DAYS, default_period
from mentor.reporting.permissions import NATIONAL, scope_for_key
from mentor.reporting.services import export_record

router = Router()


class SatisfactionOut(Schema):
    respondents: int
    satisfied_rate: float | None
    adapted_rate: float | None
    reuse_rate: float | None


class OverviewOut(Schema):
    scope: str
    start: date
    end: date
    accounts: int | None
    agents: int | None
    other_users: int | None
    accounts_enrolled: int | None
    accounts_never_enrolled: int | None
    enrolments: int
    completions: int
    completion_rate: float | None
    hours: float
    hours_per_agent: float | None
    satisfaction: SatisfactionOut


def _period(start: date | None, end: date | None) -> tuple[date, date]:
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if end < start:
        raise HttpError(422, "La date de fin doit suivre la date de début.")
    if (end - start).days > MAX_DAYS:
        raise HttpError(422, "La période ne peut pas dépasser cinq ans.")
    return start, end


#: The headers saying how fresh the figures of a 200 are (``stats_overview``).
AS_OF, STALE = "X-Figures-As-Of", "X-Figures-Stale"
_FRESHNESS_HEADERS = {
    AS_OF: {
        "description": "Jusqu’où vont les chiffres : l’heure (ISO 8601) de la dernière mise "
        "à jour des agrégats quotidiens qu’ils incluent (les jours passés), ou celle du "
        "calcul quand tout a été lu en direct.",
        "schema": {"type": "string", "format": "date-time"},
    },
    STALE: {
        "description": "« true » : ces chiffres sont les derniers calculés, servis pendant "
        "qu’un nouveau calcul (les agrégats ont été mis à jour depuis) est en cours ; "
        "redemandez plus tard pour les nouveaux. « false » sinon.",
        "schema": {"type": "string", "enum": ["true", "false"]},
    },
    "Last-Modified": {
        "description": "L’heure du calcul de ces chiffres (date HTTP).",
        "schema": {"type": "string"},
    },
}


@router.get(
    "/stats/overview",
    response={200: OverviewOut, 202: ErrorOut, **_ONE_ITEM, **_SIGNED_IN, **_IN_SCOPE},
    tags=["pilotage"],
    openapi_extra={"responses": {200: {"description": "OK", "headers": _FRESHNESS_HEADERS}}},
)
def stats_overview(
    request: HttpRequest,
    response: HttpResponse,
    scope: str = NATIONAL,
    start: date | None = None,
    end: date | None = None,
):
    """The headline figures of the dashboard for a scope (``national`` or an entity's slug,
    with its sub-entities) and a period (default: the last 12 months, Paris days). Same
    rules as the pages: outside the caller's reporting scope, 403. Account figures are null
    for a designer's scope (trainings only); satisfaction shares are null below 5
    respondents.

    Figures are computed by a worker once, then kept until the daily rollups move on
    (every 15 minutes); meanwhile the last figures are answered. A scope and period never
    asked before answers **202 Accepted** with a ``Retry-After`` header (seconds) and a
    French ``detail``: their computation is queued; ask again after that delay.

    Every 200 says how fresh its figures are: ``X-Figures-As-Of`` (the rollups' update
    they include, or their computation time when all was read live), ``Last-Modified``
    (their computation time) and ``X-Figures-Stale: true`` when they are the last ones,
    served while newer ones are computed."""
    report_scope, entity = scope_for_key(request.user, scope)
    start, end = _period(start, end)
    try:
        figures = reporting.overview(
            scope=report_scope, filters=reporting.Filters(start=start, end=end, entity=entity)
        )
    except reporting.Pending:
        return JsonResponse(
            {
                "detail": "Calcul en cours : ces chiffres n’ont encore jamais été calculés "
                "pour ce périmètre et cette période. Réessayez dans quelques secondes."
            },
            status=202,
            headers={"Retry-After": str(reporting.RETRY_SECONDS)},
        )
    as_of = figures.rollup_watermark or figures.generated_at
    response[AS_OF] = as_of.isoformat()
    response[STALE] = "true" if figures.stale else "false"
    response["Last-Modified"] = http_date(figures.generated_at.timestamp())
    # Never kept by a browser or a proxy on its Last-Modified alone: ask again, get the news.
    patch_cache_control(response, private=True, no_cache=True)
    a, learning, s = figures.accounts, figures.learning, figures.satisfaction
    return {
        "scope": scope,
        "start": start,
        "end": end,
        "accounts": a.created if a else None,
        "agents": a.agents if a else None,
        "other_users": a.other_users if a else None,
        "accounts_enrolled": a.enrolled if a else None,
        "accounts_never_enrolled": a.never_enrolled if a else None,
        "enrolments": learning.enrolments,
        "completions": learning.completions,
        "completion_rate": learning.completion_rate,
        "hours": learning.hours,
        "hours_per_agent": learning.hours_per_learner,
        "satisfaction": {
            "respondents": s.respondents,
            "satisfied_rate": s.satisfied_rate,
            "adapted_rate": s.adapted_rate,
            "reuse_rate": s.reuse_rate,
        },
    }


@router.get(
    "/stats/hr-export",
    tags=["pilotage"],
    response={200: str, **_ONE_ITEM, **_SIGNED_IN, **_IN_SCOPE},
    openapi_extra={
        "responses": {200: {"description": "CSV", "content": {"text/csv": {"schema": {}}}}}
    },
)
def stats_hr_export(
    request: HttpRequest,
    scope: str = NATIONAL,
    start: date | None = None,
    end: date | None = None,
):
    """The HR export (one line per training completed by an agent of the scope during the
    period), as the page's CSV: ``;`` separated, UTF-8 with a BOM, streamed. Audited."""
    report_scope, entity = scope_for_key(request.user, scope)
    hr.check_hr_scope(report_scope)
    start, end = _period(start, end)
    filters = reporting.Filters(start=start, end=end, entity=entity)
    export_record(actor=request.user, table="rh.csv (api)", scope=report_scope, filters=filters)
    return hr.hr_csv_response(scope=report_scope, filters=filters)
