"""Content-Security-Policy (django-csp) for the app origin, and its report endpoint.

The policy itself is ``settings.CONTENT_SECURITY_POLICY``. This middleware adds the
sources read per request: the SCORM content origin to ``frame-src`` (the player frames the
launcher there), and the ProConnect provider's origin to ``form-action`` (the button posts
to Mentor, which redirects the browser to the provider; browsers check that redirect
against ``form-action``).
"""

import json
import logging
from http import HTTPStatus
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from mentor.core.ratelimit import allow

logger = logging.getLogger("mentor.csp")

#: The fields of a report worth keeping (no full URL query strings: they may hold tokens).
_REPORT_FIELDS = (
    "document-uri",
    "violated-directive",
    "effective-directive",
    "blocked-uri",
    "source-file",
    "line-number",
    "disposition",
)


def _proconnect_origin() -> str | None:
    apps = (settings.SOCIALACCOUNT_PROVIDERS.get("proconnect") or {}).get("APPS") or []
    for app in apps:
        url = (app.get("settings") or {}).get("server_url") or ""
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return None


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        # Read per request: both may change after start-up (tests, the ProConnect app).
        update["frame-src"] = [*update.get("frame-src", []), settings.SCORM_CONTENT_ORIGIN]
        if origin := _proconnect_origin():
            update["form-action"] = [*update.get("form-action", []), origin]
        parts.update = update
        return parts


def _strip_query(value):
    if isinstance(value, str) and "?" in value:
        return value.split("?", 1)[0]
    return value


@csrf_exempt  # browsers post reports without a token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's CSP violation report (``report-uri``), at most
    ``CSP_REPORTS_PER_MINUTE`` per client and minute; always 204 (429 beyond the limit)."""
    if not allow(request, scope="csp-report", per_minute=settings.CSP_REPORTS_PER_MINUTE):
        return HttpResponse(status=HTTPStatus.TOO_MANY_REQUESTS)
    try:
        body = json.loads(request.body[:16384] or b"{}")
    except (ValueError, UnicodeDecodeError):
        return HttpResponse(status=HTTPStatus.BAD_REQUEST)
    report = body.get("csp-report") if isinstance(body, dict) else None
    if not isinstance(report, dict):
        return HttpResponse(status=HTTPStatus.BAD_REQUEST)
    fields = {name: _strip_query(report.get(name)) for name in _REPORT_FIELDS}
    logger.warning("CSP violation: %s", json.dumps(fields, ensure_ascii=False))
    return HttpResponse(status=HTTPStatus.NO_CONTENT)
