"""Re-authentication before sensitive actions.

The personal-data export, the e-mail and password pages, enabling a second factor and the
whole administration require a sign-in younger than ``settings.REAUTHENTICATION_TIMEOUT``
seconds: a session left open on a shared computer, or stolen, cannot do them.

- A person with a password confirms it (allauth's re-authentication page, which also offers
  the second factor when enabled).
- A ProConnect agent without a password goes back through ProConnect with
  ``prompt=login`` and ``max_age=0`` (the provider must ask again, not reuse its session):
  this page offers the button; the sign-in that comes back stamps the session anew.

allauth's own check (``did_recently_reauthenticate``) deems a person without password
always "recently authenticated": that is the hole this module closes, for every sensitive
URL at once (by URL name, :data:`SENSITIVE_URL_NAMES`, and the ``admin`` namespace).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse

from mentor.accounts.proconnect.selectors import proconnect_enabled, proconnect_identity
from mentor.accounts.sessions import AUTHENTICATED_AT, has_session_cookie

SENSITIVE_URL_NAMES = frozenset(
    {
        "accounts:personal_data_download",
        "account_email",
        "account_change_password",
        "account_set_password",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
    }
)
#: The admin's own sign-in and sign-out pages must stay reachable.
_ADMIN_OPEN = frozenset({"admin:login", "admin:logout"})


def last_authenticated_at(request: HttpRequest) -> float:
    """When this session last proved who it is: the sign-in, or a later re-authentication
    (password or second factor, recorded by allauth)."""
    stamps = [request.session.get(AUTHENTICATED_AT) or 0]
    stamps += [
        record.get("at") or 0
        for record in get_authentication_records(request, request.user)
        if record.get("reauthenticated")
    ]
    return max(float(stamp) for stamp in stamps if isinstance(stamp, int | float))


def recently_authenticated(request: HttpRequest) -> bool:
    return time.time() - last_authenticated_at(request) < settings.REAUTHENTICATION_TIMEOUT


def is_sensitive(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if "admin" in match.namespaces:
        return match.view_name not in _ADMIN_OPEN
    return match.view_name in SENSITIVE_URL_NAMES


def reauthentication_response(request: HttpRequest) -> HttpResponse:
    next_url = request.get_full_path() if request.method == "GET" else reverse("accounts:profile")
    if request.user.has_usable_password():
        return redirect(f"{reverse('account_reauthenticate')}?{urlencode({'next': next_url})}")
    return render(
        request,
        "accounts/reauthenticate_proconnect.html",
        {
            "next_url": next_url,
            "proconnect": proconnect_enabled(request=request)
            and proconnect_identity(user=request.user) is not None,
        },
        status=403,
    )


class ReauthenticationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None) if has_session_cookie(request) else None
        if (
            user is not None
            and user.is_authenticated
            and is_sensitive(request)
            and not recently_authenticated(request)
        ):
            return reauthentication_response(request)
        return self.get_response(request)
