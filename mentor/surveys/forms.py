from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr

from mentor.surveys.models import COMMENT_MAX, QuestionKind, Satisfaction, SurveyQuestion
from mentor.surveys.services import EXTRA_TEXT_MAX

YES, NO = "oui", "non"
YES_NO = [(YES, _("Oui")), (NO, _("Non"))]
SCALE = [(str(level.value), f"{level.value} — {level.label}") for level in Satisfaction]


def _radios(*, inline: bool = False) -> forms.RadioSelect:
    """DSFR radio buttons. Still a plain ``RadioSelect`` (the field partial picks the DSFR
    fieldset by widget type), with the DSFR option markup and the inline flag it reads."""
    widget = forms.RadioSelect()
    widget.option_template_name = "surveys/_radio_option.html"
    widget.inline = inline
    return widget


def _yes_no(label, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == YES,
        empty_value=None,
        widget=_radios(inline=True),
        required=required,
        error_messages={"required": _("Répondez par oui ou par non.")},
    )


def _scale(label, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE,
        coerce=int,
        empty_value=None,
        widget=_radios(),
        required=required,
        error_messages={
            "required": _("Choisissez une note de 1 à 5."),
            "invalid_choice": _("Choisissez une note de 1 à 5."),
        },
    )


class SurveyForm(DsfrBaseForm):
    """The three fixed questions, the comment, then the training's extra questions."""

    satisfaction = _scale(_("Dans l’ensemble, êtes-vous satisfait de cette formation ?"))
    adapted = _yes_no(_("La formation était-elle adaptée à vos besoins ?"))
    reuse = _yes_no(_("Pensez-vous réinvestir ce que vous avez appris dans votre travail ?"))
    comment = forms.CharField(
        label=_("Commentaire"),
        help_text=_(
            "Facultatif. Les commentaires sont transmis sans votre nom aux responsables de la "
            "formation : n’y écrivez pas d’informations qui permettent de vous reconnaître."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX,
        required=False,
    )

    def __init__(self, *args, questions: list[SurveyQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == QuestionKind.SCALE:
                field = _scale(question.text, required=question.required)
            elif question.kind == QuestionKind.YES_NO:
                field = _yes_no(question.text, required=question.required)
            else:
                field = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=EXTRA_TEXT_MAX,
                    required=question.required,
                )
            name = self.extra_name(question)
            self.fields[name] = field
            # Fields added after DsfrBaseForm.__init__ need its CSS classes too.
            dsfr_input_class_attr(self[name])

    @staticmethod
    def extra_name(question: SurveyQuestion) -> str:
        return f"question_{question.pk}"

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        return [self[self.extra_name(q)] for q in self.questions]

    def to_data(self) -> dict[str, Any]:
        """The service's input: typed values, extra answers keyed by question id."""
        data = self.cleaned_data
        return {
            "satisfaction": data["satisfaction"],
            "adapted": data["adapted"],
            "reuse": data["reuse"],
            "comment": data.get("comment", ""),
            "extra": {
                str(q.pk): data.get(self.extra_name(q))
                for q in self.questions
                if data.get(self.extra_name(q)) not in (None, "")
            },
        }


class SurveyQuestionForm(DsfrBaseForm):
    """A designer's extra question (see ``services.survey_question_add``)."""

    text = forms.CharField(
        label=_("Question"),
        max_length=500,
        error_messages={"required": _("Rédigez la question.")},
    )
    kind = forms.ChoiceField(
        label=_("Type de réponse"),
        choices=QuestionKind.choices,
        error_messages={"invalid_choice": _("Choisissez le type de réponse.")},
    )
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
