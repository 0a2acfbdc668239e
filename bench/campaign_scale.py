"""A national mandatory campaign opened to every agent of a large database (``seed_scale``
at 2.5 M agents), on the production stack: gunicorn, one real Celery worker on a Redis of
its own, mail to a local SMTP sink (``bench/smtp_sink.py``). Measures:

- the assignment (``INSERT … SELECT`` of the whole population) and the worker's peak memory;
- the web while it runs and while the e-mails go: ``wrk`` on the signed-in home page (an
  agent's: it reads their prescriptions) and on the campaign's page (its follow-up);
- the e-mail rate over a window (sending 2.5 M takes hours at a throttled rate: the window
  is measured and the total extrapolated);
- a worker killed (SIGKILL, whole process group) in the middle of the sending, then
  started again: how long until sending resumes, and that nobody got two e-mails (every
  line the sink received, counted per address, against the rows marked sent).

    python bench/campaign_scale.py --db mentor_presc_scale

The database must be migrated to this code (the script runs ``migrate`` and times it).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.stack import ROOT, VAR, VENV_BIN, Stack, StackConfig, environment, manage  # noqa: E402

SETUP = """
import json
from django.conf import settings
from django.test import Client
from mentor.accounts.models import User
from mentor.catalog.models import Training
admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
if admin is None:
    admin = User.objects.create_superuser(email="presc.scale@fonction-publique.gouv.fr")
agent = User.objects.filter(entity__isnull=False, is_active=True, is_superuser=False,
                            email__startswith="scale").order_by("pk").first()
training = (Training.objects.filter(slug="scale-national").first()
            or Training.objects.filter(state="published").order_by("pk").first())
cookies = {}
for name, user in (("admin", admin), ("agent", agent)):
    client = Client()
    client.force_login(user)
    cookies[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
print("RESULT " + json.dumps({
    "admin": admin.pk, "agent": agent.pk, "training": training.pk,
    "cookie_name": settings.SESSION_COOKIE_NAME, "cookies": cookies,
    "agents": User.objects.filter(entity__isnull=False, is_active=True).count(),
}))
"""

CREATE = """
import json, time, datetime
from django.utils import timezone
from mentor.accounts.models import User
from mentor.catalog.models import Training
from mentor.organisations.models import Entity
from mentor.prescriptions.services import campaign_create
today = timezone.localdate()
started = time.time()
campaign = campaign_create(
    actor=User.objects.get(pk={admin}),
    title="Transition écologique — socle commun (toute la fonction publique)",
    training=Training.objects.get(pk={training}),
    kind="mandatory",
    message="Formation obligatoire pour tous les agents de l'État.",
    starts_on=today,
    due_on=today + datetime.timedelta(days=90),
    entities=list(Entity.objects.filter(parent__isnull=True)),
    listed_user_ids=[],
)
print("RESULT " + json.dumps({{"campaign": campaign.pk, "created": started}}))
"""

CLOSE = """
from mentor.accounts.models import User
from mentor.prescriptions.models import Campaign
from mentor.prescriptions.services import campaign_close
campaign_close(actor=User.objects.get(pk={admin}), campaign=Campaign.objects.get(pk={campaign}))
print("RESULT {{}}")
"""


def shell(env: dict, code: str) -> dict:
    out = subprocess.run(  # noqa: S603
        [str(VENV_BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def psql(db: str, sql: str) -> str:
    return subprocess.run(  # noqa: S603
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql, db],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def campaign_state(db: str, campaign: int) -> str:
    return psql(db, f"SELECT state FROM prescriptions_campaign WHERE id = {int(campaign)}")  # noqa: S608


def assignments(db: str, campaign: int, *, sent: bool = False) -> int:
    extra = " AND opening_sent_at IS NOT NULL" if sent else ""
    sql = f"SELECT count(*) FROM prescriptions_assignment WHERE campaign_id = {int(campaign)}"  # noqa: S608
    return int(psql(db, sql + extra))


def wrk(url: str, cookie: str, *, seconds: int = 30, connections: int = 10) -> dict:
    """Closed loop, 2 threads: requests per second, latency percentiles, errors."""
    out = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s",
            "-H", f"Cookie: {cookie}", url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for pct in ("50", "90", "99"):
        match = re.search(rf"\s{pct}%\s+([\d.]+\w+)", out)
        result[f"p{pct}_ms"] = round(ms(match.group(1)), 1) if match else None
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    result["socket_errors"] = errors.group(1) if errors else ""
    return result


class Sink:
    def __init__(self, path: Path, port: int) -> None:
        self.path = path
        path.write_text("")
        self.process = subprocess.Popen(  # noqa: S603
            [str(VENV_BIN / "python"), "bench/smtp_sink.py", "--port", str(port),
             "--out", str(path)],
            cwd=ROOT,
        )  # fmt: skip
        time.sleep(1.5)

    def lines(self) -> int:
        with self.path.open("rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


class Memory:
    """Peak resident memory (VmHWM) of the worker's processes, polled."""

    def __init__(self) -> None:
        self.peak_kb = 0

    def poll(self, root_pid: int) -> None:
        pids = [root_pid]
        children = Path(f"/proc/{root_pid}/task/{root_pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                self.peak_kb = max(self.peak_kb, int(match.group(1)))


def worker_kill(stack: Stack) -> None:
    process = stack.processes.pop("worker")
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    for pid in [process.pid, *pids]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait(timeout=10)


def main() -> None:  # noqa: PLR0915  (one scenario, step by step)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="mentor_presc_scale")
    parser.add_argument("--port", type=int, default=8231)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--smtp-port", type=int, default=2531)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument(
        "--campaign",
        type=int,
        help="measure the sending of this already opened campaign (reopened, its e-mails "
        "resumed by the starting worker) instead of opening a new one",
    )
    parser.add_argument("--send-before-kill", type=int, default=150, help="seconds")
    parser.add_argument("--down", type=int, default=20, help="seconds without a worker")
    parser.add_argument("--send-after-restart", type=int, default=120, help="seconds")
    args = parser.parse_args()

    cfg = StackConfig(
        db=args.db, port=args.port, redis_port=args.redis_port, workers=args.web_workers
    )
    env = {
        **environment(cfg),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(args.smtp_port),
        "SESSION_IDLE_TIMEOUT": "86400",  # wrk reuses one session for minutes
    }
    log = VAR / "campaign-scale.log"
    VAR.mkdir(parents=True, exist_ok=True)
    results: dict = {"db": args.db, "when": datetime.now(UTC).isoformat(timespec="seconds")}

    def note(key: str, value) -> None:
        results[key] = value
        print(f"{datetime.now(UTC):%H:%M:%S} {key}: {json.dumps(value)}", flush=True)

    note("migrate_s", round(manage(env, "migrate", "--no-input", log=log), 1))
    manage(env, "collectstatic", "--no-input", "-v", "0", log=log)
    stack = Stack(cfg, env)
    sink = Sink(VAR / "sink.txt", args.smtp_port)
    memory = Memory()
    try:
        stack.redis_start()
        stack.redis().flushall()
        stack.web_start()
        setup = shell(env, SETUP)
        note("agents", setup["agents"])
        cookie = {k: f"{setup['cookie_name']}={v}" for k, v in setup["cookies"].items()}
        home = f"{cfg.host}/"
        note("home_idle", wrk(home, cookie["agent"], seconds=20))

        stop_polling = threading.Event()

        def poll_memory() -> None:
            while not stop_polling.is_set():
                worker = stack.processes.get("worker")
                if worker is not None:
                    memory.poll(worker.pid)
                time.sleep(0.5)

        if args.campaign:
            campaign = args.campaign
            psql(args.db, f"UPDATE prescriptions_campaign SET state = 'open' WHERE id = {campaign}")  # noqa: S608
            psql(args.db, "ANALYZE prescriptions_assignment")
            page = f"{cfg.host}/prescriptions/{campaign}/"
            note("campaign", campaign)
            stack.worker_start()  # resumes the unfinished sending as it starts
            threading.Thread(target=poll_memory, daemon=True).start()
            opened = time.time()
        else:
            stack.worker_start()
            time.sleep(5)
            created = shell(env, CREATE.format(admin=setup["admin"], training=setup["training"]))
            campaign = created["campaign"]
            page = f"{cfg.host}/prescriptions/{campaign}/"
            note("campaign", campaign)
            # The opening: the web measured meanwhile, the worker's memory polled.
            during_open = []
            threading.Thread(target=poll_memory, daemon=True).start()
            while campaign_state(args.db, campaign) != "open":
                if len(during_open) < 4:
                    during_open.append(wrk(home, cookie["agent"], seconds=15))
                else:
                    time.sleep(1)
            opened = time.time()
            note("assignment_s", round(opened - created["created"], 1))
            note("home_during_opening", during_open)
            note("worker_peak_rss_mb_opening", round(memory.peak_kb / 1024))
        note("assigned", assignments(args.db, campaign))
        sent_before = assignments(args.db, campaign, sent=True)
        started = time.monotonic()
        t0 = time.monotonic()
        page_start = time.monotonic()
        subprocess.run(  # noqa: S603
            ["curl", "-s", "-o", "/dev/null", "-H", f"Cookie: {cookie['admin']}", page],  # noqa: S607
            check=True,
        )
        note("campaign_page_first_s", round(time.monotonic() - page_start, 2))

        # Sending: its rate, and the web meanwhile.
        while sink.lines() == 0 and time.monotonic() - t0 < 120:
            time.sleep(1)
        note("first_email_after_open_s", round(time.time() - opened, 1))
        first_count, first_at = sink.lines(), time.monotonic()
        note("home_during_sending", wrk(home, cookie["agent"]))
        note("campaign_page_during_sending", wrk(page, cookie["admin"], connections=4))
        remaining = args.send_before_kill - (time.monotonic() - started)
        if remaining > 0:
            time.sleep(remaining)
        before_kill = sink.lines()
        rate = (before_kill - first_count) / (time.monotonic() - first_at)
        note("emails_before_kill", before_kill)
        note("email_rate_per_s", round(rate, 1))

        # Kill the worker mid-send, leave it down, start another.
        worker_kill(stack)
        note("worker_peak_rss_mb", round(memory.peak_kb / 1024))
        killed_at = sink.lines()
        time.sleep(args.down)
        note("emails_while_down", sink.lines() - killed_at)
        restart = time.monotonic()
        stack.worker_start()
        base = sink.lines()
        while sink.lines() == base and time.monotonic() - restart < 300:
            time.sleep(0.5)
        note("resumed_after_restart_s", round(time.monotonic() - restart, 1))
        resumed_count, resumed_at = sink.lines(), time.monotonic()
        time.sleep(args.send_after_restart)
        note(
            "email_rate_after_restart_per_s",
            round((sink.lines() - resumed_count) / (time.monotonic() - resumed_at), 1),
        )

        # Stop the sending (the campaign is closed: the chain ends after its batch), count.
        shell(env, CLOSE.format(admin=setup["admin"], campaign=campaign))
        last, quiet_since = sink.lines(), time.monotonic()
        while time.monotonic() - quiet_since < 15:
            time.sleep(1)
            if sink.lines() != last:
                last, quiet_since = sink.lines(), time.monotonic()
        stop_polling.set()
        marked = assignments(args.db, campaign, sent=True)
        per_address = Counter(
            line.split(" ", 1)[1] for line in sink.path.read_text().splitlines() if line
        )
        note("emails_received", sum(per_address.values()))
        note("addresses_received", len(per_address))
        note("addresses_received_twice_or_more", sum(1 for n in per_address.values() if n > 1))
        note("marked_sent", marked - sent_before)
        note("marked_sent_not_received", marked - sent_before - len(per_address))
        total = results["assigned"]
        note("extrapolated_hours_for_all", round(total / max(rate, 0.1) / 3600, 2))
    finally:
        stack.stop()
        sink.stop()
        out = ROOT / "bench" / "results" / f"campaign-scale-{datetime.now(UTC):%Y-%m-%d}.json"
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"written: {out}")


if __name__ == "__main__":
    main()
