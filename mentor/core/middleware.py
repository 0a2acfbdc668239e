from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """French for everyone unless they chose another language (cookie set by set_language).

    The browser's Accept-Language is ignored on purpose: agents' browsers are often set to
    English while the service and its users are French.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
