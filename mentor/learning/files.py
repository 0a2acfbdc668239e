"""Files of course activities: what an upload must be to be accepted, and how a stored file
is sent back to the people allowed to read it.

Uploads are checked on their content, not on their name alone (a renamed executable is not
a video, a page of HTML is not captions), and against size limits. Files are then served by
a view that checks access (see ``views.activity_file``), never from a public media URL:
course content is for the training's learners, tutors and authors only, and Django does not
serve ``MEDIA_URL`` in production anyway.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# Served through the one file-serving helper (byte ranges, content types, sandbox).
from mentor.core.files import content_type_for, extension, stored_file_response

__all__ = [
    "content_type_for",
    "extension",
    "stored_file_response",
    "validate_captions",
    "validate_document",
    "validate_image",
    "validate_video",
]

MB = 1024 * 1024
# The size limits are settings (LEARNING_MAX_*, read from the environment), read at each check.

#: Documents a learner may download, by extension, with the signature their content must
#: start with when the format has one (None: plain text or legacy formats without one).
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
DOCUMENTS = {
    ".pdf": (b"%PDF-",),
    ".odt": (ZIP,),
    ".ods": (ZIP,),
    ".odp": (ZIP,),
    ".docx": (ZIP,),
    ".xlsx": (ZIP,),
    ".pptx": (ZIP,),
    ".epub": (ZIP,),
    ".zip": (ZIP,),
    ".doc": (OLE,),
    ".xls": (OLE,),
    ".ppt": (OLE,),
    ".rtf": (b"{\\rtf",),
    ".txt": None,
    ".csv": None,
    ".mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
VIDEO_EXTENSIONS = {".mp4", ".m4v", ".webm", ".ogv"}
IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WEBP": ".webp"}


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    return size


def _head(upload, length: int = 64) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head or b""


def _too_big(limit: int) -> ValidationError:
    return ValidationError(
        _("Le fichier dépasse la taille maximale autorisée (%(max)s Mo).") % {"max": limit // MB}
    )


def _not_empty(upload) -> None:
    if not _size(upload):
        raise ValidationError(_("Le fichier envoyé est vide."))


def validate_document(upload) -> None:
    """A document to download: a known office, PDF, text, image or audio format whose
    content matches its extension. Web pages, scripts, SVG and executables are refused:
    served from Mentor's own address they could run in the learner's session."""
    _not_empty(upload)
    if _size(upload) > settings.LEARNING_MAX_DOCUMENT_BYTES:
        raise _too_big(settings.LEARNING_MAX_DOCUMENT_BYTES)
    ext = extension(upload.name)
    if ext not in DOCUMENTS:
        raise ValidationError(
            _(
                "Ce type de fichier n’est pas accepté. Formats possibles : PDF, documents "
                "bureautiques (ODT, DOCX, XLSX, PPTX…), texte, CSV, EPUB, ZIP, MP3, PNG ou JPEG."
            )
        )
    signatures = DOCUMENTS[ext]
    head = _head(upload)
    if signatures is not None and not head.startswith(signatures):
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension « %(ext)s » : le "
                "fichier est peut-être endommagé."
            )
            % {"ext": ext}
        )
    if signatures is None and b"\x00" in _head(upload, 4096):
        raise ValidationError(
            _("Le fichier « %(ext)s » devrait être du texte : il semble endommagé.") % {"ext": ext}
        )


def _is_video(head: bytes) -> bool:
    return (
        head[4:8] == b"ftyp"  # MP4 / M4V
        or head.startswith(b"\x1a\x45\xdf\xa3")  # WebM (Matroska)
        or head.startswith(b"OggS")  # Ogg Theora
    )


def validate_video(upload) -> None:
    """A video the browser's own player reads: MP4, WebM or Ogg, checked on its content."""
    _not_empty(upload)
    if _size(upload) > settings.LEARNING_MAX_VIDEO_BYTES:
        raise _too_big(settings.LEARNING_MAX_VIDEO_BYTES)
    if extension(upload.name) not in VIDEO_EXTENSIONS or not _is_video(_head(upload)):
        raise ValidationError(
            _(
                "Le fichier n’est pas une vidéo lisible par les navigateurs : envoyez une "
                "vidéo MP4 (H.264), WebM ou Ogg."
            )
        )


_CUE = re.compile(r"(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}")


def validate_captions(upload) -> None:
    """WebVTT subtitles: UTF-8 text starting with ``WEBVTT`` and holding at least one cue."""
    _not_empty(upload)
    limit = settings.LEARNING_MAX_CAPTIONS_BYTES
    if _size(upload) > limit:
        raise _too_big(limit)
    upload.seek(0)
    raw = upload.read(limit + 1)
    upload.seek(0)
    invalid = ValidationError(
        _(
            "Les sous-titres doivent être un fichier WebVTT (.vtt) en UTF-8 commençant par "
            "« WEBVTT » : convertissez-les depuis votre outil de sous-titrage."
        )
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise invalid from exc
    first_line = text.split("\n", 1)[0].strip()
    if (
        extension(upload.name) != ".vtt"
        or not re.match(r"^WEBVTT(?:[ \t].*)?$", first_line)
        or not _CUE.search(text)
    ):
        raise invalid


def validate_image(upload) -> str:
    """An illustration for a page (PNG, JPEG, GIF or WebP, decoded to be sure); returns the
    extension matching its real format."""
    _not_empty(upload)
    if _size(upload) > settings.LEARNING_MAX_IMAGE_BYTES:
        raise _too_big(settings.LEARNING_MAX_IMAGE_BYTES)
    invalid = ValidationError(
        _("Le fichier n’est pas une image lisible : envoyez une image PNG, JPEG, GIF ou WebP.")
    )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise invalid
            width, height = image.size
            if width * height > settings.LEARNING_MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _("L’image est trop grande (plus de %(max)s millions de pixels).")
                    % {"max": settings.LEARNING_MAX_IMAGE_PIXELS // 1_000_000}
                )
            image.verify()
            found = image.format
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        raise invalid from exc
    finally:
        upload.seek(0)
    return IMAGE_FORMATS[found]
