"""The rich-text editor of pages, sheets and space pages: ``django-prose-editor``
(ProseMirror / Tiptap) with headings, lists, links, images (uploaded from the editor, with
a required text alternative) and tables. The browser part is ``static/mentor/rich-editor.js``
(an ES module, no inline script). The HTML it posts is cleaned again on the server
(``core.html.sanitise_html``) and refused when an image has no text alternative.
"""

from collections.abc import Callable

from django import forms
from django.forms import Script
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from mentor.core.html import images_without_alt, sanitise_html

#: What the editor offers; the server allow-list (``core.html``) accepts all of it.
EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}

#: Where the editor posts an image it uploads: a function returning the URL, registered by
#: the app that stores them (``editorial``, above core) with ``register_upload_url``. None
#: registered: the editor offers no upload.
_upload_url: Callable[[], str] | None = None


def register_upload_url(url: Callable[[], str]) -> None:
    global _upload_url  # noqa: PLW0603  (one hook, set once from an AppConfig.ready)
    _upload_url = url


def upload_url() -> str | None:
    if _upload_url is None:
        return None
    try:
        return _upload_url()
    except NoReverseMatch:
        return None


class RichTextWidget(ProseEditorWidget):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 8, **(attrs or {})},
            config={"extensions": EXTENSIONS},
            preset="configurable",
        )

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "mentor/rich-editor.css",
                ]
            },
            # The editor's own French strings (window.gettext), then the editor.
            js=[reverse("core:editor_i18n"), Script("mentor/rich-editor.js", type="module")],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = upload_url()
        if url is not None:
            context["widget"]["attrs"]["data-upload-url"] = url
        return context


class RichTextField(forms.CharField):
    """A form field for rich text: edited with the editor, sanitised, images with alt."""

    widget = RichTextWidget

    def clean(self, value):
        value = super().clean(value)
        if images_without_alt(value):
            raise forms.ValidationError(
                _("Chaque image doit avoir un texte alternatif (décrivez-la en une phrase).")
            )
        cleaned = sanitise_html(value)
        # The editor always leaves one empty paragraph in an empty document.
        return "" if cleaned.strip() in ("", "<p></p>") else cleaned
