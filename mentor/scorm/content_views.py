"""The views of the SCORM content origin: the launcher that hosts the SCORM API next to
the SCO, and the package files. No session here: access is the signed token in the path
(see ``mentor.scorm.content``). Every answer carries its own strict security headers."""

import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from mentor.core.files import stored_file_response
from mentor.scorm import content, selectors

logger = logging.getLogger(__name__)

#: Files of a package are private to the token's holder, cached by its browser at most
#: for the token's life.
FILE_MAX_AGE = 3600


def _refusal(request: HttpRequest, message: str, *, status: int) -> HttpResponse:
    """A plain French page, standalone (the content origin renders none of the app's
    pages), that can itself be framed by nobody."""
    html = loader.render_to_string(
        "scorm/content_refused.html",
        {"message": message, "site_url": settings.SITE_URL},
    )
    response = HttpResponse(html, status=status)
    response["Content-Security-Policy"] = (
        f"default-src 'none'; style-src {content.static_source()}; base-uri 'none'; "
        "form-action 'none'; frame-ancestors *"
    )
    response["Referrer-Policy"] = "no-referrer"
    add_never_cache_headers(response)
    return response


def _grant(request: HttpRequest, token: str) -> content.ContentGrant | HttpResponse:
    try:
        return content.grant_read(token)
    except content.TokenExpired:
        return _refusal(
            request,
            _(
                "Le lien vers ce module de formation a expiré : rechargez la page de la "
                "formation pour reprendre le module."
            ),
            status=403,
        )
    except content.TokenInvalid:
        return _refusal(
            request, _("Ce lien vers un module de formation n’est pas valide."), status=404
        )


def _isolation_headers(grant: content.ContentGrant) -> dict[str, str]:
    return {
        # Framed only by the launcher (same origin) inside the app page that asked for it.
        "Content-Security-Policy": f"frame-ancestors 'self' {grant.app_origin}",
        # The token is in the path: never send it to the sites the package links to.
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


@require_safe
@xframe_options_exempt  # frame-ancestors says who may frame it
def launcher(request: HttpRequest, token: str, sco_id: int | None = None) -> HttpResponse:
    """The page the player frames: it gives the SCO a SCORM API (``CrossFrameAPI``) that
    forwards each call by ``postMessage`` to the player page on the app origin, and loads
    the SCO in a frame of its own."""
    grant = _grant(request, token)
    if isinstance(grant, HttpResponse):
        return grant
    package = selectors.package_by_id(package_id=grant.package_id)
    if package is None:
        raise Http404
    launch_path = selectors.sco_launch_path(package=package, sco_id=sco_id)
    if launch_path is None:
        raise Http404
    response = HttpResponse(
        loader.render_to_string(
            "scorm/launcher.html",
            {
                "title": package.title,
                "version": package.version,
                "app_origin": grant.app_origin,
                "sco_url": content.launch_url(token=token, launch_path=launch_path),
            },
        )
    )
    static = content.static_source()
    response["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {static}; style-src {static}; frame-src 'self'; "
        f"frame-ancestors {grant.app_origin}; base-uri 'none'; form-action 'none'"
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


@require_safe
@xframe_options_exempt  # frame-ancestors says who may frame it
def package_file(request: HttpRequest, token: str, path: str) -> HttpResponse:
    """A file of the package the token grants, with byte ranges (videos seek)."""
    grant = _grant(request, token)
    if isinstance(grant, HttpResponse):
        return grant
    if request.headers.get("Service-Worker"):
        # A service worker would outlive the launch and watch the next ones: refused.
        return _refusal(request, _("Ce fichier ne peut pas être utilisé ainsi."), status=403)
    package = selectors.package_by_id(package_id=grant.package_id)
    if package is None:
        raise Http404
    name = selectors.package_file_name(package=package, path=path)
    if name is None:
        raise Http404
    return stored_file_response(
        request, name=name, headers=_isolation_headers(grant), max_age=FILE_MAX_AGE
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return _refusal(request, _("La requête n’est pas valide."), status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return _refusal(request, _("Accès refusé."), status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _refusal(
        request,
        _(
            "Cette adresse ne sert que le contenu des modules de formation. Mentor se trouve "
            "à l’adresse indiquée ci-dessous."
        ),
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _refusal(
        request, _("Une erreur est survenue : réessayez dans quelques instants."), status=500
    )
