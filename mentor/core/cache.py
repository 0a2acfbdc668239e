"""The Redis cache, failing open.

django-redis already turns a Redis outage into cache misses (``IGNORE_EXCEPTIONS``). One
call needs more: ``add`` answers "not added" when Redis is down, and code that uses it as a
lock (allauth's rate limits take one per sign-in, sign-up or reset) then waits for a
second and refuses the person with a 429. During an outage, ``add`` here answers "added":
the rate limits let people in (Argon2id still slows guessing), nobody is locked out.
"""

import logging
import secrets
import time
from collections.abc import Callable

from django.db import transaction
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("django_redis.cache")


#: Delete a key only while it still holds the caller's token (one round trip, atomic).
_RELEASE = (
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
)


class FailOpenRedisCache(RedisCache):
    def add(self, *args, **kwargs) -> bool:
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted as exc:
            if not self._ignore_exceptions:
                raise
            logger.warning("Redis unavailable: add() answered as added (%s)", exc)
            return True

    def release(self, key: str, token: str) -> None:
        """Delete ``key`` if it still holds ``token`` (compare-and-delete, in Redis)."""
        client = self.client
        try:
            raw = client.get_client(write=True)
            raw.eval(_RELEASE, 1, client.make_key(key), client.encode(token))
        except Exception as exc:  # noqa: BLE001  (an outage: the lock expires on its own)
            if not self._ignore_exceptions:
                raise
            logger.warning("Redis unavailable: lock %s left to expire (%s)", key, exc)


def lock_token() -> str:
    """A value only its taker knows, to put in a lock taken with ``cache.add``."""
    return secrets.token_hex(16)


def release_lock(cache, key: str, token: str) -> None:
    """Free a lock taken with ``cache.add(key, token, timeout)``, unless it expired and
    someone else took it since (their lock is theirs to free): atomic on Redis; a read
    then a delete on the other caches (development and tests, one process)."""
    release = getattr(cache, "release", None)
    if release is not None:
        release(key, token)
    elif cache.get(key) == token:
        cache.delete(key)


def invalidate(forget: Callable[[], object]) -> None:
    """Retire a cached value now, and again once the current transaction commits: a request
    that read the old rows in between may have cached them again. Outside a transaction
    both happen at once (harmless)."""
    forget()
    transaction.on_commit(forget, robust=True)


def version_of(cache, key: str) -> int:
    """The number under ``key`` that changes whenever what it versions changes
    (``version_bump``): part of the key, or of the entry, of every value cached from it,
    so that an edit never shows a stale one."""
    version = cache.get(key)
    if version is None:
        version = version_start(cache, key)
    return version


def version_start(cache, key: str) -> int:
    """Set a missing version (evicted, or a fresh cache). Unique across cache flushes and
    restarts: an old value's version is never reused."""
    version = int(time.time() * 1000)
    cache.add(key, version, None)
    return cache.get(key) or version


def version_bump(cache, key: str) -> None:
    """Retire every value cached under the current version of ``key``."""
    try:
        cache.incr(key)
    except ValueError:  # not set yet (or evicted)
        cache.set(key, int(time.time() * 1000), None)
