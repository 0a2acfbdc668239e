"""The reporting pages at scale, one request at a time: each dashboard (national, a
ministry's, a training's), the dashboard with each filter (period, entity, training text),
and the overview API, first uncached (the cache emptied before each request: the figures
computed from the rollups and the live tables) then cached, p50 and p95 of the response
time (client side, on the same machine). Against a database seeded by ``seed_scale --set-based``, on
the production stack of ``make bench`` (gunicorn, Redis, DEBUG off).

    .venv/bin/python -m bench.reporting_scale --db mentor_dash --port 8297 --redis-port 6497

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

from bench.stack import Stack, StackConfig, environment


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
    args = p.parse_args()
    cfg = StackConfig(db=args.db, port=args.port, redis_port=args.redis_port, workers=args.workers)
    for port in (cfg.port, cfg.redis_port):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"port {port} is taken (another stack?): choose free ports")
    env = environment(cfg)
    os.environ.update(env)
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
        only = [c for c in args.only.split(",") if c]
        results = {"ministry": r["ministry"], "training": training.slug, "cases": {}}
        for name, (path, headers) in cases.items():
            if only and name not in only:
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
