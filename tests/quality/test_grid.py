"""The grid is data, versioned: a grid in force or used is frozen; a new version is an
editable copy; an old assessment keeps the grid (and criteria) it was made with."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentor.core.errors import Refusal
from mentor.demo.reference.quality_grid import CRITERIA, load_reference_quality_grid
from mentor.quality.models import Criterion, Grid, GridState
from mentor.quality.selectors import active_grid, grid_criteria
from mentor.quality.services import assessment_create, grid_activate, grid_new_version

pytestmark = pytest.mark.django_db


def _all(grid, phase, rating="fully"):
    return {c.pk: rating for c in grid_criteria(grid=grid, phase=phase)}


class TestReferenceGrid:
    def test_about_thirty_criteria_over_every_phase_and_domain_each_with_guidance(self, grid):
        criteria = list(grid.criteria.all())
        assert len(criteria) == len(CRITERIA) == 30
        assert {(c.phase, c.domain) for c in criteria} == {
            (p, d)
            for p in ("framing", "design", "production")
            for d in ("pedagogy", "technical", "accessibility")
        }
        assert all(c.guidance for c in criteria)
        assert grid.state == GridState.ACTIVE

    def test_loading_again_changes_nothing(self, grid):
        assert load_reference_quality_grid() == 0
        assert Grid.objects.count() == 1

    def test_an_assessment_at_a_phase_covers_it_and_the_earlier_ones(self, grid):
        phases = {c.phase for c in grid_criteria(grid=grid, phase="design")}
        assert phases == {"framing", "design"}
        assert {c.phase for c in grid_criteria(grid=grid, phase="framing")} == {"framing"}


class TestVersioning:
    def test_the_grid_in_force_is_frozen(self, grid):
        criterion = grid.criteria.first()
        criterion.text = "Autre texte"
        with pytest.raises(Refusal):
            criterion.save()
        with pytest.raises(Refusal):
            criterion.delete()
        assert Criterion.objects.get(pk=criterion.pk).text != "Autre texte"

    def test_a_new_version_is_an_editable_copy_and_old_assessments_keep_theirs(
        self, grid, training, agri_designer, platform_admin
    ):
        old = assessment_create(
            actor=agri_designer, training=training, phase="framing", ratings=_all(grid, "framing")
        )
        draft = grid_new_version(actor=platform_admin, grid=grid)
        assert draft.version == 2 and draft.state == GridState.DRAFT
        assert draft.criteria.count() == 30
        changed = draft.criteria.get(code="CA-P1")
        changed.text = "Le besoin est établi avec le commanditaire et les futurs apprenants."
        changed.save()
        Criterion.objects.create(
            grid=draft,
            code="CA-A3",
            phase="framing",
            domain="accessibility",
            text="Nouveau critère",
        )
        grid_activate(actor=platform_admin, grid=draft)

        grid.refresh_from_db()
        assert grid.state == GridState.RETIRED
        assert active_grid() == draft
        new = assessment_create(
            actor=agri_designer, training=training, phase="framing", ratings=_all(draft, "framing")
        )
        old.refresh_from_db()
        assert old.grid == grid and new.grid == draft
        assert old.answers.count() == 9 and new.answers.count() == 10
        assert old.answers.get(criterion__code="CA-P1").criterion.text.startswith(
            "Le besoin de formation est établi"
        )

    def test_only_platform_admins_version_the_grid(self, grid, agri_designer):
        with pytest.raises(PermissionDenied):
            grid_new_version(actor=agri_designer, grid=grid)

    def test_only_a_draft_with_criteria_goes_in_force(self, grid, platform_admin):
        with pytest.raises(Refusal):
            grid_activate(actor=platform_admin, grid=grid)
        empty = Grid.objects.create(version=5, title="Vide")
        with pytest.raises(Refusal):
            grid_activate(actor=platform_admin, grid=empty)
        assert active_grid() == grid


class TestAssessmentCreate:
    def test_every_criterion_needs_an_answer(self, grid, training, agri_designer):
        ratings = _all(grid, "design")
        ratings.pop(next(iter(ratings)))
        with pytest.raises(ValidationError, match="1 sans réponse"):
            assessment_create(
                actor=agri_designer, training=training, phase="design", ratings=ratings
            )
        assert not training.quality_assessments.exists()

    def test_answers_outside_the_phase_or_the_list_are_refused(self, grid, training, agri_designer):
        with pytest.raises(ValidationError):
            assessment_create(
                actor=agri_designer,
                training=training,
                phase="framing",
                ratings=_all(grid, "design"),
            )
        with pytest.raises(ValidationError):
            assessment_create(
                actor=agri_designer,
                training=training,
                phase="framing",
                ratings=_all(grid, "framing", rating="maybe"),
            )
        assert not training.quality_assessments.exists()

    def test_only_its_editors_assess_a_training(self, grid, training, justice_admin):
        with pytest.raises(PermissionDenied):
            assessment_create(
                actor=justice_admin,
                training=training,
                phase="framing",
                ratings=_all(grid, "framing"),
            )
