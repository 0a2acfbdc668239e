"""Attestations of participation: one per completed enrolment, verifiable by anyone from its
number.

An attestation is a snapshot: the learner's name, the training's title, producer and
duration and the completion date are copied when it is issued, so the document (and its
public verification) stays true when the training is renamed or its sessions deleted.
"""

import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentor.organisations.models import with_article

#: No 0/O, 1/I/L: a number is read on paper and typed by a human.
NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
NUMBER_RANDOM_LENGTH = 8  # 31**8 ≈ 8.5e11 numbers per year: not guessable by enumeration
NUMBER_RE = re.compile(rf"MNT-[0-9]{{4}}-[{NUMBER_ALPHABET}]{{{NUMBER_RANDOM_LENGTH}}}")
NUMBER_MAX_INPUT = 64  # longer input is not a number: refused before any parsing or query


def number_generate(year: int) -> str:
    random_part = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_RANDOM_LENGTH))
    return f"MNT-{year:04d}-{random_part}"


def number_normalise(raw: object) -> str | None:
    """The canonical form of a typed number (spaces removed, upper case), or None when it
    cannot be one: anything else (any length, NUL bytes, paths...) never reaches the database.
    """
    if not isinstance(raw, str) or len(raw) > NUMBER_MAX_INPUT:
        return None
    candidate = "".join(raw.split()).upper()
    return candidate if NUMBER_RE.fullmatch(candidate) else None


def hours_display(hours: Decimal) -> str:
    """7 → "7 heures", 1.5 → "1,5 heure" (French: singular below two)."""
    value = Decimal(hours)
    text = str(value.quantize(Decimal(1))) if value == value.to_integral() else str(value)
    unit = gettext("heure") if value < 2 else gettext("heures")
    return f"{text.replace('.', ',')} {unit}"


class Attestation(models.Model):
    """The attestation of participation of one enrolment (at most one: database constraint)."""

    enrolment = models.OneToOneField(
        "enrolments.Enrolment",
        # The document outlives its enrolment: the snapshot below is all it needs.
        on_delete=models.SET_NULL,
        null=True,
        related_name="attestation",
        verbose_name=_("inscription"),
    )
    # Set when the completion it attested was withdrawn (a path whose credited module no
    # longer counts): the attestation is revoked and detached from ``enrolment``, so a later
    # completion gets a new one, and it stays the holder's through this link.
    former_enrolment = models.ForeignKey(
        "enrolments.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="former_attestations",
        verbose_name=_("inscription (achèvement retiré)"),
    )
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.SET_NULL,
        null=True,
        related_name="attestations",
        verbose_name=_("formation"),
    )
    number = models.CharField(_("numéro"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("délivrée le"))
    # Snapshot taken at issue.
    learner_first_name = models.CharField(_("prénom de l’agent"), max_length=150, blank=True)
    learner_last_name = models.CharField(_("nom de l’agent"), max_length=150, blank=True)
    training_title = models.CharField(_("intitulé de la formation"), max_length=255)
    producer_name = models.CharField(_("producteur"), max_length=255)
    # Its article at issue ("la", "l’"…; see organisations.Entity.article).
    producer_article = models.CharField(_("article du producteur"), max_length=3, blank=True)
    duration_hours = models.DecimalField(_("durée (heures)"), max_digits=6, decimal_places=1)
    completed_at = models.DateTimeField(_("terminée le"))
    # What the completion covered, as issued (a path: its modules, and those credited from
    # earlier work), from ``learning.earlier_work.completion_details``.
    details = models.JSONField(_("contenu attesté"), default=list, blank=True)
    # Revocation (an attestation is never deleted: its number keeps answering "revoked").
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_reason = models.TextField(_("motif de la révocation"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoquée par"),
    )

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["training", "issued_at"])]

    def __str__(self) -> str:
        # The number only: this string lands in the audit trail and admin lists.
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def duration_display(self) -> str:
        return hours_display(self.duration_hours)

    @property
    def producer_with_article(self) -> str:
        """The producer as it follows "par": "la Direction du budget"."""
        return with_article(self.producer_name, self.producer_article)

    @property
    def learner_full_name(self) -> str:
        return f"{self.learner_first_name} {self.learner_last_name}".strip()

    @property
    def holder_public_name(self) -> str:
        """The holder as the public verification page shows them: "C. Martin" (first
        initial and last name), enough to match the paper, not a directory of agents."""
        initial = self.learner_first_name.strip()[:1].upper()
        last = self.learner_last_name.strip()
        if initial and last:
            return f"{initial}. {last}"
        return last or (f"{initial}." if initial else "")
