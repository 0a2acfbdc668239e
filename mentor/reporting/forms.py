"""The dashboard's filters, read from the URL (a filtered dashboard is a shareable link)."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentor.catalog.models import Collection, Modality
from mentor.catalog.search import MAX_QUERY_LENGTH
from mentor.core.errors import Refusal
from mentor.reporting.permissions import ReportScope, entities_matching, trainings_matching
from mentor.reporting.selectors import Filters, Offer

DEFAULT_DAYS = 365
MAX_DAYS = 5 * 366
#: Trainings (or entities) offered to choose from when a typed text matches several.
TRAINING_CHOICES = 10


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last 12 months, today included."""
    today = today or timezone.localdate()
    return today - timedelta(days=DEFAULT_DAYS - 1), today


class ReportFilterForm(forms.Form):
    start = forms.DateField(
        label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    #: A text field too: the State's tree of entities is long. Matched like the training.
    entity = forms.CharField(
        label=_("Entité (et ses sous-entités)"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Tapez quelques lettres du nom ou du sigle, puis choisissez une entité parmi les "
            "suggestions ; laissez vide pour tout le périmètre."
        ),
    )
    collection = forms.ModelChoiceField(
        label=_("Collection"),
        queryset=Collection.objects.order_by("position", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes"),
    )
    #: A text field, not a list: the national offer holds thousands of trainings. The text
    #: (a title, words of it, or a slug from a suggestion or a shared link) is matched on
    #: the server among the trainings the reader may report on.
    training = forms.CharField(
        label=_("Formation"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_(
            "Tapez quelques lettres de l’intitulé, puis choisissez une formation parmi les "
            "suggestions ; laissez vide pour toutes les formations."
        ),
    )
    offer = forms.ChoiceField(
        label=_("Offre"), required=False, choices=[("", _("Toutes")), *Offer.choices]
    )
    modality = forms.ChoiceField(
        label=_("Modalité"), required=False, choices=[("", _("Toutes")), *Modality.choices]
    )

    def __init__(self, data, *, user, scope: ReportScope, **kwargs) -> None:
        """Always bound: a missing period is the default one, shown in the fields."""
        data = data.copy() if data is not None else {}
        start, end = default_period()
        if not data.get("start"):
            data["start"] = start.isoformat()
        if not data.get("end"):
            data["end"] = end.isoformat()
        super().__init__(data, **kwargs)
        self.scope = scope
        if not scope.shows_accounts:
            del self.fields["entity"]
        self.user = user
        #: When the typed text matches several trainings: the first of them, to choose from.
        self.training_choices: list = []
        self.entity_choices: list = []

    def clean_entity(self):
        return self._one_of_scope(
            "entity",
            entities_matching,
            none=_("Aucune entité de votre périmètre ne correspond à « %(text)s »."),
            several=_(
                "Plusieurs entités correspondent à « %(text)s » : choisissez-en une "
                "ci-dessous ou précisez le nom."
            ),
        )

    def clean_training(self):
        return self._one_of_scope(
            "training",
            trainings_matching,
            none=_("Aucune formation de votre périmètre ne correspond à « %(text)s »."),
            several=_(
                "Plusieurs formations correspondent à « %(text)s » : choisissez-en une "
                "ci-dessous ou précisez l’intitulé."
            ),
        )

    def _one_of_scope(self, name: str, matching, *, none: str | Promise, several: str | Promise):
        """The one object of the reader's scope that ``matching`` finds for the text typed
        in the field ``name`` (None for no text). Else the field's error: ``none`` when
        nothing matches; ``several`` when more than one does, the first of them kept in
        ``<name>_choices`` for the reader to choose from."""
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        found = matching(self.user, self.scope, text, limit=TRAINING_CHOICES + 1)
        if not found:
            raise forms.ValidationError(str(none) % {"text": text})
        if len(found) > 1:
            setattr(self, f"{name}_choices", found[:TRAINING_CHOICES])
            raise forms.ValidationError(str(several) % {"text": text})
        return found[0]

    def label(self, name: str) -> str:
        """What a text filter shows: the chosen training's title or entity's name, else
        the text as typed."""
        chosen = getattr(self, "cleaned_data", {}).get(name)
        if chosen is not None and name not in self.errors:
            return chosen.title if name == "training" else chosen.name
        return str(self.data.get(name, ""))

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            return data  # the field already says what is wrong
        if end < start:
            raise forms.ValidationError(_("La date de fin doit suivre la date de début."))
        if (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("La période ne peut pas dépasser cinq ans."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            start=data["start"],
            end=data["end"],
            entity=data.get("entity"),
            collection=data.get("collection"),
            training=data.get("training"),
            offer=data.get("offer") or "",
            modality=data.get("modality") or "",
        )


FILTER_KEYS = ("start", "end", "entity", "collection", "training", "offer", "modality")


def params_of(form: ReportFilterForm) -> dict[str, str]:
    """The filters of a valid form as the URL carries them (stored with an export job), the
    training by its slug (a title may later match another one)."""
    params = {key: str(form.data.get(key, "")) for key in FILTER_KEYS if form.data.get(key)}
    for name in ("training", "entity"):
        if form.cleaned_data.get(name) is not None:
            params[name] = form.cleaned_data[name].slug
    return params


def filters_from_params(params: dict, *, user, scope: ReportScope) -> Filters:
    """The filters of a stored job, checked again against the requester's scope today."""
    form = ReportFilterForm(params, user=user, scope=scope)
    if not form.is_valid():
        raise Refusal(_("Les filtres de cet export ne sont plus valables."))
    return form.filters()
