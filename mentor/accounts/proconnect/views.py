"""ProConnect's URLs: sign-in, callback, link to an existing account, logout return."""

from __future__ import annotations

import logging

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.views import OAuth2LoginView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentor.accounts.proconnect import services
from mentor.accounts.proconnect.adapter import PENDING_LINK_SESSION_KEY, refusal_page
from mentor.accounts.proconnect.logout import LOGOUT_STATE_SESSION_KEY
from mentor.accounts.proconnect.oidc import ProConnectCallbackView, ProConnectOAuth2Adapter
from mentor.accounts.proconnect.provider import PROVIDER_ID
from mentor.accounts.proconnect.selectors import proconnect_enabled

logger = logging.getLogger(__name__)


def _require_enabled(request: HttpRequest) -> None:
    if not proconnect_enabled(request=request):
        raise Http404


def _unavailable(request: HttpRequest) -> HttpResponse:
    logger.warning("ProConnect unreachable", exc_info=True)
    return refusal_page(
        request,
        _(
            "ProConnect est momentanément indisponible. Réessayez dans quelques minutes ou "
            "connectez-vous avec votre compte Mentor."
        ),
        status=503,
    )


@login_not_required
@require_POST
def login(request: HttpRequest) -> HttpResponse:
    """The button posts here: redirect to ProConnect (state, nonce, acr)."""
    _require_enabled(request)
    try:
        view = OAuth2LoginView.adapter_view(ProConnectOAuth2Adapter(request, PROVIDER_ID))
        return view(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc
    except (requests.RequestException, ValueError):
        return _unavailable(request)


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    _require_enabled(request)
    view = ProConnectCallbackView.adapter_view(ProConnectOAuth2Adapter(request, PROVIDER_ID))
    try:
        return view(request)
    except (requests.RequestException, ValueError):
        return _unavailable(request)


@login_required
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest) -> HttpResponse:
    """Link the identity ProConnect just asserted to the account the person signed in to
    with its password (the pending identity waits in the session)."""
    _require_enabled(request)
    data = request.session.get(PENDING_LINK_SESSION_KEY)
    try:
        pending = SocialLogin.deserialize(data) if data else None
    except (ValueError, KeyError, TypeError):
        pending = None
    if pending is None:
        messages.error(request, _("Aucune identité ProConnect n'attend d'être liée."))
        return redirect("accounts:profile")
    email = (pending.user.email or "").lower()
    if email != request.user.email.lower():
        request.session.pop(PENDING_LINK_SESSION_KEY, None)
        return refusal_page(
            request,
            _(
                "L'identité ProConnect (%(email)s) ne correspond pas au compte avec lequel "
                "vous êtes connecté : elle n'a pas été liée."
            )
            % {"email": email},
        )
    if request.method == "POST":
        try:
            services.proconnect_link(
                user=request.user, uid=pending.account.uid, extra_data=pending.account.extra_data
            )
        except ValidationError as exc:
            request.session.pop(PENDING_LINK_SESSION_KEY, None)
            return refusal_page(request, exc.messages[0])
        request.session.pop(PENDING_LINK_SESSION_KEY, None)
        messages.success(
            request,
            _("Votre identité ProConnect est liée : vous pourrez vous connecter avec elle."),
        )
        return redirect("accounts:profile")
    return render(request, "proconnect/link.html", {"email": email})


@login_required
@require_POST
def unlink(request: HttpRequest) -> HttpResponse:
    _require_enabled(request)
    try:
        services.proconnect_unlink(user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Votre identité ProConnect n'est plus liée à ce compte."))
    return redirect("accounts:profile")


@login_not_required
@require_GET
def logout_return(request: HttpRequest) -> HttpResponse:
    """ProConnect sends the browser back here after its own logout, with our ``state``."""
    _require_enabled(request)
    expected = request.session.pop(LOGOUT_STATE_SESSION_KEY, None)
    received = request.GET.get("state", "")
    if not expected or not constant_time_compare(expected, received):
        return refusal_page(
            request,
            _(
                "Le retour de ProConnect après la déconnexion n'a pas pu être vérifié. Vous "
                "êtes déconnecté de Mentor ; fermez votre navigateur pour clore aussi la "
                "session ProConnect."
            ),
        )
    messages.success(request, _("Vous êtes déconnecté de Mentor et de ProConnect."))
    return redirect(settings.ACCOUNT_LOGOUT_REDIRECT_URL)
