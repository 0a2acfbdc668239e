"""The Markdown report of a benchmark run: Mentor's rows beside Moodle 4.5's
(``shared/docs/benchmarks.md``), the targets, each phase, the checks."""

#: Moodle 4.5.5 on a 2-core machine of the same kind (req/s, p50, p95, p99 in ms).
MOODLE = {
    ("home (visitor)", 10): (21.7, 461, 643, 706),
    ("home (visitor)", 50): (22.6, 2149, 2420, 2656),
    ("catalogue listing (visitor)", 10): (41.4, 241, 327, 364),
    ("catalogue listing (visitor)", 50): (47.3, 999, 1253, 1772),
    ("search (visitor)", 10): (21.8, 458, 630, 727),
    ("search (visitor)", 50): (23.9, 2028, 2354, 2550),
    ("home (signed-in agent)", 10): (21.4, 473, 612, 682),
    ("player page (enrolled agent)", 10): (18.0, 563, 754, 881),
    ("player page (enrolled agent)", 50): (15.5, 3029, 3532, 4274),
    ("sign-in", 10): (32.1, 149, 240, 276),
}


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}".replace(",", " ")


def _row(run: dict, name: str) -> dict | None:
    return next((e for e in run["endpoints"] if e["name"] == name), None)


def _aggregated(run: dict) -> dict:
    return _row(run, "Aggregated") or {}


def probe_rows(results: dict) -> list[dict]:
    rows = []
    for probe in results.get("probes", []):
        name = "sign-in" if probe["row"] == "sign-in" else probe["row"]
        endpoint = _row(probe, name) or _aggregated(probe)
        errors = sum(e["failures"] for e in probe["endpoints"] if e["name"] == "Aggregated")
        moodle = MOODLE.get((probe["row"], probe["concurrency"]))
        rows.append(
            {
                "row": probe["row"],
                "concurrency": probe["concurrency"],
                "rps": endpoint.get("rps"),
                "p50": endpoint.get("p50"),
                "p95": endpoint.get("p95"),
                "p99": endpoint.get("p99"),
                "failures": errors,
                "moodle": moodle,
                "ratio": round(endpoint["rps"] / moodle[0], 1)
                if moodle and endpoint.get("rps")
                else None,
            }
        )
    return rows


def targets(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, target, measured, met) for the issue's table."""
    out = []
    mixed = results.get("phases", {}).get("mixed")
    probes = {(r["row"], r["concurrency"]): r for r in probe_rows(results)}
    if mixed:
        for label, names in [
            ("home, mixed run", ["home (visitor)"]),
            (
                "filtered listing + search, mixed run",
                ["catalogue listing (visitor)", "search (visitor)"],
            ),
        ]:
            rows = [r for r in (_row(mixed, n) for n in names) if r]
            if rows:
                p95 = max(r["p95"] or 0 for r in rows)
                fails = sum(r["failures"] for r in rows)
                out.append((label, "p95 < 100 ms, 0 errors", f"p95 {_fmt(p95)} ms, {fails} errors",
                            p95 < 100 and fails == 0))  # fmt: skip
        for label, name in [("player page, mixed run", "player page (agent)"),
                            ("SCORM commit, mixed run", "SCORM commit (agent)")]:  # fmt: skip
            r = _row(mixed, name)
            if r:
                out.append((label, "p95 < 150 ms", f"p95 {_fmt(r['p95'])} ms, {r['failures']} errors",
                            (r["p95"] or 0) < 150 and r["failures"] == 0))  # fmt: skip
        r = _row(mixed, "tutor progress page (20,000 learners)")
        if r:
            out.append(("tutor progress view, 20,000 learners", "p95 < 1 s",
                        f"p95 {_fmt(r['p95'])} ms", (r["p95"] or 0) < 1000))  # fmt: skip
    reporting = results.get("phases", {}).get("reporting")
    if reporting:
        for name, target_ms in [
            ("reporting: national dashboard", 1000),
            ("reporting: ministry dashboard (referent)", 1000),
            ("reporting: training dashboard", 1000),
            ("reporting API: overview (national, token)", 300),
            ("reporting API: overview (ministry, token)", 300),
        ]:
            r = _row(reporting, name)
            if r:
                out.append((f"{name}, under the mixed load", f"p95 < {target_ms} ms",
                            f"p95 {_fmt(r['p95'])} ms, {r['failures']} errors",
                            (r["p95"] or 0) < target_ms and r["failures"] == 0))  # fmt: skip
    commit = probes.get(("SCORM commit (enrolled agent)", 20))
    if commit:
        out.append(("progress commits, 20 clients", "≥ 300 commits/s",
                    f"{_fmt(commit['rps'])} commits/s, p95 {_fmt(commit['p95'])} ms",
                    (commit["rps"] or 0) >= 300))  # fmt: skip
    surge = results.get("phases", {}).get("surge")
    if surge:
        agg = _aggregated(surge)
        opening = _row(surge, "surge: open the training") or {}
        out.append((
            f"surge: {surge['users']} agents open the national training",
            "0 errors, p99 < 5 s",
            f"{agg.get('failures')} errors, p99 {_fmt(agg.get('p99'))} ms "
            f"(opening: p99 {_fmt(opening.get('p99'))} ms)",
            agg.get("failures") == 0 and (agg.get("p99") or 0) < 5000,
        ))  # fmt: skip
    signin = probes.get(("sign-in", 10))
    if signin:
        ceiling = results.get("sign_in", {}).get("ceiling_per_second")
        out.append(("sign-in (Argon2id m=19 MiB, t=2, p=1)", "report; goal ≥ 48/s",
                    f"{_fmt(signin['rps'], 1)} sign-ins/s, ceiling {_fmt(ceiling, 1)}/s "
                    f"({results['sign_in']['argon2id_check_ms']} ms per check)",
                    (signin["rps"] or 0) >= 48))  # fmt: skip
    rss = results.get("peak_rss_mb")
    if rss:
        out.append(("web worker memory", "report", f"peak RSS {rss['web_worker_max']} MiB", None))
    fault = results.get("phases", {}).get("fault")
    if fault:
        server_5xx = sum(r["server_5xx"] for r in fault["server"])
        fails = _aggregated(fault).get("failures")
        out.append(("fault: Redis stopped mid-run", "no 5xx, sessions survive",
                    f"{server_5xx} 5xx, {fails} failed checks (lost session = failure)",
                    server_5xx == 0 and fails == 0))  # fmt: skip
    correctness = results.get("correctness")
    if correctness:
        out.append(("acknowledged writes stored exactly once", "all",
                    "; ".join(correctness["problems"]) or
                    f"{correctness['acknowledged_enrolments']} enrolments, "
                    f"{correctness['acknowledged_commits']} commits ({correctness['commits_sent_twice']} sent twice), "
                    f"{correctness['acknowledged_completions']} completions / "
                    f"{correctness['attestations_issued']} attestations", correctness["ok"]))  # fmt: skip
    race = results.get("race")
    if race:
        out.append(("50 identical enrolment POSTs", "exactly one enrolment",
                    f"{race['after']['enrolments']} enrolment, statuses {race['statuses']}", race["ok"]))  # fmt: skip
    return out


def _endpoint_table(run: dict) -> list[str]:
    lines = [
        "| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for e in run["endpoints"]:
        lines.append(
            f"| {e['name']} | {e['requests']} | {e['failures']} | {_fmt(e['rps'], 1)} | "
            f"{_fmt(e['p50'])} | {_fmt(e['p95'])} | {_fmt(e['p99'])} |"
        )
    lines += ["", "Server time (gunicorn, queueing excluded):", "",
              "| endpoint | requests | 5xx | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    for s in run["server"]:
        lines.append(
            f"| {s['endpoint']} | {s['requests']} | {s['server_5xx']} | {_fmt(s['p50'], 1)} | "
            f"{_fmt(s['p95'], 1)} | {_fmt(s['p99'], 1)} |"
        )
    if run.get("failures"):
        lines += ["", "Failures:", ""] + [
            f"- {f['name']}: {f['error']} ×{f['count']}" for f in run["failures"][:10]
        ]
    return lines


def markdown(results: dict) -> str:
    data = results.get("data", {})
    lines = [
        f"# Mentor benchmark — {results['date']} — commit {results['commit']}",
        "",
        f"{results['machine']['cores']} cores; gunicorn {results['config']['workers']} workers + "
        "Celery worker + PostgreSQL + Redis + Locust on the same machine. Data: "
        + ", ".join(f"{_fmt(v)} {k.replace('_', ' ')}" for k, v in data.items())
        + f". Setup: {results.get('setup_seconds')} s.",
        "",
        "## Side by side with Moodle 4.5 (closed-loop clients, no think time)",
        "",
        "| page | clients | Mentor req/s | p50 | p95 | p99 | errors | Moodle req/s | p50 | p95 | p99 | × Moodle |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in probe_rows(results):
        m = r["moodle"] or (None, None, None, None)
        lines.append(
            f"| {r['row']} | {r['concurrency']} | {_fmt(r['rps'], 1)} | {_fmt(r['p50'])} | "
            f"{_fmt(r['p95'])} | {_fmt(r['p99'])} | {r['failures']} | {_fmt(m[0], 1)} | "
            f"{_fmt(m[1])} | {_fmt(m[2])} | {_fmt(m[3])} | {_fmt(r['ratio'], 1)} |"
        )
    lines += ["", "## Targets", "", "| what | target | measured | met |", "|---|---|---|---|"]
    for what, target, measured, met in targets(results):
        mark = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {what} | {target} | {measured} | {mark} |")
    for name, run in results.get("phases", {}).items():
        lines += [
            "",
            f"## Phase: {name} ({run['users']} users, {run['spawn_rate']}/s, {run['seconds']} s)",
            "",
        ]
        if run.get("note"):
            lines += [run["note"], ""]
        if run.get("events"):
            lines += ["Events: " + "; ".join(run["events"]), ""]
        lines += _endpoint_table(run)
    lines += [
        "",
        "## Database queries per request (cache warm)",
        "",
        "| page | queries |",
        "|---|---:|",
    ]
    for page, q in results.get("queries_per_request", {}).items():
        lines.append(f"| {page} | {q['queries']} |")
    lines += ["", "## Memory", "", f"Peak RSS: {results.get('peak_rss_mb')}", ""]
    return "\n".join(lines) + "\n"
