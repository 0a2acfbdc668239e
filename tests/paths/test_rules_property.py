"""Hypothesis: every combination of carry-over rule, validity, manual decision, placement
and conditional release gives the state an independent statement of the rules predicts.

Each example is built in the database and rolled back (a savepoint), and the state comes
from ``module_states``, the one place that decides it.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.learning.models import Completion, QuizAttempt
from mentor.paths.models import (
    CreditRule,
    Equivalence,
    ManualCredit,
    PathModule,
    PathPlan,
    PathSection,
    PlacementRule,
)
from mentor.paths.selectors import ModuleState, module_states, validity_cutoff
from tests.factories import EntityFactory, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
#: Where a completion may come from: the linked session itself, another session of the
#: same training, a training declared equivalent, an unrelated training.
ORIGINS = ("linked", "same_training", "equivalent", "unrelated")

completion_st = st.tuples(st.sampled_from(ORIGINS), st.integers(min_value=0, max_value=2500))
scenario_st = st.fixed_dictionaries(
    {
        "rule": st.sampled_from(CreditRule.values),
        "validity": st.one_of(st.none(), st.integers(min_value=1, max_value=6)),
        "completions": st.lists(completion_st, max_size=3, unique_by=lambda c: c[0]),
        "manual": st.sampled_from([None, True, False]),
        "score": st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
        "band": st.tuples(st.integers(0, 100), st.integers(0, 100)).map(sorted),
        "outcome": st.sampled_from(["exempted", "required", "recommended"]),
        "available_in": st.one_of(st.none(), st.integers(min_value=-30, max_value=30)),
        "prerequisite_done": st.one_of(st.none(), st.booleans()),  # None: no prerequisite
        "enrolled": st.booleans(),
    }
)


def expected(s: dict) -> str:
    """The rules, stated independently of the implementation."""
    if any(origin == "linked" for origin, _days in s["completions"]):
        state = ModuleState.DONE
    elif s["manual"] is True:
        state = ModuleState.CREDITED
    else:
        accepted = {
            CreditRule.SAME_TRAINING: {"same_training"},
            CreditRule.SESSION_ONLY: set(),
            CreditRule.EQUIVALENT: {"same_training", "equivalent"},
        }[s["rule"]]
        cutoff = validity_cutoff(s["validity"], TODAY)
        credited = s["manual"] is None and any(
            origin in accepted and (cutoff is None or TODAY - dt.timedelta(days=days) >= cutoff)
            for origin, days in s["completions"]
        )
        state = ModuleState.CREDITED if credited else ModuleState.TODO
    low, high = s["band"]
    placed = s["score"] is not None and low <= s["score"] <= high
    if placed and s["outcome"] == "exempted" and state == ModuleState.TODO:
        state = ModuleState.EXEMPTED
    if state == ModuleState.TODO:
        waits_date = s["available_in"] is not None and s["available_in"] > 0
        waits_module = s["prerequisite_done"] is False
        if waits_date or waits_module:
            state = ModuleState.LOCKED
    return state


def build(s: dict):
    producer = EntityFactory()
    laicite = TrainingFactory(producer=producer)
    linked = SessionFactory(training=laicite)
    sessions = {
        "linked": linked,
        "same_training": SessionFactory(training=laicite),
        "equivalent": SessionFactory(training=TrainingFactory(producer=producer)),
        "unrelated": SessionFactory(training=TrainingFactory(producer=producer)),
    }
    Equivalence.objects.create(
        training=laicite, equivalent=sessions["equivalent"].training, declared_by=producer
    )
    path = SessionFactory(training=TrainingFactory(is_path=True, producer=producer))
    section = PathSection.objects.create(plan=PathPlan.objects.create(session=path), title="S")
    module = PathModule.objects.create(
        section=section,
        linked_session=linked,
        credit_rule=s["rule"],
        validity_years=s["validity"],
        available_from=(
            None if s["available_in"] is None else TODAY + dt.timedelta(days=s["available_in"])
        ),
        position=1,
    )
    agent = UserFactory()
    if s["prerequisite_done"] is not None:
        first = SessionFactory(training=TrainingFactory(producer=producer))
        prerequisite = PathModule.objects.create(section=section, linked_session=first, position=0)
        module.requires.add(prerequisite)
        if s["prerequisite_done"]:
            Completion.objects.create(
                enrolment=EnrolmentFactory(user=agent, session=first), completed_at=timezone.now()
            )
    noon = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
    for origin, days in s["completions"]:
        Completion.objects.create(
            enrolment=EnrolmentFactory(user=agent, session=sessions[origin]),
            completed_at=noon - dt.timedelta(days=days),
        )
    if s["enrolled"] and not any(o == "linked" for o, _d in s["completions"]):
        EnrolmentFactory(user=agent, session=linked)
    if s["manual"] is not None:
        ManualCredit.objects.create(user=agent, module=module, granted=s["manual"], reason="Motif")
    quiz = ActivityFactory(section=SectionFactory(training=path.training), kind="quiz")
    low, high = s["band"]
    PlacementRule.objects.create(
        module=module, quiz=quiz, min_score=low, max_score=high, outcome=s["outcome"]
    )
    if s["score"] is not None:
        QuizAttempt.objects.create(
            enrolment=EnrolmentFactory(user=agent, session=path),
            activity=quiz,
            number=1,
            score=Decimal(s["score"]),
            passed=True,
        )
    modules = list(
        PathModule.objects.filter(section=section).select_related("linked_session__training")
    )
    return agent, module, modules


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenario_st)
def test_every_combination_of_rules(db, scenario):
    with transaction.atomic():
        agent, module, modules = build(scenario)
        status = module_states(modules=modules, user_ids=[agent.pk], today=TODAY)[
            (agent.pk, module.pk)
        ]
        assert status.state == expected(scenario), scenario
        # What the learner reads always matches the state.
        if status.state == ModuleState.LOCKED:
            assert status.locked_reason
        if status.state == ModuleState.CREDITED:
            assert status.credit is not None
        low, high = scenario["band"]
        placed = scenario["score"] is not None and low <= scenario["score"] <= high
        assert status.placement == (scenario["outcome"] if placed else "")
        # One agent's states come from prepared reads, several agents' from grouped
        # queries: the two give the same answer.
        others = module_states(modules=modules, user_ids=[UserFactory().pk, agent.pk], today=TODAY)
        assert others[(agent.pk, module.pk)] == status
        transaction.set_rollback(True)
