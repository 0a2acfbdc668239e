"""Learning paths ("parcours pédagogiques").

A path is a training flagged ``is_path`` (catalog). Each of its sessions may carry a plan:
sections of modules, each module linking to a session of another training (never copied).
A module's state for an agent is computed, never stored: done in the linked session,
credited from an earlier completion (carry-over rules below), or by a tutor's decision
(``ManualCredit``, audited). Revoking a completion therefore withdraws its credit at once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class PathPlan(TimestampedModel):
    """The modules arrangement of one path session, and its completion rule."""

    session = models.OneToOneField(
        "catalog.Session",
        on_delete=models.CASCADE,
        related_name="path_plan",
        verbose_name=_("session du parcours"),
    )
    optional_minimum = models.PositiveSmallIntegerField(
        _("modules facultatifs à terminer (minimum)"), default=0
    )

    class Meta:
        verbose_name = _("plan de parcours")
        verbose_name_plural = _("plans de parcours")

    def __str__(self) -> str:
        return str(self.session)


class PathSection(TimestampedModel):
    plan = models.ForeignKey(
        PathPlan, on_delete=models.CASCADE, related_name="sections", verbose_name=_("plan")
    )
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section de parcours")
        verbose_name_plural = _("sections de parcours")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class CreditRule(models.TextChoices):
    SAME_TRAINING = "same_training", _("La même formation, quelle que soit la session")
    SESSION_ONLY = "session_only", _("Cette session seulement")
    EQUIVALENT = "equivalent", _("La même formation ou une formation déclarée équivalente")


class PathModule(TimestampedModel):
    """A module of a path: a link to a session of another training."""

    section = models.ForeignKey(
        PathSection, on_delete=models.CASCADE, related_name="modules", verbose_name=_("section")
    )
    linked_session = models.ForeignKey(
        "catalog.Session",
        on_delete=models.PROTECT,
        related_name="path_modules",
        verbose_name=_("session liée"),
    )
    required = models.BooleanField(_("obligatoire"), default=True)
    credit_rule = models.CharField(
        _("reprise des acquis"),
        max_length=20,
        choices=CreditRule.choices,
        default=CreditRule.SAME_TRAINING,
    )
    validity_years = models.PositiveSmallIntegerField(
        _("validité des acquis (années)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("Vide : un achèvement antérieur compte sans limite de durée."),
    )
    # Conditional release: locked (unless already complete) until the date and until the
    # modules it requires are complete; the learner reads why.
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    requires = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        verbose_name=_("disponible après les modules"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("module de parcours")
        verbose_name_plural = _("modules de parcours")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "linked_session"], name="path_module_unique_in_section"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section_id}: {self.linked_session_id}"


class Equivalence(TimestampedModel):
    """Completing ``equivalent`` counts for ``training`` (declared by the producer of
    ``training``; every path reuses it). Read both ways."""

    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="equivalences",
        verbose_name=_("formation"),
    )
    equivalent = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("formation équivalente"),
    )
    declared_by = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("déclarée par"),
    )

    class Meta:
        verbose_name = _("équivalence")
        verbose_name_plural = _("équivalences")
        constraints = [
            models.UniqueConstraint(fields=["training", "equivalent"], name="equivalence_unique"),
            models.CheckConstraint(
                condition=~models.Q(training=models.F("equivalent")), name="equivalence_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training_id} ≡ {self.equivalent_id}"


class ManualCredit(TimestampedModel):
    """A tutor's or admin's decision on one agent's module: grant the credit, or withdraw a
    computed one. Always with a reason; every change is in the audit trail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="path_manual_credits",
        verbose_name=_("agent"),
    )
    module = models.ForeignKey(
        PathModule,
        on_delete=models.CASCADE,
        related_name="manual_credits",
        verbose_name=_("module"),
    )
    granted = models.BooleanField(_("acquis accordé"))
    reason = models.TextField(_("motif"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décidé par"),
    )

    class Meta:
        verbose_name = _("décision sur un acquis")
        verbose_name_plural = _("décisions sur des acquis")
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="manual_credit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.module_id}: {self.granted}"


class PlacementOutcome(models.TextChoices):
    EXEMPTED = "exempted", _("Dispensé (acquis par le positionnement)")
    REQUIRED = "required", _("Rendu obligatoire")
    RECOMMENDED = "recommended", _("Recommandé")


class PlacementRule(TimestampedModel):
    """What the placement quiz means for one module, from the agent's latest attempt:
    either a band of its score (within [min_score, max_score]) or one question's outcome
    (answered right, or wrong, per ``when_correct``) exempts the module, makes it required,
    or recommends it. Retaking the quiz re-evaluates; completed work stays."""

    module = models.ForeignKey(
        PathModule,
        on_delete=models.CASCADE,
        related_name="placement_rules",
        verbose_name=_("module"),
    )
    quiz = models.ForeignKey(
        "learning.Activity",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("questionnaire de prépositionnement"),
    )
    min_score = models.DecimalField(
        _("score minimal (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("score maximal (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    question = models.ForeignKey(
        "learning.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    when_correct = models.BooleanField(_("si la réponse est juste"), default=True)
    outcome = models.CharField(_("effet"), max_length=20, choices=PlacementOutcome.choices)

    class Meta:
        verbose_name = _("règle de positionnement")
        verbose_name_plural = _("règles de positionnement")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False)
                | (
                    models.Q(min_score__isnull=False, max_score__isnull=False)
                    & models.Q(min_score__lte=models.F("max_score"))
                ),
                name="placement_band_or_question",
            )
        ]

    def __str__(self) -> str:
        if self.question_id:
            return f"{self.module_id}: q{self.question_id}={self.when_correct} → {self.outcome}"
        return f"{self.module_id}: {self.min_score}–{self.max_score} → {self.outcome}"


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("À valider")
    VALIDATED = "validated", _("Validé")
    RETURNED = "returned", _("À reprendre")


class Submission(TimestampedModel):
    """What a learner handed in for a work-situation activity (a deliverable, with an
    optional note) or an experience-feedback activity (a text), and the tutor's review.
    One per enrolment and activity: handing in again replaces it until it is validated.
    The activity kinds are played by ``mentor/paths/kinds.py``, in any training."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment",
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("inscription"),
    )
    activity = models.ForeignKey(
        "learning.Activity",
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("activité"),
    )
    text = models.TextField(_("texte"), blank=True)
    file = models.FileField(_("livrable"), upload_to="submissions/%Y/%m/", blank=True)
    status = models.CharField(
        _("état"),
        max_length=12,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("remis le"))
    comment = models.TextField(_("commentaire du tuteur"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("examiné par"),
    )
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("travail remis")
        verbose_name_plural = _("travaux remis")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity"], name="submission_unique_enrolment_activity"
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="submission_queue")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.status}"
