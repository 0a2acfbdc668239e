from django import forms
from django.utils.translation import gettext_lazy as _

from mentor.catalog.models import Licence
from mentor.library.permissions import copy_destinations
from mentor.library.services import DESCRIPTION_MAX


class DepositForm(forms.Form):
    description = forms.CharField(
        label=_("Description pour les autres concepteurs"),
        help_text=_("Public visé, modalités, ce qu’il faut adapter au contexte local…"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX,
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices)


class CopyForm(forms.Form):
    title = forms.CharField(label=_("Titre de la copie"), max_length=255)


class AdaptForm(CopyForm):
    destination = forms.ModelChoiceField(
        label=_("Offre interne dans laquelle la copie est créée"),
        queryset=None,
        empty_label=None,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = copy_destinations(user)
