from contextvars import ContextVar
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

from mentor.core.errors import Refusal


def chosen_language(request) -> str:
    """French for everyone unless they chose another language (cookie set by set_language).

    The browser's Accept-Language is ignored on purpose: agents' browsers are often set to
    English while the service and its users are French.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Every request in the language the person chose (``chosen_language``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RefusalMiddleware:
    """A domain refusal (``mentor.core.errors.Refusal``) that a view lets escape is shown
    here, once for every view: its French message as is, and nothing changed (the service
    refused before writing or rolled back).

    - API and JSON callers get ``{"detail": message}`` with 400;
    - a form posted from a page of the site goes back to it (``next``, else the referring
      page) with the message on top;
    - anything else gets a French "Action impossible" page (400).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refusal):
            return None
        message = exception.message
        accept = request.headers.get("Accept", "")
        if request.path.startswith("/api/") or accept.startswith("application/json"):
            return JsonResponse({"detail": message}, status=HTTPStatus.BAD_REQUEST)
        if request.method == "POST" and not request.headers.get("HX-Request"):
            target = request.POST.get("next") or request.headers.get("Referer", "")
            if url_has_allowed_host_and_scheme(
                target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                messages.error(request, message)
                return redirect(target)
        return render(
            request, "core/refusal.html", {"message": message}, status=HTTPStatus.BAD_REQUEST
        )


_request_origin: ContextVar[str | None] = ContextVar("mentor_request_origin", default=None)


def site_url() -> str:
    """The site's public address for links in pages and e-mails: ``SITE_URL``, or in
    development (``DEBUG``) the address of the request being served, so that
    ``make run PORT=8101`` links to port 8101. Production always keeps ``SITE_URL``."""
    return (_request_origin.get() if settings.DEBUG else None) or settings.SITE_URL


class DevelopmentMiddleware:
    """In development only (``DEBUG``): the request's origin for ``site_url``, and Mentor's
    French 404 page instead of Django's English technical one (still shown with
    ``?debug-404``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG:
            return self.get_response(request)
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            response = self.get_response(request)
        finally:
            _request_origin.reset(token)
        if (
            response.status_code == HTTPStatus.NOT_FOUND
            and b"DEBUG = True" in getattr(response, "content", b"")
            and "debug-404" not in request.GET
        ):
            return render(request, "404.html", status=HTTPStatus.NOT_FOUND)
        return response
