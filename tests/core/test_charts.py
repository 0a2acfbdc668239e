"""Charts handed to the State's chart components (mentor.core.charts)."""

import json
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from mentor.core.charts import PALETTE, Chart, series


def test_a_bar_chart_gives_the_component_its_labels_series_and_names_as_json():
    chart = Chart(
        "bar",
        labels=["Laïcité", "Cybersécurité"],
        series=series(("Inscriptions", [12, 3]), ("Heures", [Decimal("1.5"), 0])),
        horizontal=True,
    )
    html = render_to_string("partials/chart.html", {"chart": chart, "label": "Graphique"})

    assert html.count("<bar-chart ") == 1 and 'horizontal="true"' in html
    assert json.loads(chart.x) == [["Laïcité", "Cybersécurité"]]
    assert json.loads(chart.y) == [[12, 3], [1.5, 0]]
    assert json.loads(chart.names) == ["Inscriptions", "Heures"]
    assert 'selected-palette="categorical"' in html  # two series told apart
    assert 'role="img" aria-label="Graphique"' in html


def test_a_pie_names_its_slices_in_its_legend():
    chart = Chart("pie", labels=["Oui", "Non"], series=series(("Réponses", [3, 1])))
    assert json.loads(chart.names) == ["Oui", "Non"]


def test_a_share_ends_its_value_axis_at_a_hundred_percent():
    chart = Chart(
        "bar", labels=["Satisfaits"], series=series(("Part", [80.0])), unit="%", value_max=100
    )
    html = render_to_string("partials/chart.html", {"chart": chart, "label": "x"})
    assert 'y-max="100"' in html and 'unit-tooltip="%"' in html


def test_a_title_never_becomes_markup_in_the_components_tooltip():
    # The component writes a label into innerHTML for its tooltip.
    chart = Chart("bar", labels=['<img src=x onerror="alert(1)">'], series=series(("n", [1])))
    html = render_to_string("partials/chart.html", {"chart": chart, "label": "x"})

    assert "<" not in json.loads(chart.x)[0][0]
    assert "<img" not in html and "&lt;img" not in html


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown chart kind"):
        Chart("gauge", labels=[], series=[])


def test_the_tooltip_colours_allowed_are_the_packages_palettes():
    # The component takes its colours from two objects (light and dark theme) in its bundle.
    bundle = (
        settings.BASE_DIR / "node_modules/@gouvfr/dsfr-chart/dist/DSFRChart/DSFRChart.js"
    ).read_text()
    used = set(re.findall(r'"dsfr-chart-colors-(?:0[1-8]|default)": "(#[0-9A-Fa-f]{6})"', bundle))
    assert used and used == set(PALETTE)


def test_a_page_with_charts_allows_exactly_those_tooltip_styles(client, platform_admin):
    client.force_login(platform_admin)
    policy = client.get("/pilotage/").headers["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))

    assert "'unsafe-hashes'" in style_src and "'unsafe-inline'" not in style_src
    assert style_src.count("'sha256-") == len(PALETTE)
    assert "unsafe-hashes" not in client.get("/").headers["Content-Security-Policy"]
