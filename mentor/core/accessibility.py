"""The accessibility statement's test results: the pages the browser tests checked with
axe-core, at which widths, with how many violations, and when. Written by ``make
accessibility`` (tests/e2e/axe_record.py) into ``accessibility_results.json`` beside this
module; the statement page shows them as they are, never figures typed by hand."""

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "accessibility_results.json"


@dataclass(frozen=True)
class CheckedPage:
    route: str
    title: str
    widths: tuple[int, ...]
    checks: int
    violations: int


@dataclass(frozen=True)
class AxeResults:
    date: date | None
    axe: str
    checks: int
    pages: tuple[CheckedPage, ...]

    @property
    def pages_without_violation(self) -> int:
        return sum(1 for page in self.pages if page.violations == 0)


@lru_cache(maxsize=4)
def axe_results(path: Path = RESULTS_FILE) -> AxeResults:
    """The last recorded run (empty when none was recorded)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AxeResults(date=None, axe="", checks=0, pages=())
    pages = tuple(
        CheckedPage(
            route=page["route"],
            title=page.get("title") or page["route"],
            widths=tuple(page.get("widths", ())),
            checks=int(page.get("checks", 0)),
            violations=int(page.get("violations", 0)),
        )
        for page in data.get("pages", ())
    )
    return AxeResults(
        date=date.fromisoformat(data["date"]) if data.get("date") else None,
        axe=data.get("axe", ""),
        checks=int(data.get("checks", 0)),
        pages=pages,
    )
