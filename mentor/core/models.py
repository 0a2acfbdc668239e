import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """Every row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class ExportJob(models.Model):
    """A file prepared by a worker (a large CSV export): the requester follows its progress
    and downloads it, private to them, through a permission-checked view. What the file
    holds is said by its kind, which an app registers (``core.export_jobs``): reporting's
    HR export, a campaign's follow-up…

    The table is reporting's, where it was first made (moved here without copying it)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")
        #: Done, and its file deleted after ``EXPORT_RETENTION_DAYS``.
        EXPIRED = "expired", _("Expiré")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    #: The registered kind (``core.export_jobs.register_export_kind``).
    kind = models.CharField(_("export"), max_length=20)
    #: What the kind needs to write the file again (filters, a campaign…).
    params = models.JSONField(_("filtres"), default=dict)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("lignes à écrire"), null=True, blank=True)
    done = models.PositiveIntegerField(_("lignes écrites"), default=0)
    file = models.CharField(_("fichier"), max_length=255, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        db_table = "reporting_exportjob"
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["requester", "-created_at"], name="reporting_e_request_112e4b_idx")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))
