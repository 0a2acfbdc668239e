"""Quick latency probe: N requests per URL at a given concurrency against a running server.

    python bench/quick.py http://127.0.0.1:8100 --concurrency 10 --requests 200 / "/formations/?q=x"

Prints req/s, p50, p95, p99 and non-200 counts per URL. The full harness is `make bench`.
"""

import argparse
import statistics
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback only)
            response.read()
            status = response.status
    except Exception:  # noqa: BLE001
        status = 0
    return (time.perf_counter() - started) * 1000, status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    for path in args.paths:
        url = args.base.rstrip("/") + path
        for _ in range(10):
            fetch(url)  # warm-up
        started = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            results = list(pool.map(fetch, [url] * args.requests))
        elapsed = time.perf_counter() - started
        times = sorted(t for t, _s in results)
        q = statistics.quantiles(times, n=100)
        errors = sum(1 for _t, s in results if s != 200)
        print(
            f"{path:60s} c={args.concurrency:<3d} {args.requests / elapsed:7.1f} req/s "
            f"p50={q[49]:6.1f} p95={q[94]:6.1f} p99={q[98]:6.1f} ms errors={errors}"
        )


if __name__ == "__main__":
    main()
