"""The training library: trainings deposited to be shared between ministries, and the
copies taken from them (or duplicated inside one's own scope)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.catalog.models import Licence
from mentor.core.models import TimestampedModel


class Deposit(TimestampedModel):
    """A training offered to other ministries' designers and space admins (never shown to
    agents). Withdrawing keeps the row (and the record of who reused it)."""

    training = models.OneToOneField(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="library_deposit",
        verbose_name=_("formation"),
    )
    description = models.TextField(
        _("description pour les autres concepteurs"),
        help_text=_("Public, modalités, ce qu'il faut adapter au contexte local…"),
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices)
    deposited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("déposée par"),
    )
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("formation de la bibliothèque")
        verbose_name_plural = _("formations de la bibliothèque")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["withdrawn_at", "-created_at"])]

    def __str__(self) -> str:
        return str(self.training)


class CopyKind(models.TextChoices):
    ADAPTATION = "adaptation", _("Adaptation depuis la bibliothèque")
    DUPLICATE = "duplicate", _("Duplication dans son périmètre")


class CopyState(models.TextChoices):
    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminée")
    FAILED = "failed", _("Échouée")


class TrainingCopy(TimestampedModel):
    """One copy of a training: asked for, run in the background, then the origin of the new
    training ("adaptée de …"). The origin's title and producer are kept as text so the line
    survives the original's deletion."""

    kind = models.CharField(_("type"), max_length=12, choices=CopyKind.choices)
    state = models.CharField(
        _("état"), max_length=10, choices=CopyState.choices, default=CopyState.PENDING
    )
    source = models.ForeignKey(
        "catalog.Training",
        on_delete=models.SET_NULL,
        null=True,
        related_name="copies_made",
        verbose_name=_("formation d'origine"),
    )
    deposit = models.ForeignKey(
        Deposit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("dépôt"),
    )
    target = models.OneToOneField(
        "catalog.Training",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copy_origin",
        verbose_name=_("copie"),
    )
    target_entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("offre interne de"),
        null=True,
        blank=True,
    )
    target_producer = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("producteur de la copie"),
    )
    title = models.CharField(_("titre de la copie"), max_length=255)
    origin_title = models.CharField(_("titre d'origine"), max_length=255)
    origin_producer = models.CharField(_("producteur d'origine"), max_length=255)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    units_total = models.PositiveIntegerField(_("étapes"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("copie de formation")
        verbose_name_plural = _("copies de formation")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
