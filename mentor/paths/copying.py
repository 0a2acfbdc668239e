"""Paths' part of a training copy (``catalog.copiers``): a path's own elements (its pages,
quizzes, work situations… are learning activities, copied by the learning copier) and its
plan of sections and modules.

A plan belongs to a path session, and a copy takes no session. So the copy gets one
session, **closed** (nobody can enrol before its designer sets the dates and opens it),
carrying the plan of the source's most recent planned session: its sections, its modules
with their rules (required, carry-over, validity, release date, prerequisites) and its
placement rules, re-pointed to the copied placement quiz and questions. Linked modules stay
**links** to the same sessions of the other trainings: those are never copied. Equivalences
belong to the trainings their producers declared them for, and learners' credits and
submissions are learner data: none of them travel.
"""

from django.db.models import Count
from django.utils.translation import ngettext

from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.catalog.models import Session, SessionState
from mentor.paths.models import PathModule, PathPlan, PathSection, PlacementRule

_SESSION_FIELDS = ["title", "starts_on", "ends_on", "capacity", "tutored", "place", "meeting_url"]
_MODULE_FIELDS = [
    "linked_session_id", "required", "credit_rule", "validity_years", "available_from",
    "position",
]  # fmt: skip
_RULE_FIELDS = ["min_score", "max_score", "when_correct", "outcome"]


def _plan(training) -> PathPlan | None:
    """The plan a copy takes: the most recent planned session's."""
    if not training.is_path:
        return None
    return (
        PathPlan.objects.filter(session__training=training)
        .select_related("session")
        .order_by("-session__starts_on", "-pk")
        .first()
    )


def _count(training) -> int:
    plan = _plan(training)
    return 0 if plan is None else 1 + PathModule.objects.filter(section__plan=plan).count()


def _describe(training) -> list[str]:
    plan = _plan(training)
    if plan is None:
        return []
    counts = PathSection.objects.filter(plan=plan).aggregate(
        n_sections=Count("pk", distinct=True), n_modules=Count("modules", distinct=True)
    )
    phrases = [
        ngettext(
            "%(n)s section de parcours",
            "%(n)s sections de parcours",
            counts["n_sections"],
        )
        % {"n": counts["n_sections"]}
    ]
    if counts["n_modules"]:
        phrases.append(
            ngettext(
                "%(n)s module lié (reste un lien vers la session d’origine)",
                "%(n)s modules liés (restent des liens vers les sessions d’origine)",
                counts["n_modules"],
            )
            % {"n": counts["n_modules"]}
        )
    return phrases


def _copy(context: CopyContext) -> None:
    plan = _plan(context.source)
    if plan is None:
        return
    session = plan.session
    new_session = Session.objects.create(
        training=context.target,
        state=SessionState.CLOSED,
        **{name: getattr(session, name) for name in _SESSION_FIELDS},
    )
    context.remember("catalog.Session", session.pk, new_session.pk)
    new_plan = PathPlan.objects.create(session=new_session, optional_minimum=plan.optional_minimum)
    context.advance(1)

    modules: dict[int, PathModule] = {}
    for section in plan.sections.order_by("position", "pk"):
        new_section = PathSection.objects.create(
            plan=new_plan, title=section.title, position=section.position
        )
        context.remember("paths.PathSection", section.pk, new_section.pk)
        for module in section.modules.order_by("position", "pk"):
            modules[module.pk] = PathModule.objects.create(
                section=new_section, **{name: getattr(module, name) for name in _MODULE_FIELDS}
            )
            context.remember("paths.PathModule", module.pk, modules[module.pk].pk)
            context.advance(1)

    # Conditional release between modules of the plan.
    through = PathModule.requires.through
    through.objects.bulk_create(
        [
            through(from_pathmodule_id=modules[link.from_pathmodule_id].pk, to_pathmodule_id=to.pk)
            for link in through.objects.filter(from_pathmodule_id__in=list(modules))
            if (to := modules.get(link.to_pathmodule_id)) is not None
        ]
    )

    # Placement rules follow the copied quiz (the path's own element) and its questions.
    activities = context.mapping.get("learning.Activity", {})
    questions = context.mapping.get("learning.Question", {})
    PlacementRule.objects.bulk_create(
        [
            PlacementRule(
                module=modules[rule.module_id],
                quiz_id=activities.get(rule.quiz_id, rule.quiz_id),
                question_id=questions.get(rule.question_id, rule.question_id)
                if rule.question_id
                else None,
                **{name: getattr(rule, name) for name in _RULE_FIELDS},
            )
            for rule in PlacementRule.objects.filter(module_id__in=list(modules)).order_by("pk")
        ]
    )


def register() -> None:
    # After learning (10): the placement quiz and its questions are already copied.
    register_copier("paths", Copier(count=_count, copy=_copy, describe=_describe), order=40)
