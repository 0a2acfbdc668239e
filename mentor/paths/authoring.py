"""Designing a path: sections and modules of each path session, and the completion rule.

Writes for designers (``catalog.change_training`` on the path). A module links only to a
session the designer may see or edit (the catalog's own scope querysets: an internal
offer of Justice can be linked only by someone who can see it), never to the path itself.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.catalog.models import Session, Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.selectors import trainings_visible_to
from mentor.core.permissions import can
from mentor.paths.models import CreditRule, PathModule, PathPlan, PathSection
from mentor.paths.services import PathError


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
