"""Campaigns that prescribe a training to a population, and the assignments they create.

An assignment is not an enrolment: it says "this person is asked to follow this training by
this date". Enrolment stays the agent's act (or the campaign's, when it enrols directly);
the assignment only records what was asked, what was sent, and when it was done.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentor.accounts.models import User
from mentor.core.models import TimestampedModel

#: Fifty years, as the learning paths' modules allow.
MAX_VALIDITY_MONTHS = 600


class CampaignKind(models.TextChoices):
    MANDATORY = "mandatory", _("Obligatoire")
    RECOMMENDED = "recommended", _("Recommandée")


class CampaignState(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmée")
    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Close")


class Campaign(TimestampedModel):
    title = models.CharField(_("intitulé"), max_length=200)
    training = models.ForeignKey(
        "catalog.Training",
        verbose_name=_("formation"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    kind = models.CharField(
        _("caractère"), max_length=12, choices=CampaignKind.choices, default=CampaignKind.MANDATORY
    )
    message = models.TextField(_("message aux agents"), blank=True)
    starts_on = models.DateField(_("début"))
    due_on = models.DateField(_("échéance"))
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vide : la session ouverte qui a des places."),
    )
    enrol_directly = models.BooleanField(_("inscrire directement"), default=False)
    #: How long an earlier completion counts as done (the learning paths' validity rule,
    #: ``learning.earlier_work``): older than this on the day of the assignment, the person
    #: is asked to follow the training again. Empty: an earlier completion always counts.
    validity_months = models.PositiveSmallIntegerField(
        _("validité des acquis (mois)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALIDITY_MONTHS)],
        help_text=_("Vide : un achèvement antérieur compte sans limite de durée."),
    )
    reminder_offsets = models.CharField(
        _("relances (jours avant l'échéance)"), max_length=60, blank=True, default="14,7,1"
    )
    owner_entity = models.ForeignKey(
        "organisations.Entity",
        verbose_name=_("entité prescriptrice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Vide : campagne nationale."),
    )
    entities = models.ManyToManyField(
        "organisations.Entity",
        verbose_name=_("entités ciblées (avec leurs sous-entités)"),
        blank=True,
        related_name="+",
    )
    # Typology (the optional profile fields): when set, only the people of the entities
    # above whose field has one of these values (comma-separated choices of accounts).
    categories = models.CharField(_("catégories"), max_length=40, blank=True)
    employment_statuses = models.CharField(_("statuts"), max_length=80, blank=True)
    genders = models.CharField(_("genres"), max_length=80, blank=True)
    listed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personnes listées"),
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=CampaignState.choices, default=CampaignState.SCHEDULED
    )
    opened_at = models.DateTimeField(_("ouverte le"), null=True, blank=True)
    #: How many people are assigned (kept by ``services.assignments_create``): decides
    #: whether the follow-up is computed live or from a snapshot (large campaigns).
    assigned_count = models.PositiveIntegerField(
        _("personnes assignées"), default=0, editable=False
    )
    relaunch_round = models.PositiveSmallIntegerField(
        _("relances manuelles demandées"), default=0, editable=False
    )
    summary_sent_at = models.DateTimeField(
        _("bilan d'ouverture envoyé le"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gt=models.F("starts_on")),
                name="campaign_due_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("prescriptions:detail", kwargs={"pk": self.pk})

    @property
    def offsets(self) -> list[int]:
        """Reminder offsets in days before the due date, largest first."""
        return sorted(
            {int(part) for part in self.reminder_offsets.split(",") if part.strip().isdigit()},
            reverse=True,
        )

    @property
    def typology(self) -> dict[str, list[str]]:
        """The typology filter, by field of ``accounts.User``: ``{"category": ["A", …]}``."""
        fields = {
            "category": self.categories,
            "employment_status": self.employment_statuses,
            "gender": self.genders,
        }
        return {name: raw.split(",") for name, raw in fields.items() if raw}

    @property
    def typology_labels(self) -> list[str]:
        """The typology criteria as shown to people: ``["Catégorie : A, B", …]``."""
        labels = []
        for name, values in self.typology.items():
            field = User._meta.get_field(name)
            names = dict(field.choices or [])
            shown = ", ".join(str(names.get(v, v)) for v in values)
            labels.append(f"{str(field.verbose_name).capitalize()} : {shown}")
        return labels

    @property
    def validity_label(self) -> str:
        """ "3 ans", "18 mois"; empty when earlier completions count without limit."""
        months = self.validity_months
        if not months:
            return ""
        if months % 12 == 0:
            return ngettext("%(n)s an", "%(n)s ans", months // 12) % {"n": months // 12}
        return ngettext("%(n)s mois", "%(n)s mois", months) % {"n": months}

    @property
    def is_overdue(self) -> bool:
        return self.due_on < timezone.localdate()


class Assignment(models.Model):
    """One person asked by one campaign. Created set-based (``services.assignments_create``);
    ``opening_sent_at`` / ``reminder_sent_for`` record what was e-mailed so that sending
    resumes where it stopped and never repeats; ``claimed_until`` is a worker's lease on it."""

    class Source(models.TextChoices):
        OPENING = "opening", _("À l'ouverture")
        LATER = "later", _("Arrivée ensuite")

    # No single-column indexes on the two keys: the unique (campaign, user) and the
    # (user, done_at) indexes serve those lookups, and each index costs on every insert
    # (a national campaign inserts millions of rows at once).
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="assignments", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="prescriptions",
        db_index=False,
    )
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices)
    assigned_at = models.DateTimeField(_("assignée le"))
    done_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    opening_sent_at = models.DateTimeField(_("courriel d'ouverture envoyé le"), null=True)
    reminder_sent_for = models.PositiveSmallIntegerField(
        _("dernière relance envoyée (jours avant l'échéance)"), null=True
    )
    relaunch_sent_for = models.PositiveSmallIntegerField(
        _("dernière relance manuelle envoyée"), null=True
    )
    reminders_off = models.BooleanField(_("relances refusées"), default=False)
    #: The last reminder of any kind sent (automatic, a round, a personal one): manual
    #: reminders skip whoever got one less than ``PRESCRIPTIONS_RELAUNCH_INTERVAL`` ago.
    reminded_at = models.DateTimeField(_("dernière relance envoyée le"), null=True, blank=True)
    #: A personal "Relancer" asked for this person; pending until ``reminded_at`` passes it.
    personal_relaunch_at = models.DateTimeField(
        _("relance individuelle demandée le"), null=True, blank=True
    )
    claimed_until = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("assignation")
        verbose_name_plural = _("assignations")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="assignment_unique")
        ]
        indexes = [
            models.Index(fields=["campaign", "opening_sent_at"]),
            models.Index(fields=["user", "done_at"]),
            # The opening e-mails still to send, in claiming order: a batch is the next
            # entries of this index (a 2.5 M campaign claimed by sorting every pending
            # row took 11 s a batch), and it shrinks as the sending progresses.
            models.Index(
                fields=["campaign", "id"],
                condition=models.Q(opening_sent_at__isnull=True, done_at__isnull=True),
                name="assignment_opening_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.user_id}"

    @property
    def personal_relaunch_pending(self) -> bool:
        return self.personal_relaunch_at is not None and (
            self.reminded_at is None or self.reminded_at < self.personal_relaunch_at
        )

    @property
    def last_relaunch(self):
        """The latest reminder sent or personally asked for (shown on the follow-up)."""
        return max((d for d in (self.reminded_at, self.personal_relaunch_at) if d), default=None)


class Invitation(TimestampedModel):
    """One person who is not a State agent (a contractor, a partner) invited to one session.

    The link's token is only in the e-mail: the table keeps its SHA-256. Accepting creates
    or signs in the account, records ``accepted_by`` — which is what opens that session, and
    only it, to that person (``catalog.grants``) — and enrols them. Pending invitations
    expire, and may be revoked; every step is audited."""

    email = models.EmailField(_("adresse électronique"))
    session = models.ForeignKey(
        "catalog.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invitée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_pending_per_session",
            )
        ]
        indexes = [models.Index(fields=["accepted_by", "session"])]

    def __str__(self) -> str:
        return f"{self.email} → {self.session_id}"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.accepted_at:
            return "accepted"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return {
            "revoked": _("Révoquée"),
            "accepted": _("Acceptée"),
            "expired": _("Expirée"),
            "pending": _("En attente"),
        }[self.status]
