"""The session engine: an existing session is written again by one UPDATE (no transaction
around it), kept in the database and in the cache; a session gone meanwhile is refused."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.accounts.session_store import SessionStore

pytestmark = pytest.mark.django_db(transaction=True)


def _stored() -> SessionStore:
    session = SessionStore()
    session["step"] = 1
    session.save()
    return session


def test_an_existing_session_is_written_by_one_update():
    session = SessionStore(_stored().session_key)
    session["step"] = 2
    with CaptureQueriesContext(connection) as captured:
        session.save()
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 1
    assert statements[0].startswith("UPDATE")
    cache.clear()  # read back from the database, not from the cached copy
    assert SessionStore(session.session_key)["step"] == 2


def test_the_cached_copy_follows():
    session = SessionStore(_stored().session_key)
    session["step"] = 3
    session.save()
    with CaptureQueriesContext(connection) as captured:
        assert SessionStore(session.session_key)["step"] == 3
    assert len(captured) == 0


def test_a_session_deleted_meanwhile_is_not_written_again():
    session = SessionStore(_stored().session_key)
    session["step"] = 4
    SessionStore(session.session_key).delete()
    with pytest.raises(UpdateError):
        session.save()
    assert not SessionStore().exists(session.session_key)


def test_a_new_session_is_written_by_one_insert():
    session = SessionStore()
    session["step"] = 1
    with CaptureQueriesContext(connection) as captured:
        session.save()
    statements = [q["sql"] for q in captured.captured_queries]
    assert len(statements) == 1
    assert statements[0].startswith("INSERT")
    cache.clear()
    assert SessionStore(session.session_key)["step"] == 1


def test_a_key_already_taken_draws_another(monkeypatch):
    taken = _stored().session_key
    keys = iter([taken, "k" * 32])
    monkeypatch.setattr("mentor.accounts.session_store._new_key", lambda: next(keys))
    session = SessionStore()
    session["step"] = 5
    session.save()
    assert session.session_key == "k" * 32
    assert SessionStore(taken)["step"] == 1
