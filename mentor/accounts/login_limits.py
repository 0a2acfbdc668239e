"""allauth's sign-in limits, each counted in one Redis round trip:

- ``login`` (allauth's default: 30 sign-in POSTs per minute and address), taken by the
  sign-in view (``views.LoginView``) before anything else;
- ``login_failed`` (``ACCOUNT_RATE_LIMITS``: per address and per account), for which
  allauth reserves a place in each limit before checking the password (so that parallel
  guesses cannot all slip in) and gives it back after a success.

Through the cache API, each limit costs a lock taken and released, a read and a write:
4 round trips for ``login``, 16 for ``login_failed`` (reserved, then given back). Here the
same sliding windows live in Redis sorted sets (one member per attempt, scored by its
time), reserved all at once by one script and given back by one command. The sign-in view
reserves both limits in the same script (the failed ones for the address typed, claimed
by the adapter when it checks the password, given back if the form never gets there).

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

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core.cache import cache
from django.http import HttpRequest

logger = logging.getLogger("mentor.accounts")

APP = "allauth.account"

#: KEYS: one sorted set per window; ARGV: now, the member, the number of windows of the
#: first limit, then (amount, seconds) per key. Reserves a place in every window of the
#: first limit, or in none when one is full (0); then, the same way, in every window of the
#: second limit (the other keys), if any: 3 when both are reserved, 1 when only the first.
_RESERVE = """
local now = tonumber(ARGV[1])
local first = tonumber(ARGV[3])
local function fits(from, to)
  for i = from, to do
    local key = KEYS[i]
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - tonumber(ARGV[3 + 2 * i]))
    if redis.call('ZCARD', key) >= tonumber(ARGV[2 + 2 * i]) then
      return false
    end
  end
  return true
end
local function take(from, to)
  for i = from, to do
    redis.call('ZADD', KEYS[i], now, ARGV[2])
    redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[3 + 2 * i]) * 1000))
  end
end
if not fits(1, first) then
  return 0
end
take(1, first)
if #KEYS > first and fits(first + 1, #KEYS) then
  take(first + 1, #KEYS)
  return 3
end
return 1
"""

#: What ``reserve_before`` found for the failed sign-in limits: a window already full.
FULL = "full"


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
    if _redis() is None:
        return allauth_ratelimit.consume(request, app=APP, action=action, key=key)
    first, _second = _reserve(request, [(action, key)])
    return first


def _reserve(request: HttpRequest, limits: list[tuple[str, str | None]]):
    """Places for this attempt in the windows of one or two limits (``(action, key)``), in
    one round trip: a ``Reservation`` per limit, None for a limit with a full window (the
    second one is not tried when the first is full)."""
    redis = _redis()
    keyed = [_keys(request, action=action, key=key) for action, key in limits]
    if not any(keyed):
        return Reservation([], ""), (Reservation([], "") if len(limits) > 1 else None)
    now = time.time()
    member = f"{now:.6f}:{secrets.token_hex(4)}"
    args = [now, member, len(keyed[0])]
    for group in keyed:
        for _key, rate in group:
            args += [rate.amount, rate.duration]
    try:
        taken = redis.register_script(_RESERVE)(
            keys=[k for group in keyed for k, _rate in group], args=args
        )
    except Exception as exc:  # noqa: BLE001
        logger.warning("Redis unavailable: sign-in let through without its limit (%s)", exc)
        return Reservation([], ""), (Reservation([], "") if len(limits) > 1 else None)
    first = Reservation([k for k, _ in keyed[0]], member) if taken else None
    second = None
    if len(limits) > 1 and taken == 3:  # noqa: PLR2004  (both limits reserved)
        second = Reservation([k for k, _ in keyed[1]], member)
    return first, second


def rate_limit(*, action: str):
    """allauth's ``rate_limit`` view decorator (POSTs only, a 429 when a window is full),
    counted by ``reserve``. For the sign-in (``login``), the failed sign-in limits of the
    address typed are reserved in the same round trip (``reserve_before``), and given back
    if the form never got to checking the password."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method == "GET":
                return view(request, *args, **kwargs)
            if action == "login" and _redis() is not None:
                if not reserve_before(request):
                    return allauth_ratelimit.respond_429(request)
                try:
                    return view(request, *args, **kwargs)
                finally:
                    _give_back_unclaimed(request)
            if not reserve(request, action=action):
                return allauth_ratelimit.respond_429(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def reserve_before(request: HttpRequest) -> bool:
    """The sign-in limit and, when the form carries an address and a password, the failed
    sign-in limits of that address, in one round trip; False when the sign-in limit is
    full. What was found for the failed ones waits for ``claim``."""
    login = (request.POST.get("login") or "").strip()
    key = None
    if login and request.POST.get("password"):
        key = get_adapter(request)._get_login_attempts_cache_key(request, email=login)
    if key is None:
        return reserve(request, action="login") is not None
    first, second = _reserve(request, [("login", None), ("login_failed", key)])
    if first is None:
        return False
    request._mentor_failed_reserved = (key, second or FULL)
    return True


def claim(request: HttpRequest, *, key: str):
    """The failed sign-in reservation made with the sign-in limit for this key (a
    ``Reservation``, or ``FULL``), or None when there is none for it (then allauth's
    adapter reserves now)."""
    found = getattr(request, "_mentor_failed_reserved", None)
    if found is None:
        return None
    request._mentor_failed_reserved = None
    reserved_key, reservation = found
    if reserved_key == key:
        return reservation
    if isinstance(reservation, Reservation):  # another address after all: not this one
        reservation.give_back()
    return None


def _give_back_unclaimed(request: HttpRequest) -> None:
    """The form stopped before the password was checked (an address that is not one):
    allauth would not have counted a failed sign-in, so the place goes back."""
    found = getattr(request, "_mentor_failed_reserved", None)
    if found is not None and isinstance(found[1], Reservation):
        found[1].give_back()


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
