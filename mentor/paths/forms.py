from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.paths.models import CreditRule


class ModuleForm(forms.Form):
    section = forms.IntegerField(widget=forms.HiddenInput)
    linked_session = forms.TypedChoiceField(label=_("Session liée"), coerce=int)
    required = forms.BooleanField(label=_("Module obligatoire"), required=False, initial=True)
    credit_rule = forms.ChoiceField(
        label=_("Reprise des acquis"), choices=CreditRule.choices, initial=CreditRule.SAME_TRAINING
    )
    validity_years = forms.IntegerField(
        label=_("Validité des acquis (années, facultatif)"),
        min_value=1,
        max_value=50,
        required=False,
    )

    available_from = forms.DateField(label=_("Disponible à partir du (facultatif)"), required=False)
    requires = forms.TypedMultipleChoiceField(
        label=_("Disponible après les modules (facultatif)"), coerce=int, required=False
    )

    def __init__(self, *args, sessions=(), modules=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["linked_session"].choices = [
            (s.pk, f"{s.training.title} — {s.title} ({s.training.producer.short_name})")
            for s in sessions
        ]
        self.fields["requires"].choices = [(m.pk, m.linked_session.training.title) for m in modules]
