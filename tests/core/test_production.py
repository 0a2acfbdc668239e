"""Production behaviours: replica router, Redis outages, Celery with a real worker."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMessage
from django.test import override_settings
from django.urls import reverse

from mentor.core import tasks
from mentor.core.cache import FailOpenRedisCache, lock_token, release_lock
from mentor.core.db import ReportingReplicaRouter, reporting_reads
from mentor.core.email import email_enqueue
from mentor.core.tasks import send_email, task_dispatch
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
CLOSED_PORT_REDIS = {
    "default": {
        "BACKEND": "mentor.core.cache.FailOpenRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
}


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


class TestReplicaRouter:
    def test_reads_stay_on_the_default_database_without_a_replica(self):
        router = ReportingReplicaRouter()
        with reporting_reads() as alias:
            assert alias == "default" and router.db_for_read(None) == "default"
        assert router.db_for_read(None) is None

    def test_reporting_reads_go_to_the_replica_when_configured(self):
        settings.DATABASES["replica"] = dict(
            settings.DATABASES["default"]
        )  # as REPLICA_DATABASE_URL does
        try:
            router = ReportingReplicaRouter()
            with reporting_reads():
                assert router.db_for_read(None) == "replica"
                assert router.db_for_write(None) == "default"
            assert router.db_for_read(None) is None
            assert not router.allow_migrate("replica", "catalog")
        finally:
            del settings.DATABASES["replica"]


@pytest.mark.django_db
class TestRedisOutage:
    @override_settings(CACHES=CLOSED_PORT_REDIS)
    def test_pages_are_served_when_redis_is_unreachable(self, client):
        caches._settings = None  # rebuild cache handlers from the overridden settings
        try:
            assert client.get(reverse("catalog:home")).status_code == 200
            assert client.get(reverse("catalog:list"), {"q": "laïcité"}).status_code == 200
        finally:
            caches._settings = None

    def test_a_signed_in_agent_stays_signed_in_when_the_cache_is_lost(self, client, justice):
        agent = UserFactory(entity=justice)
        client.force_login(agent)
        with override_settings(CACHES=CLOSED_PORT_REDIS):
            caches._settings = None
            try:
                response = client.get(reverse("enrolments:mine"))
            finally:
                caches._settings = None
        assert response.status_code == 200  # cached_db sessions fall back to the database

    def test_agents_can_sign_in_when_redis_is_unreachable(self, client, justice, monkeypatch):
        """The rate limits (allauth) take a cache lock: it must not turn into a 429, nor
        into a wait for a lock that cannot be taken (no sleep; not timed, so that a busy
        machine cannot fail it)."""
        UserFactory(email="agent@justice.gouv.fr", entity=justice, password="un mot de passe sûr")
        sleeps = []
        monkeypatch.setattr(time, "sleep", sleeps.append)
        with override_settings(CACHES=CLOSED_PORT_REDIS):
            caches._settings = None
            try:
                response = client.post(
                    reverse("account_login"),
                    {"login": "agent@justice.gouv.fr", "password": "un mot de passe sûr"},
                )
            finally:
                caches._settings = None
        assert response.status_code == 302 and "login" not in response["Location"]
        assert sleeps == []


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_a_lock_is_freed_only_by_its_taker_on_redis():
    """Compare-and-delete in Redis (one script): the holder of a lock that expired and was
    taken again cannot free the new holder's."""
    cache = FailOpenRedisCache(
        "redis://127.0.0.1:6379/9", {"KEY_PREFIX": f"lock-test-{uuid.uuid4().hex}"}
    )
    mine = lock_token()
    assert cache.add("lock", mine, 60)
    release_lock(cache, "lock", lock_token())  # someone else's token
    assert cache.get("lock") == mine
    release_lock(cache, "lock", mine)
    assert cache.get("lock") is None


def test_freeing_a_lock_during_a_redis_outage_raises_nothing():
    cache = FailOpenRedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2}},
    )
    release_lock(cache, "lock", lock_token())  # the lock expires on its own


@pytest.mark.skipif(not _redis_up(), reason="Redis is not running on 127.0.0.1:6379")
def test_a_real_celery_worker_sends_the_queued_email(tmp_path):
    """Start a real worker on Redis, queue the task from another process, see the mail."""
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
        },
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "MENTOR_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "mentor.settings",
        "DEBUG": "false",
        "SECRET_KEY": "celery-worker-test-key-" + "0" * 40,
    }
    mail_dir = tmp_path / "mail"
    env["EMAIL_FILE_PATH"] = str(mail_dir)
    # A queue of its own: another run on the same Redis (a second checkout) cannot take it.
    queue_name = f"mentor-test-{uuid.uuid4().hex}"
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentor",
            "worker",
            "--pool",
            "solo",
            "--concurrency",
            "1",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue_name,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        queue = (
            "from mentor.core.tasks import send_email; "
            "send_email.apply_async(kwargs=dict(subject='Bonjour', body='Corps', "
            f"from_email='a@x.fr', to=['b@x.fr']), queue='{queue_name}')"
        )
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", f"import django; django.setup(); {queue}"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=60,
        )
        deadline = time.monotonic() + 120  # a bound on the wait, not a timing assertion
        while time.monotonic() < deadline and not (mail_dir.exists() and any(mail_dir.iterdir())):
            time.sleep(0.3)
        sent = list(mail_dir.iterdir()) if mail_dir.exists() else []
        assert sent and "Subject: Bonjour" in sent[0].read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=20)


class TestBrokerOutage:
    """With the broker down, queued work runs inline: the person's e-mail is still sent."""

    @pytest.fixture
    def broker_down(self, settings, monkeypatch):

        # Celery reads the Django settings as they are now: the ``settings`` fixture puts
        # them back (writing ``current_app.conf`` would outlive the test).
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
        # New connection and producer pools, on the closed port.
        monkeypatch.setattr(current_app, "_pool", None)
        monkeypatch.setattr(current_app.amqp, "_producer_pool", None)
        monkeypatch.setattr(tasks, "_broker_down_until", 0.0)

    @pytest.mark.django_db
    def test_an_email_is_sent_inline_when_the_broker_is_unreachable(
        self, broker_down, mailoutbox, django_capture_on_commit_callbacks
    ):

        with django_capture_on_commit_callbacks(execute=True):
            email_enqueue(EmailMessage("Inscription", "Corps", "a@x.fr", ["agent@justice.gouv.fr"]))
        assert [m.subject for m in mailoutbox] == ["Inscription"]

    @pytest.mark.django_db
    def test_after_a_failure_the_broker_is_not_tried_again_at_once(
        self, broker_down, mailoutbox, monkeypatch
    ):
        attempts = []
        queue = send_email.apply_async

        def counted(*args, **kwargs):
            attempts.append(kwargs["kwargs"]["subject"])
            return queue(*args, **kwargs)

        monkeypatch.setattr(send_email, "apply_async", counted)
        payload = {"subject": "Un", "body": "b", "from_email": "a@x.fr", "to": ["b@x.fr"]}
        task_dispatch(send_email, **payload)
        task_dispatch(send_email, **{**payload, "subject": "Deux"})
        assert attempts == ["Un"]  # the second one did not try the broker
        assert [m.subject for m in mailoutbox] == ["Un", "Deux"]
