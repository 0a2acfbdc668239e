"""The campaigns' opening e-mails sent by 1 then 2 real Celery workers (solo pool, Redis,
a queue of their own) to the local SMTP sink (aiosmtpd, in this process), on PostgreSQL:
e-mails per second from the first message to the last, and that nobody got two.
A smaller run than ``campaign_scale.py`` (no seeded country, no web under load).

    python bench/campaign_send_rate.py --db mentor_campaigns --people 4000

Throttle off (``PRESCRIPTIONS_EMAIL_INTERVAL=0``), batches of 200, one chain per worker.
"""

import argparse
import json
import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stack import solo_worker  # noqa: E402


class Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.first = self.last = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        now = time.monotonic()
        with self.lock:
            self.first = self.first or now
            self.last = now
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt.lower()] += 1
        return "250 OK"


def run(workers: int, people: int, env: dict) -> dict:
    from aiosmtpd.controller import Controller  # noqa: PLC0415
    from django.db.models import Q  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from mentor.accounts.models import User  # noqa: PLC0415
    from mentor.prescriptions.models import Assignment, Campaign  # noqa: PLC0415
    from mentor.prescriptions.services import assignments_create  # noqa: PLC0415
    from tests.factories import EntityFactory, TrainingFactory  # noqa: PLC0415

    tag = uuid.uuid4().hex[:8]
    entity = EntityFactory(slug=f"bench-{tag}")
    User.objects.bulk_create(
        [User(email=f"b{tag}.{i}@bench.gouv.fr", entity=entity) for i in range(people)],
        batch_size=2000,
    )
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        title=f"Bench {tag}",
        training=TrainingFactory(slug=f"bench-{tag}", title=f"Bench {tag}"),
        starts_on=today,
        due_on=today + timezone.timedelta(days=30),
        state="open",
    )
    campaign.entities.set([entity])
    if assignments_create(campaign=campaign, source="opening") != people:
        raise SystemExit("the population was not assigned")

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=int(env["EMAIL_PORT"]))
    controller.start()
    queue = f"bench-presc-{tag}"
    wenv = {**env, "CELERY_TASK_DEFAULT_QUEUE": queue, "PRESCRIPTIONS_EMAIL_CHAINS": "1"}
    procs = [solo_worker(wenv, queue, name=f"{queue}-{i}") for i in range(workers)]
    try:
        time.sleep(8)  # both started; their start-up resume queues one chain each
        pending = Q(opening_sent_at__isnull=True)
        deadline = time.monotonic() + 900
        while (
            Assignment.objects.filter(pending, campaign=campaign).exists()
            and time.monotonic() < deadline
        ):
            time.sleep(0.5)
        time.sleep(1)
    finally:
        for proc in procs:
            os.killpg(proc.pid, 15)
            proc.wait(timeout=30)
        controller.stop()
    mine = {k: v for k, v in sink.received.items() if k.startswith(f"b{tag}.")}
    seconds = sink.last - sink.first
    return {
        "workers": workers,
        "people": people,
        "received": sum(mine.values()),
        "max_per_person": max(mine.values(), default=0),
        "seconds": round(seconds, 2),
        "emails_per_second": round(sum(mine.values()) / seconds, 1) if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="mentor_campaigns")
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--port", type=int, default=2526)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mentor.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
        "REDIS_URL": args.redis,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(args.port),
        "PRESCRIPTIONS_EMAIL_BATCH": "200",
        "PRESCRIPTIONS_EMAIL_INTERVAL": "0",
    }
    os.environ.update(env)
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    import django  # noqa: PLC0415

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command log
    results = [run(workers, args.people, env) for workers in (1, 2)]
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
