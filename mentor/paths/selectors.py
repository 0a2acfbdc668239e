"""What a path looks like for its agents: module states, computed from completions.

``module_states`` is the single place that decides a module's state, for one agent (the
path page) or for every agent of a path session at once (carry-over for the national
session, the completion rule): a fixed number of queries whatever the number of agents or
modules, the rows matched in memory.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS, router
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.accounts.models import AnyUser, User
from mentor.catalog.caches import CATALOG_VERSION_KEY
from mentor.catalog.models import Session, SessionStatus, Training
from mentor.catalog.selectors import open_sessions_q, sees_training, trainings_visible_to
from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment
from mentor.learning.earlier_work import counting_completions
from mentor.learning.earlier_work import validity_cutoff as earlier_validity_cutoff
from mentor.learning.models import ActivityProgress, Completion, QuizAttempt
from mentor.learning.selectors import completion_withdrawn_at
from mentor.paths import caches
from mentor.paths.models import (
    CreditRule,
    Equivalence,
    ManualCredit,
    PathModule,
    PathPlan,
    PathSection,
    PlacementOutcome,
    PlacementRule,
)


class ModuleState:
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CREDITED = "credited"
    EXEMPTED = "exempted"
    LOCKED = "locked"

    LABELS = {
        TODO: gettext_lazy("À faire"),
        IN_PROGRESS: gettext_lazy("En cours"),
        DONE: gettext_lazy("Terminé"),
        CREDITED: gettext_lazy("Acquis antérieurement"),
        EXEMPTED: gettext_lazy("Dispensé par le positionnement"),
        LOCKED: gettext_lazy("Verrouillé"),
    }
    COMPLETE = frozenset({DONE, CREDITED, EXEMPTED})


@dataclass
class Credit:
    """Where a credit comes from: an earlier completion, or a person's decision."""

    completed_at: datetime | None = None
    session_title: str = ""
    training_title: str = ""
    manual_reason: str = ""

    @property
    def is_manual(self) -> bool:
        return bool(self.manual_reason)


@dataclass
class ModuleStatus:
    module: PathModule
    state: str
    credit: Credit | None = None
    enrolment_id: int | None = None  # the agent's enrolment to open the module's player
    locked_reason: str = ""
    next_session: Session | None = None  # proposed when the linked session is not open
    session_closed: bool = False  # locked because the linked session takes nobody now
    placement: str = ""  # the placement quiz's outcome for this agent (PlacementOutcome)
    completed_at: datetime | None = None  # done: when the linked session was completed

    @property
    def required(self) -> bool:
        """Required by the designer, or made required by the agent's placement."""
        return self.module.required or self.placement == PlacementOutcome.REQUIRED

    @property
    def label(self) -> str:
        return str(ModuleState.LABELS[self.state])

    @property
    def complete(self) -> bool:
        return self.state in ModuleState.COMPLETE


def validity_cutoff(years: int | None, today: date) -> date | None:
    """The first day a completion still counts for a module valid ``years`` years: the
    rule campaigns apply too (``learning.earlier_work``; exactly ``years`` ago counts,
    29 February falls back to the 28th)."""
    return earlier_validity_cutoff(months=years * 12 if years else None, today=today)


def _plan_rows(session_id: int) -> PathPlan | None:
    """A path session's plan, sections and modules with their linked sessions, what each
    module waits for and its placement rules (5 queries)."""
    modules = PathModule.objects.select_related(
        "linked_session__training__producer"
    ).prefetch_related(
        Prefetch("requires", PathModule.objects.only("pk")),
        Prefetch("placement_rules", PlacementRule.objects.order_by("pk")),
    )
    return (
        PathPlan.objects.select_related("session__training")
        .prefetch_related(
            Prefetch(
                "sections",
                queryset=PathSection.objects.prefetch_related(Prefetch("modules", modules)),
            )
        )
        .filter(session_id=session_id)
        .first()
    )


def path_plan(*, session_id: int) -> PathPlan | None:
    """A path session's plan as its learners see it (``_plan_rows``), None when the session
    has none: cached, the same for every agent (``caches``). One cache round trip, and one
    query for the seats taken in the linked sessions that have a capacity (their status
    depends on them, and every enrolment changes them). Authors read ``design_plans``."""
    plan, cached = caches.versioned(
        caches.plan_key(session_id),
        [CATALOG_VERSION_KEY, caches.PATHS_VERSION_KEY],
        lambda: _plan_rows(session_id),
    )
    if cached and plan is not None:
        _seats_now(plan)
    return plan


def _seats_now(plan: PathPlan) -> None:
    """The seats taken now in the plan's linked sessions that have a capacity."""
    limited = [
        m.linked_session for m in plan_modules(plan) if m.linked_session.capacity is not None
    ]
    if not limited:
        return
    seats = dict(
        Session.objects.filter(pk__in={s.pk for s in limited}).values_list("pk", "seats_taken")
    )
    for session in limited:
        session.seats_taken = seats.get(session.pk, session.seats_taken)


def plan_modules(plan: PathPlan) -> list[PathModule]:
    return [m for s in plan.sections.all() for m in s.modules.all()]


def _prefetched(modules: list[PathModule], relation: str) -> bool:
    """Whether every module came with ``relation`` loaded (a plan of ``path_plan``)."""
    return all(relation in getattr(m, "_prefetched_objects_cache", {}) for m in modules)


def _equivalences() -> list[tuple[int, int]]:
    """Every declared equivalence (training id, equivalent id): a short list, read by every
    path page and every completion of a module, so cached under the paths' version (any
    equivalence saved or deleted retires it, ``caches``). One cache round trip."""
    pairs, _cached = caches.versioned(
        caches.EQUIVALENCES_KEY,
        [caches.PATHS_VERSION_KEY],
        lambda: list(Equivalence.objects.values_list("training_id", "equivalent_id")),
    )
    return pairs


def linked_training_ids() -> frozenset[int]:
    """The trainings a module of some path links (through its session): a training outside
    this set completes no path, whatever its equivalences. Cached under the offer's and the
    paths' versions (one cache round trip); every completion of every training asks."""
    linked, _cached = caches.versioned(
        caches.LINKED_KEY,
        [CATALOG_VERSION_KEY, caches.PATHS_VERSION_KEY],
        lambda: frozenset(
            PathModule.objects.values_list("linked_session__training_id", flat=True).distinct()
        ),
    )
    return linked


def equivalent_trainings(training_ids: set[int]) -> dict[int, set[int]]:
    """Training id → the training ids whose completion counts for it under the equivalence
    rule (itself included; equivalences read both ways). No query when cached."""
    result: dict[int, set[int]] = {t: {t} for t in training_ids}
    for a, b in _equivalences():
        if a in result:
            result[a].add(b)
        if b in result:
            result[b].add(a)
    return result


def module_states(
    *,
    modules: list[PathModule],
    user_ids: list[int] | QuerySet,
    today: date | None = None,
    as_of: dict[int, date] | None = None,
) -> dict[tuple[int, int], ModuleStatus]:
    """(user id, module id) → status, for every given agent and module, in 6 queries (7
    with a placement quiz; 2 fewer for the modules of ``path_plan``, which come with their
    prerequisites and placement rules). Completions withdrawn since (``counting_completions``) count
    for nothing.

    Precedence: done in the linked session; else a manual decision (grant → credited,
    withdrawal → no credit); else the most recent completion that the module's carry-over
    rule accepts (same training in another session, or an equivalent training; within the
    validity); else in progress / to do from the agent's enrolment in the linked session,
    or in another session of the same training they enrolled in instead.

    Validity and release dates are read on ``today``, or per agent on ``as_of[user_id]``
    (the day their path was completed, to re-check that completion).
    """
    today = today or timezone.localdate()
    if not modules:
        return {}
    training_ids = {m.linked_session.training_id for m in modules}
    equivalents = equivalent_trainings(training_ids)
    accepted: dict[int, set[int]] = {}
    for m in modules:
        t = m.linked_session.training_id
        if m.credit_rule == CreditRule.EQUIVALENT:
            accepted[m.pk] = equivalents[t]
        elif m.credit_rule == CreditRule.SAME_TRAINING:
            accepted[m.pk] = {t}
        else:
            accepted[m.pk] = set()
    all_trainings = set(training_ids).union(*accepted.values())

    # Prepared reads go to the default database: not under ``reporting_reads`` (a
    # dashboard reads one snapshot, the replica's).
    if (
        isinstance(user_ids, list)
        and len(user_ids) == 1
        and router.db_for_read(Completion) == DEFAULT_DB_ALIAS
    ):
        completions, enrolments, manual = _one_agent_facts(
            user_ids[0], training_ids, all_trainings, {m.pk for m in modules}
        )
    else:
        completions, enrolments, manual = _agents_facts(
            user_ids, training_ids, all_trainings, modules
        )

    rules: dict[int, list[PlacementRule]] = defaultdict(list)
    for rule in (
        [r for m in modules for r in m.placement_rules.all()]
        if _prefetched(modules, "placement_rules")
        else PlacementRule.objects.filter(module__in=modules)
    ):
        rules[rule.module_id].append(rule)
    latest: dict[tuple[int, int], tuple] = {}  # (user, quiz) → (score, answers)
    if rules:  # the latest attempt of each agent at each placement quiz (one query)
        quizzes = {r.quiz_id for items in rules.values() for r in items}
        asked = any(r.question_id for items in rules.values() for r in items)
        fields = ["enrolment__user_id", "activity_id", "score"] + (["answers"] if asked else [])
        for user_id, quiz_id, score, *answers in (
            QuizAttempt.objects.filter(enrolment__user_id__in=user_ids, activity_id__in=quizzes)
            .order_by("submitted_at", "number", "pk")
            .values_list(*fields)
        ):
            latest[(user_id, quiz_id)] = (score, answers[0] if answers else {})

    requires: dict[int, list[int]] = defaultdict(list)
    for source, target in (
        [(m.pk, r.pk) for m in modules for r in m.requires.all()]
        if _prefetched(modules, "requires")
        else PathModule.requires.through.objects.filter(from_pathmodule__in=modules).values_list(
            "from_pathmodule_id", "to_pathmodule_id"
        )
    ):
        requires[source].append(target)

    users = (
        list(user_ids.values_list("pk", flat=True)) if isinstance(user_ids, QuerySet) else user_ids
    )
    result: dict[tuple[int, int], ModuleStatus] = {}
    for user_id in users:
        day = as_of.get(user_id, today) if as_of else today
        mine = completions.get(user_id, [])
        for m in modules:
            result[(user_id, m.pk)] = _status(
                m,
                mine,
                enrolments.get((user_id, m.linked_session.training_id), []),
                manual.get((user_id, m.pk)),
                accepted[m.pk],
                day,
            )
        _placement(modules, result, user_id, rules, latest)
        _release(modules, result, user_id, requires, day)
    return result


def _agents_facts(user_ids, training_ids, all_trainings, modules) -> tuple[dict, dict, dict]:
    """What ``module_states`` reads of these agents, in three queries: their counting
    completions in the trainings concerned (by user), their active enrolments in the linked
    trainings with "any progress" (by user and training), their manual decisions (by user
    and module)."""
    completions: dict[int, list[tuple]] = defaultdict(list)
    # Withdrawn completions (a revoked attestation) count for nothing, here and so in every
    # path that used them (learning's registry of voided completions).
    for row in (
        counting_completions(
            Completion.objects.filter(
                enrolment__user_id__in=user_ids, enrolment__session__training_id__in=all_trainings
            )
        )
        .order_by("completed_at", "pk")
        .values_list(
            "enrolment__user_id",
            "enrolment__session_id",
            "enrolment__session__training_id",
            "enrolment__session__title",
            "enrolment__session__training__title",
            "completed_at",
        )
    ):
        completions[row[0]].append(row[1:])
    has_progress = Exists(ActivityProgress.objects.filter(enrolment=OuterRef("pk")))
    enrolments: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for user_id, session_id, training_id, pk, progressed in (
        Enrolment.objects.filter(
            user_id__in=user_ids,
            status=Enrolment.Status.ACTIVE,
            session__training_id__in=training_ids,
        )
        .annotate(progressed=has_progress)
        .order_by("pk")
        .values_list("user_id", "session_id", "session__training_id", "pk", "progressed")
    ):
        enrolments[(user_id, training_id)].append((session_id, pk, progressed))
    manual = {
        (u, m): (granted, reason)
        for u, m, granted, reason in ManualCredit.objects.filter(
            user_id__in=user_ids, module__in=modules
        ).values_list("user_id", "module_id", "granted", "reason")
    }
    return completions, enrolments, manual


# One agent's facts (the path page, a path enrolment, a path's completion: every agent's
# own pages): the same reads with the SQL built once (``core.prepared``), over all of the
# agent's rows (a handful), narrowed to the trainings and modules concerned here. Both
# variants read in the same order: a tie (two completions at the same instant) is broken
# the same way.
_AGENT_COMPLETIONS = Prepared(
    lambda *, user_id: (
        counting_completions(Completion.objects.filter(enrolment__user_id=user_id))
        .order_by("completed_at", "pk")
        .annotate(
            of_session=F("enrolment__session_id"),
            of_training=F("enrolment__session__training_id"),
            session_title=F("enrolment__session__title"),
            training_title=F("enrolment__session__training__title"),
        )
    )
)
_AGENT_ENROLMENTS = Prepared(
    lambda *, user_id: (
        Enrolment.objects.filter(user_id=user_id, status=Enrolment.Status.ACTIVE)
        .annotate(
            of_training=F("session__training_id"),
            progressed=Exists(ActivityProgress.objects.filter(enrolment=OuterRef("pk"))),
        )
        .order_by("pk")
    )
)
_AGENT_MANUAL_CREDITS = Prepared(lambda *, user_id: ManualCredit.objects.filter(user_id=user_id))


def _one_agent_facts(
    user_id: int, training_ids: set[int], all_trainings: set[int], module_ids: set[int]
) -> tuple[dict, dict, dict]:
    """``_agents_facts`` for one agent, in three prepared reads."""
    completions: dict[int, list[tuple]] = defaultdict(list)
    for c in _AGENT_COMPLETIONS(user_id=user_id):
        if c.of_training in all_trainings:
            completions[user_id].append(
                (c.of_session, c.of_training, c.session_title, c.training_title, c.completed_at)
            )
    enrolments: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for e in _AGENT_ENROLMENTS(user_id=user_id):
        if e.of_training in training_ids:
            enrolments[(user_id, e.of_training)].append((e.session_id, e.pk, e.progressed))
    manual = {
        (user_id, c.module_id): (c.granted, c.reason)
        for c in _AGENT_MANUAL_CREDITS(user_id=user_id)
        if c.module_id in module_ids
    }
    return completions, enrolments, manual


def placement_applies(rule: PlacementRule, attempt: tuple | None) -> bool:
    """Whether the agent's latest attempt (score, stored answers) meets the rule: its score
    within the band, or the rule's question answered right (or wrong, per
    ``when_correct``), as graded when the attempt was submitted."""
    if attempt is None:
        return False
    score, answers = attempt
    if rule.question_id:
        graded = answers.get("correct") if isinstance(answers, dict) else None
        if not isinstance(graded, dict) or str(rule.question_id) not in graded:
            return False
        return bool(graded[str(rule.question_id)]) == rule.when_correct
    return rule.min_score <= score <= rule.max_score


def _placement(modules, result, user_id, rules, latest) -> None:
    """Apply the rules the agent's latest placement attempt meets (done or credited work
    is never taken back: an exemption only replaces what is still to do)."""
    for m in modules:
        status = result[(user_id, m.pk)]
        for rule in rules.get(m.pk, ()):
            if not placement_applies(rule, latest.get((user_id, rule.quiz_id))):
                continue
            status.placement = rule.outcome
            if rule.outcome == PlacementOutcome.EXEMPTED and not status.complete:
                status.state = ModuleState.EXEMPTED


def _release(modules, result, user_id, requires, today) -> None:
    """Conditional release: a module not started nor complete stays locked until its date
    and until the modules it requires are complete; the reason is said in words."""
    titles = {m.pk: m.linked_session.training.title for m in modules}
    for m in modules:
        status = result[(user_id, m.pk)]
        if status.state != ModuleState.TODO:
            continue
        reasons = []
        if m.available_from and today < m.available_from:
            reasons.append(
                _("Disponible à partir du %(date)s.")
                % {"date": m.available_from.strftime("%d/%m/%Y")}
            )
        missing = [
            titles[r]
            for r in requires.get(m.pk, ())
            if (user_id, r) in result and not result[(user_id, r)].complete
        ]
        if missing:
            reasons.append(_("Disponible après : %(modules)s.") % {"modules": ", ".join(missing)})
        if reasons:
            status.state = ModuleState.LOCKED
            status.locked_reason = " ".join(reasons)


def _status(module, completions, enrolments, manual, accepted, today) -> ModuleStatus:
    linked = module.linked_session
    done_at = [c[-1] for c in completions if c[0] == linked.pk]
    if done_at:
        enrolment_id = next((pk for s, pk, _p in enrolments if s == linked.pk), None)
        return ModuleStatus(
            module, ModuleState.DONE, enrolment_id=enrolment_id, completed_at=max(done_at)
        )
    # Following it: the linked session first, else another session of the same training
    # (a credited module may be redone: its player opens from the path page).
    following = None
    for session_id, pk, progressed in sorted(enrolments, key=lambda e: e[0] != linked.pk):
        if not any(c[0] == session_id for c in completions):  # not a completed earlier one
            following = (pk, progressed)
            break
    following_id = following[0] if following else None
    if manual is not None and manual[0]:
        return ModuleStatus(
            module,
            ModuleState.CREDITED,
            credit=Credit(manual_reason=manual[1]),
            enrolment_id=following_id,
        )
    if manual is None:
        cutoff = validity_cutoff(module.validity_years, today)
        best = None
        for session_id, training_id, s_title, t_title, completed_at in completions:
            if session_id == linked.pk or training_id not in accepted:
                continue
            if cutoff and timezone.localtime(completed_at).date() < cutoff:
                continue
            if best is None or completed_at > best.completed_at:
                best = Credit(completed_at, s_title, t_title)
        if best is not None:
            return ModuleStatus(
                module, ModuleState.CREDITED, credit=best, enrolment_id=following_id
            )
    if following is not None:
        state = ModuleState.IN_PROGRESS if following[1] else ModuleState.TODO
        return ModuleStatus(module, state, enrolment_id=following[0])
    return ModuleStatus(module, ModuleState.TODO)


def plan_complete(plan: PathPlan, statuses: list[ModuleStatus]) -> bool:
    """The path's rule: every required module complete, and at least the plan's minimum
    of optional ones."""
    required = [s for s in statuses if s.required]
    optional_done = sum(1 for s in statuses if not s.required and s.complete)
    return all(s.complete for s in required) and optional_done >= plan.optional_minimum


@dataclass
class PathPage:
    training: Training
    session: Session
    plan: PathPlan
    enrolment: Enrolment | None
    sections: list[tuple[PathSection, list[ModuleStatus]]] = field(default_factory=list)
    complete: bool = False
    completed_at: datetime | None = None
    #: The modules rule is met (the path may still wait for its own activities).
    modules_complete: bool = False
    #: Not complete any more: when its completion was withdrawn (a credit it needed went).
    withdrawn_at: datetime | None = None
    #: The placement quiz the agent has not taken yet (it may exempt them from modules).
    placement_quiz_id: int | None = None

    @property
    def counts(self) -> dict[str, int]:
        statuses = [s for _sec, items in self.sections for s in items]
        return {
            "total": len(statuses),
            "complete": sum(1 for s in statuses if s.complete),
            "required": sum(1 for s in statuses if s.required),
        }


#: The person's enrolment in a path, by the path's slug: read by every path page and path
#: enrolment (the SQL built once, ``core.prepared``), with its completion.
_PATH_ENROLMENT = Prepared(
    lambda *, user_id, slug: (
        Enrolment.objects.select_related("session__training", "completion")
        .filter(
            user_id=user_id,
            status=Enrolment.Status.ACTIVE,
            session__training__slug=slug,
            session__training__is_path=True,
            session__path_plan__isnull=False,
        )
        .order_by("-enrolled_at")[:1]
    ),
    texts=("slug",),
)


_PLANNED_SESSIONS = Prepared(
    lambda *, slug: (
        Session.objects.select_related("training")
        .filter(training__slug=slug, training__is_path=True, path_plan__isnull=False)
        .order_by("starts_on", "pk")
    ),
    texts=("slug",),
)


def path_session_for(
    *, user: AnyUser, slug: str
) -> tuple[Training, Session, Enrolment | None] | None:
    """The path training ``slug`` if this person may see it (or follows it), the session to
    show (theirs, else the first one with a plan) and their active enrolment."""
    if not user.is_authenticated:
        return None
    enrolment = _PATH_ENROLMENT.first(user_id=user.pk, slug=slug)
    if enrolment is not None:
        enrolment.user = user
        return enrolment.session.training, enrolment.session, enrolment
    # The sessions with a plan of the path (one prepared read), if they may see it: the
    # first open one (``Session.status`` says what ``open_sessions_q`` filters), else the
    # latest.
    planned = _PLANNED_SESSIONS(slug=slug)
    if not planned:
        return None
    visible = sees_training(user, planned[0].training)
    if visible is None:  # an "other user": their grants decide
        visible = trainings_visible_to(user).filter(pk=planned[0].training_id).exists()
    if not visible:
        return None
    session = next((s for s in planned if s.status == SessionStatus.OPEN), planned[-1])
    return session.training, session, None


def path_page(
    *, user: User, training: Training, session: Session, enrolment: Enrolment | None
) -> PathPage:
    """Everything the path page shows, in a fixed number of queries (the module states are
    computed once; ``modules_complete`` tells the caller whether completion may be due)."""
    plan = path_plan(session_id=session.pk)
    if plan is None:  # path_session_for only returns sessions with a plan
        raise PathPlan.DoesNotExist
    modules = plan_modules(plan)
    statuses = module_states(modules=modules, user_ids=[user.pk]) if enrolment else {}
    page = PathPage(training=training, session=session, plan=plan, enrolment=enrolment)
    if enrolment is not None:
        page.modules_complete = plan_complete(plan, [statuses[(user.pk, m.pk)] for m in modules])

    # A linked session no longer open: say why, and propose the next open one (one query).
    closed = {m.linked_session.training_id for m in modules if m.linked_session.status != "open"}
    next_open: dict[int, Session] = {}
    if closed:
        for s in (
            Session.objects.filter(open_sessions_q(), training_id__in=closed)
            .filter(training__in=trainings_visible_to(user))
            .order_by("starts_on", "pk")
        ):
            next_open.setdefault(s.training_id, s)
    for section in plan.sections.all():
        items = []
        for m in section.modules.all():
            status = statuses.get((user.pk, m.pk)) or ModuleStatus(m, ModuleState.TODO)
            linked = m.linked_session
            if (
                status.state in (ModuleState.TODO, ModuleState.LOCKED)
                and status.enrolment_id is None
                and linked.status != "open"
            ):
                status.state = ModuleState.LOCKED
                status.session_closed = True
                closed_reason = _("Session %(title)s : %(status)s.") % {
                    "title": linked.title,
                    "status": linked.get_status_display().lower(),
                }
                status.locked_reason = " ".join(filter(None, [status.locked_reason, closed_reason]))
                status.next_session = next_open.get(linked.training_id)
            items.append(status)
        page.sections.append((section, items))
    if enrolment is not None:
        try:
            completion = enrolment.completion  # read with it (``path_session_for``)
        except Completion.DoesNotExist:
            completion = None
        page.completed_at = completion.completed_at if completion else None
        page.complete = completion is not None
        if not page.complete:
            page.withdrawn_at = completion_withdrawn_at(enrolment_id=enrolment.pk)
            rules = sorted(
                (r for m in modules for r in m.placement_rules.all()), key=lambda r: r.pk
            )
            quiz_id = rules[0].quiz_id if rules else None
            if quiz_id is not None and not (
                QuizAttempt.objects.filter(enrolment=enrolment, activity_id=quiz_id).exists()
            ):
                page.placement_quiz_id = quiz_id
    return page


def design_plans(*, training: Training) -> list[tuple[Session, PathPlan | None]]:
    """Each session of a path with its plan (sections, modules, what they wait for and
    their placement rules), in 6 queries."""
    sessions = list(Session.objects.filter(training=training).order_by("starts_on", "pk"))
    modules = PathModule.objects.select_related(
        "linked_session__training__producer"
    ).prefetch_related(
        "requires__linked_session__training",
        Prefetch(
            "placement_rules",
            PlacementRule.objects.select_related("quiz", "question").order_by("pk"),
        ),
    )
    plans = {
        p.session_id: p
        for p in PathPlan.objects.filter(session__in=sessions).prefetch_related(
            Prefetch(
                "sections",
                queryset=PathSection.objects.prefetch_related(Prefetch("modules", modules)),
            )
        )
    }
    return [(s, plans.get(s.pk)) for s in sessions]


@dataclass
class LearnerRow:
    user: User
    statuses: list[ModuleStatus]
    complete: bool


def path_learners(
    *, session: Session, limit: int = 50, offset: int = 0
) -> tuple[list[PathModule], list[LearnerRow], int]:
    """The path's learners (one page) with each module's state: only the learners of this
    path session, never other learners of the linked sessions. Fixed number of queries."""
    plan = path_plan(session_id=session.pk)
    modules = plan_modules(plan) if plan else []
    enrolments = Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
    total = enrolments.count()
    page = list(
        enrolments.select_related("user")
        .annotate(done=Exists(Completion.objects.filter(enrolment=OuterRef("pk"))))
        .order_by("user__last_name", "user__first_name", "pk")[offset : offset + limit]
    )
    states = module_states(modules=modules, user_ids=[e.user_id for e in page])
    rows = [LearnerRow(e.user, [states[(e.user_id, m.pk)] for m in modules], e.done) for e in page]
    return modules, rows, total


@dataclass
class MyPath:
    enrolment: Enrolment
    statuses: list[ModuleStatus]
    completed_at: datetime | None

    @property
    def complete_count(self) -> int:
        return sum(1 for s in self.statuses if s.complete)


def my_paths(*, user: User) -> list[MyPath]:
    """The person's active path enrolments with every module's state, in a fixed number of
    queries whatever the number of paths and modules (the API's ``/me/paths``)."""
    enrolments = list(
        Enrolment.objects.filter(
            user=user, status=Enrolment.Status.ACTIVE, session__path_plan__isnull=False
        )
        .select_related("session__training", "completion")
        .order_by("-enrolled_at", "pk")
    )
    modules = PathModule.objects.select_related("linked_session__training__producer")
    plans = {
        p.session_id: p
        for p in PathPlan.objects.filter(
            session_id__in=[e.session_id for e in enrolments]
        ).prefetch_related(
            Prefetch(
                "sections",
                queryset=PathSection.objects.prefetch_related(Prefetch("modules", modules)),
            )
        )
    }
    every = [m for plan in plans.values() for m in plan_modules(plan)]
    states = module_states(modules=every, user_ids=[user.pk])
    result = []
    for e in enrolments:
        completion = getattr(e, "completion", None)
        result.append(
            MyPath(
                enrolment=e,
                statuses=[states[(user.pk, m.pk)] for m in plan_modules(plans[e.session_id])],
                completed_at=completion.completed_at if completion else None,
            )
        )
    return result


@dataclass
class PathsIndex:
    mine: list[MyPath]
    offer: list[Training]


def paths_index(*, user: AnyUser) -> PathsIndex:
    """The ``/parcours/`` page: the paths the person follows (with each module's state) and
    the paths of the offer they may see and enrol in now (a session with a plan, open),
    not already followed. A fixed number of queries."""
    mine = my_paths(user=user) if user.is_authenticated else []
    followed = {p.enrolment.session.training_id for p in mine}
    open_planned = Session.objects.filter(open_sessions_q(), path_plan__isnull=False)
    offer = list(
        trainings_visible_to(user)
        .filter(is_path=True, pk__in=open_planned.values("training_id"))
        .exclude(pk__in=followed)
        .select_related("producer")
        .order_by("title", "pk")
    )
    return PathsIndex(mine=mine, offer=offer)


@dataclass
class ModuleProgress:
    module: PathModule
    counts: dict[str, int]  # ModuleState → number of learners in that state

    @property
    def complete(self) -> int:
        return sum(n for state, n in self.counts.items() if state in ModuleState.COMPLETE)


@dataclass
class PathProgress:
    session: Session
    learners: int
    completed: int
    modules: list[ModuleProgress]


def path_progress_report(
    *,
    training: Training,
    learners: QuerySet[User] | None = None,
    enrolments_q: Q | None = None,
    today: date | None = None,
) -> list[PathProgress]:
    """For reporting: each planned session of the path ``training`` with, for its active
    learners (restricted to ``learners``, or to the path enrolments ``enrolments_q``
    matches: the reader's scope and filters, when given), the number in each state per
    module (linked sessions included, whoever owns them) and the number who completed the
    path. The states come from ``module_states`` (the one place that decides them), for
    every learner at once: a fixed number of queries per path session."""
    result = []
    for session, plan in design_plans(training=training):
        if plan is None:
            continue
        enrolments = Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
        if learners is not None:
            enrolments = enrolments.filter(user__in=learners)
        if enrolments_q is not None:
            enrolments = enrolments.filter(enrolments_q)
        rows = list(
            enrolments.annotate(
                done=Exists(Completion.objects.filter(enrolment=OuterRef("pk")))
            ).values_list("user_id", "done")
        )
        modules = plan_modules(plan)
        states = module_states(modules=modules, user_ids=[u for u, _d in rows], today=today)
        progress = []
        for m in modules:
            counts = dict.fromkeys(ModuleState.LABELS, 0)
            for user_id, _done in rows:
                counts[states[(user_id, m.pk)].state] += 1
            progress.append(ModuleProgress(m, counts))
        result.append(
            PathProgress(
                session=session,
                learners=len(rows),
                completed=sum(1 for _u, done in rows if done),
                modules=progress,
            )
        )
    return result


def path_completed(*, user: User, session_id: int) -> bool:
    """Whether this person's enrolment in the path session is completed. One query."""
    return Completion.objects.filter(
        enrolment__user=user, enrolment__session_id=session_id
    ).exists()
