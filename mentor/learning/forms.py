from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from mentor.core.html import images_without_alt
from mentor.core.richtext import RichTextWidget
from mentor.learning import files
from mentor.learning.kinds import kind_hooks
from mentor.learning.models import RULES_BY_KIND, Activity, ActivityKind, QuestionKind


class ThreadForm(DsfrBaseForm):
    title = forms.CharField(label=_("Sujet"), max_length=200)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class PostForm(DsfrBaseForm):
    body = forms.CharField(
        label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class SectionForm(DsfrBaseForm):
    title = forms.CharField(label=_("Titre de la section"), max_length=200)


class ActivityForm(forms.ModelForm, DsfrBaseForm):
    """Fields shown depend on the kind (its ``editor_fields`` in ``learning.kinds``); a kind
    whose content is uploaded whole (SCORM) adds its importer's field."""

    join_url = forms.URLField(label=_("Lien pour rejoindre"), required=False, assume_scheme="https")
    image = forms.FileField(label=_("Ajouter une image"), required=False)
    image_alt = forms.CharField(
        label=_("Texte alternatif de l’image"),
        required=False,
        max_length=300,
        help_text=_("Ce que montre l’image, pour les personnes qui ne la voient pas."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "required",
            "completion_rule",
            "body",
            "file",
            "captions",
            "max_attempts",
            "passing_score",
            "quiz_review",
            "starts_at",
            "ends_at",
            "place",
            "join_url",
        ]
        widgets = {
            "body": RichTextWidget(),
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "ends_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }
        help_texts = {
            "body": _("Titres, listes, liens, images (avec leur texte alternatif) et tableaux."),
            "captions": _("Fichier WebVTT (.vtt) commençant par « WEBVTT »."),
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        hooks = kind_hooks(kind)
        importer = hooks.importer
        if importer is not None:
            self.fields[importer.field_name] = importer.form_field()
            self.current_content = importer.current(self.instance) if self.instance else None
            if self.current_content is None:
                self.fields[importer.field_name].required = True
        keep = hooks.editor_fields
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.order_fields(keep)
        if "completion_rule" in self.fields:
            rules = RULES_BY_KIND[ActivityKind(kind)]
            self.fields["completion_rule"].choices = [(r.value, r.label) for r in rules]
        if kind in {"file", "video"} and not (self.instance and self.instance.file):
            self.fields["file"].required = True
        # The size limits are settings: the help texts say the ones in force.
        if "image" in self.fields:
            self.fields["image"].help_text = _(
                "PNG, JPEG, GIF ou WebP, %(max)s Mo au plus. Elle est ajoutée à la fin du "
                "contenu ; déplacez ensuite la balise <img> où vous le souhaitez."
            ) % {"max": settings.LEARNING_MAX_IMAGE_BYTES // files.MB}
        if "file" in self.fields:
            self.fields["file"].help_text = _(
                "Fichier : PDF, bureautique, texte, EPUB, ZIP, MP3, PNG ou JPEG "
                "(%(document)s Mo au plus). Vidéo : MP4, WebM ou Ogg (%(video)s Mo au plus)."
            ) % {
                "document": settings.LEARNING_MAX_DOCUMENT_BYTES // files.MB,
                "video": settings.LEARNING_MAX_VIDEO_BYTES // files.MB,
            }
        self.kind = kind

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if images_without_alt(body):
            raise forms.ValidationError(
                _("Chaque image doit avoir un texte alternatif (décrivez-la en une phrase).")
            )
        return body

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            if self.kind == "video":
                files.validate_video(upload)
            else:
                files.validate_document(upload)
        return upload

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        if upload and hasattr(upload, "content_type"):
            files.validate_captions(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit venir après le début."))
        if (
            self.kind in {"virtual_class", "in_person"}
            and not starts
            and "starts_at" in self.fields
        ):
            self.add_error("starts_at", _("Indiquez la date et l’heure de la séance."))
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt", _("Décrivez l’image pour les personnes qui ne la voient pas.")
            )
        return cleaned


class QuestionForm(DsfrBaseForm):
    kind = forms.ChoiceField(label=_("Type de question"), choices=QuestionKind.choices)
    text = forms.CharField(
        label=_("Énoncé"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    choices_text = forms.CharField(
        label=_("Choix (un par ligne, les bonnes réponses précédées de *)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    accepted_answers = forms.CharField(
        label=_("Réponses acceptées (réponse courte, une par ligne)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    feedback = forms.CharField(label=_("Explication"), required=False, max_length=2000)
    points = forms.IntegerField(label=_("Points"), min_value=1, max_value=100, initial=1)


class MessageForm(DsfrBaseForm):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
