"""Content-Security-Policy (django-csp) for the app origin, and its report endpoint.

The policy itself is ``settings.CONTENT_SECURITY_POLICY``. This middleware adds the
sources read per request: the SCORM content origin to ``frame-src`` (the player frames the
launcher there), and the ProConnect provider's origin to ``form-action`` (the button posts
to Mentor, which redirects the browser to the provider; browsers check that redirect
against ``form-action``).

The header is the same text for every response that asks the same of the policy, save
the nonce: it is built once per such request (django-csp's ``build_policy`` walks every
directive, about 800 Python calls) and kept with a marker where the nonce goes.
"""

import json
import logging
import secrets
from dataclasses import asdict
from http import HTTPStatus
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


#: Stands for the nonce in a kept header: 24 random hex digits drawn at start-up, a text
#: no policy source holds (a nonce is base64 of 16 random bytes: 24 characters).
_NONCE_MARK = secrets.token_hex(12)
#: Built headers by what they were built from; a handful of shapes in practice.
_policies: dict[tuple, str] = {}
_POLICIES_KEPT = 256


@receiver(setting_changed)
def _forget_policies(*, setting: str, **kwargs) -> None:
    # The origins added per request are in the key (``update``); the policy itself is not.
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


def _policy(parts: PolicyParts, report_only: bool) -> str:
    """``build_policy(**parts)``, built once per shape of request and kept."""
    nonce = parts.nonce
    key = (
        report_only,
        nonce is not None,
        repr(parts.config),
        repr(parts.update),
        repr(parts.replace),
    )
    kept = _policies.get(key)
    if kept is None:
        if len(_policies) >= _POLICIES_KEPT:
            _policies.clear()
        fields = asdict(parts) | {"nonce": _NONCE_MARK if nonce is not None else None}
        kept = _policies[key] = build_policy(**fields, report_only=report_only)
    return kept.replace(_NONCE_MARK, nonce) if nonce is not None else kept


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        """django-csp's own, with the header text kept between responses (``_policy``)."""
        if settings.DEBUG and response.status_code in (500, 404):
            return response  # Django's debug pages: as django-csp
        for header, report_only, exempt, setting in (
            (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            policy = getattr(settings, setting, None) or {}
            if (
                not policy
                and getattr(response, "_csp_config_ro" if report_only else "_csp_config", None)
                is None
            ):
                continue  # no policy of this kind: build_policy would give ""
            if header in response or getattr(response, exempt, False):
                continue
            if request.path_info.startswith(tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())):
                continue
            parts = self.get_policy_parts(
                request=request, response=response, report_only=report_only
            )
            if text := _policy(parts, report_only):
                response[header] = text
        # As django-csp: a nonce asked for once the header is written would not be in it.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response

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
