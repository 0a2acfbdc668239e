"""SCORM packages (their files live in the default storage) and each learner's runtime data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class ScormVersion(models.TextChoices):
    SCORM_12 = "1.2", _("SCORM 1.2")
    SCORM_2004 = "2004", _("SCORM 2004")


class Package(TimestampedModel):
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="scorm_packages",
        verbose_name=_("formation"),
    )
    title = models.CharField(_("titre"), max_length=255)
    version = models.CharField(_("version"), max_length=8, choices=ScormVersion.choices)
    launch_path = models.CharField(_("page de lancement"), max_length=500)
    storage_prefix = models.CharField(_("dossier de stockage"), max_length=200, editable=False)
    file_count = models.PositiveIntegerField(_("nombre de fichiers"), default=0)
    total_size = models.PositiveBigIntegerField(_("taille décompressée (octets)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("paquet SCORM")
        verbose_name_plural = _("paquets SCORM")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} (SCORM {self.version})"


class Runtime(models.Model):
    """The CMI data of one learner on one SCORM activity, saved at every commit."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="scorm_runtimes"
    )
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="scorm_runtimes"
    )
    cmi = models.JSONField(_("données CMI"), default=dict)
    lesson_status = models.CharField(_("statut (1.2)"), max_length=20, blank=True)
    completion_status = models.CharField(_("achèvement (2004)"), max_length=20, blank=True)
    success_status = models.CharField(_("réussite (2004)"), max_length=20, blank=True)
    score_scaled = models.DecimalField(
        _("score (0 à 1)"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    location = models.CharField(_("position"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("données de reprise"), blank=True)
    commits = models.PositiveIntegerField(_("enregistrements"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("données d'exécution SCORM")
        verbose_name_plural = _("données d'exécution SCORM")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "activity"], name="scorm_runtime_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.lesson_status or self.completion_status}"
