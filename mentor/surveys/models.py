"""The end-of-training satisfaction questionnaire (Kirkpatrick level 1): three fixed
questions asked of every training, a free comment, and optional extra questions a
training's designers add."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel

COMMENT_MAX = 5000


class Satisfaction(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Pas du tout satisfait")
    NOT_REALLY = 2, _("Peu satisfait")
    FAIRLY = 3, _("Moyennement satisfait")
    SATISFIED = 4, _("Satisfait")
    VERY = 5, _("Très satisfait")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Note de 1 à 5")
    YES_NO = "yes_no", _("Oui ou non")
    TEXT = "text", _("Réponse libre")


class SurveyQuestion(TimestampedModel):
    """An extra question of one training's questionnaire, asked after the fixed ones."""

    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="survey_questions",
        verbose_name=_("formation"),
    )
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("type de réponse"), max_length=10, choices=QuestionKind.choices)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    required = models.BooleanField(_("réponse obligatoire"), default=False)

    class Meta:
        verbose_name = _("question complémentaire")
        verbose_name_plural = _("questions complémentaires")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class SurveyResponse(models.Model):
    """One agent's answer for one training (at most one: database constraint).

    Reports show answers only in aggregate and comments without any name. ``user`` is kept
    to refuse a second answer and to export the person's own data; it is never displayed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="survey_responses",
        verbose_name=_("agent"),
    )
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="survey_responses",
        verbose_name=_("formation"),
    )
    session = models.ForeignKey(
        "catalog.Session",
        # Statistics outlive a deleted session.
        on_delete=models.SET_NULL,
        null=True,
        related_name="survey_responses",
        verbose_name=_("session"),
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), choices=Satisfaction.choices)
    adapted = models.BooleanField(_("formation adaptée aux besoins"))
    reuse = models.BooleanField(_("réinvestissement dans le travail"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=COMMENT_MAX)
    extra = models.JSONField(_("réponses aux questions complémentaires"), default=dict, blank=True)
    created_at = models.DateTimeField(_("répondu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("réponse au questionnaire")
        verbose_name_plural = _("réponses au questionnaire")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "training"], name="survey_response_unique_user_training"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="survey_response_satisfaction_1_5",
            ),
        ]
        indexes = [models.Index(fields=["training", "created_at"])]

    def __str__(self) -> str:
        return f"{self.training_id}/{self.pk}"
