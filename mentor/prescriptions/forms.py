from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentor.accounts.models import Category, EmploymentStatus, Gender, User
from mentor.accounts.permissions import administered_entities
from mentor.catalog.models import Session
from mentor.prescriptions.models import MAX_VALIDITY_MONTHS, CampaignKind
from mentor.prescriptions.permissions import invitable_sessions
from mentor.prescriptions.services import prescribable_trainings

MAX_UPLOAD = 20 * 1024 * 1024


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Intitulé de la campagne"), max_length=200)
    training = forms.ModelChoiceField(label=_("Formation prescrite"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Caractère"),
        choices=CampaignKind.choices,
        initial=CampaignKind.MANDATORY,
        widget=forms.RadioSelect,
    )
    starts_on = forms.DateField(
        label=_("Début"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    due_on = forms.DateField(
        label=_("Échéance"),
        help_text=_("Date à laquelle la formation doit être terminée."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    entities = forms.ModelMultipleChoiceField(
        label=_("Entités ciblées"),
        help_text=_(
            "Chaque entité avec ses sous-entités. Maintenez Ctrl pour en choisir plusieurs."
        ),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories (facultatif)"),
        help_text=_("Seulement les agents des entités ciblées de ces catégories."),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    employment_statuses = forms.MultipleChoiceField(
        label=_("Statuts (facultatif)"),
        choices=EmploymentStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    genders = forms.MultipleChoiceField(
        label=_("Genres (facultatif)"),
        choices=Gender.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_file = forms.FileField(
        label=_("Liste de personnes (CSV)"),
        help_text=_(
            "Une personne par ligne, par son adresse électronique ou son identifiant agent "
            "(matricule du SIRH) : première colonne, séparateur « ; » ou « , », UTF-8. "
            "Toutes les lignes sont vérifiées : en cas d'erreur, rien n'est créé."
        ),
        required=False,
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("La session ouverte qui a des places"),
    )
    dedicated_session = forms.BooleanField(
        label=_("Créer une session dédiée à la campagne"),
        help_text=_(
            "Du début à l'échéance, sans limite de places. Réservé à qui peut modifier "
            "les sessions de la formation."
        ),
        required=False,
    )
    enrol_directly = forms.BooleanField(
        label=_("Inscrire directement les personnes à la session"), required=False
    )
    validity = forms.IntegerField(
        label=_("Validité des acquis antérieurs (facultatif)"),
        help_text=_(
            "Une personne qui a déjà terminé la formation (ou une formation équivalente) "
            "n'est pas assignée à nouveau si elle l'a terminée depuis moins de cette durée. "
            "Vide : un achèvement antérieur compte sans limite de durée."
        ),
        required=False,
        min_value=1,
        error_messages={
            "min_value": _("La validité des acquis est d'au moins 1 mois."),
            "invalid": _("Indiquez un nombre entier de mois ou d'années."),
        },
    )
    validity_unit = forms.ChoiceField(
        label=_("Unité de la validité"),
        choices=[("years", _("ans")), ("months", _("mois"))],
        initial="years",
        required=False,
    )
    reminder_offsets = forms.CharField(
        label=_("Relances (jours avant l'échéance)"),
        help_text=_("Par exemple « 14,7,1 ». Vide : aucune relance."),
        initial="14,7,1",
        required=False,
        max_length=60,
    )
    message = forms.CharField(
        label=_("Message aux agents"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        trainings = prescribable_trainings(actor=actor).order_by("title")
        self.fields["training"].queryset = trainings
        self.fields["entities"].queryset = administered_entities(actor).order_by("path")
        self.fields["session"].queryset = (
            Session.objects.filter(training__in=trainings, ends_on__gte=timezone.localdate())
            .select_related("training")
            .order_by("training__title", "starts_on")
        )
        self.fields["session"].label_from_instance = lambda s: f"{s.training.title} — {s.title}"
        self.fields["entities"].label_from_instance = lambda e: "\u00a0\u00a0" * e.depth + e.name
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    @property
    def typology(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            "category": data.get("categories") or [],
            "employment_status": data.get("employment_statuses") or [],
            "gender": data.get("genders") or [],
        }

    def clean(self):
        data = super().clean()
        number = data.get("validity")
        months = None
        if number is not None:
            months = number * 12 if data.get("validity_unit") != "months" else number
            if months > MAX_VALIDITY_MONTHS:
                self.add_error("validity", _("La validité des acquis est d'au plus 50 ans."))
        data["validity_months"] = months
        return data

    def clean_people_file(self):
        upload = self.cleaned_data.get("people_file")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Le fichier dépasse 20 Mo : découpez-le."))
        return upload


class InvitationForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    email = forms.EmailField(
        label=_("Adresse électronique de la personne invitée"),
        help_text=_("Une personne qui n'est pas agent de l'État : prestataire, partenaire…"),
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            invitable_sessions(actor)
            .select_related("training")
            .order_by("training__title", "starts_on")
        )
        self.fields["session"].label_from_instance = lambda s: f"{s.training.title} — {s.title}"


class InvitedAccountForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Mot de passe (confirmation)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            try:
                password_validation.validate_password(first, User(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
