"""The dashboard's filters, read from the URL (a filtered dashboard is a shareable link)."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor.catalog.models import Collection, Modality
from mentor.core.errors import Refusal
from mentor.reporting.permissions import ReportScope, entities_for_filter, trainings_for_filter
from mentor.reporting.selectors import Filters, Offer

DEFAULT_DAYS = 365
MAX_DAYS = 5 * 366


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
    entity = forms.ModelChoiceField(
        label=_("Entité (et ses sous-entités)"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("Tout le périmètre"),
    )
    collection = forms.ModelChoiceField(
        label=_("Collection"),
        queryset=Collection.objects.order_by("position", "name"),
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes"),
    )
    training = forms.ModelChoiceField(
        label=_("Formation"),
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label=_("Toutes"),
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
        entities = entities_for_filter(user, scope)
        if scope.shows_accounts:
            self.fields["entity"].queryset = entities
            self.fields["entity"].label_from_instance = lambda e: "\u00a0\u00a0" * e.depth + e.name
        else:
            del self.fields["entity"]
        self.fields["training"].queryset = trainings_for_filter(user, scope)

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
    """The filters of a valid form as the URL carries them (stored with an export job)."""
    return {key: str(form.data.get(key, "")) for key in FILTER_KEYS if form.data.get(key)}


def filters_from_params(params: dict, *, user, scope: ReportScope) -> Filters:
    """The filters of a stored job, checked again against the requester's scope today."""
    form = ReportFilterForm(params, user=user, scope=scope)
    if not form.is_valid():
        raise Refusal(_("Les filtres de cet export ne sont plus valables."))
    return form.filters()
