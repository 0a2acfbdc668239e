"""What the path's concurrency tests share: a path whose one module links a session, and a
storm of simultaneous requests, one real database connection each, released together by a
barrier (no timing involved: every thread waits for all the others, then they all go).

On PostgreSQL the storm is a hundred connections, more than the shared server can spare:
the ``storm_connections`` fixture (conftest) moves the test onto a private cluster of its own
(tests/postgres_cluster.py), migrated once per test process, emptied after each test."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from mentor.catalog.models import Session
from mentor.enrolments.models import Enrolment
from mentor.paths.models import PathModule, PathPlan, PathSection
from mentor.paths.services import path_enrol
from tests.factories import SessionFactory, TrainingFactory

#: Simultaneous connections of a storm on PostgreSQL: the issue's "a hundred concurrent
#: commits". SQLite serialises writers with one file lock; its storm is smaller.
POSTGRES_CONNECTIONS = 100
SQLITE_CONNECTIONS = 20
#: Room for the storm, the test's own connection and the server's reserved ones.
PRIVATE_MAX_CONNECTIONS = 150

Step = Callable[[Client], int]


def path_linking(linked: Session, *, attestation: bool = False) -> Session:
    """The session of a path (slug ``parcours``) whose one module links ``linked``."""
    path_session = SessionFactory(
        training=TrainingFactory(slug="parcours", is_path=True, delivers_attestation=attestation)
    )
    section = PathSection.objects.create(
        plan=PathPlan.objects.create(session=path_session), title="Socle"
    )
    PathModule.objects.create(section=section, linked_session=linked)
    return path_session


def enrol_in_path(user, path_session: Session) -> Enrolment:
    path_enrol(user=user, session_id=path_session.pk)
    return Enrolment.objects.get(user=user, session=path_session)


def storm(user, steps: list[Step]) -> list[int]:
    """Run every step at once, each in its own thread and connection, as ``user`` signed in
    (the same session in every tab); the statuses they returned, in no particular order.
    Any exception in a thread is raised here."""
    login = Client()
    login.force_login(user)
    barrier = threading.Barrier(len(steps))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def run(step: Step) -> None:
        try:
            client = Client()
            client.cookies = login.cookies
            barrier.wait(timeout=120)
            statuses.append(step(client))
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)  # a safety net against a hang, not a measure
    if any(thread.is_alive() for thread in threads):
        raise AssertionError("a request of the storm never returned")
    if errors:
        raise errors[0]
    return statuses


_SERVER_KEYS = ("NAME", "HOST", "PORT", "USER", "PASSWORD")


@contextmanager
def database_moved(port: int, name: str = "postgres") -> Iterator[None]:
    """Point the default database at the private cluster, for every thread (Django's test
    runner renames the test database the same way: in the shared settings dictionary)."""
    settings = connections.settings["default"]
    saved = {key: settings[key] for key in _SERVER_KEYS}
    connection.close()
    settings.update(NAME=name, HOST="127.0.0.1", PORT=str(port), USER="postgres", PASSWORD="")
    ContentType.objects.clear_cache()  # its ids are those of the other database
    try:
        yield
    finally:
        connection.close()
        settings.update(saved)
        ContentType.objects.clear_cache()


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def empty() -> None:
    call_command("flush", verbosity=0, interactive=False)
