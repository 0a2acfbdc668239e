from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.help.models import ContactTopic


class ContactForm(DsfrBaseForm):
    topic = forms.ChoiceField(
        label=_("Sujet"), choices=[("", _("Choisissez un sujet"))] + list(ContactTopic.choices)
    )
    message = forms.CharField(
        label=_("Votre message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    attachment = forms.FileField(
        label=_("Pièce jointe (facultative)"),
        required=False,
        help_text=_("PDF, image PNG ou JPEG, document bureautique ; 5 Mo au plus."),
    )


class PersonalFileForm(DsfrBaseForm):
    file = forms.FileField(
        label=_("Ajouter un fichier"),
        help_text=_(
            "PDF, document bureautique, texte, image PNG ou JPEG ; 10 Mo au plus par fichier."
        ),
    )
