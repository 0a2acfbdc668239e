"""Grading, completion rules and their guarantees, on the server."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F

from mentor.attestations.models import Attestation
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityProgress, Completion, QuizAttempt
from mentor.learning.selectors import course_outline
from mentor.learning.services import (
    LearningError,
    activity_view,
    progress_update,
    quiz_grade,
    quiz_submit,
    time_record,
)
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import (
    ActivityFactory,
    EnrolmentFactory,
    SectionFactory,
    quiz,
    right_answers,
)


@pytest.fixture
def course(justice):
    training = TrainingFactory(producer=justice)
    section = SectionFactory(training=training)
    page = ActivityFactory(section=section, title="Lire")
    optional = ActivityFactory(section=section, title="Pour aller plus loin", required=False)
    quiz_activity, questions = quiz(section, passing_score=75, max_attempts=2)
    session = SessionFactory(training=training)
    enrolment = EnrolmentFactory(session=session, user=UserFactory(entity=justice))
    return {
        "page": page,
        "optional": optional,
        "quiz": quiz_activity,
        "questions": questions,
        "enrolment": enrolment,
    }


@pytest.mark.django_db
class TestQuizGrading:
    def test_all_right_is_100(self, course):
        score, details = quiz_grade(course["quiz"], right_answers(course["questions"]))
        assert score == Decimal("100.00") and all(details.values())

    def test_multiple_choice_needs_exactly_the_right_set(self, course):
        answers = right_answers(course["questions"])
        q = course["questions"]["multiple"]
        answers[str(q.pk)] = answers[str(q.pk)][:1]  # one of the two right ones only
        assert quiz_grade(course["quiz"], answers)[0] == Decimal("75.00")
        answers[str(q.pk)] = [str(c.pk) for c in q.choices.all()]  # everything ticked
        assert quiz_grade(course["quiz"], answers)[0] == Decimal("75.00")

    @pytest.mark.parametrize(
        "forged",
        [
            {},
            {"999999": "1"},
            "ignored",
        ],
    )
    def test_empty_or_unknown_answers_score_zero(self, course, forged):
        answers = forged if isinstance(forged, dict) else {}
        assert quiz_grade(course["quiz"], answers)[0] == Decimal("0.00")

    def test_forged_values_never_raise(self, course):
        qs = course["questions"]
        forged = {
            str(qs["single"].pk): "not-a-number",
            str(qs["multiple"].pk): ["1", "x", None],
            str(qs["tf"].pk): ["list", "instead"],
            str(qs["short"].pk): 12345,
        }
        assert quiz_grade(course["quiz"], forged)[0] == Decimal("0.00")

    def test_a_choice_of_another_question_is_wrong(self, course):
        qs = course["questions"]
        other_right = qs["tf"].choices.get(correct=True).pk
        assert quiz_grade(course["quiz"], {str(qs["single"].pk): str(other_right)})[0] == 0


@pytest.mark.django_db
class TestCompletion:
    def test_the_training_completes_when_every_required_activity_is_done(self, course):
        enrolment = course["enrolment"]
        activity_view(enrolment=enrolment, activity=course["page"])
        assert not Completion.objects.exists()
        attempt = quiz_submit(
            enrolment=enrolment, activity=course["quiz"], answers=right_answers(course["questions"])
        )
        assert attempt.passed
        completion = Completion.objects.get(enrolment=enrolment)
        assert completion.completed_at is not None  # the optional activity was not needed

    def test_what_is_required_is_read_as_stored_never_from_a_cached_outline(self, course):
        enrolment = course["enrolment"]
        course_outline(training=enrolment.session.training)  # the learners' copy, cached
        # Made required as a concurrent author's commit would leave it: the cached copy lags.
        Activity.objects.filter(pk=course["optional"].pk).update(required=True)
        activity_view(enrolment=enrolment, activity=course["page"])
        quiz_submit(
            enrolment=enrolment, activity=course["quiz"], answers=right_answers(course["questions"])
        )
        assert not Completion.objects.exists()

    def test_a_failed_quiz_does_not_complete_and_a_later_failure_keeps_a_success(self, course):
        enrolment = course["enrolment"]
        failed = quiz_submit(enrolment=enrolment, activity=course["quiz"], answers={})
        progress = ActivityProgress.objects.get(enrolment=enrolment, activity=course["quiz"])
        assert not failed.passed and progress.status == "in_progress"
        quiz_submit(
            enrolment=enrolment, activity=course["quiz"], answers=right_answers(course["questions"])
        )
        progress.refresh_from_db()
        assert progress.status == "completed" and progress.score == 100

    def test_the_attempts_limit_refuses_and_stores_nothing(self, course):
        enrolment = course["enrolment"]
        for _ in range(2):
            quiz_submit(enrolment=enrolment, activity=course["quiz"], answers={})
        with pytest.raises(LearningError, match="toutes vos tentatives"):
            quiz_submit(
                enrolment=enrolment,
                activity=course["quiz"],
                answers=right_answers(course["questions"]),
            )
        assert QuizAttempt.objects.count() == 2

    def test_completion_is_written_once(self, course):
        enrolment = course["enrolment"]
        activity_view(enrolment=enrolment, activity=course["page"])
        quiz_submit(
            enrolment=enrolment, activity=course["quiz"], answers=right_answers(course["questions"])
        )
        activity_view(enrolment=enrolment, activity=course["page"])
        progress_update(enrolment=enrolment, activity=course["optional"], viewed=True)
        assert Completion.objects.count() == 1

    def test_an_unenrolled_learner_records_nothing(self, course):
        enrolment = course["enrolment"]
        Enrolment.objects.filter(pk=enrolment.pk).update(status="cancelled")
        with pytest.raises(LearningError):
            activity_view(enrolment=enrolment, activity=course["page"])
        assert not ActivityProgress.objects.exists()

    def test_an_empty_quiz_cannot_be_submitted(self, course):
        empty = ActivityFactory(
            section=course["page"].section, kind="quiz", completion_rule="passed"
        )
        with pytest.raises(LearningError, match="pas encore de question"):
            quiz_submit(enrolment=course["enrolment"], activity=empty, answers={})
        assert not QuizAttempt.objects.filter(activity=empty).exists()


def _time_passes(enrolment, activity, seconds: int) -> None:
    """Move the last credited moment back, as if ``seconds`` had passed since."""
    ActivityProgress.objects.filter(enrolment=enrolment, activity=activity).update(
        time_counted_until=F("time_counted_until") - timedelta(seconds=seconds)
    )


@pytest.mark.django_db
class TestTimeSpent:
    def _spent(self, course) -> int:
        return ActivityProgress.objects.get(activity=course["page"]).time_spent

    def test_capped_per_heartbeat(self, course):
        enrolment, page = course["enrolment"], course["page"]
        assert time_record(enrolment=enrolment, activity=page, seconds=30) == 30
        _time_passes(enrolment, page, 3600)
        assert time_record(enrolment=enrolment, activity=page, seconds=86400) == 60  # idle cap
        assert time_record(enrolment=enrolment, activity=page, seconds=-50) == 0
        assert self._spent(course) == 90

    def test_replayed_or_forged_beats_never_exceed_the_wall_clock(self, course):
        enrolment, page = course["enrolment"], course["page"]
        time_record(enrolment=enrolment, activity=page, seconds=30)
        # A script posting beats in a loop: no time has passed, nothing more is credited.
        for _ in range(20):
            time_record(enrolment=enrolment, activity=page, seconds=60)
        assert self._spent(course) == 30
        # 45 s later, a beat claiming 60 s gets the 45 s that really passed.
        _time_passes(enrolment, page, 45)
        assert time_record(enrolment=enrolment, activity=page, seconds=60) == 45
        assert self._spent(course) == 75

    def test_the_first_beat_is_bounded_by_the_visit(self, course):
        enrolment, page = course["enrolment"], course["page"]
        activity_view(enrolment=enrolment, activity=page)
        assert time_record(enrolment=enrolment, activity=page, seconds=60) == 0
        ActivityProgress.objects.filter(activity=page).update(
            first_seen_at=F("first_seen_at") - timedelta(seconds=25), time_counted_until=None
        )
        assert time_record(enrolment=enrolment, activity=page, seconds=60) == 25

    def test_two_tabs_on_the_same_activity_count_once(self, course):
        enrolment, page = course["enrolment"], course["page"]
        time_record(enrolment=enrolment, activity=page, seconds=30)
        _time_passes(enrolment, page, 30)
        first_tab = time_record(enrolment=enrolment, activity=page, seconds=30)
        second_tab = time_record(enrolment=enrolment, activity=page, seconds=30)
        assert (first_tab, second_tab) == (30, 0)
        assert self._spent(course) == 60


@pytest.mark.django_db(transaction=True)
def test_concurrent_completing_requests_write_one_completion(justice):
    training = TrainingFactory(producer=justice)
    section = SectionFactory(training=training)
    activities = [ActivityFactory(section=section) for _ in range(3)]
    enrolment = EnrolmentFactory(
        session=SessionFactory(training=training), user=UserFactory(entity=justice)
    )
    barrier = threading.Barrier(6)
    errors = []

    def hit(activity):
        try:
            barrier.wait()
            activity_view(enrolment=enrolment, activity=activity)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=hit, args=(a,)) for a in activities * 2]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
    assert Attestation.objects.filter(enrolment=enrolment).count() == 1
    assert ActivityProgress.objects.filter(enrolment=enrolment).count() == 3
