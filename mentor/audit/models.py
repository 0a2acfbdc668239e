"""An append-only trail of administrative actions (role grants, attachment overrides,
deletions...). Rows are never updated; erasing a user keeps the row but not their name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("type de cible"), max_length=64)
    target_id = models.CharField(_("identifiant de la cible"), max_length=64)
    target_repr = models.CharField(_("cible"), max_length=255)
    #: The entity concerned, by id only: audit sits below organisations (which records its
    #: own actions here), so its table points at nothing above it; an entity deleted since
    #: leaves its id (the trail outlives what it describes).
    entity_id = models.BigIntegerField(
        _("entité concernée"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Permet aux administrateurs d'espace de voir les actions de leur périmètre."),
    )
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("action administrative")
        verbose_name_plural = _("journal des actions administratives")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"
