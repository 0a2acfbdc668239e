"""The probe phase of ``make bench``, measured the way the Moodle baseline was
(``shared/docs/benchmarks.md``): ``wrk`` with a Lua script (``bench/wrk/probe.lua``) that
counts statuses and checks every body, 10 s of warm-up then 30 s measured, at 10 and 50
connections, and the CPU of the app processes, PostgreSQL and Redis read from ``/proc``
over the measured window.

The listing and search rows do not repeat one address: they draw from a realistic query
mix (``listing_mix``, ``search_mix``: hundreds of distinct queries and facet combinations,
drawn with a Zipf-like distribution from plausible terms, with and without accents, with
typos, one to four words), so a cache helps only as much as it would in production.
"""

import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "wrk" / "probe.lua"
TICKS = os.sysconf("SC_CLK_TCK")

#: Words only the right page contains (a 200 without them is a body failure).
EXPECT = {
    "home": "Se former tout au long",
    "listing": "Offre de formation",
    "player": "fr-header",  # and the signed-in person's name, per request
    "signin": "Mot de passe",
}

#: What agents type in the search box: themes of the offer, with and without accents,
#: singular and plural, common typos. Combined into one to four words by ``search_mix``.
SEARCH_WORDS = [
    "management", "managment", "manager", "numérique", "numerique", "numrique", "laïcité",
    "laicite", "laïque", "écologique", "ecologique", "écologie", "transition", "budget",
    "budgétaire", "marchés publics", "marches publics", "marché", "accessibilité",
    "accessibilite", "accessible", "cyber", "cybersécurité", "cybersecurite", "sécurité",
    "recrutement", "recruter", "prévention", "prevention", "risques", "europe", "européen",
    "anglais", "english", "concours", "préparation concours", "immobilier", "données",
    "donnees", "data", "sobriété", "sobriete", "énergie", "communication", "handicap",
    "projet", "gestion de projet", "conduite du changement", "changement", "télétravail",
    "teletravail", "encadrement", "encadrant", "manager public", "éthique", "déontologie",
    "deontologie", "harcèlement", "harcelement", "égalité", "egalite", "diversité",
    "intelligence artificielle", "ia", "bureautique", "excel", "tableur", "rédaction",
    "redaction", "écrit administratif", "droit", "droit public", "finances publiques",
    "comptabilité", "comptabilite", "achats", "ressources humaines", "rh", "paie",
    "entretien professionnel", "formation de formateurs", "pédagogie", "pedagogie",
    "accueil", "usagers", "relation usager", "qualité", "qualite", "simplification",
    "innovation", "design", "service public", "archives", "documentation", "santé",
    "sante au travail", "secourisme", "violences", "climat", "biodiversité", "eau",
    "mobilité", "mobilite", "carrière", "carriere", "retraite", "valeurs de la république",
]  # fmt: skip

MODALITIES = ["hybrid", "tutored", "webinar", "virtual_class", "self_paced", "enriched"]
SORTS = ["newest", "title"]


def zipf_draw(items: list[str], draws: int, *, s: float = 1.1, seed: int = 7) -> list[str]:
    """``draws`` items drawn with weight 1/rank^s (rank: the order of ``items``), as search
    logs are: a few queries very often, a long tail seen once."""
    rng = random.Random(seed)
    weights = [1 / (rank**s) for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=draws)


def search_mix(distinct: int = 600, *, seed: int = 11) -> list[str]:
    """``distinct`` different search addresses: one to four words (mostly one or two),
    sometimes narrowed by a modality or sorted."""
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < distinct:
        words = rng.sample(SEARCH_WORDS, rng.choices([1, 2, 3, 4], weights=[50, 30, 14, 6])[0])
        params = {"q": " ".join(words)}
        if rng.random() < 0.25:
            params["modality"] = rng.choice(MODALITIES)
        if rng.random() < 0.15:
            params["sort"] = rng.choice(SORTS)
        out["/formations/?" + urlencode(params)] = None
    return list(out)


def listing_mix(collections: list[str], distinct: int = 500, *, seed: int = 13) -> list[str]:
    """``distinct`` different listing addresses: the whole offer or a collection, narrowed
    by modalities or open sessions, sorted, on later pages."""
    rng = random.Random(seed)
    out: dict[str, None] = {"/formations/": None}
    budget = distinct * 50
    while len(out) < distinct and budget:
        budget -= 1
        params: list[tuple[str, str]] = []
        if rng.random() < 0.85:
            params.append(("collection", rng.choice(collections)))
        for modality in rng.sample(MODALITIES, rng.choices([0, 1, 2], weights=[55, 35, 10])[0]):
            params.append(("modality", modality))
        if rng.random() < 0.2:
            params.append(("open", "1"))
        if rng.random() < 0.15:
            params.append(("sort", rng.choice(SORTS)))
        if rng.random() < 0.25:
            params.append(("page", str(rng.randint(2, 5))))
        out["/formations/?" + urlencode(params) if params else "/formations/"] = None
    return list(out)


# --- CPU from /proc --------------------------------------------------------------------------


def _stat(pid: int) -> tuple[int, str, int, int] | None:
    """(ppid, comm, own ticks, reaped children's ticks) of a process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2 :].split()
    # after the comm: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
    return (
        int(fields[1]),
        comm,
        int(fields[11]) + int(fields[12]),
        int(fields[13]) + int(fields[14]),
    )


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except OSError:
        return []


def tree_ticks(root: int) -> int:
    """CPU ticks of a process tree: the root (its own and its reaped children's) and every
    live descendant. A child that exits between two readings moves from the live sum to
    the root's reaped sum, so differences stay exact."""
    stat = _stat(root)
    if stat is None:
        return 0
    total = stat[2] + stat[3]
    stack = _children(root)
    while stack:
        pid = stack.pop()
        child = _stat(pid)
        if child:
            total += child[2]
            stack += _children(pid)
    return total


def postmaster_pids() -> list[int]:
    """The PostgreSQL server processes at the root of their tree (on this machine, the
    cluster the bench database lives in)."""
    roots = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(int(entry.name))
        if stat and stat[1] in ("postgres", "postmaster"):
            parent = _stat(stat[0])
            if not parent or parent[1] not in ("postgres", "postmaster"):
                roots.append(int(entry.name))
    return roots


def backend_ticks(database: str) -> int:
    """CPU ticks of the PostgreSQL backends serving ``database`` (their process title
    names it: "postgres: user database host(port) ..."). The app's connections are
    persistent (``CONN_MAX_AGE``), so the same backends live through a probe window."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        stat = _stat(int(entry.name))
        if not stat or stat[1] not in ("postgres", "postmaster"):
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f" {database} " in title:
            total += stat[2]
    return total


@dataclass
class CpuMeter:
    """CPU seconds of the app (gunicorn and the Celery worker), PostgreSQL and Redis.

    PostgreSQL: the backends of the bench database (``database``) when given, else the
    whole cluster; the cluster's figure is kept as ``postgresql_cluster`` (on a shared
    machine it also counts the other databases' work)."""

    app: list[int]
    redis: list[int]
    database: str = ""

    def read(self) -> dict[str, float]:
        cluster = sum(tree_ticks(p) for p in postmaster_pids()) / TICKS
        figures = {
            "app": sum(tree_ticks(p) for p in self.app) / TICKS,
            "postgresql": backend_ticks(self.database) / TICKS if self.database else cluster,
            "redis": sum(tree_ticks(p) for p in self.redis) / TICKS,
        }
        return figures | {"postgresql_cluster": cluster}


# --- one probe row ---------------------------------------------------------------------------


def wrk_binary() -> str:
    binary = shutil.which("wrk")
    if binary is None:
        raise SystemExit("wrk is missing: run ./scripts/ensure-wrk (Debian's wrk package)")
    return binary


def _wrk(host: str, env: dict, connections: int, seconds: int) -> tuple[dict, float]:
    """One wrk run, one connection per thread (so each thread's responses come in the
    order of its requests); its PROBE_RESULT and wrk's own CPU seconds."""
    started = os.times()
    done = subprocess.run(  # noqa: S603
        [wrk_binary(), "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s",
         "--timeout", "10s", "-s", str(SCRIPT), host],
        env={**os.environ, **env}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    ended = os.times()
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("PROBE_RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{done.stdout}\n{done.stderr}")
    wrk_cpu = (ended.children_user - started.children_user) + (
        ended.children_system - started.children_system
    )
    return json.loads(line.removeprefix("PROBE_RESULT ")), wrk_cpu


def probe(
    host: str,
    folder: Path,
    name: str,
    *,
    lines: list[str],
    connections: int,
    meter: CpuMeter,
    expect: str = "",
    accounts: list[tuple[str, str]] | None = None,
    commit_activity: int | None = None,
    warmup: int = 10,
    seconds: int = 30,
) -> dict:
    """A probe row: ``lines`` (request paths, or "path<TAB>cookie<TAB>name") sent by
    ``connections`` closed-loop clients; in sign-in mode (``accounts``) each client
    alternates the sign-in form and its POST with the next account; in commit mode
    (``commit_activity``: lines "enrolment<TAB>cookie<TAB>csrf") each client is one learner
    posting SCORM commits, and the row carries what was sent and acknowledged (``acks``)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / f"{name}.paths"
    paths.write_text("\n".join(lines) + "\n")
    env = {"PROBE_PATHS": str(paths), "PROBE_EXPECT": expect}
    if accounts is not None:
        csrf = "".join(random.Random(5).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=32))
        table = folder / f"{name}.accounts"
        table.write_text("\n".join(f"{e}\t{p}" for e, p in accounts) + "\n")
        env |= {"PROBE_MODE": "signin", "PROBE_ACCOUNTS": str(table), "PROBE_CSRF": csrf}
    acks = folder / f"{name}.acks"
    if commit_activity is not None:
        env |= {"PROBE_MODE": "commit", "PROBE_ACTIVITY": str(commit_activity)}
    if warmup:
        _wrk(host, env | {"PROBE_ACKS": f"{acks}-warmup"}, connections, warmup)
    before = meter.read()
    result, wrk_cpu = _wrk(host, env | {"PROBE_ACKS": str(acks)}, connections, seconds)
    after = meter.read()
    load = os.getloadavg()  # a shared machine's business shows here
    cpu = {k: round(after[k] - before[k], 2) for k in after}
    duration = result["duration_us"] / 1e6
    statuses = {int(k): v for k, v in result["statuses"].items()}
    socket_errors = sum(result["socket_errors"].values())
    signin = accounts is not None
    good = {200, 302} if signin else {200}
    errors = (
        sum(n for code, n in statuses.items() if code not in good)
        + result["body_failures"]
        + result["signins_refused"]
        + socket_errors
    )
    units = result["signins"] if signin else result["requests"]
    latency = result["latency_us"]
    extra = {}
    if commit_activity is not None:
        extra["acks"] = commit_acks(
            folder, [f"{name}.acks-warmup", f"{name}.acks"], commit_activity
        )
    return extra | {
        "tool": "wrk",
        "connections": connections,
        "warmup_seconds": warmup,
        "seconds": round(duration, 1),
        "distinct_requests": len(set(lines)),
        "requests": result["requests"],
        "rps": round(units / duration, 1) if duration else None,
        "unit": "sign-ins/s" if signin else "req/s",
        "p50": round(latency["p50"] / 1000, 1),
        "p95": round(latency["p95"] / 1000, 1),
        "p99": round(latency["p99"] / 1000, 1),
        "max": round(latency["max"] / 1000, 1),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "body_failures": result["body_failures"],
        "signins_refused": result["signins_refused"],
        "socket_errors": result["socket_errors"],
        "errors": errors,
        "load_average": [round(v, 2) for v in load],
        "cpu_seconds": cpu | {"wrk": round(wrk_cpu, 2)},
        "cpu_ms_per_unit": {
            "app": _per(cpu["app"], units),
            "postgresql": _per(cpu["postgresql"], units),
            "redis": _per(cpu["redis"], units),
            "total": _per(cpu["app"] + cpu["postgresql"] + cpu["redis"], units),
            "postgresql_cluster": _per(cpu["postgresql_cluster"], units),
        },
    }


def commit_acks(folder: Path, stems: list[str], activity: int) -> dict:
    """What the commit probe's threads wrote (``PROBE_ACKS``), in the shape the Locust users
    report it (``bench/locustfile.py``) for ``bench/fixtures.check_acks``."""
    out: dict[str, list] = {"sent": [], "commits": [], "retried": []}
    key = {"sent": "sent", "acked": "commits", "retried": "retried"}
    for stem in stems:
        for path in sorted(folder.glob(f"{stem}.*")):
            for line in path.read_text().splitlines():
                kind, enrolment, attempt, sequence = line.split("\t")
                out[key[kind]].append([int(enrolment), activity, attempt, int(sequence)])
            path.unlink()
    return out


def _per(seconds: float, units: int) -> float | None:
    return round(seconds * 1000 / units, 2) if units else None
