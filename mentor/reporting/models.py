"""Reporting's own tables: export jobs (large exports made by Celery) and, later, the
daily rollups the dashboards read."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """An export prepared by a worker: the requester follows its progress and downloads
    the file, private to them, through a permission-checked view."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Prêt")
        FAILED = "failed", _("Échec")

    class Kind(models.TextChoices):
        HR = "hr", _("Export RH des formations terminées")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    kind = models.CharField(_("export"), max_length=20, choices=Kind.choices)
    #: The filters as the dashboard's URL carries them (start, end, entity, training…).
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
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [models.Index(fields=["requester", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.done / self.total))
