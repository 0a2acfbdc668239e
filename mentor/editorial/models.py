"""The editorial committee's reviews (with an assessment per publication criterion) and
labels; the ministries' space pages and news; the producers' resources (Kit Mentor guides,
calls for projects and applications); images uploaded from the rich-text editor."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class Criterion(models.TextChoices):
    """The publication criteria of the editorial strategy of the Mentor programme."""

    POLICY = "policy", _("Adéquation avec les politiques publiques")
    RELEVANCE = (
        "relevance",
        _("Pertinence des contenus au regard des orientations stratégiques des collections"),
    )
    PEDAGOGY = "pedagogy", _("Qualité pédagogique")
    OFFER = "offer", _("Articulation avec l’offre existante")
    ERGONOMICS = "ergonomics", _("Ergonomie et exigences techniques")


CRITERION_HELP = {
    Criterion.POLICY: _("La formation sert-elle une politique publique portée par l’État ?"),
    Criterion.RELEVANCE: _(
        "Intérêt métier, caution et garanties scientifiques et institutionnelles, "
        "cohérence avec les orientations stratégiques de la collection."
    ),
    Criterion.PEDAGOGY: _(
        "Scénarisation, principe de mise en activité, variété des activités, évaluation."
    ),
    Criterion.OFFER: _("Ne fait-elle pas doublon avec une formation déjà publiée ?"),
    Criterion.ERGONOMICS: _(
        "Navigation, accessibilité (RGAA), compatibilité technique, durée annoncée."
    ),
}


class Opinion(models.TextChoices):
    MET = "met", _("Satisfait")
    PARTLY = "partly", _("Partiellement satisfait")
    NOT_MET = "not_met", _("Non satisfait")


class ReviewKind(models.TextChoices):
    PUBLICATION = "publication", _("Première publication")
    CHANGES = "changes", _("Modification du public ou du périmètre")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("En attente de décision")
    PUBLISHED = "published", _("Publiée")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    REFUSED = "refused", _("Refusée")


class Review(TimestampedModel):
    """One submission of a training to whoever decides (the committee for the
    interministerial offer, the space admin for an internal one) and its decision."""

    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("formation"),
    )
    kind = models.CharField(_("objet"), max_length=20, choices=ReviewKind.choices)
    status = models.CharField(
        _("statut"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    by_committee = models.BooleanField(_("relue par le comité éditorial"), default=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("soumise par"),
    )
    proposed_changes = models.JSONField(_("modifications proposées"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décision de"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_comment = models.TextField(_("commentaire de la décision"), blank=True)

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "by_committee", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["training"],
                condition=models.Q(status="open"),
                name="review_one_open_per_training",
            )
        ]

    def __str__(self) -> str:
        return f"{self.training} — {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("editorial:review", kwargs={"pk": self.pk})


class CriterionAssessment(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("relecture")
    )
    criterion = models.CharField(_("critère"), max_length=20, choices=Criterion.choices)
    opinion = models.CharField(_("avis"), max_length=10, choices=Opinion.choices, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)

    class Meta:
        verbose_name = _("avis sur un critère")
        verbose_name_plural = _("avis sur les critères")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="assessment_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()} : {self.get_opinion_display()}"


class Label(TimestampedModel):
    """A quality label the committee awards (e.g. "Label Mentor", "Coup de cœur")."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TrainingLabel(models.Model):
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="labels",
        verbose_name=_("formation"),
    )
    label = models.ForeignKey(
        Label, on_delete=models.PROTECT, related_name="awards", verbose_name=_("label")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("attribué par"),
    )
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("label attribué")
        verbose_name_plural = _("labels attribués")
        constraints = [
            models.UniqueConstraint(fields=["training", "label"], name="traininglabel_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} — {self.training}"


# --- Ministry space pages ------------------------------------------------------------------


class SpacePage(TimestampedModel):
    """The home of a ministry (or any entity) on Mentor: /espaces/<slug>/."""

    entity = models.OneToOneField(
        "organisations.Entity",
        on_delete=models.CASCADE,
        related_name="space_page",
        verbose_name=_("entité"),
    )
    intro = models.TextField(_("présentation"), blank=True)
    featured = models.ManyToManyField(
        "catalog.Training",
        blank=True,
        related_name="+",
        verbose_name=_("formations mises en avant"),
    )

    class Meta:
        verbose_name = _("page d’espace")
        verbose_name_plural = _("pages d’espace")

    def __str__(self) -> str:
        return str(self.entity)


class SpaceNews(TimestampedModel):
    entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.CASCADE,
        related_name="space_news",
        verbose_name=_("entité"),
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    published_on = models.DateField(_("date de publication"))

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


# --- Resources for producers ---------------------------------------------------------------


class ResourceKind(models.TextChoices):
    GUIDE = "guide", _("Guide du Kit Mentor")
    TEMPLATE = "template", _("Modèle et gabarit")
    PAGE = "page", _("Page d’information")


class Resource(TimestampedModel):
    """A page (with an optional file) of the "Kit Mentor", published by the committee."""

    kind = models.CharField(_("type"), max_length=20, choices=ResourceKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    body = models.TextField(_("contenu"), blank=True)
    file = models.FileField(_("fichier"), upload_to="resources/", blank=True)
    published = models.BooleanField(_("publiée"), default=False)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("editorial:resource", kwargs={"slug": self.slug})


class CallForProjects(TimestampedModel):
    """An annual call for projects (co-funded by the DGAFP)."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100, unique=True)
    summary = models.CharField(_("résumé"), max_length=300)
    body = models.TextField(_("contenu"), blank=True)
    opens_on = models.DateField(_("ouverture"))
    closes_on = models.DateField(_("clôture"))
    published = models.BooleanField(_("publié"), default=False)

    class Meta:
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("editorial:call", kwargs={"slug": self.slug})


class ApplicationStatus(models.TextChoices):
    """The life of an application (``editorial.applications`` holds the transitions)."""

    SUBMITTED = "submitted", _("Déposée")
    SHORTLISTED = "shortlisted", _("Présélectionnée")
    ACCEPTED = "accepted", _("Retenue")
    DECLINED = "declined", _("Non retenue")


class Application(TimestampedModel):
    """A project submitted to a call. ``training`` (optional) is the training the project
    builds: the panels registered in ``catalog.review_panels`` (e.g. its quality
    self-assessment) are shown with the application."""

    call = models.ForeignKey(
        CallForProjects,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("appel à projets"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("porteur"),
    )
    entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("administration porteuse"),
    )
    project_title = models.CharField(_("titre du projet"), max_length=200)
    description = models.TextField(_("description du projet"))
    audience = models.TextField(_("public visé"))
    budget_eur = models.PositiveIntegerField(_("co-financement demandé (euros)"))
    training = models.ForeignKey(
        "catalog.Training",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("formation concernée"),
    )
    status = models.CharField(
        _("statut"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.project_title

    def get_absolute_url(self) -> str:
        return reverse("editorial:application", kwargs={"pk": self.pk})


class ApplicationEvent(models.Model):
    """One step of an application's history: a transition (with its comment) or a comment
    alone. ``internal`` comments are the committee's notes, never shown to the applicant."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("candidature"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(
        _("statut avant"), max_length=12, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("statut après"), max_length=12, choices=ApplicationStatus.choices, blank=True
    )
    comment = models.TextField(_("commentaire"), blank=True)
    internal = models.BooleanField(_("note interne au comité"), default=False)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        verbose_name = _("étape de candidature")
        verbose_name_plural = _("historique des candidatures")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.action}"


class EditorImage(models.Model):
    """An image placed in rich text from the editor; its alternative text is required.

    Private like the pages it is placed in: served by ``editorial:editor_image_file`` to
    whoever may read one of the texts that use it (``EditorImageUse``), and to its owner.
    An image no text uses any more is deleted after a delay (``editorial.images``)."""

    file = models.ImageField(_("image"), upload_to="editor/%Y/%m/")
    alt = models.CharField(_("texte alternatif"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("déposée par"),
    )
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("image de l’éditeur")
        verbose_name_plural = _("images de l’éditeur")

    def __str__(self) -> str:
        return self.alt


class EditorImageUse(models.Model):
    """One rich text that shows an editor image: the model (``catalog.Training``…) and the
    row. Kept up to date when the text is saved, rebuilt by the daily clean-up."""

    image = models.ForeignKey(
        EditorImage, on_delete=models.CASCADE, related_name="uses", verbose_name=_("image")
    )
    source = models.CharField(_("texte"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("identifiant"))

    class Meta:
        verbose_name = _("usage d’une image de l’éditeur")
        verbose_name_plural = _("usages des images de l’éditeur")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "source", "object_id"], name="editorimageuse_unique"
            )
        ]
        indexes = [models.Index(fields=["source", "object_id"])]

    def __str__(self) -> str:
        return f"{self.image_id} → {self.source}:{self.object_id}"
