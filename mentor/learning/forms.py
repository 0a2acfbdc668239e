from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm


class ThreadForm(DsfrBaseForm):
    title = forms.CharField(label=_("Sujet"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


class PostForm(DsfrBaseForm):
    body = forms.CharField(label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
