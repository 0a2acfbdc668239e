"""Reads for the player, the authoring pages and the tutors' progress views."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from mentor.accounts.models import AnyUser, User
from mentor.accounts.permissions import remember_roles, roles_keys
from mentor.audit.selectors import audit_last_recorded_at
from mentor.catalog.models import Session, Training
from mentor.core.permissions import can
from mentor.core.prepared import Prepared, is_key
from mentor.enrolments.models import Enrolment
from mentor.learning import caches
from mentor.learning.models import (
    Activity,
    ActivityImage,
    ActivityKind,
    ActivityProgress,
    Attendance,
    Completion,
    Post,
    ProgressStatus,
    Question,
    QuestionKind,
    QuizAttempt,
    QuizReview,
    Section,
    Thread,
)

#: Relations of an activity that the apps above learning load with the outline (SCORM's
#: package link), so that their kind's player reads them without a query of its own.
_OUTLINE_RELATED: set[str] = set()


def outline_select_related(*lookups: str) -> None:
    """Called from an app's ``AppConfig.ready``: load ``lookups`` (``select_related``
    paths from ``Activity``) with every course outline."""
    _OUTLINE_RELATED.update(lookups)


def course_sections(*, training) -> list[Section]:
    """The course outline: sections with their activities, in order (two queries)."""
    activities = Activity.objects.select_related(*sorted(_OUTLINE_RELATED))
    return list(
        Section.objects.filter(training=training).prefetch_related(
            Prefetch("activities", queryset=activities)
        )
    )


OUTLINE_SECONDS = 300


def _course_entry(
    *, training_id: int, reader: User | None, training: Training | None = None
) -> tuple[Training, list[Section], str]:
    """The cached ``(training, sections, version)`` of a course (``course_outline``), read
    along with the ``reader``'s roles when this request has not read them yet (one round
    trip for both); on a miss, ``training`` (or the row, read with its producer) and its
    sections are read and cached under a new ``version`` (drawn at random: a fragment
    rendered from the outline and kept under it never outlives the outline)."""
    key = caches.outline_key(training_id)
    roles = roles_keys(reader) if reader is not None else []
    if roles:
        found = cache.get_many([key, *roles])
        remember_roles(reader, found)
        entry = found.get(key)
    else:
        entry = cache.get(key)
    if not (isinstance(entry, tuple) and len(entry) == 3):
        if training is None:
            training = Training.objects.select_related("producer").get(pk=training_id)
        entry = (training, course_sections(training=training), secrets.token_hex(8))
        cache.set(key, entry, OUTLINE_SECONDS)
    return entry


def course_outline(*, training, reader: User | None = None) -> list[Section]:
    """``course_sections`` for learners and tutors: the same for every learner of a training
    (thousands open it on release day), so cached with the training's row; any change to
    the content or to the training retires it (``caches.forget_outline``). Authors read
    ``course_sections``, never a cached copy. The ``reader``'s roles, which the page's menu
    needs next, are read from the cache along with it when this request has not read them
    yet (one round trip for both)."""
    return _course_entry(training_id=training.pk, reader=reader, training=training)[1]


def outline_activity(*, training_id: int, activity_id: int) -> Activity | None:
    """An activity of a training's course as its learners' cached outline holds it (with
    the relations the kinds load along, ``outline_select_related``), or None when the
    course has no such activity. No query when the outline is cached: a SCORM commit, every
    few seconds per learner, reads its activity so."""
    for section in _course_entry(training_id=training_id, reader=None)[1]:
        for activity in section.activities.all():
            if activity.pk == activity_id:
                return activity
    return None


#: Read on every page of the player (SQL built once, ``core.prepared``): with its
#: completion, if any, so that ``learner_course`` needs no query of its own for it.
_LEARNER_ENROLMENT = Prepared(
    lambda *, enrolment_id, user_id: Enrolment.objects.select_related(
        "session", "completion"
    ).filter(pk=enrolment_id, user_id=user_id, status=Enrolment.Status.ACTIVE)[:1]
)


def enrolment_for_learner(*, user: User, enrolment_id: int) -> Enrolment | None:
    """The learner's own active enrolment, or None (someone else's is never returned).
    Every view of the player asks: the row by its key is read without ``first()``'s
    ordering, with its session and completion but not its training (whose many columns
    cost more SQL to compile than the rest of the query): ``learner_course`` sets the
    training from the cached outline."""
    if not user.is_authenticated or not is_key(enrolment_id):
        return None
    enrolment = _LEARNER_ENROLMENT.first(enrolment_id=enrolment_id, user_id=user.pk)
    if enrolment is not None:
        enrolment.user = user  # it is theirs: no second copy of the user to load
    return enrolment


def progress_percent(*, completed_required: int, required_count: int) -> int:
    """The one formula of a training's progress, shared by the player (``LearnerCourse``)
    and "Mes formations" (``progress_summaries``): required activities completed, rounded."""
    if not required_count:
        return 0
    return round(100 * completed_required / required_count)


#: How often seeing again the same completed activity writes its "last seen"
#: (``LearnerCourse.seen_just_now``).
LAST_SEEN_EVERY = timedelta(minutes=1)


@dataclass
class LearnerCourse:
    enrolment: Enrolment
    sections: list[Section]
    activities: list[Activity]
    progress: dict[int, ActivityProgress]
    completion: Completion | None
    required_count: int = 0
    #: The cached outline's version (``_course_entry``): what fragments of it are kept under.
    outline_version: str = ""

    @property
    def completed_required(self) -> int:
        """Read from ``progress`` each time, so an activity completed by this very visit
        (``views.activity_detail`` records it into ``progress``) counts at once."""
        return sum(
            1
            for a in self.activities
            if a.required
            and a.pk in self.progress
            and self.progress[a.pk].status == ProgressStatus.COMPLETED
        )

    def status_of(self, activity: Activity) -> str:
        progress = self.progress.get(activity.pk)
        return progress.status if progress else ProgressStatus.NOT_STARTED

    @property
    def percent(self) -> int:
        return progress_percent(
            completed_required=self.completed_required, required_count=self.required_count
        )

    def neighbours(self, activity: Activity) -> tuple[Activity | None, Activity | None]:
        index = next(i for i, a in enumerate(self.activities) if a.pk == activity.pk)
        previous = self.activities[index - 1] if index > 0 else None
        following = self.activities[index + 1] if index + 1 < len(self.activities) else None
        return previous, following

    def seen_just_now(self, activity: Activity) -> bool:
        """The learner sees again, within ``LAST_SEEN_EVERY``, the completed activity they
        saw last in this course (a reload, a back and forth): its "last seen" need not be
        written again. Nothing read from it changes: the resume position only weighs
        unfinished activities, the home page's "Reprendre" and the tutors' "last seen"
        already have this activity (to within a minute), and the player's heartbeats
        move it while the page stays open."""
        progress = self.progress.get(activity.pk)
        if progress is None or progress.status != ProgressStatus.COMPLETED:
            return False
        if timezone.now() - progress.last_seen_at >= LAST_SEEN_EVERY:
            return False
        return all(p.last_seen_at <= progress.last_seen_at for p in self.progress.values())

    @property
    def may_have_become_complete(self) -> bool:
        """Every required activity is done but no completion is recorded: a designer made
        the last missing one optional since (``services.completion_refresh`` catches up).
        Read from what is already loaded, so opening a course costs no lock otherwise."""
        return self.completion is None and self.completed_required >= self.required_count > 0

    def resume_activity(self) -> Activity | None:
        """Where the learner stopped: the most recently visited unfinished activity, else
        the first one not completed, else the first one."""
        unfinished = [
            self.progress[a.pk]
            for a in self.activities
            if a.pk in self.progress and self.progress[a.pk].status != ProgressStatus.COMPLETED
        ]
        if unfinished:
            latest = max(unfinished, key=lambda p: p.last_seen_at)
            return next(a for a in self.activities if a.pk == latest.activity_id)
        for activity in self.activities:
            if self.status_of(activity) != ProgressStatus.COMPLETED:
                return activity
        return self.activities[0] if self.activities else None


def _completion(enrolment: Enrolment, *, reread: bool) -> Completion | None:
    """The enrolment's completion: the one read with it (``enrolment_for_learner``), else
    (or when ``reread``, after a change) read now."""
    if not reread and Enrolment.completion.is_cached(enrolment):
        try:
            return enrolment.completion
        except Completion.DoesNotExist:
            return None
    return Completion.objects.filter(enrolment=enrolment).first()


#: The learner's progress rows: read on every page of the player, so built once
#: (``core.prepared``).
_PROGRESS = Prepared(
    lambda *, enrolment_id: ActivityProgress.objects.filter(enrolment_id=enrolment_id)
)


def learner_course(*, enrolment: Enrolment, reread: bool = False) -> LearnerCourse:
    """The learner's course: outline, progress and completion. ``reread`` after something
    changed them in this request (the completion read with the enrolment is then old)."""
    session = enrolment.session
    training, sections, version = _course_entry(
        training_id=session.training_id,
        # The learner is loaded with the enrolment by ``enrolment_for_learner``: their roles
        # come along with the outline. Never a query for them here.
        reader=enrolment.user if Enrolment.user.is_cached(enrolment) else None,
        training=session.training if Session.training.is_cached(session) else None,
    )
    if not Session.training.is_cached(session):
        # The cached row, retired with the outline by any change to the training: the
        # page's title, the kinds' players and the completion offers read it from here.
        session.training = training
    activities = [a for s in sections for a in s.activities.all()]
    progress = {p.activity_id: p for p in _PROGRESS(enrolment_id=enrolment.pk)}
    required = [a for a in activities if a.required]
    return LearnerCourse(
        enrolment=enrolment,
        sections=sections,
        activities=activities,
        progress=progress,
        completion=_completion(enrolment, reread=reread),
        required_count=len(required),
        outline_version=version,
    )


QUIZ_SECONDS = 300


def quiz_questions(*, activity: Activity) -> list[Question]:
    """A quiz's questions with their choices: the same for all its learners, so cached
    (one cache read instead of two queries on every quiz page); any change to a question
    or a choice retires it (``caches.forget_quiz``)."""
    key = caches.quiz_key(activity.pk)
    questions = cache.get(key)
    if questions is None:
        questions = list(activity.questions.prefetch_related("choices"))
        cache.set(key, questions, QUIZ_SECONDS)
    return questions


#: Read on every quiz page of the player: built once (``core.prepared``).
_QUIZ_ATTEMPTS = Prepared(
    lambda *, enrolment_id, activity_id: QuizAttempt.objects.filter(
        enrolment_id=enrolment_id, activity_id=activity_id
    )
)


def quiz_attempts(*, enrolment: Enrolment, activity: Activity) -> list[QuizAttempt]:
    return _QUIZ_ATTEMPTS(enrolment_id=enrolment.pk, activity_id=activity.pk)


@dataclass(frozen=True)
class QuestionReview:
    question: Question
    ok: bool
    given: list[str]  # what the learner answered (choice texts, or their text)
    correct: list[str]  # the right answers (choice texts, or the accepted answers)


def review_allowed(*, activity: Activity, attempt: QuizAttempt | None, attempts_left) -> bool:
    """Whether the learner may see the correction of ``attempt`` now, as the designer chose
    (``Activity.quiz_review``): after each attempt, once passed or out of attempts, never."""
    if attempt is None or activity.quiz_review == QuizReview.NEVER:
        return False
    if activity.quiz_review == QuizReview.AFTER_LAST_ATTEMPT:
        return attempt.passed or attempts_left == 0
    return True


def quiz_review(*, questions: list[Question], attempt: QuizAttempt) -> list[QuestionReview]:
    """Each question of the quiz with the learner's answers in ``attempt``, the correct
    ones and whether they were right, read from the stored attempt (``choices`` must be
    prefetched: no query)."""
    given_all = attempt.answers.get("given", {})
    correct_all = attempt.answers.get("correct", {})
    reviews = []
    for question in questions:
        given = given_all.get(str(question.pk))
        choices = list(question.choices.all())
        if question.kind == QuestionKind.SHORT:
            given_texts = [given] if isinstance(given, str) and given.strip() else []
            correct_texts = [a.strip() for a in question.accepted_answers.splitlines() if a.strip()]
        else:
            chosen = {str(x) for x in (given if isinstance(given, list) else [given]) if x}
            given_texts = [c.text for c in choices if str(c.pk) in chosen]
            correct_texts = [c.text for c in choices if c.correct]
        reviews.append(
            QuestionReview(
                question=question,
                ok=bool(correct_all.get(str(question.pk))),
                given=given_texts,
                correct=correct_texts,
            )
        )
    return reviews


# --- Course files ------------------------------------------------------------------------------


def activity_readable(*, user: AnyUser, activity_id: int) -> Activity | None:
    """A file or video activity whose files ``user`` may fetch (see
    ``learning.read_course``), or None so that the view answers 404 and reveals nothing."""
    activity = (
        Activity.objects.select_related(
            "section__training__owner_entity", "section__training__producer"
        )
        .filter(pk=activity_id, kind__in=[ActivityKind.FILE, ActivityKind.VIDEO])
        .first()
    )
    if activity is None or not can(user, "learning.read_course", activity.section.training):
        return None
    return activity


def image_readable(*, user: AnyUser, image_id: int) -> ActivityImage | None:
    image = (
        ActivityImage.objects.select_related(
            "activity__section__training__owner_entity",
            "activity__section__training__producer",
        )
        .filter(pk=image_id)
        .first()
    )
    if image is None or not can(user, "learning.read_course", image.activity.section.training):
        return None
    return image


# --- Forums ------------------------------------------------------------------------------------


def forum_threads(*, activity: Activity, session: Session) -> QuerySet[Thread]:
    """The session's discussions in a forum activity, most recently active first."""
    return Thread.objects.filter(activity=activity, session=session).select_related("author")


def forum_thread(*, thread_id: int, activity: Activity, session: Session) -> Thread | None:
    return forum_threads(activity=activity, session=session).filter(pk=thread_id).first()


def thread_posts(*, thread: Thread) -> QuerySet[Post]:
    return Post.objects.filter(thread=thread).select_related("author")


def session_tutor_ids(*, session: Session) -> set[int]:
    """To label the tutors' messages in a forum."""
    return set(session.tutors.values_list("pk", flat=True))


def forum_activities(*, session: Session) -> list[Activity]:
    return list(
        Activity.objects.filter(
            section__training_id=session.training_id, kind=ActivityKind.FORUM
        ).order_by("section__position", "section__pk", "position", "pk")
    )


# --- Tutoring ------------------------------------------------------------------------------


def sessions_tutored_by(user: User) -> QuerySet[Session]:
    return Session.objects.filter(tutors=user).select_related("training").order_by("-starts_on")


@dataclass
class LearnerRow:
    enrolment: Enrolment
    cells: list[str]
    percent: int
    completed_at: object
    last_seen: object
    attendance: dict[int, bool | None] = field(default_factory=dict)


@dataclass
class SessionProgress:
    session: Session
    activities: list[Activity]
    page: Page
    rows: list[LearnerRow]
    total: int
    completed: int


def session_completed_count(*, session: Session) -> int:
    """Learners of the session who completed the training. Counting them scans the
    session's completions (tens of milliseconds for 20,000 learners): cached for a minute,
    forgotten as soon as someone completes (``caches.forget_completed_count``)."""
    key = caches.completed_count_key(session.pk)
    count = cache.get(key)
    if count is None:
        count = Completion.objects.filter(enrolment__session=session).count()
        cache.set(key, count, 60)
    return count


MAX_SEARCH_RESULTS = 1000
LEARNER_ORDER_SECONDS = 60


def learner_order(*, session: Session) -> list[int]:
    """The session's active enrolments in name order (ids only). Sorting 20,000 learners
    by name costs tens of milliseconds; the order is cached for a minute and forgotten
    when someone enrols or leaves (``caches.forget_learner_order``), so paging through costs one cache read."""
    key = caches.learner_order_key(session.pk)
    order = cache.get(key)
    if order is None:
        order = list(
            Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
            .order_by("user__last_name", "user__first_name", "pk")
            .values_list("pk", flat=True)
        )
        cache.set(key, order, LEARNER_ORDER_SECONDS)
    return order


def session_progress(
    *, session: Session, page: int = 1, query: str = "", per_page: int = 50
) -> SessionProgress:
    """One page of the session's learners with their status per activity.

    A constant number of queries whatever the number of learners: the page of enrolments,
    then the progress, completions and attendance of that page only.
    """
    activities = [a for s in course_outline(training=session.training) for a in s.activities.all()]
    if query:
        matching = (
            Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
            .filter(
                Q(user__last_name__icontains=query)
                | Q(user__first_name__icontains=query)
                | Q(user__email__icontains=query)
            )
            .order_by("user__last_name", "user__first_name", "pk")
            .values_list("pk", flat=True)
        )
        order = list(matching[:MAX_SEARCH_RESULTS])
    else:
        order = learner_order(session=session)
    paginator = Paginator(order, per_page)
    page_obj = paginator.get_page(page)
    by_id = Enrolment.objects.select_related("user", "completion").in_bulk(page_obj.object_list)
    enrolments = [by_id[pk] for pk in page_obj.object_list if pk in by_id]
    page_obj.object_list = enrolments  # type: ignore[assignment]  # ids -> the rows shown
    ids = [e.pk for e in enrolments]
    progress: dict[tuple[int, int], ActivityProgress] = {
        (p.enrolment_id, p.activity_id): p
        for p in ActivityProgress.objects.filter(enrolment_id__in=ids).only(
            "enrolment_id", "activity_id", "status", "last_seen_at"
        )
    }
    attendance = {
        (a.enrolment_id, a.activity_id): a.present
        for a in Attendance.objects.filter(enrolment_id__in=ids).only(
            "enrolment_id", "activity_id", "present"
        )
    }
    required = [a for a in activities if a.required]
    rows = []
    for enrolment in enrolments:
        cells = [
            progress[(enrolment.pk, a.pk)].status
            if (enrolment.pk, a.pk) in progress
            else ProgressStatus.NOT_STARTED
            for a in activities
        ]
        seen = [p.last_seen_at for (e, _a), p in progress.items() if e == enrolment.pk]
        done = sum(
            1
            for a in required
            if (enrolment.pk, a.pk) in progress
            and progress[(enrolment.pk, a.pk)].status == ProgressStatus.COMPLETED
        )
        completion = getattr(enrolment, "completion", None)
        rows.append(
            LearnerRow(
                enrolment=enrolment,
                cells=cells,
                percent=round(100 * done / len(required)) if required else 0,
                completed_at=completion.completed_at if completion else None,
                last_seen=max(seen) if seen else None,
                attendance={a.pk: attendance.get((enrolment.pk, a.pk)) for a in activities},
            )
        )
    return SessionProgress(
        session=session,
        activities=activities,
        page=page_obj,
        rows=rows,
        total=paginator.count,
        completed=session_completed_count(session=session),
    )


# --- Home page -----------------------------------------------------------------------------


def last_activity(*, user: User) -> ActivityProgress | None:
    """Where the person last worked in a training they have not finished (an active
    enrolment without completion), with its enrolment, training and activity: the home
    page's "Reprendre". One query, of the columns the card shows (every signed-in home
    page asks: fewer columns to compile, send and load)."""
    if not user.is_authenticated:
        return None
    return _LAST_ACTIVITY.first(user_id=user.pk)


#: Read on every signed-in home page: SQL built once (``core.prepared``).
_LAST_ACTIVITY = Prepared(
    lambda *, user_id: (
        ActivityProgress.objects.filter(
            enrolment__user_id=user_id,
            enrolment__status=Enrolment.Status.ACTIVE,
            enrolment__completion__isnull=True,
        )
        .select_related("enrolment__session__training", "activity")
        .only(
            "enrolment_id",
            "activity_id",
            "last_seen_at",
            "enrolment__session_id",
            "enrolment__session__training_id",
            "enrolment__session__training__title",
            "activity__title",
        )
        .order_by("-last_seen_at", "-pk")[:1]
    )
)


# --- "Mes formations" ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressSummary:
    required_count: int
    completed_required: int
    last_seen_at: datetime | None
    time_spent: int  # seconds

    @property
    def percent(self) -> int:
        return progress_percent(
            completed_required=self.completed_required, required_count=self.required_count
        )

    @property
    def minutes_spent(self) -> int:
        return round(self.time_spent / 60)


def progress_summaries(*, enrolments: list[Enrolment]) -> dict[int, ProgressSummary]:
    """Progress of each enrolment (``session`` selected) as the player computes it: the
    same formula over the same rows, with its last activity and time spent. Two grouped
    queries, whatever the number of enrolments."""
    if not enrolments:
        return {}
    training_ids = {e.session.training_id for e in enrolments}
    required = dict(
        Activity.objects.filter(section__training_id__in=training_ids, required=True)
        .values_list("section__training_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = {
        row["enrolment_id"]: row
        for row in ActivityProgress.objects.filter(enrolment__in=[e.pk for e in enrolments])
        .values("enrolment_id")
        .annotate(
            done=Count(
                "pk",
                filter=Q(status=ProgressStatus.COMPLETED, activity__required=True),
            ),
            last=Max("last_seen_at"),
            spent=Sum("time_spent"),
        )
        .order_by()
    }
    summaries = {}
    for enrolment in enrolments:
        row: Any = rows.get(enrolment.pk, {})
        summaries[enrolment.pk] = ProgressSummary(
            required_count=required.get(enrolment.session.training_id, 0),
            completed_required=row.get("done", 0),
            last_seen_at=row.get("last"),
            time_spent=row.get("spent") or 0,
        )
    return summaries


def completion_withdrawn_at(*, enrolment_id: int) -> datetime | None:
    """When this enrolment's completion was last withdrawn (``services.completion_recheck``:
    a credit it relied on was withdrawn), from the audit trail; None if never. One query."""
    return audit_last_recorded_at(
        action="learning.completion_withdrawn",
        target_type="enrolments.enrolment",
        target_id=enrolment_id,
    )
