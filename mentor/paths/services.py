"""Following a path: enrolment in its linked sessions, manual credits, live completion.

The path's completion is written by learning's ``completion_evaluate`` (same enrolment
lock, same one-to-one guard, same ``training_completed`` signal after commit, so
attestations and surveys follow); this app only answers, through the completion-rule
registry, whether the path's modules are complete (``rules.py``), and asks for the path
enrolments to be re-evaluated when one of their modules completes (``receivers.py``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.models import Session
from mentor.catalog.selectors import open_sessions_q
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.enrolments.services import EnrolmentError, enrolment_create
from mentor.learning.models import Completion
from mentor.learning.services import completion_recheck, completion_refresh
from mentor.paths.models import ManualCredit, PathModule
from mentor.paths.selectors import (
    ModuleState,
    equivalent_trainings,
    linked_training_ids,
    module_states,
    path_plan,
    plan_complete,
    plan_modules,
)


class PathError(Refusal):
    """A refusal about a path, shown as is; nothing changed."""


@dataclass
class PathEnrolResult:
    enrolment: Enrolment
    enrolled_modules: list[PathModule] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # module id → French reason


def path_enrol(*, user: User, session_id: int) -> PathEnrolResult:
    """Enrol in a path session, then in each linked session the agent still needs (not
    done, not credited, not already followed). A linked session that refuses (full, closed)
    does not undo the path enrolment: the path page shows it locked, with the next session.
    Idempotent.

    Each enrolment is its own transaction: the path's session row, locked while its seat
    is taken, is held for that enrolment alone (a whole ministry may enrol in the same path
    at once), not while the modules are looked at. Interrupted half-way, the path page
    shows the modules still to enrol in, and a second POST enrols in them."""
    plan = path_plan(session_id=session_id)
    if plan is None or not plan.session.training.is_path:
        raise PathError(_("Ce parcours n'existe pas ou ne vous est pas ouvert."))
    result = PathEnrolResult(enrolment_create(user=user, session_id=session_id).enrolment)
    modules = plan_modules(plan)
    statuses = module_states(modules=modules, user_ids=[user.pk])
    for module in modules:
        status = statuses[(user.pk, module.pk)]
        if status.complete or status.enrolment_id is not None:
            continue
        if status.state == ModuleState.LOCKED:
            continue  # not released yet: enrolled from the path page once it is
        try:
            enrolment_create(user=user, session_id=module.linked_session_id)
        except EnrolmentError as refusal:
            result.refused[module.pk] = refusal.message
        else:
            result.enrolled_modules.append(module)
    if plan_complete(plan, [statuses[(user.pk, m.pk)] for m in modules]):
        # Everything was already done or credited: the path may be complete at once (the
        # modules enrolled in just now are still to do, so otherwise it cannot be).
        completion_refresh(enrolment=result.enrolment)
    return result


@transaction.atomic
def path_module_enrol(*, user: User, module_id: int, session_id: int) -> Enrolment:
    """Enrol a path's agent in a module's linked session, or in another open session of
    the same training (the one proposed when the linked session is full or closed)."""
    module = (
        PathModule.objects.select_related("linked_session", "section__plan")
        .filter(pk=module_id)
        .first()
    )
    if (
        module is None
        or not Enrolment.objects.filter(
            user=user, session_id=module.section.plan.session_id, status=Enrolment.Status.ACTIVE
        ).exists()
    ):
        raise PathError(_("Inscrivez-vous d'abord au parcours."))
    allowed = Session.objects.filter(pk=session_id).filter(
        Q(pk=module.linked_session_id)
        | (Q(training_id=module.linked_session.training_id) & open_sessions_q())
    )
    if not allowed.exists():
        raise PathError(_("Cette session ne correspond pas à ce module."))
    plan = path_plan(session_id=module.section.plan.session_id)
    status = module_states(modules=plan_modules(plan) if plan else [module], user_ids=[user.pk])[
        (user.pk, module.pk)
    ]
    if status.state == ModuleState.LOCKED:
        raise PathError(status.locked_reason)
    return enrolment_create(user=user, session_id=session_id).enrolment


@transaction.atomic
def manual_credit_set(
    *, actor: User, user: User, module_id: int, granted: bool | None, reason: str
) -> ManualCredit | None:
    """Grant (``True``) or withdraw (``False``) one agent's credit for a module, or remove
    the decision (``None``: back to the computed credit). Tutors of the path session and
    admins of its scope only; a reason is required; audited. The path's completion is
    re-evaluated at once (a grant may complete it)."""
    module = (
        PathModule.objects.select_related("section__plan__session__training")
        .filter(pk=module_id)
        .first()
    )
    if module is None:
        raise PathError(_("Ce module n'existe pas."))
    path_session = module.section.plan.session
    if not can(actor, "paths.manage_credits", path_session):
        raise PathError(_("Vous ne pouvez pas décider des acquis de ce parcours."))
    path_enrolment = Enrolment.objects.filter(user=user, session=path_session).first()
    if path_enrolment is None:
        raise PathError(_("Cet agent ne suit pas ce parcours."))
    reason = (reason or "").strip()
    if not reason:
        raise PathError(_("Indiquez le motif de votre décision."))
    if granted is None:
        ManualCredit.objects.filter(user=user, module=module).delete()
        decision = None
    else:
        decision, _created = ManualCredit.objects.update_or_create(
            user=user,
            module=module,
            defaults={"granted": granted, "reason": reason[:2000], "decided_by": actor},
        )
    audit_record(
        actor=actor,
        action=(
            "paths.credit_reset"
            if granted is None
            else ("paths.credit_granted" if granted else "paths.credit_withdrawn")
        ),
        target=module,
        entity=path_session.training.owner_entity or path_session.training.producer,
        data={"user_id": user.pk, "reason": reason[:2000]},
    )
    if granted is not True:  # a credit may have gone: undo the path completion it made
        path_completions_recheck(
            enrolments=Enrolment.objects.filter(pk=path_enrolment.pk),
            actor=actor,
            reason=_("acquis du module retiré par décision : %(reason)s") % {"reason": reason},
        )
    if path_enrolment.status == Enrolment.Status.ACTIVE:
        completion_refresh(enrolment=path_enrolment)
    return decision


def path_enrolments_concerned(*, user_id: int, training_id: int) -> list[Enrolment]:
    """The agent's active path enrolments with a module that the completion of
    ``training_id`` may complete (linked to it or to an equivalent). Completed ones too:
    a completion being withdrawn in a concurrent transaction is not yet gone when this is
    read, and ``completion_refresh`` waits for its lock, then sees (idempotently)."""
    related = equivalent_trainings({training_id})[training_id]
    if not related & linked_training_ids():  # most trainings: in no path (no query)
        return []
    return list(
        Enrolment.objects.filter(
            user_id=user_id,
            status=Enrolment.Status.ACTIVE,
            session__path_plan__sections__modules__linked_session__training_id__in=related,
        )
        .select_related("session")  # the completion reads its training
        .distinct()
    )


def path_progress_on_completion(*, completion: Completion) -> list[Completion]:
    """A training was completed: re-evaluate, each under its own enrolment lock, the
    agent's paths that it may complete (live, on write). Returns the path completions
    written or already there."""
    enrolment = completion.enrolment
    done = []
    for path_enrolment in path_enrolments_concerned(
        user_id=enrolment.user_id, training_id=enrolment.session.training_id
    ):
        result = completion_refresh(enrolment=path_enrolment)
        if result is not None:
            done.append(result)
    return done


def modules_complete(*, enrolment: Enrolment) -> bool | None:
    """The path's modules rule for this enrolment: ``None`` when its session has no plan
    (not a path), else whether every required module (and the optional minimum) is done
    or credited. Used by learning's completion through the registry (``rules.py``): to
    write the completion, and to re-check one already written (``completion_recheck``), in
    which case credits are judged on the day it was written (a credit that expired since
    still counted then; one withdrawn since does not)."""
    plan = path_plan(session_id=enrolment.session_id)
    if plan is None:
        return None
    modules = plan_modules(plan)
    try:  # read with the enrolment by learning's completion, when it asks
        written = enrolment.completion.completed_at
    except Completion.DoesNotExist:
        written = None
    today = timezone.localdate(written) if written else None
    statuses = module_states(modules=modules, user_ids=[enrolment.user_id], today=today)
    return plan_complete(plan, [statuses[(enrolment.user_id, m.pk)] for m in modules])


def completed_paths_failing(enrolments: QuerySet[Enrolment]) -> list[Enrolment]:
    """Among these completed path enrolments, those whose modules rule no longer holds on
    the day each was completed: one set-based evaluation per path session (a fixed number
    of queries whatever the number of learners), so re-checking the national session after
    an equivalence is withdrawn only locks the few completions that really fall."""
    rows = list(enrolments.filter(completion__isnull=False).select_related("completion"))
    failing = []
    by_session: dict[int, list[Enrolment]] = defaultdict(list)
    for enrolment in rows:
        by_session[enrolment.session_id].append(enrolment)
    for session_id, items in by_session.items():
        plan = path_plan(session_id=session_id)
        if plan is None:
            continue
        modules = plan_modules(plan)
        as_of = {e.user_id: timezone.localdate(e.completion.completed_at) for e in items}
        states = module_states(modules=modules, user_ids=list(as_of), as_of=as_of)
        failing += [
            e
            for e in items
            if not plan_complete(plan, [states[(e.user_id, m.pk)] for m in modules])
        ]
    return failing


def path_completions_recheck(
    *,
    enrolments: QuerySet[Enrolment],
    actor: User | None,
    reason: str,
) -> list[Enrolment]:
    """A credit was withdrawn (an earlier completion or attestation, a tutor's decision, an
    equivalence): undo the completions of these path enrolments that needed it, live, on
    write. Each falling one is re-checked by learning under its enrolment lock
    (``completion_recheck``: audited, its attestation revoked in the same transaction).
    Returns the enrolments whose path completion was undone."""
    return [
        e
        for e in completed_paths_failing(enrolments)
        if completion_recheck(enrolment=e, actor=actor, reason=reason)
    ]


def path_enrolments_crediting(*, user_ids: list[int], training_ids: set[int]) -> QuerySet:
    """Completed path enrolments of these agents with a module that a completion of one
    of ``training_ids`` may have credited (linked to it, or to an equivalent training)."""
    related = set().union(*equivalent_trainings(training_ids).values()) if training_ids else set()
    return Enrolment.objects.filter(
        user_id__in=user_ids,
        completion__isnull=False,
        session__path_plan__sections__modules__linked_session__training_id__in=related,
    ).distinct()
