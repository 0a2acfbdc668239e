from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.attestations.models import NUMBER_MAX_INPUT, number_normalise


class VerifyForm(DsfrBaseForm):
    numero = forms.CharField(
        label=_("Numéro de l’attestation"),
        help_text=_("Il figure en bas de l’attestation, par exemple MNT-2026-AB23CD45."),
        max_length=NUMBER_MAX_INPUT,
        error_messages={"required": _("Saisissez le numéro de l’attestation.")},
    )

    def clean_numero(self) -> str:
        number = number_normalise(self.cleaned_data["numero"])
        if number is None:
            raise forms.ValidationError(
                _(
                    "Ce numéro n’a pas le format d’un numéro d’attestation "
                    "(MNT, l’année et 8 caractères, par exemple MNT-2026-AB23CD45)."
                )
            )
        return number
