"""Requests to the SCORM content origin's host name see only the content URLs."""

from mentor.scorm.content import CONTENT_URLCONF, is_content_request


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
