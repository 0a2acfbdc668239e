"""The OpenID Connect exchange with ProConnect, on top of allauth's OIDC adapter.

What allauth's generic OpenID Connect adapter does not do and ProConnect requires:
- the userinfo response is a **signed JWT** (``application/jwt``), verified here against the
  provider's published keys (JWKS) with its issuer and audience, never trusted as JSON;
- the id_token signature is always verified (allauth skips it when the token came straight
  from the token endpoint), and its ``nonce`` must match the one sent with this request;
- the ``acr`` asked through the ``claims`` parameter is checked in the id_token;
- the account key is (``idp_id``, ``sub``), and ``sub`` must agree between both tokens;
- the raw id_token is kept (in the login state, then the session) for the logout redirect.

Discovery and keys are cached (10 minutes, the keys refetched once on an unknown ``kid`` so
a key rotation at the provider does not lock anyone out).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import jwt
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# ProConnect signs with RS256 or ES256; anything else (HS256 with a public key, "none")
# is refused before the signature is even looked at.
SIGNING_ALGORITHMS = ["RS256", "ES256"]
DISCOVERY_TTL = 600
ESSENTIAL_CLAIMS = ("sub", "idp_id", "email")


class ProConnectError(ProviderException):
    """A refused ProConnect sign-in: ``code`` for the audit trail, ``message`` for the person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def _cache_key(kind: str, url: str) -> str:
    return f"proconnect:{kind}:{hashlib.sha256(url.encode()).hexdigest()[:32]}"


def _get_json(url: str) -> dict[str, Any]:
    with get_adapter().get_requests_session() as session:
        response = session.get(url)
        response.raise_for_status()
        return response.json()


class ProConnectOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    #: set by ProConnectCallbackView: the state stashed when the sign-in started (nonce…)
    state: dict[str, Any] | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            url = self.get_provider().server_url
            key = _cache_key("discovery", url)
            config = cache.get(key)
            if config is None:
                config = _get_json(url)
                cache.set(key, config, DISCOVERY_TTL)
            self._openid_config = config
        return self._openid_config

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        return build_absolute_uri(request, reverse("proconnect_callback"))

    # --- keys and JWTs ----------------------------------------------------------------
    def _jwks(self, *, refresh: bool = False) -> dict[str, Any]:
        url = self.openid_config["jwks_uri"]
        key = _cache_key("jwks", url)
        keys = None if refresh else cache.get(key)
        if keys is None:
            keys = _get_json(url)
            cache.set(key, keys, DISCOVERY_TTL)
        return keys

    def _signing_key(self, kid: str | None):
        for refresh in (False, True):
            for jwk in self._jwks(refresh=refresh).get("keys", []):
                if jwk.get("kid") == kid and jwk.get("use", "sig") == "sig":
                    return jwt.PyJWK(jwk).key
        raise ProConnectError("unknown_key", _("La signature de ProConnect est inconnue."))

    def decode_jwt(self, token: str, *, what: str, require: list[str]) -> dict[str, Any]:
        """Verify a JWT from the provider (signature, issuer, audience, expiry) and decode it."""
        refused = ProConnectError(
            f"invalid_{what}",
            _("La réponse de ProConnect n'est pas signée correctement : connexion refusée."),
        )
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise refused from exc
        if header.get("alg") not in SIGNING_ALGORITHMS:
            raise refused
        key = self._signing_key(header.get("kid"))
        try:
            return jwt.decode(
                token,
                key=key,
                algorithms=SIGNING_ALGORITHMS,
                issuer=self.openid_config["issuer"],
                audience=self.get_provider().app.client_id,
                options={"require": require},
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            logger.warning("ProConnect %s refused: %s", what, exc)
            raise refused from exc

    # --- the exchange -----------------------------------------------------------------
    def fetch_userinfo(self, access_token: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/jwt"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers)
            response.raise_for_status()
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type != "application/jwt":
            raise ProConnectError(
                "userinfo_not_jwt",
                _("La réponse de ProConnect n'est pas signée correctement : connexion refusée."),
            )
        return self.decode_jwt(response.text.strip(), what="userinfo", require=["sub"])

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs):
        state = self.state or {}
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise ProConnectError("missing_id_token", _("ProConnect n'a pas transmis d'identité."))
        id_claims = self.decode_jwt(
            id_token, what="id_token", require=["iss", "aud", "exp", "iat", "sub", "nonce"]
        )
        if not constant_time_compare(str(id_claims.get("nonce", "")), state.get("nonce") or "-"):
            raise ProConnectError(
                "nonce_mismatch",
                _(
                    "La réponse de ProConnect ne correspond pas à votre demande : connexion refusée."
                ),
            )
        provider = self.get_provider()
        if provider.acr_values and id_claims.get("acr") not in provider.acr_values:
            raise ProConnectError(
                "acr_refused",
                _(
                    "Le niveau d'authentification transmis par ProConnect est insuffisant "
                    "pour Mentor : connexion refusée."
                ),
            )
        userinfo = self.fetch_userinfo(token.token)
        if userinfo.get("sub") != id_claims.get("sub"):
            raise ProConnectError(
                "sub_mismatch",
                _(
                    "La réponse de ProConnect ne correspond pas à votre demande : connexion refusée."
                ),
            )
        missing = [claim for claim in ESSENTIAL_CLAIMS if not userinfo.get(claim)]
        if missing:
            raise ProConnectError(
                "missing_claims",
                _(
                    "ProConnect n'a pas transmis toutes les informations nécessaires "
                    "(adresse électronique, fournisseur d'identité) : connexion refusée."
                ),
            )
        # Kept for the logout redirect (id_token_hint); the state travels with the login.
        state["id_token"] = id_token
        return provider.sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": id_claims}
        )


class ProConnectCallbackView(OAuth2CallbackView):
    """allauth's callback, handing the stashed state (with our nonce) to the adapter."""

    def _get_state(self, request: HttpRequest, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response
