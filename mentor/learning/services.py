"""Progress, completion, attendance and quiz grading.

Completion is decided here only, on the server, from stored progress: browsers report
events (viewed, SCORM commits, answers) and never a result. Every write locks the
enrolment row first, so concurrent requests for the same learner (two tabs committing
SCORM data, a double-click on "submit") serialise and completion is written exactly once.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.search import fold
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment
from mentor.learning import caches
from mentor.learning.completion_rules import completion_verdicts
from mentor.learning.earlier_work import earlier_work_withdrawn
from mentor.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Completion,
    CompletionRule,
    Post,
    ProgressStatus,
    QuestionKind,
    QuizAttempt,
    Thread,
)
from mentor.learning.signals import completion_withdrawn, training_completed

MAX_HEARTBEAT_SECONDS = 60  # one heartbeat never credits more than this (idle capped)


class LearningError(Refusal):
    """A refusal shown to the learner as is; nothing was changed."""


def lock_enrolment(enrolment: Enrolment) -> Enrolment:
    """The enrolment's row, locked, with the session and person the caller already read
    (neither can change: only a new enrolment has another)."""
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    for relation in (Enrolment.session, Enrolment.user):
        if relation.is_cached(enrolment):
            relation.field.set_cached_value(locked, relation.field.get_cached_value(enrolment))
    return locked


def _completes(
    activity: Activity,
    *,
    viewed=False,
    submitted=False,
    passed=None,
    scorm_completed=False,
    scorm_passed=False,
    attended=False,
    posted=False,
    validated=False,
) -> bool:
    met: dict[str, bool] = {
        CompletionRule.VIEWED: viewed or submitted or posted,
        CompletionRule.SUBMITTED: submitted,
        CompletionRule.PASSED: bool(passed),
        CompletionRule.SCORM_COMPLETED: scorm_completed or scorm_passed,
        CompletionRule.SCORM_PASSED: scorm_passed,
        CompletionRule.ATTENDED: attended,
        CompletionRule.POSTED: posted,
        CompletionRule.VALIDATED: validated,
    }
    return met.get(activity.completion_rule, False)


def progress_record(
    enrolment: Enrolment,
    activity: Activity,
    *,
    score: Decimal | None = None,
    score_exact: bool = False,
    **events,
) -> tuple[ActivityProgress, bool]:
    """Store what happened on an activity; mark it completed when its rule is met (never
    un-completes: a later failed attempt does not take a success away). The best score is
    kept, unless ``score_exact`` (the caller grades attempts itself: average, last…).
    Returns the progress and whether this event completed the activity."""
    progress = ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).first()
    if progress is None:
        progress = ActivityProgress(enrolment=enrolment, activity=activity)
        _fields, completed_now = _record(progress, activity, score, score_exact, events)
        if _first_write(progress):
            return progress, completed_now
        progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    fields, completed_now = _record(progress, activity, score, score_exact, events)
    progress.save(update_fields=["last_seen_at", *fields])
    return progress, completed_now


def _first_write(progress: ActivityProgress) -> bool:
    """Insert a learner's first progress row on an activity as it ends up after the event
    (one INSERT: the common case of a page opened for the first time, which completes
    it). False when it was written meanwhile (a heartbeat, which does not take the
    enrolment lock): the caller records the event on that row."""
    try:
        with transaction.atomic():
            progress.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _record(
    progress: ActivityProgress, activity: Activity, score, score_exact: bool, events: dict
) -> tuple[list[str], bool]:
    """Apply an event to ``progress`` in memory: the fields it changed (besides
    ``last_seen_at``, always moved by the caller's write) and whether it completed the
    activity."""
    fields = []
    if score is not None and (
        progress.score is None
        or score > progress.score
        or (score_exact and score != progress.score)
    ):
        progress.score = score
        fields.append("score")
    completed_now = progress.status != ProgressStatus.COMPLETED and _completes(activity, **events)
    if completed_now:
        progress.status = ProgressStatus.COMPLETED
        progress.completed_at = timezone.now()
        fields += ["status", "completed_at"]
    return fields, completed_now


def _training_of(activity: Activity, enrolment: Enrolment) -> int:
    """The training of an activity of the enrolment's course, without a query when the
    activity came with its section (the cached outline)."""
    if Activity.section.is_cached(activity):
        return activity.section.training_id
    return enrolment.session.training_id


def completion_evaluate(
    enrolment: Enrolment, *, training_id: int | None = None
) -> Completion | None:
    """Write the completion when every required activity is completed and every registered
    completion rule concerned agrees (``completion_rules``). Idempotent; the caller holds
    the enrolment lock, and the one-to-one constraint is the last guard. ``training_id``:
    the enrolment's training, when the caller knows it."""
    existing = _COMPLETION.first(enrolment_id=enrolment.pk)
    if existing:
        return existing
    # The completion rules read it (none yet): no second query for it.
    Enrolment.completion.related.set_cached_value(enrolment, None)
    # Read fresh, never from the learners' cached outline: a completion is a write, and a
    # cached copy may lag an author's edit by a few moments. One query: the required
    # activities, each with whether this enrolment completed it.
    required = _REQUIRED_DONE(
        training_id=training_id or enrolment.session.training_id, enrolment_id=enrolment.pk
    )
    if any(not activity.done for activity in required):
        return None
    # Conditions of the apps above (learning paths: their modules), asked last: they only
    # matter once the training's own activities are done.
    verdicts = completion_verdicts(enrolment)
    if False in verdicts or not (required or verdicts):
        return None
    try:
        with transaction.atomic():
            completion = Completion.objects.create(enrolment=enrolment, completed_at=timezone.now())
    except IntegrityError:
        return Completion.objects.get(enrolment=enrolment)
    caches.forget_completed_count(enrolment.session_id)

    # Robust: a failing receiver (e.g. the task broker down) is logged and must not turn the
    # learner's committed completion into an error page; attestations are also issued on
    # demand (``attestations.services.attestation_for_holder``).
    transaction.on_commit(
        lambda: training_completed.send(sender=Completion, completion=completion), robust=True
    )
    return completion


@dataclass
class ProgressResult:
    progress: ActivityProgress | None  # None: nothing changed but "last seen"
    completion: Completion | None  # set when this event completed the training


@transaction.atomic
def progress_update(
    *,
    enrolment: Enrolment,
    activity: Activity,
    score: Decimal | None = None,
    locked: bool = False,
    score_exact: bool = False,
    **events,
) -> ProgressResult:
    """The single entry point for "something happened on this activity" (viewed, SCORM
    status, attendance...). Events are the keyword flags of ``_completes``.

    The training's completion is evaluated when this event completes the activity (the
    only moment it can change; ``completion_refresh`` catches up with rules changed by a
    designer): ``ProgressResult.completion`` is then set, ``None`` otherwise. ``locked``:
    the caller already holds the enrolment lock in this transaction."""
    if not locked:
        enrolment = lock_enrolment(enrolment)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise LearningError(_("Vous n’êtes pas inscrit à cette session."))
    progress, completed_now = progress_record(
        enrolment, activity, score=score, score_exact=score_exact, **events
    )
    return ProgressResult(
        progress,
        completion_evaluate(enrolment, training_id=_training_of(activity, enrolment))
        if completed_now
        else None,
    )


# The reads of every completion check (each activity completed, each commit that completes
# one), built once (``core.prepared``).
_COMPLETION = Prepared(
    lambda *, enrolment_id: Completion.objects.filter(enrolment_id=enrolment_id).order_by("pk")[:1]
)
_REQUIRED_DONE = Prepared(
    lambda *, training_id, enrolment_id: (
        Activity.objects.filter(section__training_id=training_id, required=True)
        .order_by()
        .only("pk")
        .annotate(
            done=Exists(
                ActivityProgress.objects.filter(
                    enrolment_id=enrolment_id,
                    activity_id=OuterRef("pk"),
                    status=ProgressStatus.COMPLETED,
                )
            )
        )
    )
)
#: The learner's progress row on an activity, locked: read at every SCORM commit, so built
#: once (``core.prepared``).
_PROGRESS_LOCKED = Prepared(
    lambda *, enrolment_id, activity_id: ActivityProgress.objects.select_for_update().filter(
        enrolment_id=enrolment_id, activity_id=activity_id
    )
)


# No savepoint (see ``time_credit``): it is called inside the caller's transaction only.
@transaction.atomic(savepoint=False)
def progress_update_timed(
    *,
    enrolment: Enrolment,
    activity: Activity,
    seconds: int,
    first_cap: int,
    score: Decimal | None = None,
    score_exact: bool = False,
    **events,
) -> tuple[ProgressResult, int]:
    """``time_credit`` (when ``seconds``) then ``progress_update`` in one read and one write
    of the progress row, for a caller holding the enrolment lock (``enrolment`` is the
    locked row): a SCORM commit, every few seconds per learner. Same rules as those two;
    returns their results."""
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise LearningError(_("Vous n’êtes pas inscrit à cette session."))
    # Locked as time_credit does: heartbeats credit time without the enrolment lock.
    progress = _PROGRESS_LOCKED.first(enrolment_id=enrolment.pk, activity_id=activity.pk)
    now = timezone.now()
    seconds = max(0, int(seconds))
    if progress is None:
        progress = ActivityProgress(enrolment=enrolment, activity=activity)
        credit = _creditable(progress, True, seconds, first_cap, now)
        progress.time_spent, progress.time_counted_until = credit, now if seconds else None
        _fields, completed_now = _record(progress, activity, score, score_exact, events)
        if _first_write(progress):
            completion = (
                completion_evaluate(enrolment, training_id=_training_of(activity, enrolment))
                if completed_now
                else None
            )
            return ProgressResult(progress, completion), credit
        progress = _PROGRESS_LOCKED.first(enrolment_id=enrolment.pk, activity_id=activity.pk)
    values: dict = {"last_seen_at": now}
    credit = 0
    if seconds:
        credit = _creditable(progress, False, seconds, first_cap, now)
        values |= {"time_spent": F("time_spent") + credit, "time_counted_until": now}
    fields, completed_now = _record(progress, activity, score, score_exact, events)
    values |= {name: getattr(progress, name) for name in fields}
    ActivityProgress.objects.filter(pk=progress.pk).update(**values)
    progress.last_seen_at = now
    if seconds:
        progress.time_spent += credit
        progress.time_counted_until = now
    completion = (
        completion_evaluate(enrolment, training_id=_training_of(activity, enrolment))
        if completed_now
        else None
    )
    return ProgressResult(progress, completion), credit


@transaction.atomic
def completion_refresh(*, enrolment: Enrolment) -> Completion | None:
    """Re-evaluate completion when the learner opens their course: a designer may have made
    the last missing activity optional since their last step. Idempotent, nothing written
    unless the training has just become complete."""
    locked = lock_enrolment(enrolment)
    if locked.status != Enrolment.Status.ACTIVE:
        return None
    return completion_evaluate(locked)


@transaction.atomic
def completion_recheck(*, enrolment: Enrolment, actor: User | None, reason: str) -> bool:
    """Undo a completion whose registered rule no longer holds (learning paths: a module
    was complete only through a credit since withdrawn). Under the enrolment lock, like
    the completion itself; the training's own activities are not re-read (done work is
    never taken back). Audited; ``completion_withdrawn`` lets the attestation follow in
    the same transaction, and ``earlier_work_withdrawn`` lets whatever this completion
    credited follow in turn. Idempotent: returns whether a completion was undone."""
    locked = (
        Enrolment.objects.select_for_update(of=("self",))  # not the session's row: seats
        .select_related("session__training")
        .get(pk=enrolment.pk)
    )
    completion = Completion.objects.filter(enrolment=locked).first()
    Enrolment.completion.related.set_cached_value(locked, completion)  # the rules read it
    if completion is None or False not in completion_verdicts(locked):
        return False
    completed_at = completion.completed_at
    completion.delete()
    caches.forget_completed_count(locked.session_id)
    training = locked.session.training
    audit_record(
        actor=actor,
        action="learning.completion_withdrawn",
        target=locked,
        entity=training.owner_entity or training.producer,
        data={
            "user_id": locked.user_id,
            "training_id": training.pk,
            "completed_at": completed_at.isoformat(),
            "reason": reason[:2000],
        },
    )
    completion_withdrawn.send(
        sender=Completion, enrolment=locked, completed_at=completed_at, actor=actor, reason=reason
    )
    earlier_work_withdrawn.send(
        sender=Completion,
        user_ids=[locked.user_id],
        training_ids={training.pk},
        actor=actor,
        reason=reason,
    )
    return True


def activity_view(
    *, enrolment: Enrolment, activity: Activity, completed: bool | None = None
) -> ProgressResult:
    """The learner opened an activity. Seeing again an activity already completed only
    moves its "last seen" (one UPDATE, no lock): the common case of a learner going back
    and forth in their course, and of thousands opening it on release day. ``completed``:
    whether the caller read it completed in this request (False: a first view, recorded
    under the lock at once; a completion from another tab meanwhile is seen there)."""
    if enrolment.status == Enrolment.Status.ACTIVE and completed is not False:
        seen = ActivityProgress.objects.filter(
            enrolment=enrolment, activity=activity, status=ProgressStatus.COMPLETED
        ).update(last_seen_at=timezone.now())
        if seen:
            return ProgressResult(None, None)
    return progress_update(enrolment=enrolment, activity=activity, viewed=True)


def _creditable(
    progress: ActivityProgress, created: bool, seconds: int, first_cap: int, now
) -> int:
    """How much of ``seconds`` may be credited now: no more than the wall-clock time since
    the previous credit."""
    # Before any credit, the activity's first visit is the baseline (if it happened before).
    since = progress.time_counted_until or (None if created else progress.first_seen_at)
    cap = first_cap if since is None else max(0, int((now - since).total_seconds()))
    return min(seconds, cap)


# No savepoint when nested (two round trips fewer per heartbeat): it raises nothing of
# its own, so no caller catches an error of it inside their transaction.
@transaction.atomic(savepoint=False)
def time_credit(*, enrolment: Enrolment, activity: Activity, seconds: int, first_cap: int) -> int:
    """Add measured time to an activity and return what was credited.

    Never more than the wall-clock time since the previous credit on the same activity
    (``time_counted_until``, else the first visit), so replayed, forged or overlapping
    reports (two tabs) cannot add more time than really passed; a first credit with no
    earlier visit is bounded by ``first_cap``.
    """
    seconds = max(0, int(seconds))
    # Read and locked at once (a row created here is ours until the commit).
    progress, created = ActivityProgress.objects.select_for_update().get_or_create(
        enrolment=enrolment, activity=activity
    )
    now = timezone.now()
    credit = _creditable(progress, created, seconds, first_cap, now)
    ActivityProgress.objects.filter(pk=progress.pk).update(
        time_spent=F("time_spent") + credit, time_counted_until=now, last_seen_at=now
    )
    return credit


@transaction.atomic
def time_record(*, enrolment: Enrolment, activity: Activity, seconds: int) -> int:
    """Credit visible time on an activity (heartbeats from the player): at most
    ``MAX_HEARTBEAT_SECONDS`` a beat (idle capped), and never more than the time elapsed
    since the previous beat. Returns the seconds credited."""
    seconds = max(0, min(int(seconds), MAX_HEARTBEAT_SECONDS))
    if not seconds:
        return 0
    return time_credit(
        enrolment=enrolment, activity=activity, seconds=seconds, first_cap=MAX_HEARTBEAT_SECONDS
    )


# --- Quizzes ----------------------------------------------------------------------------


def _normalise_answer(text: str) -> str:
    return " ".join(fold(text).split())


def quiz_grade(activity: Activity, answers: dict) -> tuple[Decimal, dict]:
    """Score (0-100) and per-question correctness, from the stored answer key only.

    ``answers`` maps question ids (as strings) to a choice id, a list of choice ids or a
    text. Unknown questions, unknown choice ids and wrong types score zero; they never
    raise, so a forged form cannot break grading.
    """
    return _graded(_answer_key(activity), answers)


def _answer_key(activity: Activity) -> list:
    """The quiz's questions with their choices, as stored (never a cached copy)."""
    return list(activity.questions.prefetch_related("choices"))


def _graded(questions: list, answers: dict) -> tuple[Decimal, dict]:
    """``quiz_grade`` on questions already read (``_answer_key``)."""
    total = sum(q.points for q in questions) or 1
    earned = 0
    details = {}
    for question in questions:
        given = answers.get(str(question.pk))
        correct_ids = {c.pk for c in question.choices.all() if c.correct}
        valid_ids = {c.pk for c in question.choices.all()}
        ok = False
        if question.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE):
            try:
                ok = int(given or "") in correct_ids and int(given or "") in valid_ids
            except (TypeError, ValueError):
                ok = False
        elif question.kind == QuestionKind.MULTIPLE:
            try:
                chosen = {
                    int(x) for x in (given if isinstance(given, list) else [given]) if x is not None
                }
            except (TypeError, ValueError):
                chosen = set()
            ok = bool(correct_ids) and chosen == correct_ids
        elif question.kind == QuestionKind.SHORT:
            accepted = {
                _normalise_answer(a) for a in question.accepted_answers.splitlines() if a.strip()
            }
            ok = isinstance(given, str) and _normalise_answer(given) in accepted
        if ok:
            earned += question.points
        details[str(question.pk)] = ok
    score = (Decimal(earned) * 100 / Decimal(total)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return score, details


@transaction.atomic
def quiz_submit(*, enrolment: Enrolment, activity: Activity, answers: dict) -> QuizAttempt:
    """Grade and store an attempt; refuse past the attempts limit (nothing stored then)."""
    locked = lock_enrolment(enrolment)
    if locked.status != Enrolment.Status.ACTIVE:
        raise LearningError(_("Vous n’êtes pas inscrit à cette session."))
    # Graded on the answer key as stored now, never on a cached copy (a write).
    questions = _answer_key(activity) if activity.kind == ActivityKind.QUIZ else []
    if not questions:
        raise LearningError(_("Ce quiz n’a pas encore de question."))
    used = QuizAttempt.objects.filter(enrolment=locked, activity=activity).count()
    if activity.max_attempts is not None and used >= activity.max_attempts:
        raise LearningError(_("Vous avez utilisé toutes vos tentatives pour ce quiz."))
    score, details = _graded(questions, answers)
    passed = score >= activity.passing_score
    attempt = QuizAttempt.objects.create(
        enrolment=locked,
        activity=activity,
        number=used + 1,
        answers={"given": answers, "correct": details},
        score=score,
        passed=passed,
    )
    progress_record(locked, activity, score=score, submitted=True, passed=passed)
    completion_evaluate(locked, training_id=_training_of(activity, locked))
    return attempt


# --- Forums -------------------------------------------------------------------------------


def _forum_write(*, activity: Activity, session, author, body: str, title: str, thread):
    if activity.kind != ActivityKind.FORUM or activity.section.training_id != session.training_id:
        raise LearningError(_("Cette activité n’est pas un forum de cette formation."))
    body = (body or "").strip()
    if not body or (thread is None and not (title or "").strip()):
        raise LearningError(_("Indiquez un sujet et un message."))
    if thread is None:
        thread = Thread.objects.create(
            activity=activity, session=session, author=author, title=title.strip()[:200]
        )
    elif thread.activity_id != activity.pk or thread.session_id != session.pk:
        raise LearningError(_("Cette discussion n’appartient pas à ce forum."))
    Post.objects.create(thread=thread, author=author, body=body)
    Thread.objects.filter(pk=thread.pk).update(updated_at=timezone.now())
    return thread


@transaction.atomic
def forum_post(
    *, enrolment: Enrolment, activity: Activity, body: str, title: str = "", thread=None
):
    """Start a thread (``title``) or reply in one; the learner's contribution counts for a
    forum completed by posting. Returns the thread."""
    locked = lock_enrolment(enrolment)
    if locked.status != Enrolment.Status.ACTIVE:
        raise LearningError(_("Vous n’êtes pas inscrit à cette session."))
    thread = _forum_write(
        activity=activity,
        session=locked.session,
        author=locked.user,
        body=body,
        title=title,
        thread=thread,
    )
    progress_record(locked, activity, posted=True)
    completion_evaluate(locked)
    return thread


@transaction.atomic
def forum_post_as_tutor(
    *, tutor: User, session, activity: Activity, body: str, title: str = "", thread=None
):
    """A tutor starts a thread or answers in the forum of a session they tutor (no progress
    is recorded: tutors are not learners). Returns the thread."""

    if not can(tutor, "learning.tutor_session", session):
        raise PermissionDenied(_("Vous n’êtes pas tuteur de cette session."))
    return _forum_write(
        activity=activity, session=session, author=tutor, body=body, title=title, thread=thread
    )
