"""The PostgreSQL backend's health check (``mentor.core.postgresql``): no round trip on a
connection the server has said nothing on, and a connection the server closed is still
replaced before the request uses it, as with Django's own check."""

import select
from unittest import mock

import psycopg
import pytest
from django.db import connection

from mentor.accounts.models import User
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    pytest.mark.django_db(transaction=True),
]


def _next_request() -> None:
    """What Django does between two requests on a persistent connection (request_started
    and request_finished: ``close_old_connections``), with health checks on."""
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.health_check_enabled = True
    connection.close_if_unusable_or_obsolete()


@pytest.fixture
def persistent():
    connection.ensure_connection()
    yield
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    connection.health_check_enabled = False


def test_a_live_idle_connection_is_used_without_a_check_statement(persistent):
    UserFactory()
    _next_request()
    with mock.patch.object(connection, "is_usable", wraps=connection.is_usable) as check:
        assert User.objects.count() == 1
    assert check.call_count == 0


def test_a_connection_the_server_closed_is_replaced_before_use(persistent):
    UserFactory()
    _next_request()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg.connect(
        **{k: v for k, v in params.items() if k not in {"cursor_factory", "context"}},
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's last word (FATAL, then the end of the stream) reaches the socket.
    select.select([connection.connection.pgconn.socket], [], [], 10)
    with mock.patch.object(connection, "is_usable", wraps=connection.is_usable) as check:
        assert User.objects.count() == 1  # no OperationalError: a new connection
    assert check.call_count == 1
    assert connection.connection.info.backend_pid != pid
