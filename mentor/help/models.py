"""The help centre: a FAQ managed by the platform team, and the contact requests agents
send (routed to their ministry's referents or to the platform team)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class FaqCategory(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("catégorie de la FAQ")
        verbose_name_plural = _("catégories de la FAQ")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class FaqEntry(TimestampedModel):
    category = models.ForeignKey(
        FaqCategory, on_delete=models.PROTECT, related_name="entries", verbose_name=_("catégorie")
    )
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("réponse"))
    position = models.PositiveIntegerField(_("ordre"), default=0)
    published = models.BooleanField(_("publiée"), default=True)
    helpful_yes = models.PositiveIntegerField(_("« oui, elle m’a aidé »"), default=0)
    helpful_no = models.PositiveIntegerField(_("« non »"), default=0)
    # Folded text (every database) and French tsvector (PostgreSQL), as the catalogue's.
    search_text = models.TextField(editable=False, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("question de la FAQ")
        verbose_name_plural = _("questions de la FAQ")
        ordering = ["category__position", "position", "pk"]
        indexes = [GinIndex(fields=["search_vector"], name="faq_search_gin")]

    def __str__(self) -> str:
        return self.question


class ContactTopic(models.TextChoices):
    ATTACHMENT = "attachment", _("Mon rattachement à un ministère")
    INTERNAL_OFFER = "internal_offer", _("L’offre interne de mon ministère")
    SIGN_IN = "sign_in", _("Connexion et compte")
    ENROLMENT = "enrolment", _("Inscription à une formation")
    ATTESTATION = "attestation", _("Attestation de formation")
    OTHER = "other", _("Autre question")


#: Topics that the agent's ministry answers (its referents), the others go to the platform.
MINISTRY_TOPICS = {ContactTopic.ATTACHMENT, ContactTopic.INTERNAL_OFFER}


class ContactRequest(models.Model):
    class RoutedTo(models.TextChoices):
        MINISTRY = "ministry", _("Référents du ministère")
        PLATFORM = "platform", _("Équipe de la plateforme")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="contact_requests",
        verbose_name=_("demandeur"),
    )
    topic = models.CharField(_("sujet"), max_length=20, choices=ContactTopic.choices)
    message = models.TextField(_("message"))
    attachment = models.FileField(_("pièce jointe"), upload_to="help/contact/%Y/%m/", blank=True)
    routed_to = models.CharField(_("transmise à"), max_length=10, choices=RoutedTo.choices)
    routed_entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ministère destinataire"),
    )
    recipients = models.JSONField(_("destinataires"), default=list)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("demande d’aide")
        verbose_name_plural = _("demandes d’aide")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return self.ticket

    @property
    def ticket(self) -> str:
        """The number the agent quotes: year and a zero-padded id (MEN-2026-000042)."""
        year = self.created_at.year if self.created_at else ""
        return f"MEN-{year}-{self.pk:06d}"


class TourView(models.Model):
    """A guided tour the person has been through (or dismissed): not offered again on its
    own; replayable from the help centre."""

    class Tour(models.TextChoices):
        AGENT = "agent", _("Découverte de Mentor")
        DESIGNER = "designer", _("Concevoir une formation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tour_views"
    )
    tour = models.CharField(_("visite"), max_length=12, choices=Tour.choices)
    seen_at = models.DateTimeField(_("vue le"), auto_now_add=True)

    class Meta:
        verbose_name = _("visite guidée vue")
        verbose_name_plural = _("visites guidées vues")
        constraints = [
            models.UniqueConstraint(fields=["user", "tour"], name="tourview_unique_user_tour")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.tour}"


def personal_file_path(instance: "PersonalFile", filename: str) -> str:
    # A random name: the stored path reveals neither the person nor the original name.
    return f"personal/{uuid.uuid4().hex}{Path(filename).suffix.lower()[:10]}"


class PersonalFile(models.Model):
    """A file an agent keeps in "Mes fichiers": private to them, within their quota."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_files",
        verbose_name=_("propriétaire"),
    )
    file = models.FileField(_("fichier"), upload_to=personal_file_path)
    name = models.CharField(_("nom"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier personnel")
        verbose_name_plural = _("fichiers personnels")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.name
