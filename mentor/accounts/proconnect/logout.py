"""Logout through ProConnect: a browser redirect to its end-session endpoint.

At sign-in the id_token is kept in the session; at logout Mentor ends its own session, then
sends the browser to ProConnect with ``id_token_hint``, a fresh ``state`` (kept in the new,
anonymous session) and ``post_logout_redirect_uri``; the return view checks the state.
"""

from __future__ import annotations

import logging
import secrets

import requests
from allauth.socialaccount.models import SocialApp
from allauth.utils import build_absolute_uri
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from mentor.accounts.proconnect.oidc import ProConnectOAuth2Adapter
from mentor.accounts.proconnect.provider import PROVIDER_ID

logger = logging.getLogger(__name__)

ID_TOKEN_SESSION_KEY = "proconnect_id_token"  # noqa: S105  (a session key name)
LOGOUT_STATE_SESSION_KEY = "proconnect_logout_state"


def end_session_url(request: HttpRequest) -> tuple[str, str] | None:
    """(URL, state) of ProConnect's logout for this session, or None if not signed in with it.

    Call before the session is flushed; store the state in the new session afterwards.
    """
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token:
        return None
    try:
        endpoint = ProConnectOAuth2Adapter(request, PROVIDER_ID).openid_config.get(
            "end_session_endpoint"
        )
    except (SocialApp.DoesNotExist, requests.RequestException, ValueError):
        logger.warning("ProConnect discovery failed at logout: local logout only")
        return None
    if not endpoint:
        return None
    state = secrets.token_urlsafe(32)
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": state,
            "post_logout_redirect_uri": build_absolute_uri(
                request, reverse("proconnect_logout_return")
            ),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}", state
