"""Charts drawn with the State's chart components (``@gouvfr/dsfr-chart``, served from
``node_modules`` as ``vendor/dsfr-chart``): web components such as ``<bar-chart>`` that take
their data as JSON strings in attributes. A page renders a :class:`Chart` with
``templates/partials/chart.html``; every chart repeats a table of the page, which is what
assistive technologies read (the chart itself is an image with a text alternative).

The quality radar (``static/mentor/quality.js``) stays on Chart.js: the component's radar
has no fixed 0-100 % scale, so its centre would not mean 0 %.
"""

import base64
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# The component's tooltip writes a label into innerHTML: whatever a designer typed in a
# title must not become markup there (the CSP already blocks scripts; this keeps the
# tooltip's text as text). Tables beside the charts show the titles unchanged.
_NOT_MARKUP = str.maketrans({"<": "‹", ">": "›"})

# The component's tooltip also writes style="background-color:<colour>;" into innerHTML,
# which the CSP refuses (no 'unsafe-inline' for styles). A page with charts allows exactly
# those attributes by hash ('unsafe-hashes'): the palettes' colours, light and dark theme,
# as @gouvfr/dsfr-chart 2.0.4 defines them (a test checks them against the package).
PALETTE = (
    # categorical 01-08 and default, light theme
    "#5C68E5", "#82B5F2", "#29598F", "#31A7AE", "#81EEF5", "#B478F1", "#CFB1F5", "#CECECE",
    # dark theme
    "#699BD6", "#4878B1", "#00828A", "#51C1C8", "#BC8AF2", "#A4A4A4",
)  # fmt: skip


def _style_hash(colour: str) -> str:
    digest = hashlib.sha256(f"background-color:{colour};".encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


#: What a page drawing charts adds to its policy (``response._csp_update``, django-csp).
CSP_UPDATE = {"style-src": ["'unsafe-hashes'", *(_style_hash(c) for c in PALETTE)]}


def allow_chart_tooltips(response):
    """Let the charts' tooltips colour their keys on this response (see ``PALETTE``)."""
    response._csp_update = {**(getattr(response, "_csp_update", None) or {}), **CSP_UPDATE}
    return response


KINDS = {"bar": "bar-chart", "line": "line-chart", "pie": "pie-chart", "radar": "radar-chart"}


def _label(value) -> str | list[str]:
    if isinstance(value, (list, tuple)):  # a label on several lines (radar axes)
        return [str(part).translate(_NOT_MARKUP) for part in value]
    return str(value).translate(_NOT_MARKUP)


def _number(value: int | float | Decimal | None) -> int | float | None:
    return float(value) if isinstance(value, Decimal) else value


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence


@dataclass(frozen=True)
class Chart:
    kind: str  # a key of KINDS
    labels: Sequence
    series: Sequence[Series]
    horizontal: bool = False
    unit: str = ""  # shown after each value in the tooltip (e.g. "%")
    value_max: int | None = None  # the value axis ends there at least (100 for shares)
    palette: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")

    @property
    def tag(self) -> str:
        return KINDS[self.kind]

    @property
    def x(self) -> str:
        return _json([[_label(label) for label in self.labels]])

    @property
    def y(self) -> str:
        return _json([[_number(v) for v in s.values] for s in self.series])

    @property
    def names(self) -> str:
        # A pie's legend names its slices; other charts' legends name their series.
        names = self.labels if self.kind == "pie" else [s.name for s in self.series]
        return _json([_label(name) for name in names])

    @property
    def value_axis(self) -> str:
        return "x" if self.horizontal else "y"

    @property
    def selected_palette(self) -> str:
        # One series keeps the component's default (blue France); several, or the slices
        # of a pie, need colours told apart.
        if self.palette:
            return self.palette
        return "categorical" if len(self.series) > 1 or self.kind == "pie" else ""


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def series(*pairs: tuple[str, Iterable]) -> list[Series]:
    return [Series(name, list(values)) for name, values in pairs]
