from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.generic import TemplateView

from mentor.core.accessibility import axe_results
from mentor.core.files import stored_file_response


class LegalNoticeView(TemplateView):
    template_name = "core/legal_notice.html"


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "axe": axe_results()}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for load balancers and the benchmark harness."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that link no icon (the admin, files): the
    DSFR's Marianne icon, the one base.html links."""
    return redirect(static("dsfr/dist/favicon/favicon.ico"), permanent=True)


def _error(template: str, status: int):
    def view(request: HttpRequest, exception=None) -> HttpResponse:
        return render(request, template, status=status)

    return view


bad_request = _error("400.html", 400)
permission_denied = _error("403.html", 403)
page_not_found = _error("404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors or database here: the failure may be the database itself.
    return HttpResponse(loader.get_template("500.html").render({"request": None}), status=500)


#: Folders of the default storage whose files anyone may fetch at MEDIA_URL: the trainings'
#: illustrations (public on the catalogue). Everything else (activity documents and videos,
#: SCORM packages, attestations) is served only by its own permission-checked view.
PUBLIC_MEDIA_PREFIXES = ("trainings/",)


@require_safe
def public_media(request: HttpRequest, name: str) -> HttpResponse:
    """``MEDIA_URL`` in every mode (DEBUG or not): the public folders only, 404 for the
    rest, so a private file is never reachable by its storage name."""
    if not name.startswith(PUBLIC_MEDIA_PREFIXES) or ".." in name.split("/"):
        raise Http404
    return stored_file_response(request, name=name, max_age=24 * 3600)
