"""System checks of the SCORM content origin: a misconfiguration there would silently give
package scripts the learner's session again."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register

from mentor.scorm.content import content_host


@register()
def content_origin_check(app_configs, **kwargs):
    origin = settings.SCORM_CONTENT_ORIGIN
    split = urlsplit(origin)
    if split.scheme not in ("http", "https") or not split.hostname or split.path not in ("", "/"):
        return [
            Error(
                f"SCORM_CONTENT_ORIGIN must be an origin such as https://scorm.example.gouv.fr "
                f"(got {origin!r}).",
                id="scorm.E001",
            )
        ]
    errors = []
    site = urlsplit(settings.SITE_URL)
    if site.netloc.lower() == split.netloc.lower():
        errors.append(
            Error(
                "SCORM_CONTENT_ORIGIN is the application's own origin (SITE_URL): package "
                "scripts would run in the learners' session.",
                hint="Give SCORM content a host name of its own, e.g. scorm.<your domain>.",
                id="scorm.E002",
            )
        )
    host = content_host().split(":")[0]
    for name in ("SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN"):
        domain = (getattr(settings, name, None) or "").lstrip(".").lower()
        if domain and (host == domain or host.endswith(f".{domain}")):
            errors.append(
                Error(
                    f"{name} ({domain}) covers the SCORM content host: package scripts would "
                    "receive the application's cookies.",
                    hint="Leave it unset (cookies for the application's host only).",
                    id="scorm.E003",
                )
            )
    if origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", []):
        errors.append(
            Error("SCORM_CONTENT_ORIGIN must not be in CSRF_TRUSTED_ORIGINS.", id="scorm.E004")
        )
    return errors


@register(deploy=True)
def content_origin_deploy_check(app_configs, **kwargs):
    if urlsplit(settings.SCORM_CONTENT_ORIGIN).scheme != "https":
        return [
            Warning(
                "SCORM_CONTENT_ORIGIN should be served over HTTPS in production.",
                id="scorm.W001",
            )
        ]
    return []
