"""The cache key of a visitor's sign-in page (``views.login``), and its invalidation.

The page changes only with the ProConnect configuration: the settings are part of the key,
and a provider app saved in the database retires it at once (``signals``)."""

import hashlib

from django.conf import settings
from django.core.cache import cache

#: How long a visitor's sign-in page is kept.
SECONDS = 600


def key(language: str) -> str:
    providers = repr(sorted((settings.SOCIALACCOUNT_PROVIDERS or {}).items())).encode()
    return f"accounts:login_page:{language}:{hashlib.sha256(providers).hexdigest()[:16]}"


def forget() -> None:
    cache.delete_many([key(code) for code, _name in settings.LANGUAGES])
