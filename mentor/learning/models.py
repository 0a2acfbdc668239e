"""Course content (sections of activities, shared by every session of a training), each
learner's progress per activity, completion of the training, attendance, quizzes, forums."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from mentor.core.models import TimestampedModel


class Section(TimestampedModel):
    training = models.ForeignKey(
        "catalog.Training",
        on_delete=models.CASCADE,
        related_name="sections",
        verbose_name=_("formation"),
    )
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActivityKind(models.TextChoices):
    PAGE = "page", _("Page")
    FILE = "file", _("Fichier")
    VIDEO = "video", _("Vidéo")
    QUIZ = "quiz", _("Quiz")
    SCORM = "scorm", _("Module SCORM")
    VIRTUAL_CLASS = "virtual_class", _("Classe virtuelle ou webinaire")
    IN_PERSON = "in_person", _("Séance en présentiel")
    FORUM = "forum", _("Forum")
    # Played by the paths app (``mentor/paths/kinds.py``), usable in any training.
    WORK_SITUATION = "work_situation", _("Mise en situation professionnelle")
    FEEDBACK = "feedback", _("Retour d’expérience")


class CompletionRule(models.TextChoices):
    VIEWED = "viewed", _("Consultée")
    SUBMITTED = "submitted", _("Réponse envoyée")
    PASSED = "passed", _("Réussie (score minimal atteint)")
    SCORM_COMPLETED = "scorm_completed", _("Module SCORM terminé")
    SCORM_PASSED = "scorm_passed", _("Module SCORM réussi")
    ATTENDED = "attended", _("Présence constatée")
    POSTED = "posted", _("Contribution publiée")
    VALIDATED = "validated", _("Validée par un tuteur")


#: What may complete each kind of activity (the first is the default).
RULES_BY_KIND = {
    ActivityKind.PAGE: [CompletionRule.VIEWED],
    ActivityKind.FILE: [CompletionRule.VIEWED],
    ActivityKind.VIDEO: [CompletionRule.VIEWED],
    ActivityKind.QUIZ: [CompletionRule.PASSED, CompletionRule.SUBMITTED],
    ActivityKind.SCORM: [CompletionRule.SCORM_COMPLETED, CompletionRule.SCORM_PASSED],
    ActivityKind.VIRTUAL_CLASS: [CompletionRule.ATTENDED],
    ActivityKind.IN_PERSON: [CompletionRule.ATTENDED],
    ActivityKind.FORUM: [CompletionRule.POSTED, CompletionRule.VIEWED],
    ActivityKind.WORK_SITUATION: [CompletionRule.VALIDATED, CompletionRule.SUBMITTED],
    ActivityKind.FEEDBACK: [CompletionRule.SUBMITTED, CompletionRule.VALIDATED],
}


class QuizReview(models.TextChoices):
    """When a learner sees, after an attempt, their answers, the correct ones and the
    feedback: the designer's choice."""

    IMMEDIATELY = "immediately", _("Après chaque tentative")
    AFTER_LAST_ATTEMPT = "after_last", _("Une fois le quiz réussi ou les tentatives épuisées")
    NEVER = "never", _("Jamais (le score seulement)")


class Activity(TimestampedModel):
    """One step of a course. Kind-specific fields are empty for the other kinds."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="activities", verbose_name=_("section")
    )
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveIntegerField(_("ordre"), default=0)
    required = models.BooleanField(_("obligatoire pour terminer la formation"), default=True)
    completion_rule = models.CharField(
        _("condition d'achèvement"), max_length=20, choices=CompletionRule.choices
    )
    # Page (sanitised HTML), and introduction text for the other kinds.
    body = models.TextField(_("contenu"), blank=True)
    # File and video.
    file = models.FileField(_("fichier"), upload_to="activities/%Y/%m/", blank=True)
    captions = models.FileField(
        _("sous-titres (WebVTT)"), upload_to="activities/%Y/%m/", blank=True
    )
    # Quiz.
    max_attempts = models.PositiveSmallIntegerField(
        _("nombre de tentatives"), null=True, blank=True, help_text=_("Vide : illimité.")
    )
    passing_score = models.PositiveSmallIntegerField(
        _("score minimal (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    quiz_review = models.CharField(
        _("correction montrée à l’apprenant"),
        max_length=12,
        choices=QuizReview.choices,
        default=QuizReview.IMMEDIATELY,
        help_text=_("Ses réponses, les bonnes réponses et les explications."),
    )
    # Virtual class, webinar, in-person session.
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)
    place = models.CharField(_("lieu"), max_length=255, blank=True)
    join_url = models.URLField(_("lien pour rejoindre"), blank=True)
    # A SCORM activity's package: scorm.ActivityPackage (the scorm app owns the relation).

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activités")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def file_size(self) -> int | None:
        """None when the stored file is missing (a page must still render)."""
        try:
            return self.file.size if self.file else None
        except (OSError, ValueError):
            return None

    @property
    def file_format(self) -> str:
        """The format shown before downloading ("PDF", "DOCX"…)."""
        return self.file.name.rsplit(".", 1)[-1].upper() if "." in self.file.name else ""


class ActivityImage(models.Model):
    """An image uploaded for a page, shown in its rich text (served to the course's readers
    only, see ``views.activity_image``)."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="images", verbose_name=_("activité")
    )
    image = models.FileField(_("image"), upload_to="activities/images/%Y/%m/")
    alt = models.CharField(_("texte alternatif"), max_length=300)
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("image de page")
        verbose_name_plural = _("images de page")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.alt


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Non commencée")
    IN_PROGRESS = "in_progress", _("En cours")
    COMPLETED = "completed", _("Terminée")


class ActivityProgress(models.Model):
    """A learner's state on one activity, in one enrolment (a session's run of the course)."""

    enrolment = models.ForeignKey(
        "enrolments.Enrolment",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("inscription"),
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress", verbose_name=_("activité")
    )
    status = models.CharField(
        _("état"), max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.IN_PROGRESS
    )
    score = models.DecimalField(
        _("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    first_seen_at = models.DateTimeField(_("première visite"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("dernière visite"), auto_now=True)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    time_spent = models.PositiveIntegerField(_("temps passé (s)"), default=0)
    # When the last credited time ended: the next credit can't exceed the time since then.
    time_counted_until = models.DateTimeField(_("temps compté jusqu’à"), null=True, blank=True)

    class Meta:
        verbose_name = _("progression")
        verbose_name_plural = _("progressions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity"], name="progress_unique_enrolment_activity"
            )
        ]
        # Reporting: the rollups' dirty days (changes since the watermark) and the
        # dashboards' live part of the period (today) read these ranges.
        indexes = [
            models.Index(fields=["first_seen_at"], name="progress_first_seen_idx"),
            models.Index(fields=["last_seen_at"], name="progress_last_seen_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.status}"


class Completion(models.Model):
    """The training completed by an enrolment: written once, never duplicated."""

    enrolment = models.OneToOneField(
        "enrolments.Enrolment",
        on_delete=models.CASCADE,
        related_name="completion",
        verbose_name=_("inscription"),
    )
    completed_at = models.DateTimeField(_("terminée le"))

    class Meta:
        verbose_name = _("achèvement")
        verbose_name_plural = _("achèvements")
        # Reporting: completions per month of a period, and the rollups' dirty days.
        indexes = [models.Index(fields=["completed_at"], name="completion_completed_at_idx")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.completed_at:%Y-%m-%d}"


class Attendance(models.Model):
    """Attendance at a virtual class or in-person session, recorded by a tutor."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField(_("présent"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now=True)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
        constraints = [
            models.UniqueConstraint(fields=["activity", "enrolment"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id}: {self.present}"


# --- Quizzes ----------------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choix unique")
    MULTIPLE = "multiple", _("Choix multiples")
    TRUE_FALSE = "true_false", _("Vrai ou faux")
    SHORT = "short", _("Réponse courte")


class Question(TimestampedModel):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz")
    )
    kind = models.CharField(_("type"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("énoncé"))
    position = models.PositiveIntegerField(_("ordre"), default=0)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    accepted_answers = models.TextField(
        _("réponses acceptées (réponse courte)"),
        blank=True,
        help_text=_("Une par ligne ; casse, accents et espaces ne comptent pas."),
    )
    feedback = models.TextField(_("explication affichée après la réponse"), blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("texte"), max_length=500)
    correct = models.BooleanField(_("bonne réponse"), default=False)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(
        "enrolments.Enrolment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("tentative n°"))
    answers = models.JSONField(_("réponses"), default=dict)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("réussie"))
    submitted_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tentative de quiz")
        verbose_name_plural = _("tentatives de quiz")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "activity", "number"], name="attempt_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.activity_id} #{self.number}: {self.score}"


# --- Forums -------------------------------------------------------------------------------


class Thread(TimestampedModel):
    """A discussion in a forum activity, scoped to one session's learners and tutors."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="threads")
    session = models.ForeignKey("catalog.Session", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(_("sujet"), max_length=200)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title


class Post(TimestampedModel):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
