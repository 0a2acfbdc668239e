"""The accessibility statement's test results: the pages the browser tests checked with
axe-core, at which widths, with how many violations, and when. Written by ``make
accessibility`` (tests/e2e/axe_record.py) into ``accessibility_results.json`` beside this
module; the statement page shows them as they are, never figures typed by hand."""

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent / "accessibility_results.json"
# "<int:enrolment_id>", "(?P<key>[-:\w]+)": the variable parts of a URL pattern.
_VARIABLE = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


@dataclass(frozen=True)
class CheckedPage:
    route: str
    title: str
    widths: tuple[int, ...]
    checks: int
    violations: int

    @property
    def address(self) -> str:
        """The URL pattern as a reader takes it: "/formations/…/"."""
        return _VARIABLE.sub("…", self.route)


@dataclass(frozen=True)
class AxeResults:
    date: date | None
    axe: str
    checks: int
    pages: tuple[CheckedPage, ...]

    @property
    def pages_without_violation(self) -> int:
        return sum(1 for page in self.pages if page.violations == 0)


def axe_results(path: Path = RESULTS_FILE) -> AxeResults:
    """The last recorded run (empty when none was recorded). Read at each visit: a small
    file, on a page seldom seen."""
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
