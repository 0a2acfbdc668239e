"""The Redis cache, failing open.

django-redis already turns a Redis outage into cache misses (``IGNORE_EXCEPTIONS``). One
call needs more: ``add`` answers "not added" when Redis is down, and code that uses it as a
lock (allauth's rate limits take one per sign-in, sign-up or reset) then waits for a
second and refuses the person with a 429. During an outage, ``add`` here answers "added":
the rate limits let people in (Argon2id still slows guessing), nobody is locked out.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger("django_redis.cache")


class FailOpenRedisCache(RedisCache):
    def add(self, *args, **kwargs) -> bool:
        try:
            return self.client.add(*args, **kwargs)
        except ConnectionInterrupted as exc:
            if not self._ignore_exceptions:
                raise
            logger.warning("Redis unavailable: add() answered as added (%s)", exc)
            return True


def invalidate(forget: Callable[[], object]) -> None:
    """Retire a cached value now, and again once the current transaction commits: a request
    that read the old rows in between may have cached them again. Outside a transaction
    both happen at once (harmless)."""
    forget()
    transaction.on_commit(forget, robust=True)
