"""Enrolments of users in sessions, and the log of every enrol/unenrol for reporting."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """One row per (user, session): unenrolling keeps the row (status ``cancelled``) and
    enrolling again reactivates it, so "enrolled twice" cannot exist."""

    offers: list  # the completion offers ``selectors.my_trainings`` attaches (not a column)
    parts: list  # the card parts ``selectors.my_trainings`` attaches (not a column)

    class Status(models.TextChoices):
        ACTIVE = "active", _("Inscrit")
        CANCELLED = "cancelled", _("Désinscrit")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("utilisateur"),
    )
    session = models.ForeignKey(
        "catalog.Session",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("session"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("inscrit le"))
    cancelled_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "session"], name="enrolment_unique_user_session"
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["user", "status"]),
            # Reporting: enrolments of a period (live part) and the rollups' dirty days.
            models.Index(fields=["enrolled_at"], name="enrolment_enrolled_at_idx"),
            models.Index(fields=["cancelled_at"], name="enrolment_cancelled_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.session_id} ({self.status})"


class EnrolmentEvent(models.Model):
    """Append-only: every enrolment and unenrolment with its time (reporting reads these)."""

    class Kind(models.TextChoices):
        ENROLLED = "enrolled", _("Inscription")
        CANCELLED = "cancelled", _("Désinscription")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="events", verbose_name=_("inscription")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement d'inscription")
        verbose_name_plural = _("événements d'inscription")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
