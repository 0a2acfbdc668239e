"""Answering the satisfaction questionnaire.

The questionnaire opens once the enrolment is completed and takes one answer per agent and
training. It never conditions the attestation: that is issued on completion, whatever the
agent does here.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mentor.accounts.models import User
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from mentor.surveys.models import COMMENT_MAX, QuestionKind, SurveyQuestion, SurveyResponse

EXTRA_TEXT_MAX = 2000


class SurveyError(Refusal):
    """A refusal shown to the agent as is; nothing was stored."""


def _scale(value: Any) -> int | None:
    """An integer 1..5 (also from a form's "3"); None for anything else (bools included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 1:
        value = int(value.strip())
    return value if isinstance(value, int) and 1 <= value <= 5 else None


def _clean(data: Mapping[str, Any], questions: list[SurveyQuestion]) -> dict[str, Any]:
    satisfaction = _scale(data.get("satisfaction"))
    if satisfaction is None:
        raise SurveyError(_("Indiquez votre satisfaction par une note de 1 à 5."))
    adapted, reuse = data.get("adapted"), data.get("reuse")
    if not isinstance(adapted, bool):
        raise SurveyError(_("Indiquez si la formation était adaptée à vos besoins."))
    if not isinstance(reuse, bool):
        raise SurveyError(
            _("Indiquez si vous pensez réinvestir ce que vous avez appris dans votre travail.")
        )
    comment = data.get("comment") or ""
    if not isinstance(comment, str):
        raise SurveyError(_("Le commentaire doit être un texte."))
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise SurveyError(
            _("Le commentaire ne peut pas dépasser %(n)s caractères.") % {"n": COMMENT_MAX}
        )
    given = data.get("extra") or {}
    if not isinstance(given, Mapping):
        raise SurveyError(_("Les réponses aux questions complémentaires sont illisibles."))
    given = {str(key): value for key, value in given.items()}
    extra: dict[str, Any] = {}
    for question in questions:
        value = given.get(str(question.pk))
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if question.required:
                raise SurveyError(
                    _("Répondez à la question « %(question)s ».") % {"question": question.text}
                )
            continue
        if question.kind == QuestionKind.SCALE:
            value = _scale(value)
            ok = value is not None
        elif question.kind == QuestionKind.YES_NO:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, str) and len(value) <= EXTRA_TEXT_MAX
        if not ok:
            raise SurveyError(
                _("La réponse à la question « %(question)s » n’est pas valable.")
                % {"question": question.text}
            )
        extra[str(question.pk)] = value
    return {
        "satisfaction": satisfaction,
        "adapted": adapted,
        "reuse": reuse,
        "comment": comment,
        "extra": extra,
    }


ALREADY_ANSWERED = gettext_noop(
    "Vous avez déjà répondu au questionnaire de satisfaction de cette formation."
)
NOT_COMPLETED = gettext_noop(
    "Le questionnaire de satisfaction s’ouvre lorsque vous avez terminé la formation."
)


@transaction.atomic
def survey_answer(*, enrolment: Enrolment, data: Mapping[str, Any]) -> SurveyResponse:
    """Store the agent's answer for the enrolment's training.

    ``data``: ``satisfaction`` (1..5), ``adapted`` and ``reuse`` (bools), ``comment``
    (optional text) and ``extra`` ({question id: answer}: 1..5, a bool or a text by the
    question's kind). Refused, with nothing stored, before completion, on a second answer
    for the same training (by any of its sessions) and on any invalid value.
    """
    # The lock serialises a double submission; the unique constraint is the last guard.
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("session__training")
        .get(pk=enrolment.pk)
    )
    training = locked.session.training
    if not Completion.objects.filter(enrolment=locked).exists():
        raise SurveyError(_(NOT_COMPLETED))
    if SurveyResponse.objects.filter(user_id=locked.user_id, training=training).exists():
        raise SurveyError(_(ALREADY_ANSWERED))
    cleaned = _clean(data, list(training.survey_questions.all()))
    try:
        with transaction.atomic():
            return SurveyResponse.objects.create(
                user_id=locked.user_id, training=training, session=locked.session, **cleaned
            )
    except IntegrityError as exc:
        raise SurveyError(_(ALREADY_ANSWERED)) from exc


# --- Extra questions (designers) -----------------------------------------------------------

EXTRA_QUESTIONS_MAX = 10  # a satisfaction survey stays short, or nobody finishes it
QUESTION_TEXT_MAX = 500


def _check_editor(actor: User, training) -> None:
    if not can(actor, "surveys.edit_questions", training):
        raise PermissionDenied(
            _("Vous ne pouvez pas modifier le questionnaire de cette formation.")
        )


@transaction.atomic
def survey_question_add(*, actor: User, training, text: str, kind: str, required: bool = False):
    """Add an extra question after the three standard ones (and after the existing extra
    ones). Answers already given are kept; they simply have no answer to it."""
    _check_editor(actor, training)
    text = " ".join((text or "").split())
    if not text:
        raise SurveyError(_("Rédigez la question."))
    if len(text) > QUESTION_TEXT_MAX:
        raise SurveyError(
            _("La question ne peut pas dépasser %(n)s caractères.") % {"n": QUESTION_TEXT_MAX}
        )
    if kind not in QuestionKind.values:
        raise SurveyError(_("Choisissez le type de réponse."))
    # Lock the training row: two designers adding at once get distinct positions and the
    # limit holds.
    type(training).objects.select_for_update().filter(pk=training.pk).first()
    existing = SurveyQuestion.objects.filter(training=training)
    if existing.count() >= EXTRA_QUESTIONS_MAX:
        raise SurveyError(
            _("Le questionnaire compte déjà %(n)s questions complémentaires, le maximum.")
            % {"n": EXTRA_QUESTIONS_MAX}
        )
    position = (existing.aggregate(m=Max("position"))["m"] or 0) + 1
    return SurveyQuestion.objects.create(
        training=training, text=text, kind=kind, required=bool(required), position=position
    )


@transaction.atomic
def survey_question_delete(*, actor: User, question: SurveyQuestion) -> None:
    """Remove an extra question; the report ignores the answers it had received."""
    _check_editor(actor, question.training)
    question.delete()
