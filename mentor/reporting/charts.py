"""The data each chart draws (Chart.js, see ``static/mentor/reporting.js``). Every chart
has the same figures in a table beside it, which is what assistive technologies read."""

from django.utils import formats
from django.utils.translation import gettext as _

from mentor.reporting.selectors import Dashboard

CHART_BARS = 10  # a chart shows the first rows of its table; the table shows them all


def charts(dash: Dashboard) -> dict[str, dict]:
    data: dict[str, dict] = {}
    if dash.accounts is not None and dash.accounts.created:
        a = dash.accounts
        data["accounts"] = {
            "type": "doughnut",
            "labels": [
                _("Jamais inscrits"),
                _("Inscrits, jamais commencé"),
                _("Commencé, rien terminé"),
                _("Au moins une formation terminée"),
            ],
            "datasets": [
                {
                    "label": _("Comptes"),
                    "data": [a.never_enrolled, a.never_started, a.started, a.finished],
                }
            ],
        }
    trainings = dash.tables.get("training", [])[:CHART_BARS]
    if trainings:
        data["trainings"] = {
            "type": "bar",
            "horizontal": True,
            "labels": [row.label for row in trainings],
            "datasets": [
                {"label": _("Inscriptions"), "data": [row.enrolments for row in trainings]},
                {"label": _("Achèvements"), "data": [row.completions for row in trainings]},
            ],
        }
    collections = dash.tables.get("collection", [])[:CHART_BARS]
    if collections:
        data["collections"] = {
            "type": "bar",
            "horizontal": True,
            "labels": [row.label for row in collections],
            "datasets": [
                {"label": _("Heures de formation"), "data": [row.hours for row in collections]}
            ],
        }
    if any(m.enrolments or m.completions or m.activities for m in dash.months):
        data["months"] = {
            "type": "line",
            "labels": [formats.date_format(m.month, "M Y") for m in dash.months],
            "datasets": [
                {"label": _("Activités ouvertes"), "data": [m.activities for m in dash.months]},
                {"label": _("Inscriptions"), "data": [m.enrolments for m in dash.months]},
                {"label": _("Achèvements"), "data": [m.completions for m in dash.months]},
            ],
        }
    s = dash.satisfaction
    if not s.hidden:
        data["satisfaction"] = {
            "type": "bar",
            "percent": True,
            "labels": [
                _("Satisfaits"),
                _("Formation adaptée aux besoins"),
                _("Réinvestiront ce qu’ils ont appris"),
            ],
            "datasets": [
                {
                    "label": _("Part des répondants (%)"),
                    "data": [s.satisfied_rate, s.adapted_rate, s.reuse_rate],
                }
            ],
        }
    return data
