"""The indicators, computed in the database.

Every figure is an aggregate query over the rows the scope allows (``ReportScope.q``) and
the filters select (``Filters.q``); Python only shapes the handful of aggregated groups.
The rules behind each figure are written on the page next to it (``RULES``):

- accounts: created during the period; "enrolled" means at least one enrolment (of the
  filtered trainings), at any time;
- enrolments, completions, completion rate, hours: the enrolments taken during the period
  and still active (a cancelled enrolment is counted apart), and what became of them;
- satisfaction: answers given during the period, hidden below ``MIN_RESPONDENTS``.
"""

import hashlib
import logging
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from math import ceil
from statistics import mean
from typing import Any

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextChoices,
)
from django.db.models.functions import (
    ExtractHour,
    ExtractIsoWeekDay,
    Substr,
    TruncMonth,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from mentor.accounts.models import Category, EmploymentStatus, Gender, User
from mentor.catalog.models import Collection, PublicationState, Session, Training
from mentor.core.cache import lock_token, release_lock
from mentor.core.db import reporting_reads
from mentor.enrolments.models import Enrolment
from mentor.learning.models import ActivityProgress, Completion
from mentor.organisations.models import PATH_STEP, Entity
from mentor.paths.selectors import PathProgress, path_progress_report
from mentor.reporting import rollups
from mentor.reporting.models import (
    DailyAccounts,
    DailyActivity,
    DailyCompletions,
    DailyDurations,
    DailyHours,
    DailySatisfaction,
    Visit,
)
from mentor.reporting.permissions import ReportScope, ScopeKind
from mentor.reporting.zones import zone_groups
from mentor.surveys.selectors import MIN_RESPONDENTS, response_counts, survey_responses

SEGMENT = PATH_STEP + 1  # one level of an entity path: "000042."
TABLE_ROWS = 20  # rows of a breakdown shown on the page (exports have them all)

ACTIVE = Enrolment.Status.ACTIVE


class Offer(TextChoices):
    INTERMINISTERIAL = "interministerial", _("Interministérielle")
    INTERNAL = "internal", _("Interne (offre d’une entité)")


RULES = {
    "accounts": _(
        "Comptes créés sur la période. « Inscrits » : au moins une inscription à une session "
        "(des formations filtrées), à n’importe quelle date ; « commencé » : au moins une "
        "activité ouverte ; « terminé » : au moins une formation achevée."
    ),
    "completion_rate": _(
        "Taux d’achèvement = inscriptions achevées ÷ inscriptions, parmi les inscriptions "
        "prises sur la période et toujours actives (les désinscriptions ne comptent pas)."
    ),
    "median": _(
        "Durée médiane entre l’inscription et l’achèvement, pour les achèvements (chaque "
        "durée arrondie au dixième de jour inférieur)."
    ),
    "hours": _(
        "Temps crédité par le lecteur de cours (temps visible, plafonné) sur les inscriptions "
        "de la période ; heures par agent = heures ÷ personnes inscrites."
    ),
    "activity": _(
        "Activité : activités de cours ouvertes pour la première fois sur la période "
        "(une par personne et par activité). Jours de la période à l’heure de Paris ; jour "
        "de la semaine et heure à l’heure locale des agents (le fuseau de leur entité "
        "d’outre-mer, Paris sinon)."
    ),
    "typology": _(
        "Personnes ayant une inscription active prise sur la période, selon les champs "
        "facultatifs de leur profil. Les cases de moins de %(n)s personnes ne sont pas "
        "affichées."
    )
    % {"n": MIN_RESPONDENTS},
    "offer": _(
        "Formations publiées du périmètre (toutes au niveau national ; celles que vous "
        "pouvez modifier sinon) et leurs sessions qui commencent sur la période. Une "
        "formation rangée dans plusieurs collections compte dans chacune."
    ),
    "satisfaction": _(
        "Réponses au questionnaire de fin de formation données sur la période. Satisfaits : "
        "« satisfait » ou « très satisfait ». Résultats masqués sous %(n)s répondants."
    )
    % {"n": MIN_RESPONDENTS},
    "paths": _(
        "Personnes inscrites au parcours sur la période et toujours inscrites, et l’état de "
        "chaque module pour elles aujourd’hui, y compris les modules liés à des sessions "
        "d’autres formations : « acquis antérieurement » reprend un achèvement d’une session "
        "précédente ou d’une formation équivalente, « dispensé » vient du questionnaire de "
        "positionnement. Les autres participants des sessions liées ne sont pas comptés."
    ),
}


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    entity: Entity | None = None
    collection: Collection | None = None
    training: Training | None = None
    offer: str = ""
    modality: str = ""
    #: Days before this one are read from the daily rollups, later ones live (None: all
    #: live). Set by ``with_rollups``, with the rollups' ``watermark``.
    live_from: date | None = None
    watermark: datetime | None = None

    @property
    def start_at(self) -> datetime:
        """Midnight at the start of the first day, in the site's time zone (Europe/Paris)."""
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        """Midnight after the last day (exclusive bound): DST days count whole."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def period_q(self, lookup: str) -> Q:
        return Q(**{f"{lookup}__gte": self.start_at, f"{lookup}__lt": self.end_at})

    @property
    def rolled(self) -> bool:
        """Some days of the period come from the rollups."""
        return self.live_from is not None and self.live_from > self.start

    def live_period_q(self, lookup: str) -> Q:
        """The part of the period read live (all of it without rollups)."""
        if self.live_from is None or not self.rolled:
            return self.period_q(lookup)
        return Q(
            **{f"{lookup}__gte": rollups.day_start(self.live_from), f"{lookup}__lt": self.end_at}
        )

    def rollup_q(self) -> Q:
        """The days of the period read from the rollups (``day`` of a rollup row)."""
        return Q(day__gte=self.start, day__lt=self.live_from)

    def people_q(self, user: str) -> Q:
        if self.entity is None:
            return Q()
        return Q(**{f"{user}entity__path__startswith": self.entity.path})

    def training_q(self, training: str) -> Q:
        query = Q()
        if self.collection is not None:
            query &= Q(
                **{
                    f"{training}pk__in": Training.objects.filter(
                        collections=self.collection
                    ).values("pk")
                }
            )
        if self.training is not None:
            query &= Q(**{f"{training}pk": self.training.pk})
        if self.offer:
            query &= Q(**{f"{training}owner_entity__isnull": self.offer == Offer.INTERMINISTERIAL})
        if self.modality:
            query &= Q(**{f"{training}modality": self.modality})
        return query

    def q(self, *, user: str, training: str) -> Q:
        return self.people_q(user) & self.training_q(training)

    @property
    def of_trainings(self) -> bool:
        """A filter on trainings (collection, training, offer type, modality) applies."""
        return bool(self.training_q(""))

    @property
    def accounts_rolled(self) -> bool:
        """The accounts figures read the rollups (which know no training filter)."""
        return self.rolled and not self.of_trainings


def with_rollups(filters: Filters) -> Filters:
    """The filters, reading from the daily rollups the days they cover (one query)."""
    return _with_rollups(filters)[0]


def _with_rollups(filters: Filters) -> tuple[Filters, datetime | None]:
    state = rollups.rollup_state()
    live_from = rollups.rolled_until(state, filters.start, filters.end)
    watermark = state.watermark if state is not None else None
    filters = replace(filters, live_from=live_from, watermark=watermark)
    return filters, watermark if filters.rolled else None


#: How long the distinct-people figures of a scope and filters are kept: their key holds
#: the rollups' watermark, so a refresh of the rollups (every 15 minutes) renews them.
PEOPLE_CACHE_SECONDS = 3600
#: How long the last figures of a scope and filters are kept whatever the watermark, to be
#: shown (with their own time) while newer ones are computed: stale-while-revalidate.
LAST_CACHE_SECONDS = 3 * 24 * 3600
#: While a recomputation is queued or running, nobody queues another one; the worker frees
#: it when done (a worker that dies frees it after this time).
REFRESH_LOCK_SECONDS = 15 * 60

logger = logging.getLogger(__name__)

#: Set while a worker (or the beat job) computes figures: ``_cached`` computes what is
#: missing instead of serving the last value or queueing another computation.
_computing: ContextVar[bool] = ContextVar("reporting_computing", default=False)
#: The computation lock a worker's task holds already (``figures_compute``): its own
#: figures are computed under it, any other figures take their own lock first.
_held_lock: ContextVar[str] = ContextVar("reporting_held_lock", default="")


class Pending(Exception):  # noqa: N818  (a state, not a failure)
    """No figures were ever computed for this scope and these filters: their computation
    is queued; ask again in a few seconds (``RETRY_SECONDS``). Also raised in a worker
    (the warm-up) for figures another worker is computing at that very moment."""


#: What the pending page and the API's 202 suggest waiting before asking again.
RETRY_SECONDS = 5


@contextmanager
def computing(*, lock: str = ""):
    """Within it, missing figures are computed at once (workers, the beat job); ``lock``:
    the computation lock the caller holds already (a reader's task)."""
    token, held = _computing.set(True), _held_lock.set(lock)
    try:
        yield
    finally:
        _held_lock.reset(held)
        _computing.reset(token)


def _people_cached(kind: str, scope: ReportScope, filters: Filters, compute):
    """Distinct people over a period (learners, typology) cannot be summed from daily
    rollups: counted on the enrolments, they are kept in the cache until the rollups move
    on (the key holds their watermark; the beat job computes the usual views at once,
    ``warm_dashboards``). Without rollups (``filters.rolled`` false), always counted."""
    return _cached(f"people:{kind}", scope, filters, compute)


def _key(identity: tuple) -> str:
    return "reporting:" + hashlib.sha256(repr(identity).encode()).hexdigest()


def _cached(kind: str, scope: ReportScope, filters: Filters, compute, job: dict | None = None):
    """``compute()``, kept in the cache for this scope and these filters until the rollups
    move on (their watermark is in the key); computed every time without rollups.

    With a ``job`` (what a worker runs to compute the same figures: the dashboard, the
    overview), stale-while-revalidate: when the rollups moved on, the last figures of the
    same scope and filters are returned at once, and one computation is queued for
    everyone asking meanwhile (a lock in the cache); with no figures at all yet, ``Pending``
    is raised once the computation is queued. Where Celery runs tasks inline (tests, the
    embedded setup), the figures are there when it returns and are returned."""
    if not filters.rolled or filters.watermark is None:
        return compute()
    trainings = (
        None
        if scope.trainings is None
        else tuple(sorted(scope.trainings.values_list("pk", flat=True)))
    )
    identity = (
        kind,
        scope.kind.value,
        tuple(sorted(root.pk for root in scope.roots)),
        trainings,
        filters.start,
        filters.end,
        *(x.pk if x is not None else None for x in (filters.entity, filters.collection)),
        filters.training.pk if filters.training is not None else None,
        filters.offer,
        filters.modality,
    )
    key, last_key = _key((*identity, filters.watermark.isoformat())), _key(identity)
    lock = f"{last_key}:computing"
    value = cache.get(key)
    if value is not None:
        return value
    last = None
    if job is not None and not _computing.get():
        last = cache.get(last_key)
        if _queue(job, scope, filters, lock=lock):
            value = cache.get(key)  # computed already when Celery runs tasks inline
            if value is not None:
                return value
            if last is not None:
                return last
            raise Pending
        # Nothing could be queued (the broker is down): computed here, as before.
    if job is None or _held_lock.get() == lock:
        return _compute_and_keep(compute, key, last_key if job is not None else None)
    # A worker computing figures it holds no lock for (the warm-up after each refresh):
    # the readers' lock first, so that one scope and filters is never computed twice at
    # once by several workers; someone else at work on them already: left to them.
    token = lock_token()
    if not cache.add(lock, token, REFRESH_LOCK_SECONDS):
        if last is not None:
            return last  # someone else computes the new figures: the last ones meanwhile
        raise Pending
    try:
        return _compute_and_keep(compute, key, last_key)
    finally:
        release_lock(cache, lock, token)


def _compute_and_keep(compute, key: str, last_key: str | None):
    value = compute()
    cache.set(key, value, PEOPLE_CACHE_SECONDS)
    if last_key is not None:
        cache.set(last_key, value, LAST_CACHE_SECONDS)
    return value


def _queue(job: dict, scope: ReportScope, filters: Filters, *, lock: str) -> bool:
    """Queue the computation of ``job`` for this scope and filters unless one is queued
    or running already. False when it could not be queued."""
    token = lock_token()
    if not cache.add(lock, token, REFRESH_LOCK_SECONDS):
        return True  # someone else's computation is on its way
    from mentor.reporting.tasks import figures_compute_task  # noqa: PLC0415  (tasks import us)

    spec = {
        **job,
        "lock": lock,
        "token": token,
        "scope": {
            "kind": scope.kind.value,
            "roots": [root.pk for root in scope.roots],
            "trainings": None
            if scope.trainings is None
            else sorted(scope.trainings.values_list("pk", flat=True)),
        },
        "filters": {
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
            "entity": filters.entity.pk if filters.entity is not None else None,
            "collection": filters.collection.pk if filters.collection is not None else None,
            "training": filters.training.pk if filters.training is not None else None,
            "offer": filters.offer,
            "modality": filters.modality,
        },
    }
    try:
        figures_compute_task.delay(spec)
    except BrokerUnavailable:
        logger.warning("Reporting figures could not be queued", exc_info=True)
        release_lock(cache, lock, token)
        return False
    return True


def figures_compute(spec: dict) -> None:
    """What a worker runs (``figures_compute_task``): compute the figures a reader asked
    for (``_queue``'s ``spec``) and keep them, then free the lock."""
    try:
        kind = ScopeKind(spec["scope"]["kind"])
        roots = Entity.objects.in_bulk(spec["scope"]["roots"])
        pks = spec["scope"]["trainings"]
        scope = ReportScope(
            kind=kind,
            roots=tuple(roots[pk] for pk in spec["scope"]["roots"] if pk in roots),
            trainings=None if pks is None else Training.objects.filter(pk__in=pks),
        )
        f = spec["filters"]
        filters = Filters(
            start=date.fromisoformat(f["start"]),
            end=date.fromisoformat(f["end"]),
            entity=Entity.objects.filter(pk=f["entity"]).first() if f["entity"] else None,
            collection=(
                Collection.objects.filter(pk=f["collection"]).first() if f["collection"] else None
            ),
            training=Training.objects.filter(pk=f["training"]).first() if f["training"] else None,
            offer=f["offer"],
            modality=f["modality"],
        )
        with computing(lock=spec["lock"]):
            if spec["what"] == "overview":
                overview(scope=scope, filters=filters)
            else:
                dashboard(scope=scope, filters=filters, entity_sort=spec.get("sort", ""))
    finally:
        # Only this computation's own lock: past REFRESH_LOCK_SECONDS it expired and may
        # be another computation's now. (A task queued by an earlier release has no token.)
        release_lock(cache, spec["lock"], spec.get("token", 1))


def _rolled(model, scope: ReportScope, filters: Filters) -> QuerySet:
    """Rows of a rollup table for the rolled-up days of the period, in scope and filtered
    (the rollups carry the training and the entity of the person, as the raw rows do)."""
    return model.objects.filter(
        scope.q(user="", training="training__"),
        filters.q(user="", training="training__"),
        filters.rollup_q(),
    )


def _rolled_hours(scope: ReportScope, filters: Filters) -> QuerySet[DailyHours]:
    return _rolled(DailyHours, scope, filters)


def _rolled_activity(scope: ReportScope, filters: Filters) -> QuerySet[DailyActivity]:
    return _rolled(DailyActivity, scope, filters)


def _rolled_accounts(scope: ReportScope, filters: Filters) -> QuerySet[DailyAccounts]:
    return DailyAccounts.objects.filter(
        scope.people_q(""), filters.people_q(""), filters.rollup_q()
    )


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(seconds: int | None) -> float:
    return round((seconds or 0) / 3600, 1)


# --- Querysets every indicator starts from --------------------------------------------------


def scoped_enrolments(*, scope: ReportScope, filters: Filters) -> QuerySet[Enrolment]:
    """Enrolments (any status) taken during the period, in scope and filtered."""
    return Enrolment.objects.filter(
        scope.q(user="user__", training="session__training__"),
        filters.q(user="user__", training="session__training__"),
        filters.period_q("enrolled_at"),
    )


def scoped_responses(*, scope: ReportScope, filters: Filters) -> QuerySet:
    """Satisfaction answers given during the period, in scope and filtered."""
    return survey_responses().filter(
        scope.q(user="user__", training="training__"),
        filters.q(user="user__", training="training__"),
        filters.period_q("created_at"),
    )


# --- 1. Accounts ------------------------------------------------------------------------------


@dataclass
class Accounts:
    created: int
    agents: int
    other_users: int
    enrolled: int
    never_enrolled: int
    never_started: int
    started: int
    finished: int

    @property
    def enrolled_rate(self) -> float | None:
        return _rate(self.enrolled, self.created)


def _created(*, scope: ReportScope, filters: Filters) -> QuerySet[User]:
    """Accounts created during the period (its live part when the accounts are rolled up)."""
    period = (
        filters.live_period_q("date_joined")
        if filters.accounts_rolled
        else filters.period_q("date_joined")
    )
    return User.objects.filter(scope.people_q(""), filters.people_q(""), period)


def _accounts(*, scope: ReportScope, filters: Filters) -> QuerySet[User]:
    """Accounts created during the period (``_created``), flagged: ``e`` enrolled (in the
    filtered trainings, at any time), ``s`` started something, ``c`` finished something.

    With a filter on trainings, only the accounts enrolled in those trainings: the others
    have no flag to compute (``e`` false), and the flags, per account, would otherwise be
    three probes into the enrolment and progress tables for every account of the period
    (hundreds of thousands at scale) where a semi-join from the trainings' enrolments
    finds the few enrolled ones. Their count is then the "enrolled" figure; the accounts
    created are counted on ``_created``."""
    users = _created(scope=scope, filters=filters)
    training_q = filters.training_q("session__training__")
    if training_q:
        users = users.filter(Exists(Enrolment.objects.filter(training_q, user=OuterRef("pk"))))
    return rollups.account_flags(users, training_q)


def _add(totals: dict, more: dict) -> dict:
    return {name: (totals.get(name) or 0) + (more.get(name) or 0) for name in totals | more}


def accounts_indicator(*, scope: ReportScope, filters: Filters) -> Accounts | None:
    """Accounts created during the period, and what their holders did: the rolled-up days
    and the live part (two queries). None for a scope of trainings only (a designer's
    figures are not about people)."""
    if not scope.shows_accounts:
        return None
    sums = {
        **rollups.ACCOUNT_SUMS,
        "agents": Count("pk", filter=Q(entity__isnull=False)),
    }
    if filters.of_trainings:  # the accounts created, then the few enrolled (see _accounts)
        totals = _created(scope=scope, filters=filters).aggregate(
            created=Count("pk"), agents=sums["agents"]
        )
        totals |= _accounts(scope=scope, filters=filters).aggregate(
            **{name: rollups.ACCOUNT_SUMS[name] for name in ("enrolled", "active", "finished")}
        )
    else:
        totals = _accounts(scope=scope, filters=filters).aggregate(**sums)
    if filters.accounts_rolled:
        rolled = _rolled_accounts(scope, filters).aggregate(
            **{f"r_{name}": Sum(name) for name in rollups.ACCOUNT_SUMS},
            r_agents=Sum("created", filter=Q(entity__isnull=False)),
        )
        totals = _add(totals, {name[2:]: value for name, value in rolled.items()})
    return Accounts(
        created=totals["created"],
        agents=totals["agents"],
        other_users=totals["created"] - totals["agents"],
        enrolled=totals["enrolled"],
        never_enrolled=totals["created"] - totals["enrolled"],
        never_started=totals["enrolled"] - totals["active"],
        started=totals["active"] - totals["finished"],
        finished=totals["finished"],
    )


# --- 2 and 3. Enrolments, completions, hours ------------------------------------------------


@dataclass
class Learning:
    enrolments: int
    cancelled: int
    completions: int
    learners: int
    hours: float
    median_days: float | None

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completions, self.enrolments)

    @property
    def hours_per_learner(self) -> float | None:
        return round(self.hours / self.learners, 1) if self.learners else None


def _median_of_counts(counts: Counter) -> float | None:
    """The median, in days, of times to finish counted per tenth of a day (``counts``:
    tenths → how many): the middle one(s) found by walking the buckets in order."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})
    middles, seen = [], 0
    for value in sorted(counts):
        while wanted and wanted[0] < seen + counts[value]:
            middles.append(value)
            wanted.pop(0)
        seen += counts[value]
    return round(mean(middles) / 10, 1)


def _durations(
    scope: ReportScope,
    filters: Filters,
    live: QuerySet[Enrolment],
    group: str = "",
    keys: list | None = None,
) -> dict:
    """Times to finish of the period's active enrolments, counted per tenth of a day and
    per group (``group``: "training" or "session"; none: one group, ``None``): the rolled
    days from ``DailyDurations`` (a few hundred buckets a group), the live part
    (``live``: its active enrolments) grouped the same way in the database. Never one row
    per completion."""
    counts: dict = {}
    live_key = {
        "": None,
        "training": "enrolment__session__training",
        "session": "enrolment__session",
    }[group]
    completions = Completion.objects.filter(enrolment__in=live.values("pk"))
    if live_key and keys is not None:
        completions = completions.filter(**{f"{live_key}__in": keys})
    by = {"g": F(live_key)} if live_key else {}
    for row in (
        completions.values(**by, t=rollups.Tenths(F("completed_at") - F("enrolment__enrolled_at")))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row.get("g"), Counter())[row["t"]] += row["n"]
    if filters.rolled:
        rolled = _rolled(DailyDurations, scope, filters)
        if group and keys is not None:
            rolled = rolled.filter(**{f"{group}__in": keys})
        by = {"g": F(group)} if group else {}
        for row in rolled.values(**by, t=F("tenths")).annotate(n=Sum("completions")).order_by():
            counts.setdefault(row.get("g"), Counter())[row["t"]] += row["n"]
    return counts


def _median_days(scope: ReportScope, filters: Filters, live: QuerySet[Enrolment]) -> float | None:
    """The median enrolment-to-completion time of the active enrolments of the period."""
    return _median_of_counts(_durations(scope, filters, live).get(None, Counter()))


def _medians_per_group(
    scope: ReportScope, filters: Filters, live: QuerySet[Enrolment], group: str, keys: list
) -> dict:
    """The median enrolment-to-completion time of each training or session of ``keys``,
    from the same buckets as the overall median (so each is the figure a plain query over
    the completions gives, per tenth of a day)."""
    if not keys:
        return {}
    counts = _durations(scope, filters, live, group, keys)
    return {k: _median_of_counts(c) for k, c in counts.items() if k is not None}


def learning_indicator(*, scope: ReportScope, filters: Filters) -> Learning:
    """Enrolments, cancellations, completions, hours and the median time to finish: the
    rolled-up days summed, the live part counted; the people enrolled (distinct over the
    period, which days cannot sum) counted on the enrolments."""
    enrolments = scoped_enrolments(scope=scope, filters=filters)
    live = enrolments.filter(filters.live_period_q("enrolled_at"))
    totals = live.aggregate(
        enrolments=Count("pk", filter=Q(status=ACTIVE)),
        cancelled=Count("pk", filter=~Q(status=ACTIVE)),
        completions=Count("pk", filter=Q(status=ACTIVE, completion__isnull=False)),
    )
    live_active = live.filter(status=ACTIVE)
    totals["seconds"] = ActivityProgress.objects.filter(
        enrolment__in=live_active.values("pk")
    ).aggregate(s=Sum("time_spent"))["s"]
    if filters.rolled:
        totals = _add(
            totals,
            _rolled_hours(scope, filters).aggregate(
                enrolments=Sum("enrolments"),
                cancelled=Sum("cancelled"),
                completions=Sum("completions"),
                seconds=Sum("seconds"),
            ),
        )
    return Learning(
        enrolments=totals["enrolments"],
        cancelled=totals["cancelled"],
        completions=totals["completions"],
        learners=learners(scope=scope, filters=filters),
        hours=_hours(totals["seconds"]),
        median_days=_median_days(scope, filters, live_active),
    )


def learners(*, scope: ReportScope, filters: Filters) -> int:
    """People with an active enrolment taken during the period (each counted once)."""
    return _people_cached(
        "learners",
        scope,
        filters,
        lambda: (
            scoped_enrolments(scope=scope, filters=filters)
            .filter(status=ACTIVE)
            .aggregate(n=Count("user", distinct=True))["n"]
        ),
    )


@dataclass
class Row:
    """One line of a breakdown table."""

    key: str
    label: str
    enrolments: int = 0
    completions: int = 0
    learners: int = 0
    hours: float = 0.0
    detail: str = ""
    slug: str = ""  # the training, collection or entity (sessions: their training)
    accounts: int | None = None  # entities only: accounts created during the period
    never_enrolled: int | None = None
    median_days: float | None = None  # trainings and sessions: median time to finish

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completions, self.enrolments)

    @property
    def hours_per_learner(self) -> float | None:
        return round(self.hours / self.learners, 1) if self.learners else None


BREAKDOWNS = ("training", "session", "collection", "entity")


def _entity_unit(scope: ReportScope, filters: Filters) -> tuple[int, tuple[str, ...]]:
    """How many path characters name a "unit" of the entity table (the children of the
    scope's top), and the path prefixes inside the scope."""
    if filters.entity is not None:
        return SEGMENT * (filters.entity.depth + 2), (filters.entity.path,)
    if scope.is_national:
        return SEGMENT, ()
    depth = min(root.depth for root in scope.roots)
    return SEGMENT * (depth + 2), tuple(root.path for root in scope.roots)


def breakdown(
    *,
    scope: ReportScope,
    filters: Filters,
    by: str,
    limit: int | None = TABLE_ROWS,
    sort: str = "",
) -> list[Row]:
    """Enrolments, completions, learners and hours of the period per training, session,
    collection or entity (the most enrolled first). A fixed number of queries whatever the size: the
    enrolment counts, the hours, the names, and (trainings, sessions) the medians."""
    if by not in BREAKDOWNS:
        raise ValueError(by)
    active = scoped_enrolments(scope=scope, filters=filters).filter(status=ACTIVE)
    live = active.filter(filters.live_period_q("enrolled_at"))
    rolled = _rolled_hours(scope, filters) if filters.rolled else None
    if by == "entity":
        length, inside = _entity_unit(scope, filters)
        key, rolled_key = "unit", "unit"
        active = active.annotate(unit=Substr("user__entity__path", 1, length))
        live = live.annotate(unit=Substr("user__entity__path", 1, length))
        if rolled is not None:
            rolled = rolled.annotate(unit=Substr("entity__path", 1, length))
    else:
        key = {
            "training": "session__training",
            "session": "session",
            "collection": "session__training__collections",
        }[by]
        rolled_key = key.removeprefix("session__")
    # Enrolments and completions per group: the live part, plus the rolled-up days.
    sums: dict = {}
    for row in (
        live.values(key)
        .annotate(n=Count("pk"), done=Count("pk", filter=Q(completion__isnull=False)))
        .order_by()
    ):
        sums[row[key]] = [row["n"], row["done"]]
    if rolled is not None:
        for row in (
            rolled.values(rolled_key)
            .annotate(n=Sum("enrolments"), done=Sum("completions"))
            .order_by()
        ):
            group = sums.setdefault(row[rolled_key], [0, 0])
            group[0] += row["n"] or 0
            group[1] += row["done"] or 0
    ordered = sorted(
        ((k, n, done) for k, (n, done) in sums.items() if n),
        key=lambda item: (-item[1], item[0] is None, item[0] if item[0] is not None else 0),
    )
    limited = limit is not None and by in ("training", "session")
    if limited:
        ordered = ordered[:limit]
    keys = [k for k, _n, _done in ordered]
    # People per group (distinct over the period: counted on the enrolments). A person
    # has one enrolment per session at most (a unique constraint): a session's people
    # are its active enrolments, already counted.
    people_q = active.filter(**{f"{key}__in": keys}) if limited else active
    people = (
        {k: n for k, n, _done in ordered}
        if by == "session"
        else _people_cached(
            f"people:{by}:{keys if limited else ''}",
            scope,
            filters,
            lambda: {
                row[key]: row["p"]
                for row in people_q.values(key).annotate(p=Count("user", distinct=True)).order_by()
            },
        )
    )
    counts = [{key: k, "n": n, "done": done, "people": people.get(k, 0)} for k, n, done in ordered]
    if limited:
        live = live.filter(**{f"{key}__in": keys})
        if rolled is not None:
            rolled = rolled.filter(**{f"{rolled_key}__in": keys})
    # The live part's credited time, read from its enrolments (the index on their date)
    # to their progress rows: never a join over the whole progress table.
    seconds = {
        row[key]: row["s"]
        for row in live.values(key).annotate(s=Sum("progress__time_spent")).order_by()
    }
    if rolled is not None:
        for row in rolled.values(rolled_key).annotate(s=Sum("seconds")).order_by():
            group = row[rolled_key]
            seconds[group] = (seconds.get(group) or 0) + (row["s"] or 0)
    labels = _labels(by, keys)
    medians = (
        _medians_per_group(scope, filters, live, by, keys) if by in ("training", "session") else {}
    )
    rows: dict[str, Row] = {}
    for row in counts:
        label, detail, slug = labels.get(row[key], (None, "", ""))
        group = row[key]
        if by == "entity":
            label, group = _entity_label(row[key], labels, inside)
            slug = slug if group == row[key] else ""
        elif label is None:
            label = _("Sans collection") if by == "collection" else "?"
        merged = rows.setdefault(
            str(group), Row(key=str(group or ""), label=label, detail=detail, slug=slug)
        )
        merged.enrolments += row["n"]
        merged.completions += row["done"]
        merged.learners += row["people"]  # units are disjoint: people do not repeat
        merged.hours = round(merged.hours + _hours(seconds.get(row[key])), 1)
        merged.median_days = medians.get(row[key])
    if by == "entity":
        _merge_accounts(rows, scope=scope, filters=filters, length=length, inside=inside)
    result = sorted(rows.values(), key=lambda r: (-r.enrolments, r.label))
    if sort in ENTITY_SORTS and by == "entity":
        result.sort(key=lambda r: -(getattr(r, ENTITY_SORTS[sort]) or 0))  # stable: ties kept
    return result[:limit] if limit is not None else result


#: Columns the entity table may be sorted by (``?tri=``), most first.
ENTITY_SORTS = {
    "inscriptions": "enrolments",
    "achevements": "completions",
    "taux": "completion_rate",
    "heures": "hours",
    "comptes": "accounts",
    "jamais-inscrits": "never_enrolled",
}


def _merge_accounts(
    rows: dict[str, Row], *, scope: ReportScope, filters: Filters, length: int, inside: tuple
) -> None:
    """Accounts created and never enrolled, per unit of the entity table (two queries:
    the counts, the names of units without enrolments)."""
    # With a filter on trainings, the accounts created, then the few enrolled (_accounts).
    queries = (
        [
            (_created(scope=scope, filters=filters), {"n": Count("pk")}),
            (_accounts(scope=scope, filters=filters), {"enrolled": Count("pk")}),
        ]
        if filters.of_trainings
        else [
            (
                _accounts(scope=scope, filters=filters),
                {"n": Count("pk"), "enrolled": Count("pk", filter=Q(e=True))},
            )
        ]
    )
    per_unit: dict = {}
    for users, sums in queries:
        for row in (
            users.annotate(unit=Substr("entity__path", 1, length))
            .values("unit")
            .annotate(**sums)
            .order_by()
        ):
            per_unit.setdefault(row.pop("unit"), {"n": 0, "enrolled": 0}).update(row)
    if filters.accounts_rolled:
        for row in (
            _rolled_accounts(scope, filters)
            .annotate(unit=Substr("entity__path", 1, length))
            .values("unit")
            .annotate(n=Sum("created"), enrolled=Sum("enrolled"))
            .order_by()
        ):
            more = {"n": row["n"], "enrolled": row["enrolled"]}
            per_unit[row["unit"]] = _add(per_unit.get(row["unit"], {}), more)
    counts: list[dict] = [{"unit": unit, **sums} for unit, sums in per_unit.items()]
    labels = _labels("entity", [c["unit"] for c in counts if str(c["unit"]) not in rows])
    for count in counts:
        existing = rows.get(str(count["unit"]))
        if existing is None:
            label, group = _entity_label(count["unit"], labels, inside)
            slug = labels.get(count["unit"], ("", "", ""))[2] if group == count["unit"] else ""
            existing = rows.setdefault(
                str(group), Row(key=str(group or ""), label=label, slug=slug)
            )
        existing.accounts = (existing.accounts or 0) + count["n"]
        existing.never_enrolled = (existing.never_enrolled or 0) + count["n"] - count["enrolled"]
    for entry in rows.values():
        entry.accounts = entry.accounts or 0
        entry.never_enrolled = entry.never_enrolled or 0


def _labels(by: str, keys: list) -> dict:
    """Names of the groups of a breakdown, in one query: ``{key: (label, detail, slug)}``."""
    keys = [k for k in keys if k is not None]
    rows: Any
    if by == "training":
        rows = Training.objects.filter(pk__in=keys).values_list("pk", "title", "slug")
        return {pk: (title, "", slug) for pk, title, slug in rows}
    if by == "session":
        rows = Session.objects.filter(pk__in=keys).values_list(
            "pk", "title", "training__title", "training__slug"
        )
        return {pk: (title, training, slug) for pk, title, training, slug in rows}
    if by == "collection":
        rows = Collection.objects.filter(pk__in=keys).values_list("pk", "name", "slug")
        return {pk: (name, "", slug) for pk, name, slug in rows}
    rows = Entity.objects.filter(path__in=keys).values_list("path", "name", "slug")
    return {path: (name, "", slug) for path, name, slug in rows}


OUTSIDE = "autres-entites"
NO_ENTITY = "sans-entite"


def _entity_label(path: str | None, labels: dict, inside: tuple[str, ...]) -> tuple[str, str]:
    """People of other entities who follow the scope's trainings are one anonymous line."""
    if path is None:
        return str(_("Autres utilisateurs (sans entité)")), NO_ENTITY
    if inside and not any(path.startswith(prefix) for prefix in inside):
        return str(_("Agents d’autres entités (formations de votre périmètre)")), OUTSIDE
    name, _slug, _key = labels.get(path, ("?", "", path))
    return name, path


# --- 4. Satisfaction --------------------------------------------------------------------------


@dataclass
class SatisfactionFigures:
    respondents: int
    satisfied: int = 0
    adapted: int = 0
    reuse: int = 0
    label: str = ""
    key: str = ""

    @property
    def hidden(self) -> bool:
        """Fewer than ``MIN_RESPONDENTS`` answers: no share is shown (anonymity)."""
        return self.respondents < MIN_RESPONDENTS

    def _share(self, part: int) -> float | None:
        return None if self.hidden else _rate(part, self.respondents)

    @property
    def satisfied_rate(self) -> float | None:
        return self._share(self.satisfied)

    @property
    def adapted_rate(self) -> float | None:
        return self._share(self.adapted)

    @property
    def reuse_rate(self) -> float | None:
        return self._share(self.reuse)


_SATISFACTION_SUMS = response_counts()


def _live_responses(scope: ReportScope, filters: Filters) -> QuerySet:
    return scoped_responses(scope=scope, filters=filters).filter(
        filters.live_period_q("created_at")
    )


_ROLLED_SATISFACTION = {name: Sum(name) for name in _SATISFACTION_SUMS}


def satisfaction_indicator(*, scope: ReportScope, filters: Filters) -> SatisfactionFigures:
    """The answers of the period: the rolled-up days summed, the live part counted; the
    shares are hidden below ``MIN_RESPONDENTS`` whichever way they were read."""
    totals = _live_responses(scope, filters).aggregate(**_SATISFACTION_SUMS)
    if filters.rolled:
        totals = _add(
            totals,
            _rolled(DailySatisfaction, scope, filters).aggregate(**_ROLLED_SATISFACTION),
        )
    return SatisfactionFigures(**totals)


def satisfaction_by_training(
    *, scope: ReportScope, filters: Filters, limit: int | None = TABLE_ROWS
) -> list[SatisfactionFigures]:
    per_training: dict = {}
    for row in (
        _live_responses(scope, filters).values("training").annotate(**_SATISFACTION_SUMS).order_by()
    ):
        per_training[row.pop("training")] = row
    if filters.rolled:
        for row in (
            _rolled(DailySatisfaction, scope, filters)
            .values("training")
            .annotate(**_ROLLED_SATISFACTION)
            .order_by()
        ):
            training = row.pop("training")
            per_training[training] = _add(per_training.get(training, {}), row)
    titles = dict(Training.objects.filter(pk__in=per_training).values_list("pk", "title"))
    rows = sorted(
        (
            SatisfactionFigures(**sums, label=titles.get(pk, "?"), key=str(pk))
            for pk, sums in per_training.items()
        ),
        key=lambda figures: (-figures.respondents, figures.label),
    )
    return rows[:limit] if limit is not None else rows


# --- 5. Activity over time -------------------------------------------------------------------

WEEKDAYS = [
    _("lundi"),
    _("mardi"),
    _("mercredi"),
    _("jeudi"),
    _("vendredi"),
    _("samedi"),
    _("dimanche"),
]
HEAT_LEVELS = 5


def scoped_progress(*, scope: ReportScope, filters: Filters) -> QuerySet[ActivityProgress]:
    """Activities opened for the first time during the period (its live part: see
    ``Filters.live_from``), in scope and filtered: the dated trace of learning the platform
    keeps (one row per learner and activity)."""
    return ActivityProgress.objects.filter(
        scope.q(user="enrolment__user__", training="enrolment__session__training__"),
        filters.q(user="enrolment__user__", training="enrolment__session__training__"),
        filters.live_period_q("first_seen_at"),
    )


@dataclass
class HeatCell:
    count: int
    level: int  # 0 (none) to HEAT_LEVELS (the busiest hour of the week)


@dataclass
class HeatRow:
    weekday: str
    cells: list[HeatCell]


def activity_heatmap(*, scope: ReportScope, filters: Filters) -> list[HeatRow]:
    """Activities opened per day of the week and hour of the day, at the learners' local
    time (Paris, or their overseas entity's zone): one query per time zone in use, and
    one on the rollups when they cover part of the period."""
    counts: dict[tuple[int, int], int] = {}
    if filters.rolled:
        for rolled in (
            _rolled_activity(scope, filters)
            .values("weekday", "hour")
            .annotate(n=Sum("opened"))
            .order_by()
        ):
            counts[(rolled["weekday"], rolled["hour"])] = rolled["n"]
    progress = scoped_progress(scope=scope, filters=filters)
    for zone, rows in zone_groups("enrolment__user__entity__path"):
        for row in (
            progress.filter(rows)
            .annotate(
                day=ExtractIsoWeekDay("first_seen_at", tzinfo=zone),
                hour=ExtractHour("first_seen_at", tzinfo=zone),
            )
            .values("day", "hour")
            .annotate(n=Count("pk"))
            .order_by()
        ):
            cell = (row["day"], row["hour"])
            counts[cell] = counts.get(cell, 0) + row["n"]
    top = max(counts.values(), default=0)
    return [
        HeatRow(
            weekday=str(WEEKDAYS[day - 1]),
            cells=[
                HeatCell(
                    count=(n := counts.get((day, hour), 0)),
                    level=ceil(HEAT_LEVELS * n / top) if top else 0,
                )
                for hour in range(24)
            ],
        )
        for day in range(1, 8)
    ]


@dataclass
class MonthRow:
    month: date
    enrolments: int = 0
    completions: int = 0
    activities: int = 0


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _per_month(queryset: QuerySet, lookup: str) -> dict[date, int]:
    zone = timezone.get_current_timezone()
    rows = (
        queryset.annotate(month=TruncMonth(lookup, tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {timezone.localtime(row["month"], zone).date(): row["n"] for row in rows}


def monthly_activity(*, scope: ReportScope, filters: Filters) -> list[MonthRow]:
    """Enrolments taken, completions and activities opened per month of the period, Paris
    time (three queries)."""
    enrolments = _per_month(
        scoped_enrolments(scope=scope, filters=filters).filter(
            filters.live_period_q("enrolled_at")
        ),
        "enrolled_at",
    )
    completions = _per_month(
        Completion.objects.filter(
            scope.q(user="enrolment__user__", training="enrolment__session__training__"),
            filters.q(user="enrolment__user__", training="enrolment__session__training__"),
            filters.live_period_q("completed_at"),
        ),
        "completed_at",
    )
    activities = _per_month(scoped_progress(scope=scope, filters=filters), "first_seen_at")
    if filters.rolled:
        for counts, model, total in (
            (enrolments, DailyHours, F("enrolments") + F("cancelled")),
            (completions, DailyCompletions, F("completions")),
            (activities, DailyActivity, F("opened")),
        ):
            for row in (
                _rolled(model, scope, filters)
                .annotate(month=TruncMonth("day"))
                .values("month")
                .annotate(n=Sum(total))
                .order_by()
            ):
                counts[row["month"]] = counts.get(row["month"], 0) + row["n"]
    return [
        MonthRow(
            month=month,
            enrolments=enrolments.get(month, 0),
            completions=completions.get(month, 0),
            activities=activities.get(month, 0),
        )
        for month in _months(filters.start, filters.end)
    ]


# --- 6. Typology of the people trained ------------------------------------------------------

TYPOLOGY = (
    ("category", _("Catégorie"), Category),
    ("employment_status", _("Statut"), EmploymentStatus),
    ("gender", _("Genre"), Gender),
)


@dataclass
class TypologyCell:
    label: str
    count: int
    total: int

    @property
    def hidden(self) -> bool:
        """A handful of people in a cell could be recognised: fewer than 5 are not shown."""
        return 0 < self.count < MIN_RESPONDENTS

    @property
    def share(self) -> float | None:
        return None if self.hidden else _rate(self.count, self.total)


@dataclass
class TypologyTable:
    field: str
    title: str
    cells: list[TypologyCell]


def typology(*, scope: ReportScope, filters: Filters) -> list[TypologyTable]:
    """The people with an active enrolment of the period, by category, status and gender
    (the optional profile fields; "non renseigné" when empty). One query: the groups of
    the three fields together, folded per field."""
    people = User.objects.filter(
        pk__in=scoped_enrolments(scope=scope, filters=filters)
        .filter(status=ACTIVE)
        .values("user_id")
    )
    groups = _people_cached(
        "typology",
        scope,
        filters,
        lambda: list(
            people.values(*(name for name, _title, _choices in TYPOLOGY))
            .annotate(n=Count("pk"))
            .order_by()
        ),
    )
    total = sum(group["n"] for group in groups)
    tables = []
    for name, title, choices in TYPOLOGY:
        counts: dict[str, int] = {}
        for group in groups:
            counts[group[name] or ""] = counts.get(group[name] or "", 0) + group["n"]
        labels = [(value, str(label)) for value, label in choices.choices]
        labels.append(("", str(_("Non renseigné"))))
        tables.append(
            TypologyTable(
                field=name,
                title=str(title),
                cells=[TypologyCell(label, counts.get(value, 0), total) for value, label in labels],
            )
        )
    return tables


# --- 7. The offer -----------------------------------------------------------------------------


@dataclass
class OfferRow:
    label: str
    trainings: int
    sessions: int


def offer(*, scope: ReportScope, filters: Filters) -> dict[str, list[OfferRow]]:
    """Published trainings of the scope (national: all; otherwise those the user edits),
    and their sessions starting during the period, per offer type, producing entity and
    collection. Three queries."""
    trainings = Training.objects.filter(filters.training_q(""), state=PublicationState.PUBLISHED)
    if scope.trainings is not None:
        trainings = trainings.filter(pk__in=scope.trainings)
    if filters.entity is not None:
        trainings = trainings.filter(producer__path__startswith=filters.entity.path)
    sums = {
        "n_trainings": Count("pk", distinct=True),
        "n_sessions": Count(
            "sessions",
            filter=Q(sessions__starts_on__gte=filters.start, sessions__starts_on__lte=filters.end),
            distinct=True,
        ),
    }
    by_type: dict[bool, dict[str, Any]] = {
        row["internal"]: row
        for row in trainings.annotate(
            internal=ExpressionWrapper(Q(owner_entity__isnull=False), output_field=BooleanField())
        )
        .values("internal")
        .annotate(**sums)
        .order_by()
    }
    types = [
        OfferRow(
            str(label),
            by_type.get(internal, {}).get("n_trainings", 0),
            by_type.get(internal, {}).get("n_sessions", 0),
        )
        for internal, label in ((False, Offer.INTERMINISTERIAL.label), (True, Offer.INTERNAL.label))
    ]
    producers = [
        OfferRow(row["producer__name"], row["n_trainings"], row["n_sessions"])
        for row in trainings.values("producer__name")
        .annotate(**sums)
        .order_by("-n_trainings", "producer__name")[:TABLE_ROWS]
    ]
    collections = [
        OfferRow(
            row["collections__name"] or str(_("Sans collection")),
            row["n_trainings"],
            row["n_sessions"],
        )
        for row in trainings.values("collections__name")
        .annotate(**sums)
        .order_by("-n_trainings", "collections__name")[:TABLE_ROWS]
    ]
    return {"types": types, "producers": producers, "collections": collections}


# --- 5. Pages viewed per visit ---------------------------------------------------------------


@dataclass
class Visits:
    visits: int
    pages: int

    @property
    def pages_per_visit(self) -> float | None:
        return round(self.pages / self.visits, 1) if self.visits else None


def visits_indicator(*, scope: ReportScope, filters: Filters) -> Visits | None:
    """Visits started during the period by the people of the scope (None for a scope of
    trainings: a visit belongs to no training)."""
    if not scope.shows_accounts:
        return None
    totals = Visit.objects.filter(
        scope.people_q("user__"), filters.people_q("user__"), filters.period_q("started_at")
    ).aggregate(visits=Count("pk"), pages=Sum("pages"))
    return Visits(visits=totals["visits"], pages=totals["pages"] or 0)


# --- Export jobs ------------------------------------------------------------------------------


# --- The overview (the statistics API) ------------------------------------------------------


@dataclass
class Overview:
    accounts: Accounts | None
    learning: Learning
    satisfaction: SatisfactionFigures
    #: When these figures were computed, and the rollups' watermark they include (None:
    #: everything read live), as the dashboard's.
    generated_at: datetime = field(default_factory=timezone.now)
    rollup_watermark: datetime | None = None
    #: Figures of an earlier watermark, served while newer ones are computed.
    stale: bool = False


#: The overview's cache entries, versioned with its fields: an ``Overview`` cached by an
#: earlier release (without ``generated_at``) is never read back as today's.
OVERVIEW_KIND = "overview:2"


def overview(*, scope: ReportScope, filters: Filters) -> Overview:
    """The headline figures of a scope and period, read from the reporting replica (kept
    in the cache until the rollups move on: see ``_cached``)."""
    with reporting_reads():
        filters, watermark = _with_rollups(filters)
        figures = _cached(
            OVERVIEW_KIND,
            scope,
            filters,
            lambda: Overview(
                accounts=accounts_indicator(scope=scope, filters=filters),
                learning=learning_indicator(scope=scope, filters=filters),
                satisfaction=satisfaction_indicator(scope=scope, filters=filters),
                rollup_watermark=watermark,
            ),
            job={"what": "overview"},
        )
    figures = replace(figures)  # the cached value itself is never altered
    figures.stale = figures.rollup_watermark != watermark
    return figures


# --- The dashboard ----------------------------------------------------------------------------


@dataclass
class Dashboard:
    filters: Filters
    accounts: Accounts | None
    learning: Learning
    satisfaction: SatisfactionFigures
    tables: dict[str, list[Row]] = field(default_factory=dict)
    satisfaction_rows: list[SatisfactionFigures] = field(default_factory=list)
    heatmap: list[HeatRow] = field(default_factory=list)
    typology: list[TypologyTable] = field(default_factory=list)
    offer: dict[str, list[OfferRow]] = field(default_factory=dict)
    months: list[MonthRow] = field(default_factory=list)
    generated_at: datetime = field(default_factory=timezone.now)
    #: When the rollups behind the past days' hours and activity were last brought up to
    #: date (None: everything read live).
    rollup_watermark: datetime | None = None
    #: Figures of an earlier watermark, shown while newer ones are computed.
    stale: bool = False
    visits: Visits | None = None
    #: The filtered training is a learning path: each planned session's progress per module.
    paths: list[PathProgress] = field(default_factory=list)


def path_progress(*, scope: ReportScope, filters: Filters) -> list[PathProgress]:
    """When the filters name a learning path: where its learners stand in each module
    (done, credited from earlier work, exempted, in progress, to do, locked), linked
    sessions included whoever owns them. Only the path enrolments of the scope and filters
    (entity, period of enrolment), counted, never named; the states are the paths app's
    (``path_progress_report``), computed for all those learners at once."""
    training = filters.training
    if training is None or not training.is_path:
        return []
    return path_progress_report(
        training=training,
        enrolments_q=scope.q(user="user__", training="session__training__")
        & filters.people_q("user__")
        & filters.period_q("enrolled_at"),
    )


def dashboard(*, scope: ReportScope, filters: Filters, entity_sort: str = "") -> Dashboard:
    """Everything the dashboard shows, read from the reporting replica when there is one.
    A fixed number of queries whatever the number of rows (asserted by the tests). Kept in
    the cache until the rollups move on (every 15 minutes: ``_cached``), its time shown as
    the page's "dernière mise à jour"; the usual dashboards are computed by the beat job
    right after each refresh (``warm_dashboards``)."""
    with reporting_reads():
        filters, watermark = _with_rollups(filters)
        dash = _cached(
            f"dashboard:{entity_sort}",
            scope,
            filters,
            lambda: _dashboard(scope, filters, watermark, entity_sort),
            job={"what": "dashboard", "sort": entity_sort},
        )
    # The last figures, shown while newer ones are computed (their own time on the page).
    dash.stale = dash.rollup_watermark != watermark
    return dash


def _dashboard(
    scope: ReportScope, filters: Filters, watermark: datetime | None, entity_sort: str
) -> Dashboard:
    tables = {
        by: breakdown(scope=scope, filters=filters, by=by, sort=entity_sort)
        for by in BREAKDOWNS
        if by != "entity" or scope.shows_accounts
    }
    return Dashboard(
        filters=filters,
        accounts=accounts_indicator(scope=scope, filters=filters),
        learning=learning_indicator(scope=scope, filters=filters),
        satisfaction=satisfaction_indicator(scope=scope, filters=filters),
        tables=tables,
        satisfaction_rows=satisfaction_by_training(scope=scope, filters=filters),
        heatmap=activity_heatmap(scope=scope, filters=filters),
        months=monthly_activity(scope=scope, filters=filters),
        typology=typology(scope=scope, filters=filters),
        offer=offer(scope=scope, filters=filters),
        rollup_watermark=watermark,
        visits=visits_indicator(scope=scope, filters=filters),
        paths=path_progress(scope=scope, filters=filters),
    )


def warm_dashboards() -> int:
    """Compute the usual dashboards once the rollups moved on (Celery, after each refresh),
    so that their distinct-people figures are in the cache before anyone asks: the national
    one and each space admin's, on the default period, with their overview. Figures another
    worker is computing at that moment (a reader's task: same lock, ``_cached``) are left
    to it. Returns how many dashboards and overviews this run computed or found computed."""
    from mentor.accounts.models import Role, RoleAssignment  # noqa: PLC0415
    from mentor.reporting.forms import default_period  # noqa: PLC0415  (forms import us)
    from mentor.reporting.permissions import ScopeKind, reporting_scope  # noqa: PLC0415

    start, end = default_period()
    scopes = [ReportScope(kind=ScopeKind.NATIONAL)]
    seen: set = set()
    for assignment in (
        RoleAssignment.objects.filter(role=Role.SPACE_ADMIN, user__is_active=True)
        .select_related("user")
        .order_by("entity_id", "pk")
    ):
        if assignment.entity_id in seen:
            continue
        seen.add(assignment.entity_id)
        scope = reporting_scope(assignment.user)
        if scope is not None:
            scopes.append(scope)
    computed = 0
    with computing():
        for scope in scopes:
            # The statistics API's usual question: the whole scope (national, or the root).
            root = scope.roots[0] if len(scope.roots) == 1 else None
            for compute, filters in (
                (dashboard, Filters(start=start, end=end)),
                (overview, Filters(start=start, end=end, entity=root)),
            ):
                try:
                    compute(scope=scope, filters=filters)
                except Pending:  # a reader's task computes them at this moment
                    continue
                computed += 1
    return computed
