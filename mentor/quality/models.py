"""The quality self-assessment: a versioned grid of criteria (data, edited by platform
admins) and the assessments designers make of their trainings at each phase.

Versioning: a grid that an assessment used is frozen — its criteria can no longer change
(``Grid.is_frozen``; the admin and the services refuse). To change the grid, a platform
admin makes a new version (a copy, in draft), edits it and activates it; older
assessments keep pointing at the version they were made with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentor.core.errors import Refusal
from mentor.core.models import TimestampedModel


class Phase(models.TextChoices):
    """Phases of a training project, in order."""

    FRAMING = "framing", _("Cadrage")
    DESIGN = "design", _("Conception / scénarisation")
    PRODUCTION = "production", _("Production / intégration")


PHASE_ORDER = [Phase.FRAMING, Phase.DESIGN, Phase.PRODUCTION]


class Domain(models.TextChoices):
    PEDAGOGY = "pedagogy", _("Pédagogique")
    TECHNICAL = "technical", _("Technique")
    ACCESSIBILITY = "accessibility", _("Accessibilité")


class GridState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    ACTIVE = "active", _("En vigueur")
    RETIRED = "retired", _("Remplacée")


class Grid(TimestampedModel):
    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("titre"), max_length=200)
    state = models.CharField(
        _("état"), max_length=10, choices=GridState.choices, default=GridState.DRAFT
    )
    activated_at = models.DateTimeField(_("en vigueur depuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("grille d'auto-évaluation")
        verbose_name_plural = _("grilles d'auto-évaluation")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["state"],
                condition=models.Q(state="active"),
                name="quality_one_active_grid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        """Used by an assessment, or no longer in draft: its criteria are fixed."""
        return self.state != GridState.DRAFT or self.assessments.exists()


class Criterion(models.Model):
    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("grille")
    )
    code = models.CharField(_("code"), max_length=12)
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    domain = models.CharField(_("domaine"), max_length=15, choices=Domain.choices)
    text = models.CharField(_("critère"), max_length=400)
    guidance = models.TextField(_("en savoir plus"), blank=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "code"], name="quality_criterion_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        self._check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_editable()
        return super().delete(*args, **kwargs)

    def _check_editable(self) -> None:
        """A frozen grid's criteria never change: old assessments keep their meaning."""
        if Grid.objects.get(pk=self.grid_id).is_frozen:
            raise Refusal(
                gettext(
                    "Cette version de la grille est figée (en vigueur, remplacée ou déjà "
                    "utilisée) : créez-en une nouvelle version pour la modifier."
                )
            )


class Rating(models.TextChoices):
    FULLY = "fully", _("Respecté")
    PARTLY = "partly", _("Partiellement respecté")
    NOT = "not", _("Non respecté")
    NOT_APPLICABLE = "na", _("Non applicable")


#: Points of each answer; "not applicable" counts for nothing and is left out of the total.
RATING_POINTS = {Rating.FULLY: 1.0, Rating.PARTLY: 0.5, Rating.NOT: 0.0}


class Assessment(TimestampedModel):
    """One self-assessment of a training, at one phase, against one grid version. It
    covers the criteria of its phase and the phases before it."""

    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="quality_assessments",
        verbose_name=_("formation"),
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("grille")
    )
    phase = models.CharField(_("phase du projet"), max_length=12, choices=Phase.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("faite par"),
    )
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("auto-évaluation")
        verbose_name_plural = _("auto-évaluations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["training", "created_at"])]

    def __str__(self) -> str:
        return f"{self.training} — {self.get_phase_display()} ({self.created_at:%d/%m/%Y})"


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    rating = models.CharField(_("réponse"), max_length=8, choices=Rating.choices)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="quality_answer_unique_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.rating}"
