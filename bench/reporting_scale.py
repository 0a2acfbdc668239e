"""The reporting pages at scale, one request at a time: each dashboard (national, a
ministry's, a training's), the dashboard with each filter (period, entity, training text),
and the overview API, first uncached (the cache emptied before each request: the figures
computed from the rollups and the live tables) then cached, p50 and p95 of the response
time (client side, on the same machine). Against a database seeded by ``seed_scale --set-based``, on
the production stack of ``make bench`` (gunicorn, Redis, DEBUG off).

    .venv/bin/python -m bench.reporting_scale --db mentor_dash --port 8297 --redis-port 6497

With ``--swr`` (and one Celery worker), the stale-while-revalidate scenario instead: the
first request ever, the wait for the worker, cached reads, and the reads right after the
rollups' watermark moves (``swr_case``).

Prints a JSON document (and writes it with ``--out``).
"""

import argparse
import json
import os
import socket
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from bench.stack import VAR, Stack, StackConfig, environment, manage


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the sign-in page) is a failure here, not followed


OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(cfg: StackConfig, path: str, headers: dict) -> tuple[int, int]:
    request = urllib.request.Request(cfg.host + path, headers=headers)  # noqa: S310
    try:
        with OPENER.open(request, timeout=300) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, 0


def measure(cfg, stack, path, headers, *, runs: int, flush: bool) -> dict:
    times, statuses = [], set()
    for _ in range(runs):
        if flush:
            stack.redis().flushdb()
        started = time.monotonic()
        status, size = fetch(cfg, path, headers)
        times.append(1000 * (time.monotonic() - started))
        statuses.add(status)
    return {
        "runs": runs,
        "status": sorted(statuses),
        "p50_ms": round(statistics.median(times)),
        "p95_ms": round(percentile(times, 0.95)),
        "max_ms": round(max(times)),
        "bytes": size,
    }


def probe(cfg: StackConfig, path: str, headers: dict) -> tuple[int, float, str]:
    """One request: status, time (ms, client side), body."""
    request = urllib.request.Request(cfg.host + path, headers=headers)  # noqa: S310
    started = time.monotonic()
    try:
        with OPENER.open(request, timeout=300) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, ""
    return status, 1000 * (time.monotonic() - started), body


def state_of(status: int, body: str) -> str:
    """What a reader got: the pending page (or the API's 202), the last figures (stale,
    the page says so; the API does not), or fresh figures."""
    if status == 202 or 'data-testid="pending"' in body:
        return "pending"
    if 'data-testid="stale"' in body:
        return "stale"
    return "figures" if status == 200 else f"error {status}"


def summary(samples: list[tuple[int, float, str]]) -> dict:
    times = [ms for _, ms, _ in samples]
    return {
        "runs": len(samples),
        "states": sorted({state_of(status, body) for status, _, body in samples}),
        "p50_ms": round(statistics.median(times)),
        "p95_ms": round(percentile(times, 0.95)),
        "max_ms": round(max(times)),
    }


def wait_until(cfg, path, headers, done, *, limit: float = 900) -> float:
    """Seconds until a reader's answer satisfies ``done(state)`` (asked every 2 s)."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, _, body = probe(cfg, path, headers)
        if done(state_of(status, body)):
            return round(time.monotonic() - started, 1)
        time.sleep(2)
    return -1.0


def swr_case(cfg, stack, path, headers, *, runs: int, move_watermark) -> dict:
    """Stale-while-revalidate with one Celery worker: the first request ever (the cache
    emptied), the wait until the worker computed the figures, cached reads, then the
    rollups' watermark moves (an incremental refresh, as the beat job does every 15
    minutes): the reads right after, and the wait until the new figures are there."""
    stack.redis().flushdb()
    first = [probe(cfg, path, headers)]
    computed_s = wait_until(cfg, path, headers, lambda state: state == "figures")
    cached = [probe(cfg, path, headers) for _ in range(runs)]
    move_watermark()
    after_move = [probe(cfg, path, headers) for _ in range(runs)]
    # The page says "stale" until the worker is done; the API cannot tell: its wait is
    # the page's (same worker), not measured here.
    fresh_s = (
        wait_until(cfg, path, headers, lambda state: state == "figures")
        if "/api/" not in path
        else None
    )
    return {
        "path": path,
        "load": round(os.getloadavg()[0], 1),
        "first_request_ever": summary(first),
        "worker_computed_after_s": computed_s,
        "cached": summary(cached),
        "after_watermark_move": summary(after_move),
        "new_figures_after_s": fresh_s,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--db", default="mentor_dash")
    p.add_argument("--port", type=int, default=8297)
    p.add_argument("--redis-port", type=int, default=6497)
    p.add_argument("--workers", type=int, default=3)
    p.add_argument("--uncached", type=int, default=5, help="uncached requests per page")
    p.add_argument("--cached", type=int, default=20, help="cached requests per page")
    p.add_argument("--only", default="", help="comma-separated case names")
    p.add_argument("--out", default="")
    p.add_argument(
        "--swr",
        action="store_true",
        help="stale-while-revalidate scenario with one Celery worker (see swr_case)",
    )
    args = p.parse_args()
    cfg = StackConfig(db=args.db, port=args.port, redis_port=args.redis_port, workers=args.workers)
    for port in (cfg.port, cfg.redis_port):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"port {port} is taken (another stack?): choose free ports")
    env = environment(cfg)
    os.environ.update(env)
    # The pages name hashed static files: their manifest must exist (as ``make bench`` does).
    manage(env, "collectstatic", "--no-input", "-v", "0", log=VAR / "reporting-scale.log")
    stack = Stack(cfg, env)
    stack.redis_start()
    try:
        import django

        django.setup()
        from django.db import connection
        from django.utils import timezone

        from bench.fixtures import _reporting
        from mentor.catalog.models import Training

        training = Training.objects.filter(slug__startswith="scale-0").order_by("slug").first()
        r = _reporting([training.slug])
        connection.close()
        stack.web_start()
        if args.swr:
            stack.worker_start()

        def cookies(person):
            return {"Cookie": f"sessionid={person['cookie']}; csrftoken={person['csrf']}"}

        admin, referent = cookies(r["admin"]), cookies(r["referent"])
        today = timezone.localdate()
        quarter = f"start={today - timedelta(days=89)}&end={today}"
        title = urllib.parse.quote(training.title)
        cases = {
            "national": ("/pilotage/", admin),
            "ministry (referent)": ("/pilotage/", referent),
            "training": (f"/pilotage/formation/{training.slug}/", admin),
            "national, period filter (90 days)": (f"/pilotage/?{quarter}", admin),
            "national, entity filter": (f"/pilotage/?entity={r['ministry']}", admin),
            "national, training text filter": (f"/pilotage/?training={title}", admin),
            "API overview national": (
                "/api/v1/stats/overview?scope=national",
                {"Authorization": f"Bearer {r['admin_token']}"},
            ),
            "API overview ministry": (
                f"/api/v1/stats/overview?scope={r['ministry']}",
                {"Authorization": f"Bearer {r['referent_token']}"},
            ),
        }

        def move_watermark() -> None:
            from mentor.reporting.rollups import rollups_refresh  # noqa: PLC0415

            rollups_refresh()
            connection.close()

        only = [c for c in args.only.split(",") if c]
        results = {"ministry": r["ministry"], "training": training.slug, "cases": {}}
        for name, (path, headers) in cases.items():
            if only and name not in only:
                continue
            if args.swr:
                results["cases"][name] = swr_case(
                    cfg, stack, path, headers, runs=args.cached, move_watermark=move_watermark
                )
                print(name, json.dumps(results["cases"][name]), file=sys.stderr, flush=True)
                continue
            load = os.getloadavg()[0]
            uncached = measure(cfg, stack, path, headers, runs=args.uncached, flush=True)
            cached = measure(cfg, stack, path, headers, runs=args.cached, flush=False)
            results["cases"][name] = {
                "path": path,
                "load": round(load, 1),
                "uncached": uncached,
                "cached": cached,
            }
            print(name, json.dumps(results["cases"][name]), file=sys.stderr, flush=True)
        text = json.dumps(results, indent=2, ensure_ascii=False)
        print(text)
        if args.out:
            Path(args.out).write_text(text)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
