"""The work-situation and experience-feedback activity kinds, plugged into learning's
player, preview and editor through its kinds registry (usable in any training)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.learning.kinds import KindHooks, register_kind
from mentor.learning.models import ActivityKind
from mentor.paths.submissions import MAX_TEXT, submission_of

EDITOR_FIELDS = ("title", "required", "completion_rule", "body")


class SubmissionForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Votre texte"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=MAX_TEXT,
    )
    file = forms.FileField(
        label=_("Votre livrable"),
        required=False,
        help_text=_("PDF, document bureautique, texte, image ou archive ZIP."),
    )

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind == ActivityKind.FEEDBACK:
            del self.fields["file"]
            label = _("Votre retour d’expérience")
        else:
            label = _("Un mot pour votre tuteur (facultatif)")
        # The DSFR form has already built (and cached) its bound fields: relabel both.
        self.fields["text"].label = label
        self["text"].label = label


def _player(*, request, enrolment, activity) -> dict:
    submission = submission_of(enrolment=enrolment, activity=activity)
    return {
        "submission": submission,
        "submission_form": SubmissionForm(
            kind=activity.kind, initial={"text": submission.text if submission else ""}
        ),
    }


def _preview(*, request, activity) -> dict:
    return {"preview": True}


for kind in (ActivityKind.WORK_SITUATION, ActivityKind.FEEDBACK):
    register_kind(
        kind,
        KindHooks(
            editor_fields=EDITOR_FIELDS,
            player=_player,
            preview=_preview,
            template=f"paths/kinds/{kind.value}.html",
        ),
    )
