"""Reads on the satisfaction questionnaire: the agent's own enrolment, the anonymous report
of a training, the answers the statistics count, and the personal-data section."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_section
from mentor.catalog.models import Training
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.surveys.models import QuestionKind, Satisfaction, SurveyQuestion, SurveyResponse

REPORT_TEXTS_MAX = 200  # free texts listed on the report (most recent first)
#: Below this many respondents, results are not shown anywhere (the survey report, the
#: reporting dashboards): with a handful of answers, people could be recognised.
MIN_RESPONDENTS = 5


def enrolment_of_owner(*, user: User, enrolment_id: int) -> Enrolment:
    """The user's own enrolment, or 404 (a forged id of someone else's answers the same as
    one that does not exist)."""
    return get_object_or_404(
        Enrolment.objects.select_related("session__training"), pk=enrolment_id, user=user
    )


def survey_is_open(*, enrolment: Enrolment) -> bool:
    return Completion.objects.filter(enrolment=enrolment).exists()


def survey_answered(*, enrolment: Enrolment) -> bool:
    return SurveyResponse.objects.filter(
        user_id=enrolment.user_id, training_id=enrolment.session.training_id
    ).exists()


def extra_questions(*, training: Training) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(training=training).order_by("position", "pk"))


# --- Report ------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass
class Bar:
    value: int
    label: str
    count: int
    percent: int | None


@dataclass
class QuestionResult:
    question: SurveyQuestion
    count: int = 0
    average: float | None = None
    distribution: list[Bar] = field(default_factory=list)
    yes_percent: int | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyReport:
    training: Training
    count: int
    average: float | None
    adapted_percent: int | None
    reuse_percent: int | None
    distribution: list[Bar]
    comments_count: int
    comments: list[str]
    questions: list[QuestionResult]

    @property
    def hidden(self) -> bool:
        """Some answers, but fewer than ``MIN_RESPONDENTS``: nothing is shown."""
        return 0 < self.count < MIN_RESPONDENTS


def _question_results(responses, questions: list[SurveyQuestion]) -> list[QuestionResult]:
    """Aggregate the extra answers in one pass over one query (JSON keys are question ids,
    which the ORM would read as array indexes: portable key lookups are not an option)."""
    results = {str(q.pk): QuestionResult(question=q) for q in questions}
    scales: dict[str, list[int]] = {key: [0] * 5 for key in results}
    yes: dict[str, int] = dict.fromkeys(results, 0)
    for extra in responses.values_list("extra", flat=True).iterator(chunk_size=2000):
        if not isinstance(extra, dict):
            continue
        for key, value in extra.items():
            result = results.get(key)
            if result is None:
                continue  # a question deleted since
            kind = result.question.kind
            if kind == QuestionKind.SCALE and isinstance(value, int) and 1 <= value <= 5:
                scales[key][value - 1] += 1
            elif kind == QuestionKind.YES_NO and isinstance(value, bool):
                yes[key] += value
            elif kind == QuestionKind.TEXT and isinstance(value, str) and value:
                if len(result.texts) < REPORT_TEXTS_MAX:
                    result.texts.append(value)
            else:
                continue
            result.count += 1
    for key, result in results.items():
        if result.question.kind == QuestionKind.SCALE:
            counts = scales[key]
            total = sum(counts)
            result.average = (
                round(sum((i + 1) * n for i, n in enumerate(counts)) / total, 1) if total else None
            )
            result.distribution = [
                Bar(i + 1, str(i + 1), n, _percent(n, total)) for i, n in enumerate(counts)
            ]
        elif result.question.kind == QuestionKind.YES_NO:
            result.yes_percent = _percent(yes[key], result.count)
    return list(results.values())


def survey_report(*, training: Training) -> SurveyReport:
    """The training's results, anonymous: counts, averages and shares, and the free texts
    without any name, date or session; nothing but the number of answers below
    ``MIN_RESPONDENTS``. A fixed number of queries whatever the number of answers (asserted
    by the tests)."""
    responses = SurveyResponse.objects.filter(training=training)
    levels = list(Satisfaction)
    totals = responses.aggregate(
        count=Count("pk"),
        average=Avg("satisfaction"),
        adapted=Count("pk", filter=Q(adapted=True)),
        reuse=Count("pk", filter=Q(reuse=True)),
        comments=Count("pk", filter=~Q(comment="")),
        **{f"s{level.value}": Count("pk", filter=Q(satisfaction=level.value)) for level in levels},
    )
    count = totals["count"]
    comments = list(
        responses.exclude(comment="")
        .order_by("-created_at", "-pk")
        .values_list("comment", flat=True)[:REPORT_TEXTS_MAX]
    )
    questions = list(training.survey_questions.all())
    question_results = _question_results(responses, questions) if questions else []
    if 0 < count < MIN_RESPONDENTS:
        # Too few answers to stay anonymous: only their number leaves this function.
        return SurveyReport(
            training=training,
            count=count,
            average=None,
            adapted_percent=None,
            reuse_percent=None,
            distribution=[],
            comments_count=0,
            comments=[],
            questions=[],
        )
    return SurveyReport(
        training=training,
        count=count,
        average=round(totals["average"], 1) if totals["average"] is not None else None,
        adapted_percent=_percent(totals["adapted"], count),
        reuse_percent=_percent(totals["reuse"], count),
        distribution=[
            Bar(
                level.value,
                str(level.label),
                totals[f"s{level.value}"],
                _percent(totals[f"s{level.value}"], count),
            )
            for level in levels
        ],
        comments_count=totals["comments"],
        comments=comments,
        questions=question_results,
    )


# --- Statistics ------------------------------------------------------------------------
# What the reporting app's indicators and daily rollups read of the answers: they compose
# their scope, period and grouping on this query set and count in the database (one grouped
# query, no answer read one by one), never listing answers.


def survey_responses() -> QuerySet[SurveyResponse]:
    """Every answer, for statistics to filter and group (on ``created_at``, ``training`` and
    ``user``, the respondent: their entity is ``user__entity``) and count with
    ``response_counts()``."""
    return SurveyResponse.objects.all()


def response_counts() -> dict[str, Count]:
    """The counts kept of a set of answers, to pass to ``aggregate()`` or ``annotate()``:
    the respondents, the satisfied ("satisfait" or "très satisfait"), those who found the
    training adapted to their needs, those who will reuse it in their work. Shares are
    shown only from ``MIN_RESPONDENTS`` respondents."""
    return {
        "respondents": Count("pk"),
        "satisfied": Count("pk", filter=Q(satisfaction__gte=Satisfaction.SATISFIED)),
        "adapted": Count("pk", filter=Q(adapted=True)),
        "reuse": Count("pk", filter=Q(reuse=True)),
    }


# --- Personal data -----------------------------------------------------------------------


@register_section("questionnaires")
def _survey_section(user: User) -> list[dict[str, Any]]:
    """The person's own answers (theirs to read back, even though reports are anonymous)."""
    rows = (
        SurveyResponse.objects.filter(user=user)
        .select_related("training", "session")
        .prefetch_related("training__survey_questions")
        .order_by("created_at", "pk")
    )
    section = []
    for response in rows:
        texts = {str(q.pk): q.text for q in response.training.survey_questions.all()}
        section.append(
            {
                "formation": response.training.title,
                "session": response.session.title if response.session else None,
                "satisfaction": response.satisfaction,
                "formation_adaptee": response.adapted,
                "reinvestissement": response.reuse,
                "commentaire": response.comment,
                "questions_complementaires": {
                    texts.get(key, key): value for key, value in response.extra.items()
                },
                "repondu_le": response.created_at.isoformat(),
            }
        )
    return section
