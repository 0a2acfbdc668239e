"""allauth's sign-in limits, each counted in one Redis round trip:

- ``login`` (allauth's default: 30 sign-in POSTs per minute and address), taken by the
  sign-in view (``views.LoginView``) before anything else;
- ``login_failed`` (``ACCOUNT_RATE_LIMITS``: per address and per account), for which
  allauth reserves a place in each limit before checking the password (so that parallel
  guesses cannot all slip in) and gives it back after a success.

Through the cache API, each limit costs a lock taken and released, a read and a write:
4 round trips for ``login``, 16 for ``login_failed`` (reserved, then given back). Here the
same sliding windows live in Redis sorted sets (one member per attempt, scored by its
time), reserved all at once by one script and given back by one command.

Without Redis (development, tests on the local-memory cache) allauth's own code runs. With
Redis down, the sign-in is let through, as ``core.cache.FailOpenRedisCache`` does for
allauth's locks (Argon2id still slows guessing).
"""

from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from functools import wraps

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger("mentor.accounts")

APP = "allauth.account"

#: KEYS: one sorted set per limit; ARGV: now, the member, then (amount, seconds) per key.
#: Reserves a place in every window, or in none when one is full (0).
_RESERVE = """
local now = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local amount = tonumber(ARGV[1 + 2 * i])
  local seconds = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - seconds)
  if redis.call('ZCARD', key) >= amount then
    return 0
  end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[2])
  redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[2 + 2 * i]) * 1000))
end
return 1
"""


def _redis():
    """The raw Redis client behind the cache, or None (another cache backend)."""
    client = getattr(cache, "client", None)
    get_client = getattr(client, "get_client", None)
    return get_client(write=True) if get_client else None


@dataclass
class Reservation:
    """Places taken in the windows by one attempt; ``give_back`` after a success."""

    keys: list[str]
    member: str

    def give_back(self) -> None:
        redis = _redis()
        try:
            with redis.pipeline(transaction=False) as pipe:
                for key in self.keys:
                    pipe.zrem(key, self.member)
                pipe.execute()
        except Exception as exc:  # noqa: BLE001  (Redis down: the limit is only stricter)
            logger.warning("Redis unavailable: sign-in limit not given back (%s)", exc)

    # allauth's name for it (its adapter calls ``rollback``)
    rollback = give_back


def _keys(
    request: HttpRequest, *, action: str, key: str | None
) -> list[tuple[str, allauth_ratelimit.Rate]]:
    rates = allauth_ratelimit.get_rates(app=APP, action=action)
    return [
        (
            cache.make_key(
                "mentor:"
                + allauth_ratelimit.get_cache_key(
                    request, app=APP, action=action, rate=rate, key=key
                )
            ),
            rate,
        )
        for rate in rates
    ]


def reserve(request: HttpRequest, *, action: str = "login_failed", key: str | None = None):
    """A place in every window of allauth's ``action`` limit for this attempt (a
    ``Reservation``, or allauth's usage without Redis), or None when a window is full."""
    redis = _redis()
    if redis is None:
        return allauth_ratelimit.consume(request, app=APP, action=action, key=key)
    keyed = _keys(request, action=action, key=key)
    if not keyed:
        return Reservation([], "")
    now = time.time()
    member = f"{now:.6f}:{secrets.token_hex(4)}"
    args = [now, member]
    for _key, rate in keyed:
        args += [rate.amount, rate.duration]
    try:
        allowed = redis.register_script(_RESERVE)(keys=[k for k, _ in keyed], args=args)
    except Exception as exc:  # noqa: BLE001
        logger.warning("Redis unavailable: sign-in let through without its limit (%s)", exc)
        return Reservation([], "")
    return Reservation([k for k, _ in keyed], member) if allowed else None


def rate_limit(*, action: str):
    """allauth's ``rate_limit`` view decorator (POSTs only, a 429 when a window is full),
    counted by ``reserve``."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method != "GET" and not reserve(request, action=action):
                return allauth_ratelimit.respond_429(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def clear(request: HttpRequest, *, key: str) -> None:
    """Forget the failed sign-ins of this account and address (after a password reset)."""
    redis = _redis()
    if redis is None:
        allauth_ratelimit.clear(request, app=APP, action="login_failed", key=key)
        return
    try:
        redis.delete(*[k for k, _ in _keys(request, action="login_failed", key=key)])
    except Exception as exc:  # noqa: BLE001
        logger.warning("Redis unavailable: sign-in limits not cleared (%s)", exc)
