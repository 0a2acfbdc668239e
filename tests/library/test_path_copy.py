"""Paths in the library: a deposited path is listed with its badge; its copy takes its own
elements and its plan (sections, modules and their rules, placement rules re-pointed to
the copied quiz) on one closed session, keeps linked modules as links to the same
sessions, and carries no learner data."""

import pytest
from django.test import Client
from django.urls import reverse

from mentor.catalog.models import SessionState
from mentor.learning.models import Activity, Question
from mentor.library.models import CopyKind, CopyState
from mentor.library.services import copy_request, deposit_save
from mentor.paths.models import (
    CreditRule,
    ManualCredit,
    PathModule,
    PathPlan,
    PathSection,
    PlacementOutcome,
    PlacementRule,
)
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory, quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def path(agriculture, agri_designer):
    """An Agriculture path: a placement quiz and a work situation of its own, and a plan of
    two sections linking sessions of two other trainings."""
    training = TrainingFactory(
        title="Parcours sécurité sanitaire", slug="parcours-sanitaire", producer=agriculture,
        is_path=True,
    )  # fmt: skip
    own = SectionFactory(training=training, title="Éléments du parcours", position=1)
    placement, questions = quiz(own)
    ActivityFactory(section=own, kind="page", title="Situation de travail", position=2)
    session = SessionFactory(training=training, title="Édition 2026")
    SessionFactory(training=training, title="Édition 2025", starts_on=session.starts_on.replace(
        year=session.starts_on.year - 1), ends_on=session.ends_on.replace(
        year=session.ends_on.year - 1))  # fmt: skip
    plan = PathPlan.objects.create(session=session, optional_minimum=1)
    first = PathSection.objects.create(plan=plan, title="Fondamentaux", position=0)
    second = PathSection.objects.create(plan=plan, title="Approfondir", position=1)
    laicite, controls = SessionFactory(), SessionFactory()
    m1 = PathModule.objects.create(
        section=first, linked_session=laicite, credit_rule=CreditRule.EQUIVALENT,
        validity_years=3, position=0,
    )  # fmt: skip
    m2 = PathModule.objects.create(
        section=second, linked_session=controls, required=False, position=0
    )
    m2.requires.add(m1)
    PlacementRule.objects.create(
        module=m1, quiz=placement, question=questions["single"], when_correct=True,
        outcome=PlacementOutcome.EXEMPTED,
    )  # fmt: skip
    PlacementRule.objects.create(
        module=m2, quiz=placement, min_score=0, max_score=50, outcome=PlacementOutcome.REQUIRED
    )
    ManualCredit.objects.create(
        user=UserFactory(), module=m1, granted=True, reason="Acquis", decided_by=agri_designer
    )
    deposit_save(
        actor=agri_designer, training=training, description="Un parcours complet", licence="cc-by"
    )
    return training


def test_a_deposited_path_shows_in_the_library(path, justice_designer):
    client = Client()
    client.force_login(justice_designer)
    page = client.get(reverse("library:index")).content.decode()
    assert "Parcours sécurité sanitaire" in page and "Parcours" in page
    entry = client.get(reverse("library:entry", args=[path.library_deposit.pk])).content.decode()
    assert "2 sections de parcours" in entry and "2 modules liés" in entry


def test_the_copy_keeps_the_plan_and_links(
    path, justice, justice_designer, django_capture_on_commit_callbacks
):
    source_plan = PathPlan.objects.get(session__title="Édition 2026")
    with django_capture_on_commit_callbacks(execute=True):
        copy = copy_request(
            actor=justice_designer, source=path, kind=CopyKind.ADAPTATION,
            title="Parcours Justice", destination=justice,
        )  # fmt: skip
    copy.refresh_from_db()
    assert copy.state == CopyState.DONE, copy.error
    target = copy.target
    assert target.is_path and target.owner_entity == justice
    # One closed session carrying the most recent plan.
    session = target.sessions.get()
    assert session.state == SessionState.CLOSED and session.title == "Édition 2026"
    plan = session.path_plan
    assert plan.optional_minimum == 1
    assert list(plan.sections.values_list("title", flat=True)) == ["Fondamentaux", "Approfondir"]
    modules = list(PathModule.objects.filter(section__plan=plan).order_by("section__position"))
    originals = list(
        PathModule.objects.filter(section__plan=source_plan).order_by("section__position")
    )
    # Linked modules are links to the very same sessions, with their rules.
    assert [m.linked_session_id for m in modules] == [m.linked_session_id for m in originals]
    assert modules[0].credit_rule == CreditRule.EQUIVALENT and modules[0].validity_years == 3
    assert not modules[1].required and list(modules[1].requires.all()) == [modules[0]]
    # Placement rules point at the copied quiz and question, not the original's.
    copied_quiz = Activity.objects.get(section__training=target, kind="quiz")
    rules = PlacementRule.objects.filter(module__in=modules).order_by("pk")
    assert {r.quiz_id for r in rules} == {copied_quiz.pk}
    assert rules[0].question.activity_id == copied_quiz.pk
    assert Question.objects.filter(activity=copied_quiz).count() == 4
    # Own elements came with the learning copier; no learner data.
    assert Activity.objects.filter(section__training=target).count() == 2
    assert not ManualCredit.objects.filter(module__in=modules).exists()
    assert PathModule.objects.filter(section__plan=source_plan).count() == 2
