"""Reporting reads can go to a read replica.

Wrap heavy read-only work (indicators, exports, rollups) in ``reporting_reads()``: when
``REPLICA_DATABASE_URL`` is configured those queries use the ``replica`` alias, otherwise
the default database, so the code is the same with one database or two. Writes always go to
the primary.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

_state = threading.local()


@contextmanager
def reporting_reads() -> Iterator[str]:
    previous = getattr(_state, "reporting", False)
    _state.reporting = True
    try:
        yield reporting_alias()
    finally:
        _state.reporting = previous


def reporting_alias() -> str:
    return "replica" if "replica" in settings.DATABASES else "default"


class ReportingReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        if getattr(_state, "reporting", False):
            return reporting_alias()
        return None

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica mirrors the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"
