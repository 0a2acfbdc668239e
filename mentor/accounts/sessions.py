"""Session lifetime: an idle timeout and an absolute lifetime, and "sign out everywhere".

A sign-in (any: password, ProConnect, an administrator's tool) stamps the session with its
time (``AUTHENTICATED_AT``); each request refreshes ``SEEN_AT`` (at most once a minute, so a
page full of requests costs one session write). :class:`SessionLifetimeMiddleware` signs
the person out, with a French message on the sign-in page, when

- no request came for ``settings.SESSION_IDLE_TIMEOUT`` seconds, or
- the sign-in is older than ``settings.SESSION_ABSOLUTE_LIFETIME`` seconds, whatever the
  activity (the session cookie itself expires then: ``SESSION_COOKIE_AGE``).

Both checks run on the server: a stolen cookie replayed later is refused just the same.
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

AUTHENTICATED_AT = "mentor_authenticated_at"
SEEN_AT = "mentor_seen_at"
#: SEEN_AT is rewritten when older than this (seconds): bounds session writes.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="mentor.accounts.sessions.stamp")
def stamp_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[AUTHENTICATED_AT] = now
    request.session[SEEN_AT] = now


def has_session_cookie(request: HttpRequest) -> bool:
    """Whether this request may carry a signed-in session worth checking: it has the
    cookie, and it is for the app's own URLs (a request routed elsewhere, such as the SCORM
    content origin, must not even load the session: its answers would vary on Cookie)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and not getattr(request, "urlconf", None)


def session_expiry(request: HttpRequest, now: float) -> str | None:
    """Why this signed-in session is over (a French message), or None."""
    session = request.session
    authenticated_at = session.get(AUTHENTICATED_AT)
    seen_at = session.get(SEEN_AT)
    if not isinstance(authenticated_at, int | float) or not isinstance(seen_at, int | float):
        # A session opened before this code: its clock starts now.
        session[AUTHENTICATED_AT] = session[SEEN_AT] = now
        return None
    if now - authenticated_at > settings.SESSION_ABSOLUTE_LIFETIME:
        return _("Votre session a atteint sa durée maximale : reconnectez-vous pour continuer.")
    if now - seen_at > settings.SESSION_IDLE_TIMEOUT:
        return _(
            "Vous avez été déconnecté après une période d’inactivité : reconnectez-vous "
            "pour continuer."
        )
    if now - seen_at > SEEN_RESOLUTION:
        session[SEEN_AT] = now
    return None


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No session cookie, nobody signed in: the session is not even loaded (requests to
        # the SCORM content origin, API calls without a session, static files).
        user = getattr(request, "user", None) if has_session_cookie(request) else None
        if user is not None and user.is_authenticated:
            reason = session_expiry(request, time.time())
            if reason is not None:
                logout(request)
                if request.path.startswith("/api/") or request.headers.get("Accept", "").startswith(
                    "application/json"
                ):
                    return JsonResponse({"detail": reason}, status=401)
                messages.info(request, reason)
                login = reverse(settings.LOGIN_URL)
                if request.method == "GET":
                    login += "?" + urlencode({"next": request.get_full_path()})
                return redirect(login)
        return self.get_response(request)
