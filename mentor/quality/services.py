"""Quality self-assessment use cases: assessing a training, and versioning the grid.

An assessment is made against the grid in force and keeps it for ever (the grid is then
frozen); a new grid version is a copy that platform admins edit in draft, then activate.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.accounts.permissions import is_platform_admin
from mentor.audit.services import audit_record
from mentor.catalog.models import Training
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.quality.models import Answer, Assessment, Criterion, Grid, GridState, Phase, Rating
from mentor.quality.selectors import active_grid, grid_criteria

COMMENT_MAX = 5000


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    training: Training,
    phase: str,
    ratings: dict[int, str],
    comment: str = "",
) -> Assessment:
    """Record a self-assessment of ``training`` at ``phase``: one answer for every
    criterion of that phase and the earlier ones in the grid in force — no more, no less."""
    if not can(actor, "quality.assess", training):
        raise PermissionDenied(_("Vous ne pouvez pas évaluer cette formation."))
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choisissez une phase du projet.")})
    grid = active_grid()
    if grid is None:
        raise Refusal(_("Aucune grille d’auto-évaluation n’est en vigueur."))
    criteria = {c.pk: c for c in grid_criteria(grid=grid, phase=phase)}
    missing = [c for pk, c in criteria.items() if pk not in ratings]
    if missing:
        raise ValidationError(
            _("Répondez à chaque critère : %(n)s sans réponse (%(codes)s).")
            % {"n": len(missing), "codes": ", ".join(c.code for c in missing)}
        )
    if set(ratings) - set(criteria):
        raise ValidationError(
            _("Certaines réponses ne correspondent à aucun critère de la grille.")
        )
    if any(value not in Rating.values for value in ratings.values()):
        raise ValidationError(_("Une réponse n’est pas dans la liste proposée."))
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError({"comment": _("Le commentaire est trop long.")})
    assessment = Assessment.objects.create(
        training=training, grid=grid, phase=phase, made_by=actor, comment=comment
    )
    Answer.objects.bulk_create(
        [Answer(assessment=assessment, criterion_id=pk, rating=ratings[pk]) for pk in criteria]
    )
    return assessment


def _check_admin(actor: User) -> None:
    if not is_platform_admin(actor):
        raise PermissionDenied(_("Seuls les administrateurs de la plateforme modifient la grille."))


@transaction.atomic
def grid_new_version(*, actor: User, grid: Grid) -> Grid:
    """A draft copy of ``grid`` (criteria included) under the next version number."""
    _check_admin(actor)
    number = (Grid.objects.select_for_update().aggregate(m=Max("version"))["m"] or 0) + 1
    draft = Grid.objects.create(version=number, title=grid.title, state=GridState.DRAFT)
    Criterion.objects.bulk_create(
        [
            Criterion(
                grid=draft,
                code=c.code,
                phase=c.phase,
                domain=c.domain,
                text=c.text,
                guidance=c.guidance,
                position=c.position,
            )
            for c in grid.criteria.order_by("position", "pk")
        ]
    )
    audit_record(actor=actor, action="quality.grid_version", target=draft, data={"from": grid.pk})
    return draft


@transaction.atomic
def grid_activate(*, actor: User, grid: Grid) -> Grid:
    """Put a draft grid in force; the one it replaces is retired (and stays attached to the
    assessments made with it)."""
    _check_admin(actor)
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    if grid.state != GridState.DRAFT:
        raise Refusal(_("Seule une grille en brouillon peut être mise en vigueur."))
    if not grid.criteria.exists():
        raise Refusal(_("Une grille sans critère ne peut pas être mise en vigueur."))
    Grid.objects.filter(state=GridState.ACTIVE).update(state=GridState.RETIRED)
    grid.state = GridState.ACTIVE
    grid.activated_at = timezone.now()
    grid.save(update_fields=["state", "activated_at", "updated_at"])
    audit_record(actor=actor, action="quality.grid_activate", target=grid)
    return grid
