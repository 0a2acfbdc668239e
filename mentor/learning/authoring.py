"""Authoring services: designers build sections, activities and quiz questions.

Every function checks ``learning.author_training`` on the training, runs in a transaction
and sanitises rich text (``nh3``: a fixed allow-list of tags and attributes; scripts,
styles, event handlers and ``javascript:`` links are dropped).
"""

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from mentor.core.permissions import can
from mentor.learning.models import (
    RULES_BY_KIND,
    Activity,
    ActivityKind,
    Choice,
    Question,
    QuestionKind,
    Section,
)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "u",
    "s",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "hr",
    "span",
    "abbr",
    "sub",
    "sup",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "span": {"lang"},
}


def sanitise_html(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _check(actor, training) -> None:
    if not can(actor, "learning.author_training", training):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le contenu de cette formation."))


def _next_position(qs) -> int:
    return (qs.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def section_create(*, actor, training, title: str) -> Section:
    _check(actor, training)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la section.")})
    return Section.objects.create(
        training=training, title=title[:200], position=_next_position(training.sections.all())
    )


@transaction.atomic
def section_update(*, actor, section: Section, title: str) -> Section:
    _check(actor, section.training)
    section.title = (title or "").strip()[:200] or section.title
    section.save(update_fields=["title", "updated_at"])
    return section


@transaction.atomic
def activity_save(*, actor, activity: Activity) -> Activity:
    """Create or update an activity from a validated form instance."""
    training = activity.section.training
    _check(actor, training)
    allowed = RULES_BY_KIND[ActivityKind(activity.kind)]
    if not activity.completion_rule:
        activity.completion_rule = allowed[0]
    if activity.completion_rule not in allowed:
        raise ValidationError(
            {
                "completion_rule": _(
                    "Cette condition d’achèvement ne convient pas à ce type d’activité."
                )
            }
        )
    activity.body = sanitise_html(activity.body)
    if activity.pk is None:
        activity.position = _next_position(activity.section.activities.all())
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_move(*, actor, activity: Activity, direction: int) -> None:
    """Move one step up (-1) or down (+1) in the course order. At the edge of a section the
    activity goes to the end of the previous section or the start of the next one."""
    training = activity.section.training
    _check(actor, training)
    siblings = list(activity.section.activities.select_for_update().order_by("position", "pk"))
    index = next(i for i, a in enumerate(siblings) if a.pk == activity.pk)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, item in enumerate(siblings):
            Activity.objects.filter(pk=item.pk).update(position=position)
        return
    sections = list(training.sections.order_by("position", "pk"))
    s_index = next(i for i, s in enumerate(sections) if s.pk == activity.section_id)
    s_target = s_index + (1 if direction > 0 else -1)
    if not 0 <= s_target < len(sections):
        return
    destination = sections[s_target]
    if direction > 0:
        Activity.objects.filter(section=destination).update(position=F("position") + 1)
        activity.position = 0
    else:
        activity.position = _next_position(destination.activities.all())
    activity.section = destination
    activity.save(update_fields=["section", "position"])


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    _check(actor, activity.section.training)
    if activity.progress.exists():
        raise ValidationError(
            _(
                "Des apprenants ont déjà commencé cette activité : rendez-la facultative plutôt que de la supprimer."
            )
        )
    activity.delete()


@transaction.atomic
def question_add(
    *,
    actor,
    activity: Activity,
    kind: str,
    text: str,
    choices_text: str = "",
    accepted_answers: str = "",
    feedback: str = "",
    points: int = 1,
) -> Question:
    """Add a question. Choices are one per line, the correct ones prefixed with "*"."""
    _check(actor, activity.section.training)
    if activity.kind != ActivityKind.QUIZ:
        raise ValidationError(_("Seul un quiz contient des questions."))
    question = Question(
        activity=activity,
        kind=kind,
        text=(text or "").strip(),
        points=points,
        feedback=(feedback or "").strip(),
        accepted_answers=(accepted_answers or "").strip(),
        position=_next_position(activity.questions.all()),
    )
    question.full_clean()
    lines = [line.strip() for line in (choices_text or "").splitlines() if line.strip()]
    if kind == QuestionKind.TRUE_FALSE and not lines:
        raise ValidationError(
            {"choices_text": _("Indiquez « *Vrai » ou « *Faux » pour la bonne réponse.")}
        )
    if kind == QuestionKind.SHORT:
        if not question.accepted_answers:
            raise ValidationError(
                {"accepted_answers": _("Indiquez au moins une réponse acceptée.")}
            )
    else:
        if kind == QuestionKind.TRUE_FALSE:
            correct_true = any(
                line.lstrip("*").strip().lower() == "vrai" and line.startswith("*")
                for line in lines
            )
            lines = ["*Vrai" if correct_true else "Vrai", "Faux" if correct_true else "*Faux"]
        correct = [line for line in lines if line.startswith("*")]
        if len(lines) < 2 or not correct:
            raise ValidationError(
                {"choices_text": _("Indiquez au moins deux choix, dont un bon précédé de « * ».")}
            )
        if kind == QuestionKind.SINGLE and len(correct) != 1:
            raise ValidationError(
                {"choices_text": _("Une question à choix unique a une seule bonne réponse.")}
            )
    question.save()
    if kind != QuestionKind.SHORT:
        Choice.objects.bulk_create(
            [
                Choice(
                    question=question,
                    text=line.lstrip("*").strip()[:500],
                    correct=line.startswith("*"),
                    position=i,
                )
                for i, line in enumerate(lines)
            ]
        )
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    _check(actor, question.activity.section.training)
    question.delete()
