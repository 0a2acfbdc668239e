"""The training offer: collections, trainings (the sheet an agent reads) and their sessions."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class Collection(TimestampedModel):
    """A thematic collection of the interministerial offer (with optional sub-collections)."""

    n_trainings: int  # set by ``selectors.home_collections`` (not a column)

    parent = models.ForeignKey(
        "self",
        verbose_name=_("collection parente"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    orientations = models.TextField(
        _("orientations stratégiques"), blank=True, help_text=_("Une orientation par ligne.")
    )
    lead_entity = models.ForeignKey(
        "organisations.Entity",
        verbose_name=_("direction cheffe de file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_collections",
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{reverse('catalog:list')}?collection={self.slug}"

    @property
    def orientation_list(self) -> list[str]:
        return [line.strip() for line in self.orientations.splitlines() if line.strip()]


class Modality(models.TextChoices):
    HYBRID = "hybrid", _("Hybride (présentiel et distanciel)")
    TUTORED = "tutored", _("100 % en ligne tutorée")
    WEBINAR = "webinar", _("Webinaire")
    VIRTUAL_CLASS = "virtual_class", _("Classe virtuelle")
    SELF_PACED = "self_paced", _("En autonomie")
    ENRICHED = "enriched", _("Présentiel enrichi")
    PEER_EXCHANGE = "peer_exchange", _("Espace d'échange entre pairs")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("Creative Commons BY")
    CC_BY_SA = "cc-by-sa", _("Creative Commons BY-SA")
    CC_BY_NC = "cc-by-nc", _("Creative Commons BY-NC")
    CC_BY_NC_SA = "cc-by-nc-sa", _("Creative Commons BY-NC-SA")
    CC_BY_ND = "cc-by-nd", _("Creative Commons BY-ND")
    CC_BY_NC_ND = "cc-by-nc-nd", _("Creative Commons BY-NC-ND")
    ALL_RIGHTS = "all-rights", _("Tous droits réservés")


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    REVIEW = "review", _("En relecture")
    PUBLISHED = "published", _("Publiée")
    REFUSED = "refused", _("Refusée")
    ARCHIVED = "archived", _("Archivée")


class Training(TimestampedModel):
    """A training as its sheet presents it. ``owner_entity`` empty = interministerial offer
    (every State agent); set = that entity's internal offer (its agents and sub-entities')."""

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    summary = models.TextField(_("résumé"))
    objectives = models.TextField(_("objectifs"), blank=True)
    content = models.TextField(_("contenu et programme"), blank=True)
    prerequisites = models.TextField(_("prérequis"), blank=True)
    audience = models.TextField(_("public visé"), blank=True)
    jobs = models.CharField(_("métiers concernés"), max_length=500, blank=True)
    duration_hours = models.DecimalField(
        _("durée (heures)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0.5)],
    )
    modality = models.CharField(_("modalité"), max_length=20, choices=Modality.choices)
    certifying = models.BooleanField(_("certifiante"), default=False)
    is_path = models.BooleanField(
        _("parcours"),
        default=False,
        help_text=_(
            "Un parcours pédagogique assemble des modules, y compris des sessions d'autres "
            "formations (voir l'application « parcours »)."
        ),
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_NC_SA
    )
    producer = models.ForeignKey(
        "organisations.Entity",
        verbose_name=_("producteur"),
        on_delete=models.PROTECT,
        related_name="produced_trainings",
    )
    owner_entity = models.ForeignKey(
        "organisations.Entity",
        verbose_name=_("offre interne de"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_trainings",
        help_text=_(
            "Vide : offre interministérielle, ouverte à tous les agents de l'État. "
            "Renseigné : réservée aux agents de cette entité et de ses sous-entités."
        ),
    )
    collections = models.ManyToManyField(
        Collection, verbose_name=_("collections"), related_name="trainings", blank=True
    )
    keywords = models.CharField(
        _("mots-clés"), max_length=500, blank=True, help_text=_("Séparés par des virgules.")
    )
    image = models.ImageField(_("illustration"), upload_to="trainings/", blank=True)
    image_alt = models.CharField(
        _("texte alternatif de l'illustration"), max_length=255, blank=True
    )
    state = models.CharField(
        _("état de publication"),
        max_length=20,
        choices=PublicationState.choices,
        default=PublicationState.DRAFT,
    )
    featured = models.BooleanField(_("mise en avant"), default=False)
    # Audience/scope changes to a published interministerial training wait for the
    # committee here (see ``publication.REVIEWED_FIELDS``); the sheet shows the old values.
    pending_changes = models.JSONField(
        _("modifications en attente de relecture"), default=dict, blank=True, editable=False
    )
    changes_submitted_at = models.DateTimeField(
        _("modifications soumises le"), null=True, blank=True, editable=False
    )
    delivers_attestation = models.BooleanField(
        _("délivre une attestation de participation"), default=True
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Search: accent-free lower-case text for every database, a French tsvector on PostgreSQL.
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["state", "owner_entity", "-published_at"]),
            models.Index(fields=["state", "modality"]),
            models.Index(fields=["state", "featured"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:training", kwargs={"slug": self.slug})

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]

    @property
    def is_interministerial(self) -> bool:
        return self.owner_entity_id is None


class SessionState(models.TextChoices):
    """The states a person sets. "Full" and "finished" are derived (see ``Session.status``)."""

    OPEN = "open", _("Ouverte")
    CLOSED = "closed", _("Fermée")


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Inscriptions ouvertes")
    UPCOMING = "upcoming", _("Inscriptions bientôt ouvertes")
    FULL = "full", _("Complète")
    CLOSED = "closed", _("Inscriptions fermées")
    FINISHED = "finished", _("Terminée")


class Session(TimestampedModel):
    training = models.ForeignKey(
        Training, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(
        _("intitulé"), max_length=200, help_text=_("Par exemple « Printemps 2027 ».")
    )
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"))
    enrol_opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True, blank=True)
    enrol_closes_at = models.DateTimeField(_("clôture des inscriptions"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Vide : nombre de places illimité.")
    )
    seats_taken = models.PositiveIntegerField(_("places prises"), default=0, editable=False)
    tutored = models.BooleanField(_("tutorée"), default=False)
    place = models.CharField(_("lieu (parties en présentiel)"), max_length=255, blank=True)
    meeting_url = models.URLField(_("lien de la classe virtuelle ou du webinaire"), blank=True)
    state = models.CharField(
        _("état"), max_length=10, choices=SessionState.choices, default=SessionState.OPEN
    )
    tutors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tuteurs et formateurs"),
        related_name="tutored_sessions",
        blank=True,
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["training", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True)
                | models.Q(seats_taken__lte=models.F("capacity")),
                name="session_seats_within_capacity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.training.title} — {self.title}"

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("La fin doit suivre le début.")
        if (
            self.enrol_opens_at
            and self.enrol_closes_at
            and self.enrol_closes_at < self.enrol_opens_at
        ):
            errors["enrol_closes_at"] = _("La clôture doit suivre l'ouverture des inscriptions.")
        if self.capacity is not None and self.capacity < self.seats_taken:
            errors["capacity"] = _(
                "%(n)s personnes sont déjà inscrites : le nombre de places ne peut pas être inférieur."
            ) % {"n": self.seats_taken}
        if errors:
            raise ValidationError(errors)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.seats_taken, 0)

    @property
    def status(self) -> str:
        """What an agent sees: derived from the state, the dates and the seats."""
        now = timezone.now()
        if self.ends_on < timezone.localdate():
            return SessionStatus.FINISHED
        if self.state == SessionState.CLOSED or (
            self.enrol_closes_at and now > self.enrol_closes_at
        ):
            return SessionStatus.CLOSED
        if self.enrol_opens_at and now < self.enrol_opens_at:
            return SessionStatus.UPCOMING
        if self.capacity is not None and self.seats_taken >= self.capacity:
            return SessionStatus.FULL
        return SessionStatus.OPEN

    def get_status_display(self) -> str:
        return SessionStatus(self.status).label


class SessionMeeting(TimestampedModel):
    """A dated synchronous part of a session: virtual class, webinar or in-person day."""

    class Kind(models.TextChoices):
        VIRTUAL_CLASS = "virtual_class", _("Classe virtuelle")
        WEBINAR = "webinar", _("Webinaire")
        IN_PERSON = "in_person", _("Présentiel")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("session")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    url = models.URLField(_("lien"), blank=True)

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%d/%m/%Y %H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit suivre le début.")
        if self.kind == self.Kind.IN_PERSON and not self.place:
            errors["place"] = _("Indiquez le lieu de la séance en présentiel.")
        if self.kind in (self.Kind.VIRTUAL_CLASS, self.Kind.WEBINAR) and not self.url:
            errors["url"] = _("Indiquez le lien de connexion à la séance.")
        if errors:
            raise ValidationError(errors)
