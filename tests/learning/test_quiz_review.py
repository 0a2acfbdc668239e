"""The quiz review: the learner's answers, the correct ones and the feedback, when the
designer chose (after each attempt, once passed or out of attempts, never)."""

import pytest
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.learning.models import Question
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import EnrolmentFactory, SectionFactory, quiz


@pytest.fixture
def setup(justice):
    training = TrainingFactory(title="Valeurs de la République")
    quiz_activity, questions = quiz(SectionFactory(training=training), max_attempts=2)
    Question.objects.filter(pk=questions["single"].pk).update(feedback="Paris est la capitale.")
    learner = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(session=SessionFactory(training=training), user=learner)
    return {
        "quiz": quiz_activity,
        "questions": questions,
        "enrolment": enrolment,
        "learner": learner,
    }


def _submit(client, setup, answers):
    url = reverse("learning:quiz_submit", args=[setup["enrolment"].pk, setup["quiz"].pk])
    return client.post(url, answers, follow=True).content.decode()


def _wrong_single(setup):
    single = setup["questions"]["single"]
    return {f"q{single.pk}": single.choices.get(correct=False).pk}


def _review(body: str) -> str:
    start = body.find('data-testid="quiz-review"')
    return body[start:].split("</section>")[0] if start >= 0 else ""


@pytest.mark.django_db
class TestQuizReview:
    def test_immediately_shows_answers_correct_ones_and_feedback(self, client, setup):
        client.force_login(setup["learner"])
        review = _review(_submit(client, setup, _wrong_single(setup)))
        assert "Votre réponse : Lyon" in review
        assert "Bonne réponse : Paris" in review
        assert "Paris est la capitale." in review
        assert "aucune réponse" in review  # the questions left blank say so
        assert "Bonne réponse : Liberté, Égalité" in review

    def test_after_the_last_attempt_waits_until_none_is_left(self, client, setup):
        setup["quiz"].quiz_review = "after_last"
        setup["quiz"].save()
        client.force_login(setup["learner"])
        body = _submit(client, setup, _wrong_single(setup))
        assert _review(body) == "" and "Paris est la capitale." not in body
        assert 'data-testid="quiz-review-later"' in body
        body = _submit(client, setup, _wrong_single(setup))  # the second and last attempt
        assert "Bonne réponse : Paris" in _review(body)

    def test_never_shows_the_score_only(self, client, setup):
        setup["quiz"].quiz_review = "never"
        setup["quiz"].save()
        client.force_login(setup["learner"])
        _submit(client, setup, _wrong_single(setup))
        body = _submit(client, setup, _wrong_single(setup))
        assert _review(body) == ""
        assert "Paris est la capitale." not in body and "Bonne réponse" not in body
        assert 'data-testid="quiz-result"' in body

    def test_a_designer_chooses_it_in_the_quiz_editor(self, client, setup, justice):
        training = setup["quiz"].section.training
        training.owner_entity = justice
        training.producer = justice
        training.save()
        designer = UserFactory(entity=justice)
        role_grant(
            actor=UserFactory(is_superuser=True), user=designer, role=Role.DESIGNER, entity=justice
        )
        client.force_login(designer)
        url = reverse(
            "learning:activity_edit",
            args=[training.slug, setup["quiz"].section_id, setup["quiz"].pk],
        )
        content = client.get(url).content.decode()
        assert 'name="quiz_review"' in content and "Jamais (le score seulement)" in content
