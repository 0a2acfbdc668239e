"""SCORM requests that must not go through the whole middleware chain: those for the
content origin, and commits carrying a signed token."""

from http import HTTPStatus

from django.urls import Resolver404, resolve
from django.utils import translation

from mentor.core.middleware import chosen_language
from mentor.scorm import views
from mentor.scorm.commit_tokens import HEADER
from mentor.scorm.content import CONTENT_URLCONF, is_content_request

_TOKEN_META = "HTTP_" + HEADER.upper().replace("-", "_")
_COMMIT_PREFIX = "/scorm/execution/"
_CSRF_META = "HTTP_X_CSRFTOKEN"


class ContentOriginMiddleware:
    """Route requests for ``settings.SCORM_CONTENT_ORIGIN`` to the content URLs (package
    files and the launcher): none of the app's pages answer there, so a package script
    cannot reach them as same-origin requests. Placed before the session and CSRF
    middleware, which then have nothing to do for those views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_content_request(request):
            request.urlconf = CONTENT_URLCONF
        return self.get_response(request)


class ScormCommitMiddleware:
    """Answer a SCORM commit that carries a signed token (``commit_tokens``) right here,
    after the security headers only: scorm-again commits every few seconds per learner,
    and the session, authentication, CSRF, messages, locale, visit and page middleware
    have nothing to add to it (the token authenticates it; access is checked in the
    database by the view). Any other request, a commit without a token included, goes on
    through the whole chain."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request.META.get(_TOKEN_META)
        if token is None or not request.path_info.startswith(_COMMIT_PREFIX):
            return self.get_response(request)
        request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would (DisallowedHost: 400)
        if is_content_request(request):
            return self.get_response(request)  # the content origin answers no commit
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.func is not views.runtime_commit:
            return self.get_response(request)
        # Before LanguageMiddleware: its rule (the chosen language's cookie), applied here.
        with translation.override(chosen_language(request)):
            response = views.runtime_commit_signed(
                request,
                token=token,
                enrolment_id=match.kwargs["enrolment_id"],
                activity_id=match.kwargs["activity_id"],
                sco_id=match.kwargs.get("sco_id"),
                attempt=match.kwargs.get("attempt"),
            )
        if response.status_code == HTTPStatus.FORBIDDEN and _CSRF_META in request.META:
            # A refused token on a commit that also carries the session's CSRF header (the
            # bridge's commit while the page closes: no second chance to send it again):
            # the whole chain decides on the session, as for a commit without a token.
            return self.get_response(request)
        return response
