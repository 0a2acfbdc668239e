"""The dashboard's charts (``mentor.core.charts``: the State's chart components). Every
chart has the same figures in a table beside it, which is what assistive technologies
read."""

from django.utils import formats
from django.utils.translation import gettext as _

from mentor.core.charts import Chart, series
from mentor.reporting.selectors import Dashboard

CHART_BARS = 10  # a chart shows the first rows of its table; the table shows them all


def charts(dash: Dashboard) -> dict[str, Chart]:
    data: dict[str, Chart] = {}
    if dash.accounts is not None and dash.accounts.created:
        a = dash.accounts
        data["accounts"] = Chart(
            "pie",
            labels=[
                _("Jamais inscrits"),
                _("Inscrits, jamais commencé"),
                _("Commencé, rien terminé"),
                _("Au moins une formation terminée"),
            ],
            series=series(
                (_("Comptes"), [a.never_enrolled, a.never_started, a.started, a.finished])
            ),
        )
    trainings = dash.tables.get("training", [])[:CHART_BARS]
    if trainings:
        data["trainings"] = Chart(
            "bar",
            horizontal=True,
            labels=[row.label for row in trainings],
            series=series(
                (_("Inscriptions"), [row.enrolments for row in trainings]),
                (_("Achèvements"), [row.completions for row in trainings]),
            ),
        )
    collections = dash.tables.get("collection", [])[:CHART_BARS]
    if collections:
        data["collections"] = Chart(
            "bar",
            horizontal=True,
            labels=[row.label for row in collections],
            series=series((_("Heures de formation"), [row.hours for row in collections])),
        )
    if any(m.enrolments or m.completions or m.activities for m in dash.months):
        months = dash.months
        data["months"] = Chart(
            "line",
            labels=[formats.date_format(m.month, "M Y") for m in months],
            series=series(
                (_("Activités ouvertes"), [m.activities for m in months]),
                (_("Inscriptions"), [m.enrolments for m in months]),
                (_("Achèvements"), [m.completions for m in months]),
            ),
        )
    s = dash.satisfaction
    if not s.hidden:
        data["satisfaction"] = Chart(
            "bar",
            unit="%",
            value_max=100,
            labels=[
                _("Satisfaits"),
                _("Formation adaptée aux besoins"),
                _("Réinvestiront ce qu’ils ont appris"),
            ],
            series=series(
                (_("Part des répondants (%)"), [s.satisfied_rate, s.adapted_rate, s.reuse_rate])
            ),
        )
    return data
