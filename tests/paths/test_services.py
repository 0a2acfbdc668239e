import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.audit.models import AuditEvent
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion, QuizAttempt
from mentor.learning.services import completion_refresh, progress_update, quiz_submit
from mentor.paths.models import CreditRule, Equivalence, ManualCredit, PathModule, PlacementRule
from mentor.paths.selectors import ModuleState, module_states, validity_cutoff
from mentor.paths.services import (
    PathError,
    manual_credit_set,
    modules_complete,
    path_enrol,
    path_module_enrol,
)
from mentor.surveys.services import SurveyError, survey_answer
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import (
    ActivityFactory,
    EnrolmentFactory,
    SectionFactory,
    quiz,
    right_answers,
)
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def state_of(user, module, **kwargs):
    return module_states(modules=[module], user_ids=[user.pk], **kwargs)[(user.pk, module.pk)]


class TestCarryOver:
    def test_nothing_done_is_todo(self, agent, module):
        assert state_of(agent, module).state == ModuleState.TODO

    def test_done_in_the_linked_session(self, agent, module, laicite_2025):
        completed(agent, laicite_2025)
        assert state_of(agent, module).state == ModuleState.DONE

    def test_same_training_earlier_session_is_credited_with_its_origin(
        self, agent, module, laicite_2023
    ):
        at = timezone.now() - dt.timedelta(days=850)
        completed(agent, laicite_2023, at=at)
        status = state_of(agent, module)
        assert status.state == ModuleState.CREDITED
        assert status.credit.session_title == "2023"
        assert status.credit.completed_at == at

    def test_session_only_rule_credits_nothing_from_elsewhere(self, agent, module, laicite_2023):
        module.credit_rule = CreditRule.SESSION_ONLY
        module.save()
        completed(agent, laicite_2023)
        assert state_of(agent, module).state == ModuleState.TODO

    def test_another_agents_completion_never_counts(self, agent, module, laicite_2023, justice):
        completed(UserFactory(entity=justice), laicite_2023)
        assert state_of(agent, module).state == ModuleState.TODO

    def test_equivalent_training_counts_only_under_the_equivalence_rule(
        self, agent, module, laicite
    ):
        other = TrainingFactory(title="Valeurs de la République")
        Equivalence.objects.create(training=laicite, equivalent=other, declared_by=laicite.producer)
        completed(agent, SessionFactory(training=other))
        assert state_of(agent, module).state == ModuleState.TODO  # default: same training
        module.credit_rule = CreditRule.EQUIVALENT
        module.save()
        assert state_of(agent, module).state == ModuleState.CREDITED

    def test_equivalence_reads_both_ways(self, agent, module, laicite):
        other = TrainingFactory()
        Equivalence.objects.create(training=other, equivalent=laicite, declared_by=other.producer)
        module.credit_rule = CreditRule.EQUIVALENT
        module.save()
        completed(agent, SessionFactory(training=other))
        assert state_of(agent, module).state == ModuleState.CREDITED

    @pytest.mark.parametrize(
        ("days_before_cutoff", "expected"),
        [(0, ModuleState.CREDITED), (1, ModuleState.TODO), (-1, ModuleState.CREDITED)],
    )
    def test_validity_edge_days(self, agent, module, laicite_2023, days_before_cutoff, expected):
        module.validity_years = 3
        module.save()
        today = dt.date(2026, 6, 15)
        cutoff = validity_cutoff(3, today)
        assert cutoff == dt.date(2023, 6, 15)
        day = cutoff - dt.timedelta(days=days_before_cutoff)
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
        completed(agent, laicite_2023, at=at)
        assert state_of(agent, module, today=today).state == expected

    def test_validity_from_29_february(self):
        assert validity_cutoff(1, dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
        assert validity_cutoff(None, dt.date(2028, 2, 29)) is None

    def test_revoked_completion_withdraws_the_credit(self, agent, module, laicite_2023):
        completion = completed(agent, laicite_2023)
        assert state_of(agent, module).state == ModuleState.CREDITED
        completion.delete()
        assert state_of(agent, module).state == ModuleState.TODO

    def test_in_progress_from_the_linked_enrolment(self, agent, module, laicite_2025):
        enrolment = EnrolmentFactory(user=agent, session=laicite_2025)
        assert state_of(agent, module).state == ModuleState.TODO
        assert state_of(agent, module).enrolment_id == enrolment.pk
        activity = ActivityFactory(section=SectionFactory(training=laicite_2025.training))
        ActivityFactory(section=activity.section)  # a second one: the training is not done
        progress_update(enrolment=enrolment, activity=activity, viewed=True)
        assert state_of(agent, module).state == ModuleState.IN_PROGRESS

    def test_set_based_for_many_agents_in_fixed_queries(
        self, module, laicite_2023, justice, django_assert_num_queries
    ):
        agents = [UserFactory(entity=justice) for _ in range(12)]
        for a in agents[:5]:
            completed(a, laicite_2023)
        with django_assert_num_queries(6):
            states = module_states(modules=[module], user_ids=[a.pk for a in agents])
        credited = [a for a in agents if states[(a.pk, module.pk)].state == ModuleState.CREDITED]
        assert credited == agents[:5]


class TestManualCredit:
    @pytest.fixture
    def enrolled(self, agent, path_session):
        EnrolmentFactory(user=agent, session=path_session)
        return agent

    def test_admin_grants_with_reason_audited(self, enrolled, module, platform_admin):
        manual_credit_set(
            actor=platform_admin, user=enrolled, module_id=module.pk, granted=True, reason="Jury"
        )
        status = state_of(enrolled, module)
        assert status.state == ModuleState.CREDITED
        assert status.credit.manual_reason == "Jury"
        event = AuditEvent.objects.get(action="paths.credit_granted")
        assert event.data == {"user_id": enrolled.pk, "reason": "Jury"}

    def test_withdrawal_overrides_a_computed_credit(
        self, enrolled, module, laicite_2023, platform_admin
    ):
        completed(enrolled, laicite_2023)
        manual_credit_set(
            actor=platform_admin, user=enrolled, module_id=module.pk, granted=False, reason="Non"
        )
        assert state_of(enrolled, module).state == ModuleState.TODO
        manual_credit_set(
            actor=platform_admin, user=enrolled, module_id=module.pk, granted=None, reason="Erreur"
        )
        assert state_of(enrolled, module).state == ModuleState.CREDITED

    def test_reason_required_and_nothing_changed(self, enrolled, module, platform_admin):
        with pytest.raises(PathError, match="motif"):
            manual_credit_set(
                actor=platform_admin, user=enrolled, module_id=module.pk, granted=True, reason=" "
            )
        assert not ManualCredit.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="paths.").exists()

    def test_agent_cannot_grant_themselves(self, enrolled, module):
        with pytest.raises(PathError):
            manual_credit_set(
                actor=enrolled, user=enrolled, module_id=module.pk, granted=True, reason="Moi"
            )
        assert not ManualCredit.objects.exists()

    def test_tutor_of_the_path_session_may(self, enrolled, module, path_session, justice):
        tutor = UserFactory(entity=justice)
        path_session.tutors.add(tutor)
        manual_credit_set(
            actor=tutor, user=enrolled, module_id=module.pk, granted=True, reason="Vu"
        )
        assert ManualCredit.objects.filter(user=enrolled, granted=True).exists()

    def test_space_admin_of_the_path_producer_may_and_another_may_not(
        self, enrolled, module, path_session, platform_admin, agriculture
    ):
        producer = path_session.training.producer
        admin = role_holder(Role.SPACE_ADMIN, producer, actor=platform_admin)
        other = role_holder(Role.SPACE_ADMIN, agriculture, actor=platform_admin)
        with pytest.raises(PathError):
            manual_credit_set(
                actor=other, user=enrolled, module_id=module.pk, granted=True, reason="Hors champ"
            )
        manual_credit_set(
            actor=admin, user=enrolled, module_id=module.pk, granted=True, reason="Jury local"
        )
        assert state_of(enrolled, module).state == ModuleState.CREDITED
        event = AuditEvent.objects.get(action="paths.credit_granted")
        assert event.actor == admin and event.data["reason"] == "Jury local"


class TestPathCompletion:
    def test_credited_modules_complete_the_path_on_enrolment(
        self, agent, module, laicite_2023, path_session, django_capture_on_commit_callbacks
    ):
        completed(agent, laicite_2023)
        with django_capture_on_commit_callbacks(execute=True):
            result = path_enrol(user=agent, session_id=path_session.pk)
        assert result.enrolled_modules == []  # credited: no need to enrol in Laïcité 2025
        assert Completion.objects.filter(enrolment=result.enrolment).exists()

    def test_the_survey_of_the_path_opens_once_the_path_is_complete(
        self, agent, module, laicite_2025, path_session, django_capture_on_commit_callbacks
    ):
        activity = ActivityFactory(section=SectionFactory(training=laicite_2025.training))
        answer = {"satisfaction": 4, "adapted": True, "reuse": True}
        enrolment = path_enrol(user=agent, session_id=path_session.pk).enrolment
        with pytest.raises(SurveyError):
            survey_answer(enrolment=enrolment, data=answer)
        linked = Enrolment.objects.get(user=agent, session=laicite_2025)
        with django_capture_on_commit_callbacks(execute=True):  # the path completes live
            progress_update(enrolment=linked, activity=activity, viewed=True)
        assert Completion.objects.filter(enrolment=enrolment).exists()
        response = survey_answer(enrolment=enrolment, data=answer)
        assert response.training == path_session.training

    def test_path_enrolment_enrols_in_linked_sessions(self, agent, module, path_session):
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert result.enrolled_modules == [module]
        assert Enrolment.objects.filter(user=agent, session=module.linked_session).exists()
        assert not Completion.objects.filter(enrolment=result.enrolment).exists()

    def test_full_linked_session_refused_path_kept(self, agent, module, path_session, laicite_2025):
        laicite_2025.capacity = 1
        laicite_2025.seats_taken = 1
        laicite_2025.save()
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert result.refused == {module.pk: "Cette session est complète."}
        assert Enrolment.objects.filter(user=agent, session=path_session).exists()

    def test_finishing_the_module_completes_the_path_live(
        self, agent, module, path_session, laicite_2025, django_capture_on_commit_callbacks
    ):
        activity = ActivityFactory(section=SectionFactory(training=laicite_2025.training))
        path_enrol(user=agent, session_id=path_session.pk)
        linked = Enrolment.objects.get(user=agent, session=laicite_2025)
        with django_capture_on_commit_callbacks(execute=True):
            progress_update(enrolment=linked, activity=activity, viewed=True)
        path_enrolment = Enrolment.objects.get(user=agent, session=path_session)
        assert Completion.objects.filter(enrolment=path_enrolment).count() == 1
        assert state_of(agent, module).state == ModuleState.DONE

    def test_optional_minimum(self, agent, module, section, path_session, laicite_2023, justice):
        module.required = False
        module.save()
        other = PathModule.objects.create(
            section=section, linked_session=SessionFactory(), required=False
        )
        plan = section.plan
        plan.optional_minimum = 2
        plan.save()
        completed(agent, laicite_2023)
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert not Completion.objects.filter(enrolment=result.enrolment).exists()
        linked = Enrolment.objects.get(user=agent, session=other.linked_session)
        Completion.objects.create(enrolment=linked, completed_at=timezone.now())
        assert completion_refresh(enrolment=result.enrolment) is not None

    def test_path_own_required_activity_still_needed(
        self, agent, module, path_session, laicite_2023
    ):
        ActivityFactory(section=SectionFactory(training=path_session.training))
        completed(agent, laicite_2023)
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert not Completion.objects.filter(enrolment=result.enrolment).exists()

    def test_not_a_path_session(self, agent, laicite_2025):
        with pytest.raises(PathError):
            path_enrol(user=agent, session_id=laicite_2025.pk)
        assert not Enrolment.objects.exists()


class TestConditionalRelease:
    @pytest.fixture
    def second(self, section):
        return PathModule.objects.create(
            section=section, linked_session=SessionFactory(training=TrainingFactory(title="Suite"))
        )

    def test_locked_until_a_date_said_in_words(self, agent, module):
        module.available_from = dt.date(2026, 3, 1)
        module.save()
        status = state_of(agent, module, today=dt.date(2026, 2, 28))
        assert status.state == ModuleState.LOCKED
        assert status.locked_reason == "Disponible à partir du 01/03/2026."
        assert state_of(agent, module, today=dt.date(2026, 3, 1)).state == ModuleState.TODO

    def test_locked_until_required_modules_are_complete(self, agent, module, second, laicite_2023):
        second.requires.add(module)
        states = module_states(modules=[module, second], user_ids=[agent.pk])
        assert states[(agent.pk, second.pk)].state == ModuleState.LOCKED
        assert states[(agent.pk, second.pk)].locked_reason == "Disponible après : Laïcité."
        completed(agent, laicite_2023)  # credited counts as complete
        states = module_states(modules=[module, second], user_ids=[agent.pk])
        assert states[(agent.pk, second.pk)].state == ModuleState.TODO

    def test_a_complete_module_is_never_locked(self, agent, module, second):
        second.requires.add(module)
        completed(agent, second.linked_session)
        states = module_states(modules=[module, second], user_ids=[agent.pk])
        assert states[(agent.pk, second.pk)].state == ModuleState.DONE

    def test_locked_module_not_enrolled_and_refused(self, agent, module, second, path_session):
        second.requires.add(module)
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert result.enrolled_modules == [module]
        with pytest.raises(PathError, match="Disponible après"):
            path_module_enrol(user=agent, module_id=second.pk, session_id=second.linked_session_id)
        assert not Enrolment.objects.filter(user=agent, session=second.linked_session).exists()


class TestPlacement:
    @pytest.fixture
    def placement_quiz(self, path_session):
        return quiz(SectionFactory(training=path_session.training, title="Positionnement"))[0]

    def attempt(self, agent, path_session, placement_quiz, score):
        enrolment, _ = Enrolment.objects.get_or_create(
            user=agent, session=path_session, defaults={"enrolled_at": timezone.now()}
        )
        number = QuizAttempt.objects.filter(enrolment=enrolment).count() + 1
        QuizAttempt.objects.create(
            enrolment=enrolment, activity=placement_quiz, number=number, score=score, passed=True
        )

    @pytest.mark.parametrize(
        ("score", "state", "placement"),
        [
            (Decimal("80"), ModuleState.EXEMPTED, "exempted"),
            (Decimal("100"), ModuleState.EXEMPTED, "exempted"),
            (Decimal("79.99"), ModuleState.TODO, "recommended"),
            (Decimal("0"), ModuleState.TODO, "recommended"),
        ],
    )
    def test_bands(self, agent, module, path_session, placement_quiz, score, state, placement):
        PlacementRule.objects.create(
            module=module, quiz=placement_quiz, min_score=80, max_score=100, outcome="exempted"
        )
        PlacementRule.objects.create(
            module=module,
            quiz=placement_quiz,
            min_score=0,
            max_score=Decimal("79.99"),
            outcome="recommended",
        )
        self.attempt(agent, path_session, placement_quiz, score)
        status = state_of(agent, module)
        assert (status.state, status.placement) == (state, placement)

    def test_no_attempt_no_effect(self, agent, module, placement_quiz):
        PlacementRule.objects.create(
            module=module, quiz=placement_quiz, min_score=0, max_score=100, outcome="exempted"
        )
        assert state_of(agent, module).state == ModuleState.TODO

    def test_retake_reevaluates_but_never_removes_done_work(
        self, agent, module, path_session, placement_quiz, laicite_2025
    ):
        PlacementRule.objects.create(
            module=module, quiz=placement_quiz, min_score=80, max_score=100, outcome="exempted"
        )
        self.attempt(agent, path_session, placement_quiz, Decimal("90"))
        assert state_of(agent, module).state == ModuleState.EXEMPTED
        self.attempt(agent, path_session, placement_quiz, Decimal("40"))
        assert state_of(agent, module).state == ModuleState.TODO
        completed(agent, laicite_2025)
        self.attempt(agent, path_session, placement_quiz, Decimal("95"))
        assert state_of(agent, module).state == ModuleState.DONE

    def test_required_by_placement_counts_for_completion(
        self, agent, module, section, path_session, placement_quiz
    ):
        module.required = False
        module.save()
        PlacementRule.objects.create(
            module=module, quiz=placement_quiz, min_score=0, max_score=50, outcome="required"
        )
        self.attempt(agent, path_session, placement_quiz, Decimal("30"))
        enrolment = Enrolment.objects.get(user=agent, session=path_session)
        assert modules_complete(enrolment=enrolment) is False

    def test_exemption_by_quiz_submit_completes_the_path_live(
        self, agent, module, path_session, placement_quiz
    ):
        PlacementRule.objects.create(
            module=module, quiz=placement_quiz, min_score=50, max_score=100, outcome="exempted"
        )
        path_session.training.sections.exclude(pk=placement_quiz.section_id).delete()
        result = path_enrol(user=agent, session_id=path_session.pk)
        assert not Completion.objects.filter(enrolment=result.enrolment).exists()
        quiz_submit(
            enrolment=result.enrolment,
            activity=placement_quiz,
            answers=right_answers(
                {
                    q.kind if q.kind != "true_false" else "tf": q
                    for q in placement_quiz.questions.all()
                }
            ),
        )
        assert Completion.objects.filter(enrolment=result.enrolment).exists()
