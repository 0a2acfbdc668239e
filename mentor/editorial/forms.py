from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.core.richtext import RichTextField
from mentor.editorial.models import (
    CRITERION_HELP,
    Application,
    CallForProjects,
    Criterion,
    Opinion,
    Resource,
)

DECISION_CHOICES = [
    ("publish", _("Publier la formation")),
    ("request_changes", _("Demander des modifications au concepteur")),
    ("refuse", _("Refuser la publication")),
]


class DecisionForm(DsfrBaseForm):
    """One opinion and one comment per publication criterion, then the decision."""

    def __init__(self, *args, review=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {a.criterion: a for a in review.assessments.all()} if review else {}
        self.criteria = []
        for criterion in Criterion:
            current = existing.get(criterion.value)
            opinion = forms.ChoiceField(
                label=_("Avis"),
                choices=[("", _("Pas d’avis"))] + list(Opinion.choices),
                required=False,
                initial=current.opinion if current else "",
            )
            comment = forms.CharField(
                label=_("Commentaire"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )
            self.fields[f"{criterion.value}_opinion"] = opinion
            self.fields[f"{criterion.value}_comment"] = comment
            self.criteria.append(
                {
                    "value": criterion.value,
                    "label": criterion.label,
                    "help": CRITERION_HELP[criterion],
                    "opinion": f"{criterion.value}_opinion",
                    "comment": f"{criterion.value}_comment",
                }
            )
        self.fields["comment"] = forms.CharField(
            label=_("Commentaire général pour le concepteur"),
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["decision"] = forms.ChoiceField(
            label=_("Décision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
        )

    def criteria_fields(self):
        for item in self.criteria:
            yield {**item, "opinion": self[item["opinion"]], "comment": self[item["comment"]]}

    def assessments(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            c["value"]: (data.get(c["opinion"]) or "", data.get(c["comment"]) or "")
            for c in self.criteria
        }


class SpacePageForm(DsfrBaseForm):
    intro = RichTextField(label=_("Présentation de l’espace"), required=False, max_length=20000)
    featured = forms.ModelMultipleChoiceField(
        label=_("Formations mises en avant"),
        queryset=Training.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured"].queryset = Training.objects.filter(
            state="published", owner_entity__path__startswith=entity.path
        ) | Training.objects.filter(
            state="published", owner_entity__isnull=True, producer__path__startswith=entity.path
        )


class NewsForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre de l’actualité"), max_length=200)
    body = RichTextField(label=_("Texte"), max_length=20000)


class ResourceForm(forms.ModelForm, DsfrBaseForm):
    body = RichTextField(label=_("Contenu"), required=False, max_length=50000)

    class Meta:
        model = Resource
        fields = ["kind", "title", "slug", "summary", "body", "file", "published", "position"]


class ApplicationForm(forms.ModelForm, DsfrBaseForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training"].queryset = trainings_editable_by(user).order_by("title")
        self.fields["training"].help_text = _(
            "Facultatif : la formation que le projet produit. Son auto-évaluation qualité "
            "est jointe à la candidature."
        )

    class Meta:
        model = Application
        fields = ["project_title", "description", "audience", "budget_eur", "training"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "audience": forms.Textarea(attrs={"rows": 2}),
        }


class CallForm(forms.ModelForm, DsfrBaseForm):
    """A call for projects, written by the committee in the front office."""

    body = RichTextField(label=_("Présentation de l’appel"), required=False, max_length=50000)

    class Meta:
        model = CallForProjects
        fields = ["title", "summary", "body", "opens_on", "closes_on", "published"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "published": _("Visible des concepteurs et administrateurs sur « Ressources »."),
        }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("La clôture doit suivre l’ouverture."))
        return cleaned


class ApplicationCommentForm(DsfrBaseForm):
    text = forms.CharField(
        label=_("Commentaire"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    internal = forms.BooleanField(
        label=_("Note interne au comité (non envoyée au porteur)"), required=False
    )

    def __init__(self, *args, committee: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not committee:
            del self.fields["internal"]


class ApplicationDecisionForm(DsfrBaseForm):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Message au porteur du projet"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire si le projet n’est pas retenu."),
    )
