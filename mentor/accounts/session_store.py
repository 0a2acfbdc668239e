"""The session engine (``SESSION_ENGINE``): Django's cached database sessions, a new
session written once.

Django's ``create()`` (which a sign-in reaches through ``cycle_key``) draws a key, checks
it is free (a cache read and a query), inserts an empty row at once, and the response then
updates that row with the session's data: three statements and two savepoints on every
sign-in. Here a new session is written once, with the response: one INSERT, whose unique
key is the check (a clash, about 1 in 36^32, draws another key and inserts again). An
existing session is updated by one statement too, without the transaction around it.
"""

import logging
import secrets

from django.contrib.sessions.backends.base import VALID_KEY_CHARS, CreateError, UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.db import DatabaseError, IntegrityError, connections, router

logger = logging.getLogger("django.contrib.sessions")

_KEY_LENGTH = 32
_KEYS = len(VALID_KEY_CHARS) ** _KEY_LENGTH


def _new_key() -> str:
    """A key as Django's ``get_random_string(32, VALID_KEY_CHARS)`` draws it (each of the
    36^32 keys equally likely, from the system's CSPRNG), in one draw instead of 32: the
    number's base-36 digits."""
    number = secrets.randbelow(_KEYS)
    chars = []
    for _ in range(_KEY_LENGTH):
        number, digit = divmod(number, len(VALID_KEY_CHARS))
        chars.append(VALID_KEY_CHARS[digit])
    return "".join(chars)


class SessionStore(CachedDBStore):
    #: A key was drawn for this session but no row holds it yet.
    _unsaved = False

    def create(self) -> None:
        self._session_key = _new_key()
        self._unsaved = True
        self.modified = True

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None or self._unsaved:
            self._insert()
        elif must_create or connections[self._db_alias()].in_atomic_block:
            super().save(must_create)
        else:
            self._write(create=False)

    def _db_alias(self) -> str:
        return router.db_for_write(self.model)

    def _write(self, *, create: bool) -> None:
        """The session's row written with the response (a sign-in, a flash message, the
        course last opened): one INSERT or UPDATE, atomic on its own, where Django wraps it
        in a transaction (two more round trips); then the cached copy, as ``cached_db``
        does. Inside a transaction, Django's own ``save`` (with its savepoint)."""
        obj = self.create_model_instance(self._get_session(no_load=create))
        try:
            obj.save(force_insert=create, force_update=not create, using=self._db_alias())
        except IntegrityError as exc:
            if create:  # the key is someone else's
                raise CreateError from exc
            raise
        except DatabaseError as exc:  # the row is gone (signed out elsewhere, expired)
            if create:
                raise
            raise UpdateError from exc
        try:
            self._cache.set(self.cache_key, self._session, self.get_expiry_age())
        except Exception:
            logger.exception("Error saving to cache (%s)", self._cache)

    def _insert(self) -> None:
        if self.session_key is None:
            self._session_key = _new_key()
        in_transaction = connections[self._db_alias()].in_atomic_block
        while True:
            try:
                if in_transaction:
                    super().save(must_create=True)
                else:
                    self._write(create=True)
            except CreateError:  # the key is someone else's: another one
                self._session_key = _new_key()
                continue
            self._unsaved = False
            self.modified = True
            return
