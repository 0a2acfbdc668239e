"""Designing a path: sections and modules of each path session, and the completion rule.

Writes for designers (``catalog.change_training`` on the path). A module links only to a
session the designer may see or edit (the catalog's own scope querysets: an internal
offer of Justice can be linked only by someone who can see it), never to the path itself.
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.models import Session, Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.search import fold, query_terms
from mentor.catalog.selectors import trainings_visible_to
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind, Question
from mentor.paths.models import (
    CreditRule,
    Equivalence,
    PathModule,
    PathPlan,
    PathSection,
    PlacementOutcome,
    PlacementRule,
)
from mentor.paths.services import PathError, path_completions_recheck


def linkable_sessions(*, user: User, path: Training) -> QuerySet[Session]:
    """Sessions a designer may link into ``path``: of trainings they see or edit, not
    finished, not of a path (no path inside a path in this first version)."""
    trainings = Training.objects.filter(
        Q(pk__in=trainings_visible_to(user).values("pk"))
        | Q(pk__in=trainings_editable_by(user).values("pk"))
    ).filter(is_path=False)
    return (
        Session.objects.filter(training__in=trainings, ends_on__gte=timezone.localdate())
        .exclude(training=path)
        .select_related("training__producer")
        .order_by("training__title", "starts_on", "pk")
    )


def _designable_session(actor: User, session_id: int) -> Session:
    session = Session.objects.select_related("training").filter(pk=session_id).first()
    if session is None or not session.training.is_path:
        raise PathError(_("Cette session de parcours n'existe pas."))
    if not can(actor, "catalog.change_training", session.training):
        raise PathError(_("Vous ne pouvez pas modifier ce parcours."))
    return session


@transaction.atomic
def path_section_create(*, actor: User, session_id: int, title: str) -> PathSection:
    session = _designable_session(actor, session_id)
    title = (title or "").strip()[:200]
    if not title:
        raise PathError(_("Donnez un titre à la section."))
    plan, _created = PathPlan.objects.get_or_create(session=session)
    position = plan.sections.count()
    return PathSection.objects.create(plan=plan, title=title, position=position)


@transaction.atomic
def path_module_add(
    *,
    actor: User,
    section_id: int,
    linked_session_id: int,
    required: bool,
    credit_rule: str,
    validity_years: int | None,
    available_from: date | None = None,
    requires_ids: list[int] | None = None,
) -> PathModule:
    section = PathSection.objects.select_related("plan").filter(pk=section_id).first()
    if section is None:
        raise PathError(_("Cette section n'existe pas."))
    session = _designable_session(actor, section.plan.session_id)
    linked = linkable_sessions(user=actor, path=session.training).filter(pk=linked_session_id)
    if not linked.exists():
        raise PathError(_("Cette session n'existe pas ou vous n'y avez pas accès."))
    if credit_rule not in CreditRule.values:
        raise PathError(_("Choisissez une règle de reprise des acquis."))
    if validity_years is not None and not 1 <= validity_years <= 50:
        raise PathError(_("La validité des acquis doit être comprise entre 1 et 50 ans."))
    requires = list(
        PathModule.objects.filter(pk__in=requires_ids or [], section__plan=section.plan)
    )
    if len(requires) != len(set(requires_ids or [])):
        raise PathError(_("Les modules préalables doivent appartenir à ce parcours."))
    try:
        with transaction.atomic():
            module = PathModule.objects.create(
                section=section,
                linked_session_id=linked_session_id,
                required=required,
                credit_rule=credit_rule,
                validity_years=validity_years,
                available_from=available_from,
                position=section.modules.count(),
            )
    except IntegrityError as exc:
        raise PathError(_("Cette session est déjà un module de cette section.")) from exc
    module.requires.set(requires)
    return module


@transaction.atomic
def path_module_remove(*, actor: User, module_id: int) -> None:
    module = PathModule.objects.select_related("section__plan").filter(pk=module_id).first()
    if module is None:
        return
    _designable_session(actor, module.section.plan.session_id)
    module.delete()


@transaction.atomic
def path_rule_set(*, actor: User, session_id: int, optional_minimum: int) -> PathPlan:
    session = _designable_session(actor, session_id)
    plan, _created = PathPlan.objects.get_or_create(session=session)
    optional = PathModule.objects.filter(section__plan=plan, required=False).count()
    if not 0 <= optional_minimum <= optional:
        raise PathError(
            _("Le minimum doit être compris entre 0 et le nombre de modules facultatifs (%(n)s).")
            % {"n": optional}
        )
    plan.optional_minimum = optional_minimum
    plan.save(update_fields=["optional_minimum", "updated_at"])
    return plan


# --- Placement rules -----------------------------------------------------------------------


def placement_quizzes(*, path: Training) -> QuerySet[Activity]:
    """The quizzes of the path's own course, which may serve as its placement quiz."""
    return Activity.objects.filter(section__training=path, kind=ActivityKind.QUIZ).order_by(
        "section__position", "position", "pk"
    )


def _score(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise PathError(_("Indiquez des scores entre 0 et 100.")) from exc
    if not score.is_finite() or not 0 <= score <= 100:
        raise PathError(_("Indiquez des scores entre 0 et 100."))
    return score


@transaction.atomic
def placement_rule_add(
    *,
    actor: User,
    module_id: int,
    quiz_id: int,
    outcome: str,
    min_score=None,
    max_score=None,
    question_id: int | None = None,
    when_correct: bool = True,
) -> PlacementRule:
    """A placement rule on a module of the path: a score band of the path's quiz, or the
    outcome of one of its questions; the learner then reads why the module is exempted,
    required or recommended."""
    module = PathModule.objects.select_related("section__plan").filter(pk=module_id).first()
    if module is None:
        raise PathError(_("Ce module n'existe pas."))
    session = _designable_session(actor, module.section.plan.session_id)
    quiz = placement_quizzes(path=session.training).filter(pk=quiz_id).first()
    if quiz is None:
        raise PathError(_("Choisissez un quiz du parcours comme questionnaire de positionnement."))
    if outcome not in PlacementOutcome.values:
        raise PathError(_("Choisissez l'effet de la règle."))
    if question_id:
        if not Question.objects.filter(pk=question_id, activity=quiz).exists():
            raise PathError(_("Cette question n'appartient pas à ce questionnaire."))
        low = high = None
    else:
        low, high = _score(min_score), _score(max_score)
        if low is None or high is None or low > high:
            raise PathError(
                _("Indiquez une tranche de score : un minimum et un maximum entre 0 et 100.")
            )
    return PlacementRule.objects.create(
        module=module,
        quiz=quiz,
        min_score=low,
        max_score=high,
        question_id=question_id or None,
        when_correct=when_correct,
        outcome=outcome,
    )


@transaction.atomic
def placement_rule_remove(*, actor: User, rule_id: int) -> None:
    rule = PlacementRule.objects.select_related("module__section__plan").filter(pk=rule_id).first()
    if rule is None:
        return
    _designable_session(actor, rule.module.section.plan.session_id)
    rule.delete()


# --- Equivalences ---------------------------------------------------------------------------


def equivalence_candidates(*, user: User, training: Training) -> QuerySet[Training]:
    """Trainings the producer's designer may declare equivalent: those they see or edit,
    not paths, not the training itself."""
    return (
        Training.objects.filter(
            Q(pk__in=trainings_visible_to(user).values("pk"))
            | Q(pk__in=trainings_editable_by(user).values("pk"))
        )
        .filter(is_path=False)
        .exclude(pk=training.pk)
        .select_related("producer")
        .order_by("title", "pk")
    )


EQUIVALENCE_RESULTS = 20  # a search shows this many; more means "refine your search"
SEARCH_NARROWED = 500  # rows the database narrows a search to before titles are matched


def equivalence_search(
    *, user: User, training: Training, query: str
) -> tuple[list[Training], bool]:
    """Trainings whose title holds every word of ``query`` (folded: "laicite" finds
    "Laïcité") among those this person may declare equivalent to ``training``, not already
    declared, by title; at most ``EQUIVALENCE_RESULTS``, and whether there are more. The
    database narrows on the folded search text (title, keywords, summary), the titles are
    then matched here: two queries, whatever the size of the national offer."""
    terms = query_terms(query)
    if not terms:
        return [], False
    declared = Equivalence.objects.filter(Q(training=training) | Q(equivalent=training))
    candidates = equivalence_candidates(user=user, training=training).exclude(
        Q(pk__in=declared.values("equivalent_id")) | Q(pk__in=declared.values("training_id"))
    )
    for term in terms:
        candidates = candidates.filter(search_text__contains=term)
    found = [
        t for t in candidates[:SEARCH_NARROWED] if all(term in fold(t.title) for term in terms)
    ]
    return found[:EQUIVALENCE_RESULTS], len(found) > EQUIVALENCE_RESULTS


@transaction.atomic
def equivalence_declare(*, actor: User, training: Training, equivalent_id: int) -> Equivalence:
    """Declare that completing ``equivalent`` counts for ``training`` in every path that
    links ``training`` with the equivalence rule. Declared by the training's producing
    entity (whoever may edit it), read both ways; audited."""
    if not can(actor, "catalog.change_training", training):
        raise PathError(_("Vous ne pouvez pas modifier cette formation."))
    equivalent = (
        equivalence_candidates(user=actor, training=training).filter(pk=equivalent_id).first()
    )
    if equivalent is None:
        raise PathError(_("Choisissez une autre formation que vous pouvez voir."))
    if Equivalence.objects.filter(
        Q(training=training, equivalent=equivalent) | Q(training=equivalent, equivalent=training)
    ).exists():
        raise PathError(_("Ces deux formations sont déjà déclarées équivalentes."))
    declared_by = training.owner_entity or training.producer
    equivalence = Equivalence.objects.create(
        training=training, equivalent=equivalent, declared_by=declared_by
    )
    audit_record(
        actor=actor,
        action="paths.equivalence_declared",
        target=equivalence,
        entity=declared_by,
        data={"training_id": training.pk, "equivalent_id": equivalent.pk},
    )
    return equivalence


@transaction.atomic
def equivalence_remove(*, actor: User, equivalence_id: int) -> None:
    """Withdraw an equivalence (by whoever may edit the declaring side's training): credits
    that relied on it are withdrawn at once, being computed."""
    equivalence = (
        Equivalence.objects.select_related("training", "equivalent")
        .filter(pk=equivalence_id)
        .first()
    )
    if equivalence is None:
        return
    if not can(actor, "catalog.change_training", equivalence.training):
        raise PathError(_("Vous ne pouvez pas modifier cette formation."))
    audit_record(
        actor=actor,
        action="paths.equivalence_removed",
        target=equivalence,
        entity=equivalence.declared_by,
        data={
            "training_id": equivalence.training_id,
            "equivalent_id": equivalence.equivalent_id,
        },
    )
    pair = {equivalence.training_id, equivalence.equivalent_id}
    equivalence.delete()
    # Path completions that needed a credit through it are undone (set-based: only those
    # that fall are locked and rewritten).
    path_completions_recheck(
        enrolments=Enrolment.objects.filter(
            completion__isnull=False,
            session__path_plan__sections__modules__credit_rule=CreditRule.EQUIVALENT,
            session__path_plan__sections__modules__linked_session__training_id__in=pair,
        ).distinct(),
        actor=actor,
        reason=_("équivalence retirée entre « %(a)s » et « %(b)s »")
        % {"a": equivalence.training.title, "b": equivalence.equivalent.title},
    )


def equivalences_of(*, training: Training) -> list[tuple[Equivalence, Training]]:
    """The equivalences of ``training`` (both ways) with the other training of each."""
    rows = Equivalence.objects.filter(Q(training=training) | Q(equivalent=training)).select_related(
        "training__producer", "equivalent__producer", "declared_by"
    )
    return [
        (e, e.equivalent if e.training_id == training.pk else e.training)
        for e in rows.order_by("created_at", "pk")
    ]
