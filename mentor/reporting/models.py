"""Reporting's own tables (its export jobs are ``core.ExportJob``'s, kind "hr"): the daily rollups
the dashboards and the statistics API read (``rollups.py``), and the visit log."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RollupState(models.Model):
    """Where the daily rollups stand: every day before ``complete_until`` is rolled up (as
    of ``watermark``, when the job last looked for changes); later days are read live."""

    name = models.CharField(_("nom"), max_length=40, unique=True)
    watermark = models.DateTimeField(_("changements lus jusqu’au"), null=True, blank=True)
    complete_until = models.DateField(_("jours agrégés avant le"), null=True, blank=True)

    class Meta:
        verbose_name = _("état des agrégats")
        verbose_name_plural = _("états des agrégats")

    def __str__(self) -> str:
        return f"{self.name} {self.watermark}"


class DailyRollup(models.Model):
    """What every daily rollup row holds: its day (Paris; each table says which day, the
    field redeclared with its label) and the entity of the person counted (null: other
    users, without entity). No constraint to the entity: a rollup outlives nothing and
    is rebuilt nightly."""

    day = models.DateField(_("jour"))
    entity = models.ForeignKey(
        "organisations.Entity",
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        abstract = True


class TrainingRollup(DailyRollup):
    """A daily rollup per training (and entity), read by day and training."""

    training = models.ForeignKey(
        "catalog.Training", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        abstract = True
        indexes = [models.Index(fields=["day", "training"])]


class DailyHours(TrainingRollup):
    """The enrolments taken on ``day`` (Paris), per session and entity of the learner:
    how many are active or cancelled, how many of the active ones were completed, and
    their credited time. The enrolment, completion and hours indicators without reading
    the enrolment and progress tables."""

    day = models.DateField(_("jour d’inscription"))
    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    seconds = models.BigIntegerField(_("secondes"), default=0)
    enrolments = models.PositiveIntegerField(_("inscriptions actives"), default=0)
    cancelled = models.PositiveIntegerField(_("désinscriptions"), default=0)
    completions = models.PositiveIntegerField(_("inscriptions achevées"), default=0)

    class Meta(TrainingRollup.Meta):
        verbose_name = _("inscriptions et heures par jour")
        verbose_name_plural = _("inscriptions et heures par jour")

    def __str__(self) -> str:
        return f"{self.day} {self.session_id} {self.entity_id}: {self.seconds}"


class DailyDurations(TrainingRollup):
    """Completed active enrolments taken on ``day``, per session (and its training) and
    entity, by time to finish in tenths of a day (rounded down): the median time to
    finish, overall and per training or session, from a few hundred buckets instead of
    every completion."""

    day = models.DateField(_("jour d’inscription"))
    session = models.ForeignKey(
        "catalog.Session", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    tenths = models.PositiveIntegerField(_("durée (dixièmes de jour)"))
    completions = models.PositiveIntegerField(_("achèvements"), default=0)

    class Meta(TrainingRollup.Meta):
        verbose_name = _("durées d’achèvement par jour")
        verbose_name_plural = _("durées d’achèvement par jour")

    def __str__(self) -> str:
        return f"{self.day} {self.training_id} {self.tenths}: {self.completions}"


class DailyCompletions(TrainingRollup):
    """Completions dated ``day`` (Paris), per training and entity: the monthly line."""

    day = models.DateField(_("jour d’achèvement"))
    completions = models.PositiveIntegerField(_("achèvements"), default=0)

    class Meta(TrainingRollup.Meta):
        verbose_name = _("achèvements par jour")
        verbose_name_plural = _("achèvements par jour")

    def __str__(self) -> str:
        return f"{self.day} {self.training_id}: {self.completions}"


class DailySatisfaction(TrainingRollup):
    """Satisfaction answers given on ``day``, per training and entity of the respondent
    (counts only: the "moins de 5 réponses" rule applies when they are read)."""

    day = models.DateField(_("jour de réponse"))
    respondents = models.PositiveIntegerField(_("répondants"), default=0)
    satisfied = models.PositiveIntegerField(_("satisfaits"), default=0)
    adapted = models.PositiveIntegerField(_("adaptée aux besoins"), default=0)
    reuse = models.PositiveIntegerField(_("réutiliseront"), default=0)

    class Meta(TrainingRollup.Meta):
        verbose_name = _("satisfaction par jour")
        verbose_name_plural = _("satisfaction par jour")

    def __str__(self) -> str:
        return f"{self.day} {self.training_id}: {self.respondents}"


class DailyAccounts(DailyRollup):
    """Accounts created on ``day`` (Paris), per entity, and what their holders did since
    (in any training): enrolled, started or finished something. Read when no training
    filter applies (the accounts indicator and the entity table)."""

    day = models.DateField(_("jour de création"))
    created = models.PositiveIntegerField(_("comptes créés"), default=0)
    enrolled = models.PositiveIntegerField(_("inscrits"), default=0)
    active = models.PositiveIntegerField(_("ayant commencé ou terminé"), default=0)
    finished = models.PositiveIntegerField(_("ayant terminé"), default=0)

    class Meta(DailyRollup.Meta):
        verbose_name = _("comptes par jour")
        verbose_name_plural = _("comptes par jour")
        indexes = [models.Index(fields=["day", "entity"])]

    def __str__(self) -> str:
        return f"{self.day} {self.entity_id}: {self.created}"


class DailyActivity(TrainingRollup):
    """Activities opened for the first time on ``day`` (Paris), at ``weekday`` and ``hour``
    (local), per training and entity of the learner: the heatmap and the monthly line."""

    #: Day of the week (ISO, 1 = Monday) and hour, at the learner's local time (their
    #: entity's time zone, Paris by default); ``day`` is the Paris day, as for every period.
    weekday = models.PositiveSmallIntegerField(_("jour de la semaine (heure locale)"))
    hour = models.PositiveSmallIntegerField(_("heure (locale)"))
    opened = models.PositiveIntegerField(_("activités ouvertes"), default=0)

    class Meta(TrainingRollup.Meta):
        verbose_name = _("activité par heure")
        verbose_name_plural = _("activité par heure")

    def __str__(self) -> str:
        return f"{self.day} {self.hour}h {self.training_id}: {self.opened}"


class Visit(models.Model):
    """One visit of a signed-in person (pages seen without a pause of more than
    ``visits.VISIT_GAP``): one row per visit, its page count bumped in place, so the log
    grows with visits, never with page views."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    started_at = models.DateTimeField(_("début"))
    last_seen_at = models.DateTimeField(_("dernière page"))
    pages = models.PositiveIntegerField(_("pages vues"), default=1)

    class Meta:
        verbose_name = _("visite")
        verbose_name_plural = _("visites")
        indexes = [models.Index(fields=["started_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.started_at:%Y-%m-%d %H:%M} ({self.pages})"
