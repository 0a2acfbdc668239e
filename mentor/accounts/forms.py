from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.accounts.models import Category, EmploymentStatus, Gender
from mentor.organisations.models import Entity


class SignupExtraForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password. No entity: it is derived."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])


def _optional(choices) -> list[tuple[str, str]]:
    return [("", _("Non renseigné"))] + list(choices)


#: Category, status and gender feed anonymous statistics and may select the people a
#: campaign prescribes a training to (prescriptions' typology populations).
TYPOLOGY_HELP = _(
    "Facultatif. Sert aux statistiques anonymes et, le cas échéant, à vous prescrire une "
    "formation destinée à votre catégorie ou à votre statut."
)


class ProfileForm(DsfrBaseForm):
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    category = forms.ChoiceField(
        label=_("Catégorie"),
        choices=_optional(Category.choices),
        required=False,
        help_text=TYPOLOGY_HELP,
    )
    employment_status = forms.ChoiceField(
        label=_("Statut"),
        choices=_optional(EmploymentStatus.choices),
        required=False,
        help_text=TYPOLOGY_HELP,
    )
    gender = forms.ChoiceField(
        label=_("Genre"),
        choices=_optional(Gender.choices),
        required=False,
        help_text=TYPOLOGY_HELP,
    )
    agent_id = forms.CharField(
        label=_("Identifiant agent (matricule RH)"),
        max_length=40,
        required=False,
        help_text=_(
            "Facultatif. Transmis avec vos formations terminées au système d’information RH "
            "de votre ministère."
        ),
    )


class AccountEraseForm(DsfrBaseForm):
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirm = forms.BooleanField(
        label=_(
            "Je comprends que mon compte et mes données personnelles seront supprimés "
            "définitivement."
        ),
        required=True,
        error_messages={"required": _("Cochez la case pour confirmer la suppression.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            self.fields["password"].required = True
            self.fields["password"].error_messages["required"] = _(
                "Saisissez votre mot de passe pour confirmer."
            )
        else:
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe est incorrect."))
        return password


class AttachmentOverrideForm(forms.Form):
    """Admin form: attach a user to an entity the admin controls, with a mandatory reason."""

    entity = forms.ModelChoiceField(
        label=_("Nouvelle entité de rattachement"),
        queryset=Entity.objects.none(),
        required=False,
        empty_label=_("Aucune (autre utilisateur)"),
    )
    reason = forms.CharField(
        label=_("Motif"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = entities
