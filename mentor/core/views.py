from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView


class LegalNoticeView(TemplateView):
    template_name = "core/legal_notice.html"


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


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
