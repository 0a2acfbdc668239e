"""Surveys' part of a training copy (``catalog.copiers``): the training's extra questions
(never the answers)."""

from django.utils.translation import ngettext

from mentor.catalog.copiers import Copier, CopyContext, register_copier
from mentor.surveys.models import SurveyQuestion


def _count(training) -> int:
    return 1


def _describe(training) -> list[str]:
    n = SurveyQuestion.objects.filter(training=training).count()
    if not n:
        return []
    return [
        ngettext(
            "%(n)s question complémentaire du questionnaire de satisfaction",
            "%(n)s questions complémentaires du questionnaire de satisfaction",
            n,
        )
        % {"n": n}
    ]


def _copy(context: CopyContext) -> None:
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                training=context.target,
                text=q.text,
                kind=q.kind,
                position=q.position,
                required=q.required,
            )
            for q in SurveyQuestion.objects.filter(training=context.source).order_by("pk")
        ]
    )
    context.advance(1)


def register() -> None:
    register_copier("surveys", Copier(count=_count, copy=_copy, describe=_describe), order=30)
