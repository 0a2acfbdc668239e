"""Reads about ProConnect: is it configured, which identity a user has linked."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount
from django.http import HttpRequest

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_section
from mentor.accounts.proconnect.provider import PROVIDER_ID


def proconnect_enabled(*, request: HttpRequest | None = None) -> bool:
    """True when ProConnect is configured (``PROCONNECT_*`` settings)."""
    return bool(get_adapter().list_apps(request, provider=PROVIDER_ID))


def proconnect_identity(*, user: User) -> SocialAccount | None:
    if not user.is_authenticated:
        return None
    return SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).first()


def proconnect_unlink_allowed(*, user: User) -> bool:
    """Unlinking is allowed once the person can sign in otherwise: with a password."""
    return user.has_usable_password()


@register_section("proconnect")
def _personal_data(user: User) -> dict | None:
    identity = proconnect_identity(user=user)
    if identity is None:
        return None
    return {"identifiant": identity.uid, "informations": identity.extra_data.get("userinfo", {})}
