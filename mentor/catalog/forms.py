from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.catalog.models import Collection, Session, SessionMeeting, Training
from mentor.catalog.permissions import entities_for_editor, tutor_candidates
from mentor.catalog.publication import states_reachable
from mentor.core.html import images_without_alt, looks_like_html, sanitise_html
from mentor.core.permissions import can
from mentor.core.richtext import RichTextWidget


class TrainingForm(forms.ModelForm, DsfrBaseForm):
    class Meta:
        model = Training
        fields = [
            "title",
            "slug",
            "summary",
            "objectives",
            "content",
            "prerequisites",
            "audience",
            "jobs",
            "duration_hours",
            "modality",
            "certifying",
            "is_path",
            "licence",
            "producer",
            "owner_entity",
            "collections",
            "keywords",
            "image",
            "image_alt",
            "state",
            "featured",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "objectives": RichTextWidget(),
            "content": RichTextWidget(),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
            "audience": forms.Textarea(attrs={"rows": 2}),
            "collections": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        entities = entities_for_editor(user).order_by("path")
        self.fields["producer"].queryset = entities
        self.fields["owner_entity"].queryset = entities
        self.fields["collections"].queryset = Collection.objects.order_by("position", "name")
        self.fields["state"].choices = [
            (value, label)
            for value, label in self.fields["state"].choices
            if value in states_reachable(user, self.instance)
        ]
        # The home page's "mise en avant" is the committee's (see /comite/), not the designers'.
        if not can(user, "catalog.feature_training", self.instance):
            del self.fields["featured"]

    def _clean_rich(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        if images_without_alt(value):
            raise forms.ValidationError(
                _("Chaque image doit avoir un texte alternatif (décrivez-la en une phrase).")
            )
        return sanitise_html(value) if looks_like_html(value) else value

    def clean_objectives(self):
        return self._clean_rich("objectives")

    def clean_content(self):
        return self._clean_rich("content")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        limit = settings.CATALOG_MAX_IMAGE_BYTES
        if image and getattr(image, "size", 0) > limit:
            raise forms.ValidationError(
                _("L’illustration ne doit pas dépasser %(max)s Mo.")
                % {"max": limit // (1024 * 1024)}
            )
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error(
                "image_alt", _("Décrivez l’illustration pour les personnes qui ne la voient pas.")
            )
        return cleaned


class SessionForm(forms.ModelForm, DsfrBaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        training = self.instance.training
        self.fields["tutors"].queryset = tutor_candidates(training)
        self.fields["tutors"].help_text = _(
            "Les tuteurs, formateurs et concepteurs du périmètre de la formation."
        )

    meeting_url = forms.URLField(
        label=_("Lien de la classe virtuelle ou du webinaire"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )

    class Meta:
        model = Session
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "enrol_opens_at",
            "enrol_closes_at",
            "capacity",
            "tutored",
            "place",
            "meeting_url",
            "state",
            "tutors",
        ]
        widgets = {
            "tutors": forms.CheckboxSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enrol_opens_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "enrol_closes_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


class SessionMeetingForm(forms.ModelForm, DsfrBaseForm):
    url = forms.URLField(label=_("Lien"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = SessionMeeting
        fields = ["kind", "starts_at", "ends_at", "place", "url"]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }


SessionMeetingFormSet = forms.inlineformset_factory(
    Session,
    SessionMeeting,
    form=SessionMeetingForm,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)
