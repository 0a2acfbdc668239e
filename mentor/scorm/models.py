"""SCORM packages (their files live in the default storage) and each learner's runtime data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class ScormVersion(models.TextChoices):
    SCORM_12 = "1.2", _("SCORM 1.2")
    SCORM_2004 = "2004", _("SCORM 2004")


class Package(TimestampedModel):
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="scorm_packages",
        verbose_name=_("formation"),
    )
    title = models.CharField(_("titre"), max_length=255)
    version = models.CharField(_("version"), max_length=8, choices=ScormVersion.choices)
    launch_path = models.CharField(_("page de lancement"), max_length=500)
    storage_prefix = models.CharField(_("dossier de stockage"), max_length=200, editable=False)
    file_count = models.PositiveIntegerField(_("nombre de fichiers"), default=0)
    total_size = models.PositiveBigIntegerField(_("taille décompressée (octets)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: The organization's own sequencing (2004: choice, flow…), and what the import warned of.
    sequencing = models.JSONField(_("séquencement (2004)"), default=dict, blank=True)
    warnings = models.JSONField(_("avertissements de l’import"), default=list, blank=True)

    class Meta:
        verbose_name = _("paquet SCORM")
        verbose_name_plural = _("paquets SCORM")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} (SCORM {self.version})"


class ActivityPackage(models.Model):
    """The package a SCORM activity plays. Kept here rather than on ``learning.Activity``:
    learning sits below scorm, so its table points at nothing of scorm's (docs/architecture.md)."""

    activity = models.OneToOneField(
        "learning.Activity",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="scorm_package_link",
        verbose_name=_("activité"),
    )
    package = models.ForeignKey(
        Package,
        on_delete=models.PROTECT,
        related_name="activity_links",
        verbose_name=_("paquet SCORM"),
    )

    class Meta:
        verbose_name = _("paquet SCORM d’une activité")
        verbose_name_plural = _("paquets SCORM des activités")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.package_id}"


def activity_package(activity) -> "Package | None":
    """The package ``activity`` plays, or None. No query when the link was loaded with the
    activity (``select_related(ACTIVITY_PACKAGE)``, as the course outline does)."""
    if activity.pk is None:
        return None
    try:
        link = activity.scorm_package_link
    except ActivityPackage.DoesNotExist:
        return None
    return link.package


def activity_package_id(activity) -> int | None:
    if activity.pk is None:
        return None
    try:
        return activity.scorm_package_link.package_id
    except ActivityPackage.DoesNotExist:
        return None


#: What to ``select_related`` on activities to read their package without a query.
ACTIVITY_PACKAGE = "scorm_package_link__package"


class Sco(models.Model):
    """An item of a package's organization tree: a SCO (or asset) with a launch page, or a
    cluster that groups items (no launch page). Rebuilt only by a new import."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="scos")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    identifier = models.CharField(_("identifiant"), max_length=255)
    title = models.CharField(_("titre"), max_length=255)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    depth = models.PositiveSmallIntegerField(_("niveau"), default=0)
    launch_path = models.CharField(_("page de lancement"), max_length=500, blank=True)
    is_sco = models.BooleanField(_("SCO (sinon ressource simple)"), default=True)
    visible = models.BooleanField(_("visible"), default=True)
    prerequisites = models.CharField(_("prérequis (1.2)"), max_length=500, blank=True)
    mastery_score = models.DecimalField(
        _("score de maîtrise (1.2)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    completion_threshold = models.DecimalField(
        _("seuil d’achèvement (2004)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    scaled_passing_score = models.DecimalField(
        _("score de réussite (2004)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    launch_data = models.TextField(_("données de lancement"), blank=True)
    max_time_allowed = models.CharField(_("durée maximale"), max_length=30, blank=True)
    time_limit_action = models.CharField(_("action à la limite"), max_length=30, blank=True)
    sequencing = models.JSONField(_("séquencement (2004)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("élément SCORM")
        verbose_name_plural = _("éléments SCORM")
        ordering = ["package", "position"]
        constraints = [
            models.UniqueConstraint(fields=["package", "identifier"], name="scorm_sco_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def launchable(self) -> bool:
        return bool(self.launch_path)


class AttemptPolicy(models.TextChoices):
    LEARNER_CHOICE = "choice", _("Au choix de l’apprenant quand la précédente est terminée")
    WHEN_COMPLETE = "complete", _("Nouvelle tentative quand la précédente est terminée")
    ALWAYS = "always", _("Nouvelle tentative à chaque ouverture")
    NEVER = "never", _("Toujours reprendre la même tentative")


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Meilleure tentative")
    AVERAGE = "average", _("Moyenne des tentatives")
    FIRST = "first", _("Première tentative")
    LAST = "last", _("Dernière tentative")


class CompletionAttempt(models.TextChoices):
    ANY = "any", _("N’importe quelle tentative")
    FIRST = "first", _("La première tentative seulement")
    GRADED = "graded", _("La tentative retenue pour le score")


class Display(models.TextChoices):
    PAGE = "page", _("Dans la page")
    WINDOW = "window", _("Dans une nouvelle fenêtre")


class Options(models.Model):
    """The designer's options of a SCORM activity (kept when its package is replaced)."""

    activity = models.OneToOneField(
        "learning.Activity", on_delete=models.CASCADE, related_name="scorm_options"
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("nombre maximal de tentatives"), null=True, blank=True, help_text=_("Vide : illimité.")
    )
    attempt_policy = models.CharField(
        _("nouvelle tentative"),
        max_length=10,
        choices=AttemptPolicy.choices,
        default=AttemptPolicy.LEARNER_CHOICE,
    )
    grading = models.CharField(
        _("score retenu"),
        max_length=10,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    completion_attempt = models.CharField(
        _("tentative qui compte pour l’achèvement"),
        max_length=10,
        choices=CompletionAttempt.choices,
        default=CompletionAttempt.ANY,
        help_text=_(
            "L’activité est terminée (ou réussie) quand cette tentative l’est. « La tentative "
            "retenue pour le score » suit le score retenu : meilleure, première ou dernière "
            "tentative (moyenne : n’importe laquelle). Une activité terminée le reste."
        ),
    )
    force_completed = models.BooleanField(
        _("marquer « terminé » à la sortie de chaque SCO"), default=False
    )
    display = models.CharField(
        _("affichage"), max_length=10, choices=Display.choices, default=Display.PAGE
    )

    class Meta:
        verbose_name = _("options SCORM")
        verbose_name_plural = _("options SCORM")

    def __str__(self) -> str:
        return f"{self.activity_id}"


class Attempt(models.Model):
    """One attempt of a learner at a SCORM activity (all its SCOs), with its rolled-up result."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="scorm_attempts"
    )
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="scorm_attempts"
    )
    number = models.PositiveSmallIntegerField(_("tentative n°"), default=1)
    started_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("mise à jour le"), auto_now=True)
    completed = models.BooleanField(_("terminée"), default=False)
    passed = models.BooleanField(_("réussie"), default=False)
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    total_seconds = models.PositiveIntegerField(_("temps (s)"), default=0)

    class Meta:
        verbose_name = _("tentative SCORM")
        verbose_name_plural = _("tentatives SCORM")
        ordering = ["enrolment", "activity", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity", "number"], name="scorm_attempt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id} #{self.number}"


class Runtime(models.Model):
    """The CMI data of one learner on one SCO in one attempt, saved at every commit."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="scorm_runtimes"
    )
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="scorm_runtimes"
    )
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, null=True, related_name="runtimes"
    )
    sco = models.ForeignKey(Sco, on_delete=models.CASCADE, null=True, related_name="runtimes")
    cmi = models.JSONField(_("données CMI"), default=dict)
    lesson_status = models.CharField(_("statut (1.2)"), max_length=20, blank=True)
    completion_status = models.CharField(_("achèvement (2004)"), max_length=20, blank=True)
    success_status = models.CharField(_("réussite (2004)"), max_length=20, blank=True)
    score_scaled = models.DecimalField(
        _("score (0 à 1)"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    location = models.CharField(_("position"), max_length=1000, blank=True)
    suspend_data = models.TextField(_("données de reprise"), blank=True)
    commits = models.PositiveIntegerField(_("enregistrements"), default=0)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("données d'exécution SCORM")
        verbose_name_plural = _("données d'exécution SCORM")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "sco"], name="scorm_runtime_unique_sco")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.lesson_status or self.completion_status}"


class SharedObjective(models.Model):
    """A shared (global) objective of IMS Simple Sequencing, for one learner in one SCORM
    activity: written by the SCOs whose objectives map to it with write access, read by
    those that map to it with read access (across the SCOs and attempts of the package)."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="scorm_objectives"
    )
    activity = models.ForeignKey(
        "learning.Activity", on_delete=models.CASCADE, related_name="scorm_objectives"
    )
    target = models.CharField(_("objectif partagé"), max_length=255)
    satisfied = models.BooleanField(_("atteint"), null=True, blank=True)
    measure = models.DecimalField(
        _("mesure (-1 à 1)"), max_digits=6, decimal_places=4, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("objectif partagé SCORM")
        verbose_name_plural = _("objectifs partagés SCORM")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity", "target"], name="scorm_shared_objective_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.target}"
