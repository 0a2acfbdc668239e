"""The radar's numbers: share of the applicable criteria met, in percent (fully 1, partly
0.5, not 0; not applicable left out), per domain × phase, per domain, per phase, overall."""

import pytest

from mentor.quality.models import Rating
from mentor.quality.selectors import AXES, grid_criteria, radar, score
from mentor.quality.services import assessment_create

pytestmark = pytest.mark.django_db


def test_score_counts_partly_half_and_leaves_not_applicable_out():
    assert score({Rating.FULLY: 2, Rating.PARTLY: 1, Rating.NOT: 1}) == 63  # 2.5 / 4
    assert score({Rating.FULLY: 1, Rating.NOT_APPLICABLE: 5}) == 100
    assert score({Rating.NOT_APPLICABLE: 3}) is None
    assert score({}) is None


def test_radar_figures_for_two_assessments(
    grid, training, agri_designer, django_assert_num_queries
):
    framing = grid_criteria(grid=grid, phase="framing")
    # Framing: pedagogy 4 criteria (fully, partly, not, n/a), technical 3 fully,
    # accessibility 2 not.
    ratings = {}
    for c in framing:
        if c.domain == "pedagogy":
            ratings[c.pk] = [Rating.FULLY, Rating.PARTLY, Rating.NOT, Rating.NOT_APPLICABLE][
                int(c.code[-1]) - 1
            ]
        elif c.domain == "technical":
            ratings[c.pk] = Rating.FULLY
        else:
            ratings[c.pk] = Rating.NOT
    first = assessment_create(
        actor=agri_designer, training=training, phase="framing", ratings=ratings
    )
    second = assessment_create(
        actor=agri_designer,
        training=training,
        phase="design",
        ratings={c.pk: Rating.FULLY for c in grid_criteria(grid=grid, phase="design")},
    )

    with django_assert_num_queries(1):
        result = radar(assessments=[first, second])

    labels = [a.label for a in AXES]
    assert labels[0] == "Pédagogique · Cadrage"
    assert len(labels) == 9
    one, two = result.series
    assert one.values[:3] == [50, 100, 0]  # (1 + 0.5 + 0) / 3 ; 3/3 ; 0/2
    assert one.values[3:] == [None] * 6  # later phases not covered
    assert one.by_domain == {"pedagogy": 50, "technical": 100, "accessibility": 0}
    assert one.by_phase == {"framing": 56, "design": None, "production": None}  # 4.5 / 8
    assert one.overall == 56
    assert two.values[:6] == [100] * 6 and two.values[6:] == [None] * 3
    assert two.overall == 100
    chart = result.chart_data()
    assert chart["labels"][0] == ["Pédagogique", "Cadrage"]
    assert len(chart["labels"]) == 9
    assert chart["datasets"][0]["data"] == one.values
    assert result.rows()[0]["values"] == [50, 100]
