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


#: CPU per request (app + PostgreSQL + Redis, ms of one core) the issue asks for; sign-in:
#: beyond the password hash.
CPU_TARGETS = {
    "home (visitor)": 2,
    "catalogue listing (visitor)": 6,
    "search (visitor)": 6,
    "player page (enrolled agent)": 6,
    "SCORM commit (enrolled agent)": 3,
    "sign-in": 8,
}


def probe_rows(results: dict) -> list[dict]:
    rows = []
    for probe in results.get("probes", []):
        moodle = MOODLE.get((probe["row"], probe["concurrency"]))
        if probe.get("tool") == "wrk":
            figures = {k: probe.get(k) for k in ("rps", "p50", "p95", "p99")}
            errors = probe["errors"]
        else:  # Locust
            endpoint = _row(probe, probe["row"]) or _aggregated(probe)
            figures = {k: endpoint.get(k) for k in ("rps", "p50", "p95", "p99")}
            errors = sum(e["failures"] for e in probe["endpoints"] if e["name"] == "Aggregated")
        rows.append(
            {
                "row": probe["row"],
                "concurrency": probe["concurrency"],
                "tool": probe.get("tool", "locust"),
                **figures,
                "failures": errors,
                "distinct": probe.get("distinct_requests"),
                "cpu": probe.get("cpu_ms_per_unit", {}).get("total"),
                "moodle": moodle,
                "ratio": round(figures["rps"] / moodle[0], 1)
                if moodle and figures.get("rps")
                else None,
            }
        )
    return rows


def cpu_targets(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """CPU per request of each probe row against its target (the figure that travels
    between machines)."""
    out = []
    hash_ms = results.get("sign_in", {}).get("argon2id_check_ms")
    for r in probe_rows(results):
        target = CPU_TARGETS.get(r["row"])
        if target is None or r["cpu"] is None:
            continue
        measured = r["cpu"]
        label = f"CPU per request, {r['row']}, {r['concurrency']} clients"
        if r["row"] == "sign-in":
            if hash_ms is None:
                continue
            measured = round(measured - hash_ms, 2)
            label = f"CPU per sign-in beyond the hash ({hash_ms} ms), {r['concurrency']} clients"
        out.append((label, f"≤ {target} ms", f"{_fmt(measured, 2)} ms", measured <= target))
    return out


#: The HR export streams: a file of hundreds of MiB leaves the serving worker's memory flat.
HR_RSS_GROWTH_MB = 64


def targets(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, target, measured, met) for the issue's table."""
    out = []
    mixed = results.get("phases", {}).get("mixed")
    probes = {(r["row"], r["concurrency"]): r for r in probe_rows(results)}
    for row, floor in [("catalogue listing (visitor)", 5), ("search (visitor)", 5)]:
        for clients in (10, 50):
            r = probes.get((row, clients))
            if r and r["moodle"]:
                out.append((f"{row}, {clients} clients", f"≥ {floor}× Moodle "
                            f"(≥ {_fmt(r['moodle'][0] * floor)} req/s)",
                            f"{_fmt(r['rps'], 1)} req/s ({_fmt(r['ratio'], 1)}×), "
                            f"{r['failures']} errors", (r["ratio"] or 0) >= floor and not r["failures"]))  # fmt: skip
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
    hr = results.get("hr_export")
    if hr:
        rss = hr.get("serving_worker_rss_mb") or {}
        complete = hr["status"] == 200 and not hr["error"]
        out.append((
            f"HR export, {hr['ministry']}, {hr['period'][0]} – {hr['period'][1]} (API, streamed)",
            f"< 60 s, serving worker's memory flat (growth < {HR_RSS_GROWTH_MB} MiB)",
            f"{_fmt(hr['lines'])} lines ({_fmt(hr['mib'], 1)} MiB) in {_fmt(hr['seconds'], 1)} s "
            f"({_fmt(hr['lines_per_second'])} lines/s), RSS {_fmt(rss.get('before'))} → "
            f"{_fmt(rss.get('peak'))} MiB; status {hr['status']}"
            + (f", {hr['error']}" if hr["error"] else ""),
            complete and hr["seconds"] < 60 and (rss.get("growth") or 0) < HR_RSS_GROWTH_MB,
        ))  # fmt: skip
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
    out += cpu_targets(results)
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
                    f"{correctness['attestations_issued']} attestations; path: "
                    f"{correctness.get('path_enrolments', 0)} enrolled live, "
                    f"{correctness.get('path_finishers', 0)} finished, "
                    f"{correctness.get('path_completions', 0)} completions / "
                    f"{correctness.get('path_attestations', 0)} attestations", correctness["ok"]))  # fmt: skip
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
        + f". Setup: {results.get('setup_seconds')} s. Seeded campaign opening e-mails "
        f"recorded as sent before the run: {_fmt(results.get('campaign_mail_marked_sent', 0))}.",
        "",
        "## Side by side with Moodle 4.5 (closed-loop clients, no think time)",
        "",
        "Measured like the Moodle baseline: `wrk`, 10 s warm-up then 30 s, every body checked "
        "(errors = unexpected status, body without the page's word or the signed-in person's "
        "name, socket error); listing and search draw from realistic query mixes (distinct "
        "requests in the column). CPU = app + PostgreSQL (the backends of the bench database) "
        "+ Redis, ms of one core per request (per sign-in), from `/proc` over the measured "
        "window. SCORM commits: each client one learner committing one launch (5 % sent twice), "
        "every acknowledgement checked in the database afterwards.",
        "",
        "| page | clients | tool | distinct | Mentor req/s | p50 | p95 | p99 | errors | CPU ms/req "
        "| Moodle req/s | p50 | p95 | p99 | × Moodle |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in probe_rows(results):
        m = r["moodle"] or (None, None, None, None)
        lines.append(
            f"| {r['row']} | {r['concurrency']} | {r['tool']} | {_fmt(r['distinct'])} | "
            f"{_fmt(r['rps'], 1)} | {_fmt(r['p50'])} | {_fmt(r['p95'])} | {_fmt(r['p99'])} | "
            f"{r['failures']} | {_fmt(r['cpu'], 2)} | {_fmt(m[0], 1)} | "
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
        if run.get("load_average"):
            before, after = run["load_average"]["before"], run["load_average"]["after"]
            lines += [f"Load average (1, 5, 15 min): {before} before, {after} at the end.", ""]
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
