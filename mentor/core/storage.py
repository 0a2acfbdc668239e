"""Content-addressed storage for the files people upload (course documents and videos,
page and editor images, illustrations, Kit Mentor files).

A file saved under one of ``settings.CONTENT_ADDRESSED_PREFIXES`` is named after the
SHA-256 of its bytes (``activities/3f/3f…e1.pdf``): the same bytes uploaded again, by
anyone, for any training, are stored once and the second row simply points at the first
file. Nothing rewrites a stored file in place (a new upload gets a new name), so sharing
is safe; whoever deletes a stored file first checks that no other row still names it.
Download names never come from the stored name (``core.files.stored_file_response``).

Other names (SCORM packages, whose files keep their paths inside the package's folder;
personal files; attestations) are stored as before. SCORM packages are addressed as a
whole by the digest of their zip (``scorm.services.package_import``).
"""

import hashlib
import posixpath
import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,10}$")
CHUNK_BYTES = 1024 * 1024


def content_digest(content) -> str:
    """The SHA-256 of a file's bytes, read in chunks (the file is left at its start)."""
    digest = hashlib.sha256()
    content.seek(0)
    while chunk := content.read(CHUNK_BYTES):
        digest.update(chunk.encode() if isinstance(chunk, str) else chunk)
    content.seek(0)
    return digest.hexdigest()


def addressed_name(name: str, digest: str) -> str | None:
    """The content-addressed name of a file that would be stored as ``name``, or None when
    its folder is not content-addressed."""
    for prefix in settings.CONTENT_ADDRESSED_PREFIXES:
        if name.startswith(prefix):
            extension = posixpath.splitext(name)[1].lower()
            extension = extension if _EXTENSION.match(extension) else ""
            return f"{prefix}{digest[:2]}/{digest}{extension}"
    return None


class ContentAddressedMixin:
    def save(self, name, content, max_length=None):
        if name is None:
            name = content.name
        if not any(name.startswith(p) for p in settings.CONTENT_ADDRESSED_PREFIXES):
            return super().save(name, content, max_length=max_length)
        target = addressed_name(name, content_digest(content))
        if self.exists(target):
            return target  # the same bytes are already stored: point at them
        return super().save(target, content, max_length=max_length)


class ContentAddressedFileSystemStorage(ContentAddressedMixin, FileSystemStorage):
    """The local default storage, content-addressed."""


def _s3_class():
    from storages.backends.s3 import S3Storage  # noqa: PLC0415  (only when configured)

    class ContentAddressedS3Storage(ContentAddressedMixin, S3Storage):
        """The object-storage default, content-addressed."""

    return ContentAddressedS3Storage


def __getattr__(name: str):
    # ``mentor.core.storage.ContentAddressedS3Storage`` without importing boto3 at start-up.
    if name == "ContentAddressedS3Storage":
        return _s3_class()
    raise AttributeError(name)
