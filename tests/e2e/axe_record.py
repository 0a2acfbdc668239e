"""What the browser tests checked with axe-core, for the accessibility statement.

Every ``axe_check`` records the page (its URL pattern, resolved by Django, and its title),
the viewport width and the number of violations. When ``MENTOR_AXE_RESULTS`` names a file,
each test process writes its records next to it at the end of the run, and ``make
accessibility`` merges them (``python -m tests.e2e.axe_record merge FILE``) into that file:
``mentor/core/accessibility_results.json``, which the statement page
(``mentor.core.accessibility``) reads. The statement's figures are therefore the tests'.
"""

import json
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.urls import Resolver404, resolve

_CHECKS: list[dict] = []
_TITLE_SUFFIX = re.compile(r"\s+—\s+Mentor$")


def _route(path: str) -> str:
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return "/" + match.route.lstrip("^").rstrip("$") if match.route else path


def record_check(*, url, title, width, violations, axe_version, test) -> None:
    path = urlsplit(url).path
    _CHECKS.append(
        {
            "route": _route(path),
            "path": path,
            "title": _TITLE_SUFFIX.sub("", title).removeprefix("Erreur : "),
            "width": width,
            "violations": violations,
            "axe": axe_version,
            "test": test,
        }
    )


def write_worker_results(config) -> None:
    target = os.environ.get("MENTOR_AXE_RESULTS")
    if not target or not _CHECKS:
        return
    worker = getattr(config, "workerinput", {}).get("workerid", "main")
    part = Path(f"{target}.{worker}.part")
    part.write_text(json.dumps(_CHECKS, ensure_ascii=False))


def merge(target: Path) -> dict:
    """One entry per page (URL pattern): its title, widths, checks, violations, the test
    modules that visited it; and the date of the run."""
    checks = []
    for part in sorted(target.parent.glob(target.name + ".*.part")):
        checks += json.loads(part.read_text())
        part.unlink()
    pages: dict[str, dict] = {}
    for check in checks:
        page = pages.setdefault(
            check["route"],
            {
                "route": check["route"],
                "title": check["title"],
                "widths": set(),
                "checks": 0,
                "violations": 0,
                "journeys": set(),
            },
        )
        page["widths"].add(check["width"])
        page["checks"] += 1
        page["violations"] += check["violations"]
        page["journeys"].add(check["test"].split("::")[0].rsplit("/", 1)[-1].removesuffix(".py"))
    results = {
        "date": datetime.now(ZoneInfo("Europe/Paris")).date().isoformat(),
        "axe": next((c["axe"] for c in checks if c["axe"]), ""),
        "checks": len(checks),
        "pages": [
            {**page, "widths": sorted(page["widths"]), "journeys": sorted(page["journeys"])}
            for page in sorted(pages.values(), key=lambda p: p["route"])
        ],
    }
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    return results


if __name__ == "__main__":  # python -m tests.e2e.axe_record merge FILE
    if len(sys.argv) != 3 or sys.argv[1] != "merge":
        sys.exit("usage: python -m tests.e2e.axe_record merge FILE")
    merged = merge(Path(sys.argv[2]))
    print(f"{merged['checks']} axe checks on {len(merged['pages'])} pages → {sys.argv[2]}")
