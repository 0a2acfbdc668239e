from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.quality.models import Phase, Rating


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase du projet"), choices=Phase.choices)


class AssessmentForm(forms.Form):
    """One radio group per criterion (``c-<pk>``), then a comment."""

    comment = forms.CharField(
        label=_("Commentaire (facultatif)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c-{criterion.pk}"] = forms.ChoiceField(
                label=criterion.text,
                choices=Rating.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez une réponse pour ce critère.")},
            )

    def ratings(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data[f"c-{c.pk}"] for c in self.criteria}

    def groups(self) -> list[dict]:
        """Criteria grouped by phase then domain, each with its bound field."""
        groups: list[dict] = []
        for criterion in self.criteria:
            if not groups or groups[-1]["phase"] != criterion.get_phase_display():
                groups.append({"phase": criterion.get_phase_display(), "domains": []})
            domains = groups[-1]["domains"]
            if not domains or domains[-1]["domain"] != criterion.get_domain_display():
                domains.append({"domain": criterion.get_domain_display(), "items": []})
            domains[-1]["items"].append(
                {"criterion": criterion, "field": self[f"c-{criterion.pk}"]}
            )
        return groups
