"""ProConnect as an allauth provider: a subclass of allauth's OpenID Connect provider.

Configured by environment (``PROCONNECT_*``, see ``mentor/settings.py``); when it is not
configured allauth lists no ProConnect app, the button is not shown and the URLs answer 404.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.base.constants import AuthAction
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from mentor.accounts.proconnect.oidc import ProConnectOAuth2Adapter

PROVIDER_ID = "proconnect"
DEFAULT_SCOPES = ["openid", "given_name", "usual_name", "email", "uid", "siret", "idp_id"]


def _claims(data: dict[str, Any]) -> dict[str, Any]:
    """The identity claims: the verified userinfo JWT (the id_token carries only sub/acr)."""
    return data.get("userinfo") or {}


def account_uid(claims: dict[str, Any]) -> str:
    """ProConnect's ``sub`` is unique per identity provider: the key is (idp_id, sub)."""
    return f"{claims['idp_id']}:{claims['sub']}"


class ProConnectAccount(ProviderAccount):
    def get_user_data(self) -> dict[str, Any] | None:
        return _claims(self.account.extra_data)

    def to_str(self) -> str:
        return _claims(self.account.extra_data).get("email") or super().to_str()


class ProConnectProvider(OpenIDConnectProvider):
    id = PROVIDER_ID
    name = "ProConnect"
    account_class = ProConnectAccount
    oauth2_adapter_class = ProConnectOAuth2Adapter
    supports_token_authentication = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.name = "ProConnect"

    @property
    def acr_values(self) -> list[str]:
        return list(self.app.settings.get("acr_values") or [])

    def get_login_url(self, request: HttpRequest, **kwargs) -> str:
        url = reverse("proconnect_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("proconnect_callback")

    def get_oauth2_adapter(self, request: HttpRequest) -> ProConnectOAuth2Adapter:
        return ProConnectOAuth2Adapter(request, PROVIDER_ID)

    def get_default_scope(self) -> list[str]:
        return list(DEFAULT_SCOPES)

    # The request may not widen what is asked: scope and parameters come from settings only.
    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def get_auth_params_from_request(self, request: HttpRequest, action) -> dict[str, str]:
        params = self.get_auth_params()
        if action == AuthAction.REAUTHENTICATE:
            # Re-authentication before a sensitive action (mentor.accounts.reauth): the
            # agent must prove their identity again at ProConnect, not reuse its session.
            params.update({"prompt": "login", "max_age": "0"})
        return params

    def redirect(self, request: HttpRequest, process, next_url=None, data=None, **kwargs):
        """Send the browser to ProConnect with a fresh nonce and the acr asked through
        ``claims``; the nonce is stashed with the (43-character, single-use) state."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        auth_params["nonce"] = nonce
        if self.acr_values:
            auth_params["claims"] = json.dumps(
                {"id_token": {"acr": {"essential": True, "values": self.acr_values}}},
                separators=(",", ":"),
            )
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_uid(self, data: dict[str, Any]) -> str:
        return account_uid(_claims(data))

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        claims = _claims(data)
        return {
            "email": (claims.get("email") or "").strip().lower(),
            "first_name": (claims.get("given_name") or "")[:150],
            "last_name": (claims.get("usual_name") or "")[:150],
        }

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        # ProConnect asserts the address: the ministry's identity provider (or ProConnect
        # Identité, which proves it by a code) authenticated the person for it.
        email = (_claims(data).get("email") or "").strip().lower()
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


provider_classes = [ProConnectProvider]
