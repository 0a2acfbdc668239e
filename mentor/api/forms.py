from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        help_text=_("Pour vous y retrouver : le système qui l’utilisera, par exemple."),
        max_length=100,
    )
