"""The authentication backends (``AUTHENTICATION_BACKENDS``): Django's and allauth's, the
signed-in account read on every request with SQL built once.

Django's session authentication reads the account by its key on every request of a
signed-in person (``get_user``). Through the ORM, building that one statement cost more
CPU than PostgreSQL spent running it; here it is a ``core.prepared.Prepared`` read: same
SQL, same instance, the same "active accounts only" rule.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from mentor.accounts.selectors import user_by_key
from mentor.accounts.sessions import has_session_cookie


class _SessionUser:
    def get_user(self: Any, user_id: Any) -> Any:
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_by_key(key=key)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_SessionUser, DjangoModelBackend):
    """Django's ``ModelBackend``: e-mail and password (``UserManager.get_by_natural_key``)."""


class AuthenticationBackend(_SessionUser, AllauthBackend):
    """allauth's backend (its sign-in forms and stages)."""


#: The backends sessions opened before these were named (no mass logout at upgrade).
_RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "mentor.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "mentor.accounts.backends.AuthenticationBackend"
    ),
}


class RenamedBackendsMiddleware:
    """Before ``AuthenticationMiddleware``: a session that names a backend by its former
    path (Django only loads the person of a backend still in ``AUTHENTICATION_BACKENDS``)
    names it by its new one, so that nobody is signed out by the upgrade. Each such
    session is rewritten once. Can go once ``SESSION_ABSOLUTE_LIFETIME`` has passed since
    the upgrade."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_session_cookie(request):
            renamed = _RENAMED.get(request.session.get(BACKEND_SESSION_KEY))
            if renamed is not None:
                request.session[BACKEND_SESSION_KEY] = renamed
        return self.get_response(request)
