"""Django's PostgreSQL backend, with a health check that costs no round trip.

With persistent connections (``CONN_MAX_AGE``), Django's ``CONN_HEALTH_CHECKS`` runs
``SELECT 1`` on the connection at the first statement of every request, so that a
connection the server has closed since (a restart, a failover, an idle timeout, a
terminated backend) is replaced instead of failing the request. That is one more round trip
for every request that reads the database: measured in ``make bench``, a tenth of the web
worker's time on a SCORM commit.

A server that closes a connection says so on its socket: it sends its last message (the
``FATAL`` of a shutdown or a terminated backend) and closes it, so the idle connection's
socket becomes readable. Between requests an idle connection is sent nothing else, save a
rare asynchronous notice. So the check first looks at the socket without waiting (one
``poll``): nothing there, and the connection is used as is; anything there (an end of
stream, a message, an error) or a connection psycopg already knows is broken, and Django's
own check runs (``SELECT 1``: the connection is closed if it fails, and reopened by the
statement that needed it). A peer that vanishes without a word (a network partition) is not
seen by either check before its TCP timeout.
"""

import select

from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.db.backends.postgresql.psycopg_any import is_psycopg3

#: What makes an idle connection's socket suspect.
_SUSPECT = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP | select.POLLNVAL


class DatabaseWrapper(PostgresWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._socket_quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _socket_quiet(self) -> bool:
        """Whether the idle connection's socket has nothing to read and no error (the
        server has not closed it); False when in doubt, so that Django's check runs."""
        try:
            if not is_psycopg3 or self.connection.broken or self.connection.closed:
                return False
            poller = select.poll()
            poller.register(self.connection.pgconn.socket, _SUSPECT)
            return not poller.poll(0)
        except Exception:  # noqa: BLE001  (any doubt: the full check decides)
            return False
