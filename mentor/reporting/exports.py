"""Exports of the dashboard's tables, as French spreadsheet users expect them: CSV in
UTF-8 with a BOM, ``;`` separated, decimal commas; XLSX (XlsxWriter) with real numbers;
in both, no cell a spreadsheet would run as a formula. The CSV writer is core's
(``core.export_jobs.csv_stream``), shared with every export prepared by workers."""

import io
from collections.abc import Iterable

import xlsxwriter
from django.utils.translation import gettext as _

from mentor.reporting.selectors import Row, SatisfactionFigures
from mentor.surveys.selectors import MIN_RESPONDENTS


def breakdown_header(by: str) -> list[str]:
    first = {
        "training": [_("Formation")],
        "session": [_("Session"), _("Formation")],
        "collection": [_("Collection")],
        "entity": [_("Entité"), _("Comptes créés"), _("Jamais inscrits")],
    }[by]
    return (
        first
        + [
            _("Inscriptions"),
            _("Achèvements"),
            _("Taux d’achèvement (%)"),
            _("Personnes inscrites"),
            _("Heures de formation"),
            _("Heures par personne"),
        ]
        + ([_("Durée médiane pour terminer (jours)")] if by in ("training", "session") else [])
    )


def breakdown_line(by: str, row: Row) -> list:
    first = [row.label, row.detail] if by == "session" else [row.label]
    if by == "entity":
        first += [row.accounts, row.never_enrolled]
    return (
        first
        + [
            row.enrolments,
            row.completions,
            row.completion_rate,
            row.learners,
            row.hours,
            row.hours_per_learner,
        ]
        + ([row.median_days] if by in ("training", "session") else [])
    )


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


def xlsx_bytes(*, title: str, header: list[str], lines: Iterable[list]) -> bytes:
    """One worksheet: the header in bold, then the lines; text always stays text (a title
    like ``=HYPERLINK(...)`` is never a formula), numbers stay numbers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = workbook.add_worksheet(title[:31])
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, header, bold)
    sheet.freeze_panes(1, 0)
    for number, line in enumerate(lines, start=1):
        for column, value in enumerate(line):
            if value is None:
                continue
            if isinstance(value, bool):
                value = _("oui") if value else _("non")
            if isinstance(value, int | float):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, str(value))
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, len(header) - 1, 16)
    workbook.close()
    return buffer.getvalue()
