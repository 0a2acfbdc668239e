"""Reads of the quality self-assessment: the grid in force, a training's assessments and
the radar's figures.

A score is the share of the applicable criteria that are met, in percent: "respecté"
counts 1, "partiellement" 0.5, "non respecté" 0; "non applicable" is left out of both
sides. A cell with no applicable criterion has no score (None), not zero.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from mentor.catalog.models import Training
from mentor.quality.models import (
    PHASE_ORDER,
    RATING_POINTS,
    Answer,
    Assessment,
    Criterion,
    Domain,
    Grid,
    GridState,
    Phase,
    Rating,
)
from mentor.quality.permissions import trainings_for_quality


def active_grid() -> Grid | None:
    return Grid.objects.filter(state=GridState.ACTIVE).first()


def phases_up_to(phase: str) -> list[str]:
    return [p.value for p in PHASE_ORDER[: PHASE_ORDER.index(Phase(phase)) + 1]]


def grid_criteria(*, grid: Grid, phase: str) -> list[Criterion]:
    """The criteria an assessment at ``phase`` answers (that phase and the earlier ones),
    in phase order, then domain, then the grid's order."""
    domains = list(Domain.values)
    phases = phases_up_to(phase)
    criteria = list(grid.criteria.filter(phase__in=phases))
    return sorted(
        criteria,
        key=lambda c: (phases.index(c.phase), domains.index(c.domain), c.position, c.pk),
    )


def score(counts: dict[str, int]) -> int | None:
    applicable = sum(n for rating, n in counts.items() if rating != Rating.NOT_APPLICABLE)
    if not applicable:
        return None
    points = sum(RATING_POINTS.get(Rating(rating), 0.0) * n for rating, n in counts.items())
    return math.floor(100 * points / applicable + 0.5)  # half up: 62.5 % shows as 63 %


@dataclass(frozen=True)
class Axis:
    domain: str
    phase: str

    @property
    def label(self) -> str:
        return f"{Domain(self.domain).label} · {Phase(self.phase).label}"


AXES = [Axis(d, p) for p in PHASE_ORDER for d in Domain.values]


@dataclass(frozen=True)
class Series:
    assessment: Assessment
    values: list[int | None]  # one per axis (None: not covered or nothing applicable)
    by_domain: dict[str, int | None]
    by_phase: dict[str, int | None]
    overall: int | None

    @property
    def label(self) -> str:
        when = date_format(timezone.localtime(self.assessment.created_at), "j F Y")
        return f"{self.assessment.get_phase_display()} — {when}"


@dataclass(frozen=True)
class Radar:
    axes: list[Axis]
    series: list[Series]

    def chart_data(self) -> dict:
        """What ``static/mentor/quality.js`` draws (through ``json_script``)."""
        return {
            # Two-line axis labels (domain, phase): long ones are not clipped.
            "labels": [[Domain(a.domain).label, Phase(a.phase).label] for a in self.axes],
            "datasets": [{"label": s.label, "data": s.values} for s in self.series],
        }

    def rows(self) -> list[dict]:
        """The data table beside the chart: one row per axis, one column per assessment."""
        return [
            {"label": axis.label, "values": [s.values[i] for s in self.series]}
            for i, axis in enumerate(self.axes)
        ]


def radar(*, assessments: Iterable[Assessment]) -> Radar:
    """Scores per domain × phase (the radar's axes), per domain, per phase and overall, for
    each assessment — one query for all their answers."""
    assessments = list(assessments)
    cells: dict[int, dict[tuple[str, str], dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in (
        Answer.objects.filter(assessment__in=assessments)
        .values("assessment_id", "criterion__domain", "criterion__phase", "rating")
        .annotate(n=Count("pk"))
    ):
        key = (row["criterion__domain"], row["criterion__phase"])
        cells[row["assessment_id"]][key][row["rating"]] += row["n"]

    def merged(groups: Iterable[dict[str, int]]) -> dict[str, int]:
        total: dict[str, int] = defaultdict(int)
        for counts in groups:
            for rating, n in counts.items():
                total[rating] += n
        return total

    series = []
    for assessment in assessments:
        mine = cells.get(assessment.pk, {})
        series.append(
            Series(
                assessment=assessment,
                values=[
                    score(mine[(a.domain, a.phase)]) if (a.domain, a.phase) in mine else None
                    for a in AXES
                ],
                by_domain={
                    d: score(merged(c for (dd, _p), c in mine.items() if dd == d))
                    for d in Domain.values
                },
                by_phase={
                    p: score(merged(c for (_d, pp), c in mine.items() if pp == p))
                    for p in Phase.values
                },
                overall=score(merged(mine.values())),
            )
        )
    return Radar(axes=AXES, series=series)


def assessments_of(*, training: Training) -> list[Assessment]:
    return list(
        Assessment.objects.filter(training=training)
        .select_related("grid", "made_by")
        .order_by("created_at", "pk")
    )


def assessment_answers(*, assessment: Assessment) -> list[Answer]:
    return list(
        assessment.answers.select_related("criterion").order_by(
            "criterion__phase", "criterion__domain", "criterion__position"
        )
    )


def trainings_with_assessments(*, user) -> QuerySet[Training]:
    """The quality home page: trainings this user may read, with their number of
    assessments and the latest date (one query)."""
    return (
        trainings_for_quality(user)
        .select_related("producer")
        .annotate(
            n_assessments=Count("quality_assessments", distinct=True),
            last_assessed=Max("quality_assessments__created_at"),
        )
        .order_by("-last_assessed", "title")
    )


@dataclass(frozen=True)
class Summary:
    """The latest assessment of a training in a few figures: what the editorial committee's
    review queue shows (``quality/_summary.html``)."""

    training: Training
    latest: Series | None
    count: int


def review_summary(*, training: Training) -> Summary:
    assessments = assessments_of(training=training)
    latest = radar(assessments=assessments[-1:]).series[0] if assessments else None
    return Summary(training=training, latest=latest, count=len(assessments))
