"""A real Celery worker (Redis broker, a queue of its own) is killed in the middle of a
campaign's opening e-mails, then a new one resumes: nobody receives two opening e-mails,
counted on a real SMTP server (aiosmtpd) the test runs.

The kill is placed deterministically on the K-th message, on either side of the one instant
SMTP leaves ambiguous (the server has the message; the client has not read its reply):

- ``after_accept``: the sink has taken the message (counted: a real server would deliver
  it) and holds its "250" reply while the test kills the worker (SIGKILL, the whole process
  group). Recording "sent" after the reply would send it again on resume; Mentor records it
  before, so everyone gets exactly one.
- ``before_accept``: the sink holds the message before taking it, the worker is killed,
  the sink answers with a temporary failure. That one person's e-mail is lost (counted as
  sent: the price of never sending twice); the 39 others get exactly one.

Skipped when Redis is not reachable."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from bench.stack import solo_worker
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.services import assignments_create
from tests.factories import TrainingFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS = os.environ.get("MENTOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PEOPLE = 40
KILL_AT = 13  # the sink holds this message while the worker is killed


def _redis_up() -> bool:
    host, port = REDIS.split("//")[1].split("/")[0].split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=1):
            return True
    except OSError:
        return False


class Sink:
    """Counts the messages it accepts, per recipient; holds the K-th one while the test
    kills the worker, before or after counting it."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.accepted: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.seen = 0
        self.holding = threading.Event()  # the K-th message is being held
        self.killed = threading.Event()  # the test killed the worker
        self.per_worker: Counter[int] = Counter()  # messages seen, by the worker's port
        self.holder: int | None = None  # the port index of the held message

    async def handle_DATA(self, server, session, envelope, index: int = 0) -> str:
        with self.lock:
            self.seen += 1
            hold = self.seen == KILL_AT
            self.per_worker[index] += 1
            if hold:
                self.holder = index
        if hold and self.where == "before_accept":
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.killed.wait, 60)
            return "451 4.3.0 Try again later"
        await asyncio.sleep(0.02)  # a slow server: the sending takes a while
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.accepted[rcpt.lower()] += 1
        if hold:  # after_accept: the message is delivered; its reply comes too late
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.killed.wait, 60)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(queue: str, smtp_port: int) -> dict:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{db['NAME']}"
    else:
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentor.settings",
        "DEBUG": "true",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "PRESCRIPTIONS_EMAIL_BATCH": "5",
        "PRESCRIPTIONS_EMAIL_INTERVAL": "0",
        "PRESCRIPTIONS_CLAIM_LEASE": "3",
    }


def _worker(env: dict, queue: str, name: str = "", **popen) -> subprocess.Popen:
    # One message prefetched: a worker holds one chain at a time, the others go to the
    # other worker; its own process group: killed whole.
    return solo_worker(env, queue, name=name, loglevel="INFO" if popen else "WARNING", **popen)


def _dispatch(env: dict, campaign_id: int) -> None:
    """Queue the fan-out as the web process or the hourly beat does."""
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from mentor.prescriptions.tasks import campaign_emails_task as t; "
            f"t.apply_async(kwargs={{'campaign_id': {campaign_id}}})",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _opened_campaign(entity, author=None) -> tuple[list, Campaign]:
    """An open campaign listing PEOPLE agents, assigned, none e-mailed yet."""
    people = [UserFactory(email=f"agent{i}@justice.gouv.fr", entity=entity) for i in range(PEOPLE)]
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title="Socle commun",
        training=TrainingFactory(),
        starts_on=today,
        due_on=today + timedelta(days=30),
        created_by=author,
        state="open",
    )
    Campaign.listed_users.through.objects.bulk_create(
        [Campaign.listed_users.through(campaign_id=campaign.pk, user_id=p.pk) for p in people]
    )
    assert assignments_create(campaign=campaign, source="opening") == PEOPLE
    return people, campaign


def _sent() -> int:
    return Assignment.objects.filter(opening_sent_at__isnull=False).count()


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at " + REDIS)
@pytest.mark.parametrize("where", ["after_accept", "before_accept"])
def test_killed_worker_then_restart_never_sends_twice(platform_admin, justice, where):
    people, campaign = _opened_campaign(justice, author=platform_admin)

    sink = Sink(where)
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"test-prescriptions-{uuid.uuid4().hex[:12]}"
    env = _env(queue, port)
    first = second = None
    try:
        first = _worker(env, queue)
        _dispatch(env, campaign.pk)
        assert sink.holding.wait(120), "the worker never reached the message to kill it on"
        _stop(first, signal.SIGKILL)
        sink.killed.set()
        assert first.returncode == -signal.SIGKILL
        # Stopped mid-send; the message in flight is recorded as sent.
        assert _sent() == KILL_AT

        time.sleep(3.5)  # the dead worker's lease on its batch ends
        second = _worker(env, queue)
        _dispatch(env, campaign.pk)  # what the hourly beat does for unfinished sending
        deadline = time.monotonic() + 120
        while _sent() < PEOPLE and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(0.5)  # the last reply reaches the sink's counter
    finally:
        for process in (first, second):
            if process is not None:
                _stop(process)
        controller.stop()

    assert _sent() == PEOPLE
    received = Counter({p.email: sink.accepted[p.email] for p in people})
    assert max(received.values()) == 1  # nobody twice
    if where == "after_accept":
        assert set(received.values()) == {1}
    else:  # the one in flight at the kill is lost, the others have exactly one
        assert sorted(received.values()) == [0] + [1] * (PEOPLE - 1)


class SharedSink(Sink):
    """One counter behind one SMTP port per worker, so that the test knows which worker
    sent the held message (and kills that one) and how many each one sent."""

    def __init__(self) -> None:
        super().__init__("after_accept")

    def port_handler(self, index: int):
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope) -> str:
                return await sink.handle_DATA(server, session, envelope, index)

        return Handler()


def _ready(process: subprocess.Popen) -> threading.Event:
    """Set once the worker logs that it is ready (its log is drained until it exits)."""
    ready = threading.Event()

    def read() -> None:
        with process.stderr:
            for line in process.stderr:
                if b" ready." in line:
                    ready.set()

    process.reader = threading.Thread(target=read, daemon=True)
    process.reader.start()
    return ready


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at " + REDIS)
def test_two_workers_send_one_campaign_and_one_is_killed(platform_admin, justice):
    """Two workers send one campaign in parallel (two chains claiming their own batches);
    the one sending the K-th message is killed after the server took it; the survivor goes
    on, the dead one's batch is taken over when its lease ends, the killed worker restarts:
    everyone has exactly one opening e-mail, and both workers sent some."""
    people, campaign = _opened_campaign(justice)

    sink = SharedSink()
    ports = [_free_port(), _free_port()]
    controllers = [
        Controller(sink.port_handler(i), hostname="127.0.0.1", port=port)
        for i, port in enumerate(ports)
    ]
    queue = f"test-prescriptions-{uuid.uuid4().hex[:12]}"
    envs = [{**_env(queue, port), "PRESCRIPTIONS_EMAIL_CHAINS": "2"} for port in ports]
    workers: list[subprocess.Popen] = []
    try:
        for controller in controllers:
            controller.start()
        workers = [
            _worker(env, queue, name=f"{queue}-{i}", stderr=subprocess.PIPE)
            for i, env in enumerate(envs)
        ]
        for worker in workers:  # both ready: their start-up resume queues the two chains
            assert _ready(worker).wait(120), "a worker never started"
        assert sink.holding.wait(120), "the workers never reached the message to kill on"
        killed = sink.holder
        _stop(workers[killed], signal.SIGKILL)
        sink.killed.set()

        time.sleep(3.5)  # the dead worker's lease on its batch ends
        workers[killed] = _worker(envs[killed], queue, name=f"{queue}-{killed}-again")
        deadline = time.monotonic() + 120
        while _sent() < PEOPLE and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(0.5)  # the last reply reaches the sink's counter
    finally:
        for worker in workers:
            _stop(worker)
            if hasattr(worker, "reader"):
                worker.reader.join(timeout=10)
        for controller in controllers:
            controller.stop()

    assert _sent() == PEOPLE
    received = Counter({p.email: sink.accepted[p.email] for p in people})
    assert set(received.values()) == {1}  # everyone once, nobody twice
    assert sink.per_worker[0] > 0 and sink.per_worker[1] > 0  # both sent: in parallel
