"""``make bench``: Mentor under load on this machine, end to end.

Starts the production stack (gunicorn + whitenoise, a Celery worker, a dedicated Redis, a
dedicated PostgreSQL database), seeds it once at scale (reused by later runs), warms it up,
then runs Locust headless, phase after phase:

1. probes: closed-loop clients on one page each, measured by ``wrk`` as the Moodle
   baseline was (``bench/probes.py``: realistic query mixes, every body checked, CPU per
   request from ``/proc``), the rows of Moodle's figures in ``shared/docs/benchmarks.md``
   read side by side, and SCORM commits (each acknowledgement checked in the database);
2. mixed: visitors, agents and tutors with think times (journeys in ``locustfile.py``);
3. surge: thousands of signed-in agents open the national training at its release;
4. fault: Redis is stopped in the middle of a mixed run, then started again;
5. race: 50 identical enrolment POSTs at once.

Then it checks correctness in the database (every acknowledged enrolment, SCORM commit and
completion stored exactly once, one attestation each), measures queries per request of the
main pages, a web worker's peak memory and the password hash cost, and writes
``bench/results/<date>-<commit>.json`` and ``.md``.

    python bench/run.py --help
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import probes  # noqa: E402
from bench.report import markdown  # noqa: E402
from bench.stack import (  # noqa: E402
    ROOT,
    VAR,
    Stack,
    StackConfig,
    database_ensure,
    environment,
    manage,
    peak_rss_mb,
    rss_mb,
)

LOCUST = ROOT / ".venv-bench" / "bin" / "locust"
RESULTS = ROOT / "bench" / "results"
ALL_PHASES = "probes,mixed,reporting,surge,fault,race"
LOGIN_PATH = "/compte/login/"
PASSWORD = "bench-password-2026"  # noqa: S105  (synthetic accounts of the bench database)

#: (row name, what it requests, concurrency): the Moodle rows, plus ours, measured by wrk
#: (bench/probes.py) as the Moodle baseline was.
PROBES = [
    ("home (visitor)", "home", 10),
    ("home (visitor)", "home", 50),
    ("catalogue listing (visitor)", "listing", 10),
    ("catalogue listing (visitor)", "listing", 50),
    ("search (visitor)", "search", 10),
    ("search (visitor)", "search", 50),
    ("home (signed-in agent)", "signed_in_home", 10),
    ("player page (enrolled agent)", "player", 10),
    ("player page (enrolled agent)", "player", 50),
    ("sign-in", "signin", 10),
    # Each client one learner committing one launch; every acknowledgement is checked
    # against the database afterwards (``fixtures.check_acks``).
    ("SCORM commit (enrolled agent)", "commit", 20),
]
#: Probes on Locust (row, user class, clients): none today (``CommitProbe`` was one).
LOCUST_PROBES: list[tuple[str, str, int]] = []
#: Draws from the query mixes per probe file (cycled through by the wrk threads).
MIX_DRAWS = 20_000

#: How the access log's paths map to the endpoints of the report (server-side times).
ROUTES = [
    ("GET", r"^/$", "home"),
    ("GET", r"^/formations/$", "catalogue listing / search"),
    ("GET", r"^/formations/[^/]+/$", "training sheet"),
    ("GET", r"^/mes-formations/$", "mes formations"),
    ("POST", r"^/mes-formations/sessions/\d+/inscription/$", "enrol"),
    ("GET", r"^/apprendre/\d+/$", "player resume"),
    ("GET", r"^/apprendre/\d+/\d+/$", "player page"),
    ("POST", r"^/apprendre/\d+/\d+/temps/$", "time heartbeat"),
    ("POST", r"^/apprendre/\d+/\d+/quiz/$", "quiz answers"),
    ("POST", r"^/scorm/execution/\d+/\d+/$", "SCORM commit"),
    ("GET", r"^/apprendre/tutorat/\d+/$", "tutor progress"),
    ("GET", r"^/parcours/[^/]+/$", "path page"),
    ("POST", r"^/parcours/[^/]+/inscription/$", "path enrol"),
    ("GET", r"^/compte/login/$", "sign-in form"),
    ("POST", r"^/compte/login/$", "sign-in"),
    ("GET", r"^/pilotage/$", "reporting: national or ministry dashboard"),
    ("GET", r"^/pilotage/formation/[^/]+/$", "reporting: training dashboard"),
    ("GET", r"^/api/v1/stats/overview$", "reporting API: overview"),
]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--db", default="mentor_bench", help="PostgreSQL database (created, reused)")
    p.add_argument("--port", type=int, default=8200)
    p.add_argument("--redis-port", type=int, default=6390)
    p.add_argument("--workers", type=int, default=(os.cpu_count() or 2) + 1,
                   help="gunicorn worker processes (cores + 1 measured best on 2 cores)")  # fmt: skip
    p.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (gthread)")
    p.add_argument("--agents", type=int, default=200_000)
    p.add_argument("--trainings", type=int, default=1_000)
    p.add_argument("--enrolments", type=int, default=1_000_000)
    p.add_argument("--national-learners", type=int, default=20_000)
    p.add_argument("--password-users", type=int, default=5_000)
    p.add_argument("--probe-seconds", type=int, default=30, help="probes: measured seconds")
    p.add_argument("--probe-warmup", type=int, default=10, help="probes: warm-up seconds")
    p.add_argument("--users", type=int, default=300, help="mixed run: simulated people")
    p.add_argument("--spawn-rate", type=float, default=10, help="mixed run: arrivals per second")
    p.add_argument("--duration", type=int, default=90, help="mixed run: seconds (ramp-up included)")
    p.add_argument("--surge-users", type=int, default=3_000)
    p.add_argument("--surge-spawn-rate", type=float, default=25, help="agents arriving per second")
    p.add_argument("--surge-seconds", type=int, default=150)
    p.add_argument("--fault-users", type=int, default=150)
    p.add_argument("--fault-seconds", type=int, default=45)
    p.add_argument("--reporting-users", type=int, default=8,
                   help="reporting phase: people reading dashboards, on top of --users")  # fmt: skip
    p.add_argument("--set-based", action="store_true",
                   help="seed with INSERT … SELECT (for --agents 2500000 --enrolments 10000000)")  # fmt: skip
    p.add_argument("--phases", default=ALL_PHASES,
                   help="comma-separated subset to run")  # fmt: skip
    p.add_argument("--reuse", action="store_true",
                   help="reuse the database and static files of an earlier run as they are "
                        "(no migrate, load_demo, seed_scale, collectstatic)")  # fmt: skip
    p.add_argument("--probes", default="",
                   help="probes phase: comma-separated subset of the rows' kinds "
                        "(home, listing, search, signed_in_home, player, signin, commit)")  # fmt: skip
    return p.parse_args()


def git_commit() -> str:
    try:
        return subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def log(message: str) -> None:
    print(f"[bench {datetime.now().astimezone():%H:%M:%S}] {message}", flush=True)


# --- Locust ------------------------------------------------------------------------------------


def locust(cfg: StackConfig, stack: Stack, phase: str, classes: list[str], *, users: int,
           spawn_rate: float, seconds: int, reset_stats: bool) -> dict:  # fmt: skip
    """One headless Locust run; its per-endpoint figures (client side, from Locust) and the
    server-side times of the same requests (from gunicorn's access log)."""
    folder = VAR / "locust"
    folder.mkdir(parents=True, exist_ok=True)
    acks = VAR / "acks" / phase
    acks.mkdir(parents=True, exist_ok=True)
    for old in acks.glob("*.json"):
        old.unlink()
    prefix = folder / phase
    offset = stack.access_log.stat().st_size
    load_before = os.getloadavg()
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        [
            str(LOCUST), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s",
            "--host", cfg.host, "--csv", str(prefix), "--only-summary",
            "--loglevel", "ERROR", "--stop-timeout", "15", "--exit-code-on-error", "0",
            *(["--reset-stats"] if reset_stats else []),
            *classes,
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_FIXTURES": str(VAR / "fixtures.json"), "BENCH_ACKS_DIR": str(acks)},
        stdout=(VAR / "locust.log").open("a"),
        stderr=subprocess.STDOUT,
        check=True,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    load_after = os.getloadavg()
    drained = drain(stack)
    return {
        "seconds": round(elapsed, 1),
        "load_average": {"before": _load(load_before), "after": _load(load_after)},
        "drain_seconds": drained,
        "users": users,
        "spawn_rate": spawn_rate,
        "endpoints": _locust_stats(prefix),
        "failures": _locust_failures(prefix),
        "server": server_times(stack.access_log, offset),
        "acks": _acks(acks),
    }


def _load(averages: tuple[float, float, float]) -> list[float]:
    """The machine's load average (1, 5, 15 min): other work on this machine shows here."""
    return [round(a, 2) for a in averages]


def drain(stack: Stack, quiet: float = 3, limit: float = 300) -> float:
    """Wait until the server has answered every request still queued when Locust stopped
    (its access log stops growing), so that no phase measures the previous one's backlog."""
    started = time.monotonic()
    size = -1
    while time.monotonic() - started < limit:
        current = stack.access_log.stat().st_size
        if current == size:
            break
        size = current
        time.sleep(quiet)
    return round(time.monotonic() - started, 1)


def _number(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _locust_stats(prefix: Path) -> list[dict]:
    import csv

    rows = []
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "name": row["Name"],
                    "method": row["Type"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "rps": round(_number(row["Requests/s"]) or 0, 1),
                    "p50": _number(row["50%"]),
                    "p95": _number(row["95%"]),
                    "p99": _number(row["99%"]),
                    "max": _number(row["Max Response Time"]),
                }
            )
    return rows


def _locust_failures(prefix: Path) -> list[dict]:
    import csv

    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(newline="") as handle:
        return [
            {"name": r["Name"], "error": r["Error"][:300], "count": int(r["Occurrences"])}
            for r in csv.DictReader(handle)
        ]


def _acks(folder: Path) -> dict:
    merged: dict[str, list] = defaultdict(list)
    for path in folder.glob("*.json"):
        for key, values in json.loads(path.read_text()).items():
            merged[key] += values
    return dict(merged)


def server_times(access_log: Path, offset: int) -> list[dict]:
    """Server time per endpoint (gunicorn's %(D)s: from the request read to the response
    written, queueing in the listen backlog excluded)."""
    compiled = [(m, re.compile(r), name) for m, r, name in ROUTES]
    times: dict[str, list[float]] = defaultdict(list)
    statuses: dict[str, int] = defaultdict(int)
    with access_log.open() as handle:
        handle.seek(offset)
        for line in handle:
            parts = line.split()
            if len(parts) < 4:
                continue
            method, path, status, micros = parts[0], parts[1], parts[-2], parts[-1]
            name = next((n for m, r, n in compiled if m == method and r.match(path)), None)
            if name is None:
                continue
            times[name].append(int(micros) / 1000)
            if status.startswith("5"):
                statuses[name] += 1
    result = []
    for name, values in times.items():
        values.sort()
        q = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
        result.append(
            {
                "endpoint": name,
                "requests": len(values),
                "server_5xx": statuses[name],
                "p50": round(q[49], 1),
                "p95": round(q[94], 1),
                "p99": round(q[98], 1),
            }
        )
    return sorted(result, key=lambda r: -r["requests"])


# --- phases ----------------------------------------------------------------------------------


def warm_up(cfg: StackConfig, fixtures: dict) -> None:
    urls = ["/", "/formations/", "/formations/?q=climat"]
    urls += [f"/formations/?collection={c}" for c in fixtures["collections"]]
    urls += [f"/formations/{slug}/" for slug in fixtures["trainings"][:50]]
    urls += [f"/formations/?q={quote(term)}" for term in fixtures["search_terms"]]

    def fetch(url: str) -> None:
        try:
            with urllib.request.urlopen(cfg.host + url, timeout=30) as response:  # noqa: S310
                response.read()
        except urllib.error.URLError:
            pass

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(fetch, urls * 3))


def probe_requests(kind: str, fixtures: dict) -> tuple[list[str], str]:
    """The request lines of a probe row and the word its pages must contain."""
    national = fixtures["national"]

    def signed_in(path) -> list[str]:
        return [
            f"{path(p)}\tsessionid={p['cookie']}; csrftoken={p['csrf']}\t{p['name']}"
            for p in fixtures["signed_in"]
        ]

    if kind == "home":
        return ["/"], probes.EXPECT["home"]
    if kind == "listing":
        mix = probes.listing_mix(fixtures["collections"])
        return probes.zipf_draw(mix, MIX_DRAWS), probes.EXPECT["listing"]
    if kind == "search":
        return probes.zipf_draw(probes.search_mix(), MIX_DRAWS), probes.EXPECT["listing"]
    if kind == "signed_in_home":
        return signed_in(lambda p: "/"), ""
    if kind == "player":
        activities = national["page_activities"]
        return signed_in(
            lambda p: f"/apprendre/{p['enrolment']}/{activities[p['enrolment'] % len(activities)]}/"
        ), probes.EXPECT["player"]
    if kind == "signin":
        return [LOGIN_PATH], probes.EXPECT["signin"]
    if kind == "commit":
        return [
            f"{p['enrolment']}\tsessionid={p['cookie']}\t{p['csrf']}" for p in fixtures["signed_in"]
        ], ""
    raise ValueError(kind)


def probe_phase(cfg: StackConfig, stack: Stack, fixtures: dict, args) -> list[dict]:
    """The Moodle rows by wrk, then the Locust-only probes, each with its CPU split."""
    meter = probes.CpuMeter(
        app=[stack.processes["web"].pid, stack.processes["worker"].pid],
        redis=[stack.processes["redis"].pid],
        database=cfg.db,
    )
    chosen = set(filter(None, args.probes.split(",")))
    rows = []
    for row, kind, connections in PROBES:
        if chosen and kind not in chosen:
            continue
        log(f"probe (wrk): {row}, {connections} connections, "
            f"{args.probe_warmup}s + {args.probe_seconds}s")  # fmt: skip
        lines, expect = probe_requests(kind, fixtures)
        accounts = (
            [(a["email"], fixtures["password"]) for a in fixtures["accounts"]]
            if kind == "signin"
            else None
        )
        run = probes.probe(
            cfg.host, VAR / "wrk", f"{kind}-{connections}", lines=lines,
            connections=connections, meter=meter, expect=expect, accounts=accounts,
            commit_activity=fixtures["national"]["scorm_activity"] if kind == "commit" else None,
            warmup=args.probe_warmup, seconds=args.probe_seconds,
        )  # fmt: skip
        drain(stack)
        rows.append({"row": row, "concurrency": connections, **run})
    for row, cls, users in LOCUST_PROBES:
        if chosen and cls not in chosen:
            continue
        log(f"probe (Locust): {row}, {users} clients, {args.probe_seconds}s")
        before = meter.read()
        run = locust(cfg, stack, f"probe-{cls}-{users}", [cls], users=users,
                     spawn_rate=users, seconds=args.probe_seconds, reset_stats=True)  # fmt: skip
        after = meter.read()
        cpu = {k: round(after[k] - before[k], 2) for k in after}
        endpoint = next((e for e in run["endpoints"] if e["name"] == row), None) or {}
        done = endpoint.get("requests") or 0
        run["tool"] = "locust"
        run["cpu_seconds"] = cpu
        total = cpu["app"] + cpu["postgresql"] + cpu["redis"]
        run["cpu_ms_per_unit"] = {
            k: probes._per(v, done) for k, v in (cpu | {"total": total}).items()
        }
        rows.append({"row": row, "concurrency": users, **run})
    return rows


def race(cfg: StackConfig, fixtures: dict, checks) -> dict:
    """50 identical enrolment POSTs of one agent at the same instant."""
    person = fixtures["racer"]
    session_id = checks.race_session(email=person["email"], open_sessions=fixtures["open_sessions"])
    before = checks.race_state(email=person["email"], session_id=session_id)
    barrier = threading.Barrier(50)

    def post(_i: int) -> int:
        request = urllib.request.Request(  # noqa: S310
            f"{cfg.host}/mes-formations/sessions/{session_id}/inscription/",
            data=b"",
            method="POST",
            headers={
                "Cookie": f"sessionid={person['cookie']}; csrftoken={person['csrf']}",
                "X-CSRFToken": person["csrf"],
                "X-Forwarded-For": "10.200.0.1",
            },
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    urllib.request.install_opener(urllib.request.build_opener(NoRedirect()))
    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(post, range(50)))
    after = checks.race_state(email=person["email"], session_id=session_id)
    ok = (
        after["enrolments"] == 1
        and after["active"] == 1
        and after["events"] == before["events"] + 1
        and after["seats_taken"] == before["seats_taken"] + 1
        and all(s == 302 for s in statuses)
    )
    return {"statuses": dict(sorted({s: statuses.count(s) for s in statuses}.items())),
            "before": before, "after": after, "ok": ok}  # fmt: skip


def fault(cfg: StackConfig, stack: Stack, seconds: int, users: int) -> dict:
    """A mixed run during which Redis is stopped for a third of the time."""
    events: list[str] = []

    def outage() -> None:
        time.sleep(seconds / 3)
        stack.redis_stop()
        events.append(f"Redis stopped at {seconds / 3:.0f}s")
        time.sleep(seconds / 3)
        stack.redis_start()
        events.append(f"Redis started again at {2 * seconds / 3:.0f}s")

    thread = threading.Thread(target=outage)
    thread.start()
    result = locust(cfg, stack, "fault", ["Agent", "Visitor"], users=users,
                    spawn_rate=users, seconds=seconds, reset_stats=False)  # fmt: skip
    thread.join()
    result["events"] = events
    return result


def hr_export(cfg: StackConfig, stack: Stack, fixtures: dict) -> dict:
    """The HR export of the reporting ministry (the one with the most agents) for the last
    12 months, streamed by the API to its referent as a client downloads it: lines, seconds,
    and the web workers' resident memory sampled every 0.1 s meanwhile (the serving worker's
    must not grow with the file)."""
    r = fixtures["reporting"]
    end = datetime.now().astimezone().date()
    start = end - timedelta(days=365)
    path = f"/api/v1/stats/hr-export?scope={r['ministry']}&start={start}&end={end}"
    pids = stack.web_worker_pids()
    before = {pid: rss_mb(pid) or 0.0 for pid in pids}
    peak = dict(before)
    streaming = threading.Event()
    streaming.set()

    def sample() -> None:
        while streaming.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_mb(pid) or 0.0)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    request = urllib.request.Request(  # noqa: S310
        cfg.host + path, headers={"Authorization": f"Bearer {r['referent_token']}"}
    )
    newlines, size, first_byte, status, error = 0, 0, None, None, ""
    load_before = os.getloadavg()
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310
            status = response.status
            while chunk := response.read(1 << 16):
                if first_byte is None:
                    first_byte = time.monotonic() - started
                newlines += chunk.count(b"\n")
                size += len(chunk)
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (OSError, http.client.HTTPException) as exc:  # cut off mid-stream
        error = f"{type(exc).__name__}: {exc}"[:300]
    elapsed = time.monotonic() - started
    streaming.clear()
    sampler.join()
    growth = {pid: peak[pid] - before[pid] for pid in pids}
    serving = max(growth, key=growth.get) if growth else None
    return {
        "ministry": r["ministry"],
        "period": [start.isoformat(), end.isoformat()],
        "status": status,
        "error": error,
        "lines": max(newlines - 1, 0),  # the header
        "mib": round(size / 2**20, 1),
        "seconds": round(elapsed, 1),
        "first_byte_seconds": round(first_byte, 2) if first_byte is not None else None,
        "lines_per_second": round(max(newlines - 1, 0) / elapsed) if elapsed else None,
        "serving_worker_rss_mb": {
            "before": round(before[serving], 1),
            "peak": round(peak[serving], 1),
            "growth": round(growth[serving], 1),
        }
        if serving
        else None,
        "load_average": {"before": _load(load_before), "after": _load(os.getloadavg())},
    }


# --- main --------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    phases = set(args.phases.split(","))
    if not LOCUST.exists():
        sys.exit(f"{LOCUST} is missing: run `make bench` (it installs Locust in .venv-bench)")
    cfg = StackConfig(
        db=args.db,
        port=args.port,
        redis_port=args.redis_port,
        workers=args.workers,
        threads=args.threads,
    )
    env = environment(cfg)
    os.environ.update(env)
    VAR.mkdir(parents=True, exist_ok=True)
    setup_log = VAR / "setup.log"
    started = time.monotonic()
    results: dict = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "config": vars(args),
    }

    log(f"database {cfg.db}: {'created' if database_ensure(cfg) else 'reused'}")
    stack = Stack(cfg, env)
    stack.redis_start()
    stack.redis().flushall()
    try:
        seed = {}
        if not args.reuse:
            seed["migrate"] = manage(env, "migrate", "--no-input", "-v", "0", log=setup_log)
            seed["load_demo"] = manage(env, "load_demo", log=setup_log)
            log("seeding at scale (reused when already there)...")
        seed["seed_scale"] = 0.0 if args.reuse else manage(
            env, "seed_scale",
            "--agents", str(args.agents), "--trainings", str(args.trainings),
            "--enrolments", str(args.enrolments), "--national-learners", str(args.national_learners),
            "--password-users", str(args.password_users), "--password", PASSWORD,
            *(["--set-based"] if args.set_based else []),
            log=setup_log,
        )  # fmt: skip
        if not args.reuse:
            manage(env, "collectstatic", "--no-input", "-v", "0", log=setup_log)
        results["setup_seconds"] = {k: round(v, 1) for k, v in seed.items()}
        log(f"setup done in {sum(seed.values()):.0f}s")

        import django

        django.setup()
        from bench import fixtures as checks

        results["data"] = checks.data_counts()
        fixtures = checks.prepare(
            password=PASSWORD, password_users=args.password_users, surge_users=args.surge_users
        )
        (VAR / "fixtures.json").write_text(json.dumps(fixtures))
        results["campaign_mail_marked_sent"] = checks.campaign_mail_as_sent()
        results["vacuum"] = checks.vacuum_analyze()
        log(f"VACUUM (ANALYZE) in {results['vacuum']['seconds']}s "
            f"(autovacuum: {results['vacuum']['autovacuum']})")  # fmt: skip
        from django.db import connection

        connection.close()

        stack.worker_start()
        stack.web_start()
        log(f"stack up: gunicorn ({cfg.workers} workers) on {cfg.host}, Redis :{cfg.redis_port}")
        warm_up(cfg, fixtures)
        results["phases"] = {}
        if "probes" in phases:
            results["probes"] = probe_phase(cfg, stack, fixtures, args)
        if "mixed" in phases:
            log(f"mixed: {args.users} people (visitors 6 : agents 3 : tutors 1), {args.duration}s")
            results["phases"]["mixed"] = locust(
                cfg, stack, "mixed", ["Visitor", "Agent", "Tutor"], users=args.users,
                spawn_rate=args.spawn_rate, seconds=args.duration, reset_stats=True,
            )  # fmt: skip
            results["phases"]["mixed"]["note"] = (
                "Locust's figures from the moment every person has arrived (steady state); "
                "server times include the ramp-up."
            )
        if "reporting" in phases:
            os.environ["BENCH_REPORTING_USERS"] = str(args.reporting_users)
            log(f"reporting: {args.reporting_users} people on the dashboards and the API, "
                f"under the mixed load of {args.users} people, {args.duration}s")  # fmt: skip
            results["phases"]["reporting"] = locust(
                cfg, stack, "reporting", ["Visitor", "Agent", "Tutor", "ReportingViewer"],
                users=args.users + args.reporting_users, spawn_rate=args.spawn_rate,
                seconds=args.duration, reset_stats=True,
            )  # fmt: skip
            results["phases"]["reporting"]["note"] = (
                "Targets at 2.5 M agents: p95 < 1 s per dashboard, < 300 ms for the API."
            )
            log("reporting: HR export of the largest ministry, last 12 months (API, streamed)")
            results["hr_export"] = hr_export(cfg, stack, fixtures)
        if "surge" in phases:
            log(f"surge: {args.surge_users} agents open the national training "
                f"({args.surge_spawn_rate:.0f} arrivals/s), {args.surge_seconds}s")  # fmt: skip
            results["phases"]["surge"] = locust(
                cfg, stack, "surge", ["SurgeAgent"], users=args.surge_users,
                spawn_rate=args.surge_spawn_rate, seconds=args.surge_seconds, reset_stats=False,
            )  # fmt: skip
        if "fault" in phases:
            log(
                f"fault: {args.fault_users} people, Redis stopped in the middle, {args.fault_seconds}s"
            )
            results["phases"]["fault"] = fault(cfg, stack, args.fault_seconds, args.fault_users)
        if "race" in phases:
            log("race: 50 identical enrolment POSTs at once")
            results["race"] = race(cfg, fixtures, checks)

        log("waiting for the Celery queue to drain...")
        deadline = time.monotonic() + 180
        while stack.queue_length() > 0 and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(3)  # the task in hand
        acks: dict[str, list] = defaultdict(list)
        for run in [*results.get("probes", []), *results["phases"].values()]:
            for key, values in run.pop("acks", {}).items():
                acks[key] += values
        for key in ("enrolments", "sent", "commits", "retried", "completions"):
            acks.setdefault(key, [])
        results["correctness"] = checks.check_acks(fixtures, acks)
        results["queries_per_request"] = checks.queries_per_request(fixtures)
        hash_seconds = checks.password_check_seconds()
        results["sign_in"] = {
            "argon2id_check_ms": round(hash_seconds * 1000, 1),
            "ceiling_per_second": round((os.cpu_count() or 1) / hash_seconds, 1),
        }
        rss = {pid: peak_rss_mb(pid) for pid in stack.web_worker_pids()}
        results["peak_rss_mb"] = {
            "web_worker_max": round(max((v for v in rss.values() if v), default=0), 1),
            "web_workers": [round(v, 1) for v in rss.values() if v],
            "celery_worker": round(peak_rss_mb(stack.processes["worker"].pid) or 0, 1),
        }
    finally:
        stack.stop()
    results["total_seconds"] = round(time.monotonic() - started)
    write(results)


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{datetime.now().astimezone():%Y-%m-%d}-{results['commit']}"
    phases = results["config"]["phases"]
    if phases != ALL_PHASES:  # a partial run never overwrites the full one
        stem += "-" + phases.replace(",", "+")
    if results["config"].get("probes"):
        stem += "-" + results["config"]["probes"].replace(",", "+")
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    table = markdown(results)
    (RESULTS / f"{stem}.md").write_text(table)
    print(table)
    log(f"results: bench/results/{stem}.json and .md ({results['total_seconds']}s in all)")


if __name__ == "__main__":
    main()
