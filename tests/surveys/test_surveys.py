"""The satisfaction questionnaire: one answer per agent and training, only after completion,
bad input refused in French with nothing stored, and an anonymous report with a fixed query
budget."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.accounts.personal_data import personal_data_export
from mentor.accounts.services import role_grant
from mentor.surveys.models import QuestionKind, SurveyResponse
from mentor.surveys.selectors import response_counts, survey_responses
from mentor.surveys.services import (
    EXTRA_QUESTIONS_MAX,
    SurveyError,
    survey_answer,
    survey_question_add,
)
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.surveys.factories import SurveyQuestionFactory

GOOD = {"satisfaction": 4, "adapted": True, "reuse": False, "comment": "Très clair."}
GOOD_POST = {"satisfaction": "4", "adapted": "oui", "reuse": "non", "comment": "Très clair."}


@pytest.fixture
def agent(justice):
    return UserFactory(email="claire.martin@justice.gouv.fr", entity=justice, last_name="Martin")


@pytest.fixture
def training(justice):
    return TrainingFactory(producer=justice, slug="transition-ecologique")


@pytest.fixture
def enrolment(agent, training):
    return EnrolmentFactory(user=agent, session=SessionFactory(training=training))


@pytest.fixture
def completed(enrolment):
    complete(enrolment)
    return enrolment


def answer_url(enrolment) -> str:
    return reverse("surveys:answer", args=[enrolment.pk])


@pytest.mark.django_db
class TestSurveyAnswer:
    def test_an_agent_answers_once(self, completed, agent, training):
        response = survey_answer(enrolment=completed, data=GOOD)
        assert (response.user, response.training, response.session) == (
            agent,
            training,
            completed.session,
        )
        assert (response.satisfaction, response.adapted, response.reuse) == (4, True, False)
        with pytest.raises(SurveyError, match="Vous avez déjà répondu"):
            survey_answer(enrolment=completed, data=GOOD)
        assert SurveyResponse.objects.count() == 1

    def test_one_answer_per_training_whatever_the_session(self, completed, agent, training):
        survey_answer(enrolment=completed, data=GOOD)
        other = EnrolmentFactory(user=agent, session=SessionFactory(training=training))
        complete(other)
        with pytest.raises(SurveyError, match="Vous avez déjà répondu"):
            survey_answer(enrolment=other, data=GOOD)
        assert SurveyResponse.objects.count() == 1

    def test_refused_before_completion(self, enrolment):
        with pytest.raises(SurveyError, match="terminé la formation"):
            survey_answer(enrolment=enrolment, data=GOOD)
        assert not SurveyResponse.objects.exists()

    @pytest.mark.parametrize("value", [0, 6, -1, "6", "4.5", None, True, 3.0, "", [4]])
    def test_an_out_of_range_satisfaction_is_refused(self, completed, value):
        with pytest.raises(SurveyError, match="note de 1 à 5"):
            survey_answer(enrolment=completed, data={**GOOD, "satisfaction": value})
        assert not SurveyResponse.objects.exists()

    @pytest.mark.parametrize("field", ["adapted", "reuse"])
    @pytest.mark.parametrize("value", [None, "oui", 1])
    def test_yes_no_answers_must_be_booleans(self, completed, field, value):
        with pytest.raises(SurveyError, match="Indiquez si"):
            survey_answer(enrolment=completed, data={**GOOD, field: value})
        assert not SurveyResponse.objects.exists()

    def test_extra_questions_are_checked_and_stored_by_id(self, completed, training):
        scale = SurveyQuestionFactory(training=training, kind=QuestionKind.SCALE, required=True)
        yes_no = SurveyQuestionFactory(training=training, kind=QuestionKind.YES_NO)
        text = SurveyQuestionFactory(training=training, kind=QuestionKind.TEXT)
        with pytest.raises(SurveyError, match="Répondez à la question"):
            survey_answer(enrolment=completed, data=GOOD)
        with pytest.raises(SurveyError, match="n’est pas valable"):
            survey_answer(enrolment=completed, data={**GOOD, "extra": {scale.pk: 9}})
        assert not SurveyResponse.objects.exists()
        response = survey_answer(
            enrolment=completed,
            data={
                **GOOD,
                "extra": {scale.pk: 5, str(yes_no.pk): False, text.pk: " Bien ", 999: "x"},
            },
        )
        assert response.extra == {str(scale.pk): 5, str(yes_no.pk): False, str(text.pk): "Bien"}


@pytest.mark.django_db
class TestSurveyViews:
    def test_the_form_offers_dsfr_radios(self, client, agent, completed, training):
        SurveyQuestionFactory(
            training=training, kind=QuestionKind.YES_NO, text="Le rythme convenait-il ?"
        )
        client.force_login(agent)
        response = client.get(answer_url(completed))
        body = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        question = training.survey_questions.get()
        for name, n in [
            ("satisfaction", 5),
            ("adapted", 2),
            ("reuse", 2),
            (f"question_{question.pk}", 2),
        ]:
            assert body.count(f'type="radio" name="{name}"') == n
        assert (
            "fr-fieldset" in body and "Pas du tout satisfait" in body and "Très satisfait" in body
        )
        assert "La formation était-elle adaptée à vos besoins ?" in body
        assert "Le rythme convenait-il ?" in body

    def test_answering_redirects_to_my_trainings_with_a_message(self, client, agent, completed):
        client.force_login(agent)
        response = client.post(answer_url(completed), GOOD_POST, follow=True)
        assert response.redirect_chain[-1][0] == reverse("enrolments:mine")
        assert "Votre réponse a bien été enregistrée" in response.content.decode()
        stored = SurveyResponse.objects.get()
        assert (stored.satisfaction, stored.adapted, stored.reuse) == (4, True, False)

    def test_a_second_post_is_refused(self, client, agent, completed):
        client.force_login(agent)
        client.post(answer_url(completed), GOOD_POST)
        response = client.post(answer_url(completed), GOOD_POST)
        assert response.status_code == HTTPStatus.OK
        assert "Vous avez déjà répondu" in response.content.decode()
        assert SurveyResponse.objects.count() == 1
        again = client.get(answer_url(completed), follow=True)
        assert "Vous avez déjà répondu" in again.content.decode()

    @pytest.mark.parametrize("value", ["6", "0", "abc", ""])
    def test_a_bad_satisfaction_gets_a_french_message(self, client, agent, completed, value):
        client.force_login(agent)
        response = client.post(answer_url(completed), {**GOOD_POST, "satisfaction": value})
        assert response.status_code == HTTPStatus.OK
        assert "Choisissez une note de 1 à 5." in response.content.decode()
        assert not SurveyResponse.objects.exists()

    def test_not_open_before_completion(self, client, agent, enrolment):
        client.force_login(agent)
        response = client.get(answer_url(enrolment), follow=True)
        assert "terminé la formation" in response.content.decode()
        response = client.post(answer_url(enrolment), GOOD_POST)
        assert "terminé la formation" in response.content.decode()
        assert not SurveyResponse.objects.exists()

    def test_someone_elses_enrolment_is_404(self, client, completed, justice):
        client.force_login(UserFactory(entity=justice))
        assert client.get(answer_url(completed)).status_code == HTTPStatus.NOT_FOUND
        assert client.post(answer_url(completed), GOOD_POST).status_code == HTTPStatus.NOT_FOUND
        assert (
            client.get(reverse("surveys:answer", args=[10**9])).status_code == HTTPStatus.NOT_FOUND
        )
        assert not SurveyResponse.objects.exists()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, completed):
        assert client.get(answer_url(completed)).status_code == HTTPStatus.FOUND


def _answers(training, n: int, *, justice, questions) -> None:
    for i in range(n):
        enrolment = EnrolmentFactory(
            user=UserFactory(entity=justice, first_name="Bernard", last_name=f"Durand{i}"),
            session=SessionFactory(training=training),
        )
        complete(enrolment)
        scale, yes_no, text = questions
        survey_answer(
            enrolment=enrolment,
            data={
                "satisfaction": 1 + i % 5,
                "adapted": i % 2 == 0,
                "reuse": True,
                "comment": f"Commentaire numéro {i}",
                "extra": {scale.pk: 1 + i % 5, yes_no.pk: i % 2 == 0, text.pk: f"Texte libre {i}"},
            },
        )


@pytest.mark.django_db
class TestReport:
    @pytest.fixture
    def questions(self, training):
        return (
            SurveyQuestionFactory(training=training, kind=QuestionKind.SCALE, text="Rythme ?"),
            SurveyQuestionFactory(training=training, kind=QuestionKind.YES_NO, text="Utile ?"),
            SurveyQuestionFactory(training=training, kind=QuestionKind.TEXT, text="Suggestions ?"),
        )

    @pytest.fixture
    def designer(self, justice, platform_admin):
        return role_holder(Role.DESIGNER, justice, actor=platform_admin)

    def url(self, training) -> str:
        return reverse("surveys:report", args=[training.slug])

    def test_figures_are_anonymous_aggregates(self, client, designer, training, justice, questions):
        _answers(training, 5, justice=justice, questions=questions)
        client.force_login(designer)
        response = client.get(self.url(training))
        body = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        report = response.context["report"]
        assert report.count == 5 and report.average == 3.0
        assert (report.adapted_percent, report.reuse_percent) == (60, 100)
        assert [bar.count for bar in report.distribution] == [1, 1, 1, 1, 1]
        scale, yes_no, text = report.questions
        assert (scale.count, scale.average, yes_no.yes_percent) == (5, 3.0, 60)
        assert sorted(text.texts) == [f"Texte libre {i}" for i in range(5)]
        assert "Commentaire numéro 4" in body and "Texte libre 0" in body
        assert "Durand" not in body and "Bernard" not in body and "@example.org" not in body

    def test_below_five_answers_nothing_but_their_number_is_shown(
        self, client, designer, training, justice, questions
    ):
        _answers(training, 4, justice=justice, questions=questions)
        client.force_login(designer)
        response = client.get(self.url(training))
        body = response.content.decode()
        report = response.context["report"]
        assert report.hidden and report.count == 4
        assert (report.average, report.adapted_percent, report.reuse_percent) == (None, None, None)
        assert report.distribution == report.questions == report.comments == []
        assert "moins de 5 réponses" in body
        assert "Commentaire numéro" not in body and "Texte libre" not in body

    def test_an_empty_report(self, client, designer, training):
        client.force_login(designer)
        response = client.get(self.url(training))
        assert "Aucune réponse pour le moment." in response.content.decode()

    def test_query_count_does_not_grow_with_answers(
        self, client, designer, training, justice, questions
    ):
        _answers(training, 1, justice=justice, questions=questions)
        client.force_login(designer)
        client.get(self.url(training))  # the first page of a visit writes the visit's row
        with CaptureQueriesContext(connection) as few:
            assert client.get(self.url(training)).status_code == HTTPStatus.OK
        _answers(training, 12, justice=justice, questions=questions)
        with CaptureQueriesContext(connection) as many:
            assert client.get(self.url(training)).status_code == HTTPStatus.OK
        assert len(many) == len(few)

    @pytest.mark.parametrize("who", ["platform_admin", "justice_admin"])
    def test_admins_of_the_scope_read_it(self, client, request, who, training):
        client.force_login(request.getfixturevalue(who))
        assert client.get(self.url(training)).status_code == HTTPStatus.OK

    def test_others_may_not(self, client, agent, training, agriculture, platform_admin):
        other = role_holder(Role.DESIGNER, agriculture, actor=platform_admin)
        for user in (agent, other):
            client.force_login(user)
            assert client.get(self.url(training)).status_code == HTTPStatus.FORBIDDEN
        client.logout()
        assert client.get(self.url(training)).status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_the_personal_data_export_lists_the_agents_own_answers(agent, completed, training):
    question = SurveyQuestionFactory(training=training, kind=QuestionKind.YES_NO, text="Utile ?")
    survey_answer(enrolment=completed, data={**GOOD, "extra": {question.pk: True}})
    [row] = personal_data_export(user=agent)["questionnaires"]
    assert row["formation"] == training.title and row["satisfaction"] == 4
    assert row["commentaire"] == "Très clair." and row["questions_complementaires"] == {
        "Utile ?": True
    }


@pytest.mark.django_db
class TestExtraQuestionsAuthoring:
    """Designers add the training's extra questions in the UI; agents then answer them."""

    @pytest.fixture
    def designer(self, justice, platform_admin):
        return role_holder(Role.DESIGNER, justice, actor=platform_admin)

    def url(self, training) -> str:
        return reverse("surveys:questions", args=[training.slug])

    def test_a_designer_adds_questions_that_agents_then_answer(
        self, client, designer, training, completed, agent
    ):
        client.force_login(designer)
        content = client.get(reverse("learning:authoring", args=[training.slug]))
        assert self.url(training) in content.content.decode()
        response = client.post(
            self.url(training),
            {"text": "  Recommanderiez-vous   cette formation ? ", "kind": "yes_no"},
        )
        assert response.status_code == HTTPStatus.FOUND
        client.post(self.url(training), {"text": "Qu’ajouter ?", "kind": "text", "required": "on"})
        questions = list(training.survey_questions.order_by("position"))
        assert [(q.text, q.kind, q.required) for q in questions] == [
            ("Recommanderiez-vous cette formation ?", "yes_no", False),
            ("Qu’ajouter ?", "text", True),
        ]
        page = client.get(self.url(training)).content.decode()
        assert "Recommanderiez-vous cette formation ?" in page

        client.force_login(agent)
        form = client.get(answer_url(completed)).content.decode()
        assert "Recommanderiez-vous cette formation ?" in form and "Qu’ajouter ?" in form
        response = client.post(answer_url(completed), GOOD_POST)
        assert "Qu’ajouter ?" in response.content.decode()  # required: asked again
        assert not SurveyResponse.objects.exists()
        client.post(
            answer_url(completed),
            {
                **GOOD_POST,
                f"question_{questions[0].pk}": "oui",
                f"question_{questions[1].pk}": "Des exemples.",
            },
        )
        assert SurveyResponse.objects.get().extra == {
            str(questions[0].pk): True,
            str(questions[1].pk): "Des exemples.",
        }

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            pytest.param({"text": "   ", "kind": "scale"}, "Rédigez la question", id="blank"),
            pytest.param(
                {"text": "Note ?", "kind": "stars"}, "Choisissez le type", id="unknown-kind"
            ),
            pytest.param({"text": "x" * 501, "kind": "scale"}, "500 caractères", id="too-long"),
        ],
    )
    def test_bad_input_adds_nothing(self, client, designer, training, data, message):
        client.force_login(designer)
        response = client.post(self.url(training), data)
        assert response.status_code == HTTPStatus.OK
        assert message in response.content.decode()
        assert not training.survey_questions.exists()

    def test_the_questionnaire_stays_short(self, client, designer, training):
        for n in range(EXTRA_QUESTIONS_MAX):
            survey_question_add(actor=designer, training=training, text=f"Q{n}", kind="scale")
        client.force_login(designer)
        response = client.post(self.url(training), {"text": "Encore ?", "kind": "scale"})
        assert "le maximum" in response.content.decode()
        assert training.survey_questions.count() == EXTRA_QUESTIONS_MAX

    def test_removing_a_question_keeps_the_answers_and_the_report(
        self, client, designer, training, completed
    ):
        question = SurveyQuestionFactory(training=training, kind=QuestionKind.SCALE)
        survey_answer(enrolment=completed, data={**GOOD, "extra": {str(question.pk): 5}})
        client.force_login(designer)
        client.post(reverse("surveys:question_delete", args=[training.slug, question.pk]))
        assert not training.survey_questions.exists()
        assert SurveyResponse.objects.count() == 1
        report = client.get(reverse("surveys:report", args=[training.slug]))
        assert report.status_code == HTTPStatus.OK

    def test_agents_and_other_designers_cannot_edit(self, client, training, agent, agriculture):
        question = SurveyQuestionFactory(training=training)
        outsider = UserFactory(entity=agriculture)
        role_grant(
            actor=UserFactory(is_superuser=True),
            user=outsider,
            role=Role.DESIGNER,
            entity=agriculture,
        )
        for user in (agent, outsider):
            client.force_login(user)
            assert client.get(self.url(training)).status_code == HTTPStatus.NOT_FOUND
            response = client.post(
                reverse("surveys:question_delete", args=[training.slug, question.pk])
            )
            assert response.status_code == HTTPStatus.NOT_FOUND
        assert training.survey_questions.count() == 1


@pytest.mark.django_db
def test_the_statistics_count_a_set_of_answers_in_one_query(
    training, justice, django_assert_num_queries
):
    """What reporting's indicators and rollups read: they filter and group the answers,
    the counts are made by the database."""
    for satisfaction, adapted, reuse in [(5, True, True), (4, False, True), (3, True, False)]:
        SurveyResponse.objects.create(
            user=UserFactory(entity=justice),
            training=training,
            satisfaction=satisfaction,
            adapted=adapted,
            reuse=reuse,
        )
    SurveyResponse.objects.create(  # another training's
        user=UserFactory(), training=TrainingFactory(), satisfaction=5, adapted=True, reuse=True
    )
    with django_assert_num_queries(1):
        counts = survey_responses().filter(training=training).aggregate(**response_counts())
    assert counts == {"respondents": 3, "satisfied": 2, "adapted": 2, "reuse": 2}
