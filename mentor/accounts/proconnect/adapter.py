"""allauth's social-account hooks for ProConnect (``SOCIALACCOUNT_ADAPTER``)."""

from __future__ import annotations

import logging
import secrets

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.accounts.proconnect import services
from mentor.accounts.proconnect.oidc import ProConnectError

logger = logging.getLogger(__name__)

PENDING_LINK_SESSION_KEY = "proconnect_pending_link"


def refusal_page(request: HttpRequest, message: str, *, status: int = 400):
    return render(
        request, "socialaccount/authentication_error.html", {"message": message}, status=status
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def generate_state_param(self, state: dict) -> str:
        # ProConnect asks for at least 32 characters: 32 random bytes, 43 characters.
        return secrets.token_urlsafe(32)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Before allauth signs in or signs up: follow an e-mail change made at the
        provider, and never attach an identity to an existing local account by e-mail
        alone — the person proves that account's password once (see the README)."""
        # The verified userinfo (after lookup, sociallogin.user is the stored account).
        email = (sociallogin.account.extra_data["userinfo"].get("email") or "").strip().lower()
        if sociallogin.is_existing:
            try:
                services.proconnect_email_sync(user=sociallogin.user, email=email)
            except ValidationError as exc:
                services.proconnect_signin_refused(code="email_taken", detail=email)
                raise ImmediateHttpResponse(refusal_page(request, exc.messages[0])) from exc
            return
        if not User.objects.filter(email__iexact=email).exists():
            return  # allauth creates the account (no usable password) and attaches it
        request.session[PENDING_LINK_SESSION_KEY] = sociallogin.serialize()
        messages.info(
            request,
            _(
                "Un compte Mentor existe déjà avec l'adresse %(email)s. Connectez-vous une "
                "fois avec son mot de passe pour y lier votre identité ProConnect."
            )
            % {"email": email},
        )
        raise ImmediateHttpResponse(redirect("proconnect_link"))

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        if isinstance(exception, ProConnectError):
            code, message = exception.code, exception.message
        elif exception is not None:
            code = "provider_error"
            message = _(
                "ProConnect n'a pas confirmé votre identité (code expiré ou réponse invalide). "
                "Veuillez réessayer."
            )
        elif error == AuthError.CANCELLED:
            code, message = "cancelled", _("Vous avez annulé la connexion avec ProConnect.")
        elif error == AuthError.UNKNOWN and extra_context and "state_id" in extra_context:
            code = "bad_state"
            message = _(
                "Cette demande de connexion ProConnect a expiré ou a déjà été utilisée. "
                "Veuillez recommencer depuis la page de connexion."
            )
        else:
            code = "provider_error"
            message = _("ProConnect a refusé la connexion. Veuillez réessayer.")
        logger.warning("ProConnect sign-in refused: %s (%s)", code, exception)
        services.proconnect_signin_refused(code=code, detail=str(exception or ""))
        raise ImmediateHttpResponse(refusal_page(request, message))
