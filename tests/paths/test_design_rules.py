"""Designer screens for placement rules (score bands, one question's outcome) and for
equivalences (declared by the producer, reused by every path)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.audit.models import AuditEvent
from mentor.learning.services import quiz_submit
from mentor.paths.authoring import (
    EQUIVALENCE_RESULTS,
    equivalence_declare,
    equivalence_remove,
    equivalence_search,
    placement_rule_add,
)
from mentor.paths.models import CreditRule, Equivalence, PlacementRule
from mentor.paths.selectors import ModuleState, module_states
from mentor.paths.services import PathError
from tests.factories import SessionFactory, TrainingFactory, role_holder
from tests.learning.factories import EnrolmentFactory, SectionFactory, quiz, right_answers
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer(path_session, platform_admin):
    producer = path_session.training.producer
    return role_holder(Role.DESIGNER, producer, actor=platform_admin)


@pytest.fixture
def placement(path_session):
    return quiz(SectionFactory(training=path_session.training, title="Positionnement"))


def status_of(agent, module):
    return module_states(modules=[module], user_ids=[agent.pk])[(agent.pk, module.pk)]


class TestPlacementRules:
    def test_designer_adds_a_band_from_the_page_and_the_learner_reads_why(
        self, client, designer, agent, module, path_session, placement
    ):
        activity, questions = placement
        client.force_login(designer)
        design = reverse("paths:design", args=[path_session.training.slug])
        assert "Ajouter une règle par tranche de score" in client.get(design).text
        client.post(
            reverse("paths:placement_add", args=[path_session.training.slug]),
            {
                "by": "band",
                "module": module.pk,
                "quiz": activity.pk,
                "outcome": "recommended",
                "min_score": "0",
                "max_score": "50",
            },
        )
        assert PlacementRule.objects.get().outcome == "recommended"
        assert "pour un score de 0 à 50" in client.get(design).text

        enrolment = EnrolmentFactory(user=agent, session=path_session)
        quiz_submit(enrolment=enrolment, activity=activity, answers={})  # 0 %
        client.force_login(agent)
        page = client.get(reverse("paths:detail", args=[path_session.training.slug])).text
        assert "Recommandé suite à votre positionnement." in page

    def test_per_question_outcome(self, designer, agent, module, path_session, placement):
        activity, questions = placement
        placement_rule_add(
            actor=designer,
            module_id=module.pk,
            quiz_id=activity.pk,
            outcome="exempted",
            question_id=questions["tf"].pk,
            when_correct=True,
        )
        enrolment = EnrolmentFactory(user=agent, session=path_session)
        answers = right_answers(questions)
        tf = questions["tf"]
        right, wrong = tf.choices.get(correct=True), tf.choices.get(correct=False)
        wrong_tf = {**answers, str(tf.pk): str(wrong.pk)}
        quiz_submit(enrolment=enrolment, activity=activity, answers=wrong_tf)  # 75 %
        assert status_of(agent, module).state == ModuleState.TODO
        quiz_submit(enrolment=enrolment, activity=activity, answers={str(tf.pk): str(right.pk)})
        # 25 %, but the question that matters is right
        assert status_of(agent, module).state == ModuleState.EXEMPTED

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"min_score": "60", "max_score": "40"}, "tranche"),
            ({"min_score": "-1", "max_score": "40"}, "entre 0 et 100"),
            ({"min_score": "abc", "max_score": "40"}, "entre 0 et 100"),
            ({"min_score": "", "max_score": "40"}, "tranche"),
        ],
    )
    def test_bad_bands_refused(self, designer, module, placement, data, message):
        with pytest.raises(PathError, match=message):
            placement_rule_add(
                actor=designer,
                module_id=module.pk,
                quiz_id=placement[0].pk,
                outcome="exempted",
                **data,
            )
        assert not PlacementRule.objects.exists()

    def test_quiz_or_question_from_elsewhere_refused(self, designer, module, placement):
        other_quiz, other_questions = quiz(SectionFactory())
        with pytest.raises(PathError, match="quiz du parcours"):
            placement_rule_add(
                actor=designer,
                module_id=module.pk,
                quiz_id=other_quiz.pk,
                outcome="exempted",
                min_score=0,
                max_score=10,
            )
        with pytest.raises(PathError, match="question"):
            placement_rule_add(
                actor=designer,
                module_id=module.pk,
                quiz_id=placement[0].pk,
                outcome="exempted",
                question_id=other_questions["tf"].pk,
            )

    def test_someone_who_cannot_edit_the_path_cannot_add_rules(
        self, client, agent, module, path_session, placement
    ):
        with pytest.raises(PathError):
            placement_rule_add(
                actor=agent,
                module_id=module.pk,
                quiz_id=placement[0].pk,
                outcome="exempted",
                min_score=0,
                max_score=10,
            )
        client.force_login(agent)
        response = client.post(
            reverse("paths:placement_add", args=[path_session.training.slug]),
            {
                "by": "band",
                "module": module.pk,
                "quiz": placement[0].pk,
                "outcome": "exempted",
                "min_score": "0",
                "max_score": "10",
            },
        )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not PlacementRule.objects.exists()


class TestEquivalences:
    @pytest.fixture
    def producer_designer(self, laicite, platform_admin):
        return role_holder(Role.DESIGNER, laicite.producer, actor=platform_admin)

    def test_declared_on_the_page_and_reused_by_paths(
        self, client, producer_designer, agent, module, laicite, platform_admin
    ):
        module.credit_rule = CreditRule.EQUIVALENT
        module.save()
        old = TrainingFactory(title="Laïcité (ancienne version)")
        completed(agent, SessionFactory(training=old))
        assert status_of(agent, module).state == ModuleState.TODO

        client.force_login(producer_designer)
        url = reverse("paths:equivalences", args=[laicite.slug])
        assert "Laïcité (ancienne version)" in client.get(url, {"q": "ancienne"}).text
        client.post(url, {"equivalent": old.pk})
        equivalence = Equivalence.objects.get()
        assert equivalence.declared_by == laicite.producer
        assert status_of(agent, module).state == ModuleState.CREDITED
        assert AuditEvent.objects.filter(action="paths.equivalence_declared").exists()

        with pytest.raises(PathError, match="déjà"):
            equivalence_declare(actor=platform_admin, training=old, equivalent_id=laicite.pk)
        client.post(reverse("paths:equivalence_remove", args=[laicite.slug, equivalence.pk]))
        assert not Equivalence.objects.exists()
        assert status_of(agent, module).state == ModuleState.TODO

    def test_who_may_open_the_page(self, client, producer_designer, agent, laicite):
        url = reverse("paths:equivalences", args=[laicite.slug])
        assert client.get(url).status_code == HTTPStatus.FOUND  # to sign in
        client.force_login(agent)
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        client.force_login(producer_designer)
        assert client.get(url).status_code == HTTPStatus.OK

    def test_another_producer_cannot_declare_nor_remove(self, agent, laicite, producer_designer):
        other = TrainingFactory()
        with pytest.raises(PathError):
            equivalence_declare(actor=agent, training=laicite, equivalent_id=other.pk)
        equivalence = equivalence_declare(
            actor=producer_designer, training=laicite, equivalent_id=other.pk
        )
        with pytest.raises(PathError):
            equivalence_remove(actor=agent, equivalence_id=equivalence.pk)
        assert Equivalence.objects.count() == 1

    def test_course_page_links_to_the_equivalences(self, client, producer_designer, laicite):
        client.force_login(producer_designer)
        page = client.get(reverse("learning:authoring", args=[laicite.slug])).text
        assert reverse("paths:equivalences", args=[laicite.slug]) in page


class TestEquivalenceSearch:
    @pytest.fixture
    def producer_designer(self, laicite, platform_admin):
        return role_holder(Role.DESIGNER, laicite.producer, actor=platform_admin)

    def test_finds_by_title_without_accents(self, producer_designer, laicite):
        by_summary = TrainingFactory(
            title="Neutralité du service", summary="La laïcité au travail."
        )
        by_title = TrainingFactory(title="Laïcité : les fondamentaux")
        results, more = equivalence_search(
            user=producer_designer, training=laicite, query="laicite"
        )
        assert results == [by_title] and more is False
        assert by_summary not in results  # the title only
        assert laicite not in results  # never the training itself

    def test_only_what_the_person_may_see_and_not_already_declared(
        self, producer_designer, laicite, agriculture
    ):
        hidden = TrainingFactory(
            title="Laïcité interne", producer=agriculture, owner_entity=agriculture
        )
        declared = TrainingFactory(title="Laïcité 2019")
        equivalence_declare(actor=producer_designer, training=laicite, equivalent_id=declared.pk)
        path = TrainingFactory(title="Parcours laïcité", is_path=True)
        results, _more = equivalence_search(
            user=producer_designer, training=laicite, query="laïcité"
        )
        assert hidden not in results and declared not in results and path not in results

    def test_too_many_says_so(self, producer_designer, laicite):
        for n in range(EQUIVALENCE_RESULTS + 1):
            TrainingFactory(title=f"Valeurs {n}")
        results, more = equivalence_search(user=producer_designer, training=laicite, query="val")
        assert len(results) == EQUIVALENCE_RESULTS and more is True

    def test_as_one_types_the_results_and_their_count(self, client, producer_designer, laicite):
        TrainingFactory(title="Valeurs de la République")
        client.force_login(producer_designer)
        url = reverse("paths:equivalences", args=[laicite.slug])
        partial = client.get(url, {"q": "republique"}, headers={"HX-Request": "true"}).text
        assert "<html" not in partial
        assert "Valeurs de la République" in partial and 'type="radio"' in partial
        assert 'hx-swap-oob="innerHTML"' in partial and "1 formation trouvée." in partial
        nothing = client.get(url, {"q": "zzzz"}, headers={"HX-Request": "true"}).text
        assert "Aucune formation que vous pouvez voir ne correspond à « zzzz »." in nothing
        # Without JavaScript, the same search reloads the page.
        page = client.get(url, {"q": "republique"}).text
        assert "<html" in page and "Valeurs de la République" in page

    def test_a_bad_choice_changes_nothing(self, client, producer_designer, laicite, agriculture):
        hidden = TrainingFactory(producer=agriculture, owner_entity=agriculture)
        client.force_login(producer_designer)
        url = reverse("paths:equivalences", args=[laicite.slug])
        for value in (hidden.pk, "abc", ""):
            response = client.post(
                url,
                {"equivalent": value},
                headers={"Referer": f"http://testserver{url}"},
                follow=True,
            )
            assert response.status_code == HTTPStatus.OK
            assert "Choisissez une autre formation" in response.text
        assert not Equivalence.objects.exists()
