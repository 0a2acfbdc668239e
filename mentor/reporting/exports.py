"""CSV exports of the dashboard's tables, as French spreadsheet users expect them: UTF-8
with a BOM, ``;`` separated, decimal commas, and no cell a spreadsheet would run as a
formula."""

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from mentor.reporting.selectors import Row, SatisfactionFigures
from mentor.surveys.selectors import MIN_RESPONDENTS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def cell(value) -> str:
    """A value as a safe CSV cell: numbers with a decimal comma, text that a spreadsheet
    would read as a formula (``=HYPERLINK(...)``) prefixed with a quote so it stays text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def breakdown_header(by: str) -> list[str]:
    first = {
        "training": [_("Formation")],
        "session": [_("Session"), _("Formation")],
        "collection": [_("Collection")],
        "entity": [_("Entité")],
    }[by]
    return first + [
        _("Inscriptions"),
        _("Achèvements"),
        _("Taux d’achèvement (%)"),
        _("Personnes inscrites"),
        _("Heures de formation"),
        _("Heures par personne"),
    ]


def breakdown_line(by: str, row: Row) -> list:
    first = [row.label, row.detail] if by == "session" else [row.label]
    return first + [
        row.enrolments,
        row.completions,
        row.completion_rate,
        row.learners,
        row.hours,
        row.hours_per_learner,
    ]


def satisfaction_header() -> list[str]:
    return [
        _("Formation"),
        _("Répondants"),
        _("Satisfaits (%)"),
        _("Formation adaptée aux besoins (%)"),
        _("Réinvestiront (%)"),
    ]


def satisfaction_line(row: SatisfactionFigures) -> list:
    if row.hidden:
        hidden = _("moins de %(n)s réponses") % {"n": MIN_RESPONDENTS}
        return [row.label, row.respondents, hidden, hidden, hidden]
    return [row.label, row.respondents, row.satisfied_rate, row.adapted_rate, row.reuse_rate]


def csv_stream(header: list[str], lines: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly with a BOM
    yield writer.writerow([cell(h) for h in header])
    for line in lines:
        yield writer.writerow([cell(v) for v in line])
