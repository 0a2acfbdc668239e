"""A fixed-window rate limit per client, in the shared cache (Redis in production).

For public endpoints that allauth's own limits do not cover (the attestation verification,
the CSP report endpoint). The client is the address allauth sees, so that behind the
reverse proxy (``TRUSTED_PROXY_COUNT``) each person is counted, not the proxy.
"""

import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest


def client_key(request: HttpRequest) -> str:
    return get_adapter(request).get_client_ip(request) or "unknown"


def allow(request: HttpRequest, *, scope: str, per_minute: int) -> bool:
    """Count one request of this client for ``scope``; False once more than ``per_minute``
    came in the current minute. Fails open if the cache is down (never a 500)."""
    window = int(time.time()) // 60
    key = f"ratelimit:{scope}:{client_key(request)}:{window}"
    if cache.add(key, 1, timeout=120):
        return per_minute >= 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=120)
        count = 1
    return count <= per_minute
