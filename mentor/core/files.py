"""Sending a stored file (local disk or object storage) back to a browser: the one helper
behind every file Mentor serves through a view — activity documents, videos and images,
and the files of SCORM packages.

It answers single byte ranges (Safari asks for them before it plays or seeks a video),
names the content type from the extension (never sniffed by the browser), and sets the
security headers the caller asks for (by default a sandbox: the file is never run as a page
of Mentor's origin).
"""

import mimetypes
import posixpath
import re
from collections.abc import Iterator, Mapping

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

CHUNK_BYTES = 256 * 1024
MAX_AGE = 3600
#: A file shown inline can neither run scripts nor load anything: safe for any upload.
SANDBOX_POLICY = "sandbox; default-src 'none'"
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")

#: What Python's mimetypes may not know on a bare system: office documents, and what web
#: content (SCORM packages) commonly ships.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".epub": "application/epub+zip",
    ".zip": "application/zip",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".rtf": "application/rtf",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".ogv": "video/ogg",
    ".vtt": "text/vtt; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".css": "text/css",
    ".xml": "application/xml",
    ".xsd": "application/xml",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".wasm": "application/wasm",
    ".swf": "application/x-shockwave-flash",
}


def extension(name: str) -> str:
    return posixpath.splitext(name or "")[1].lower()


def content_type_for(name: str) -> str:
    """The content type of a stored file, from its extension."""
    known = CONTENT_TYPES.get(extension(name))
    if known:
        return known
    guessed, _encoding = mimetypes.guess_type(name or "")
    return guessed or "application/octet-stream"


def _chunks(stream, length: int) -> Iterator[bytes]:
    try:
        while length > 0:
            chunk = stream.read(min(CHUNK_BYTES, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk
    finally:
        stream.close()


def stored_file_response(
    request: HttpRequest,
    *,
    name: str,
    download_name: str | None = None,
    content_type: str | None = None,
    headers: Mapping[str, str] | None = None,
    max_age: int = MAX_AGE,
) -> HttpResponse:
    """Send a file of the default storage, whole or as the single byte range asked for.

    ``download_name``: sent as an attachment under that name; otherwise shown inline.
    ``headers``: the security headers of the response; by default a sandboxing policy, so
    that the file is never run by the browser as a page (``nosniff`` is always set).
    Raises ``Http404`` when the file does not exist (or is a folder).
    """
    if not name:
        raise Http404
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, OSError) as exc:
        raise Http404 from exc
    content_type = content_type or content_type_for(name)
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match and any(match.groups()):
        first, last = match.groups()
        if first:
            start, end = int(first), min(int(last) if last else size - 1, size - 1)
        else:  # "bytes=-500": the last 500 bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            stream.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        stream.seek(start)
        response = StreamingHttpResponse(
            _chunks(stream, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(stream, content_type=content_type)
        response["Content-Length"] = str(size)
    if download_name:
        response["Content-Disposition"] = content_disposition_header(True, download_name)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    for header, value in (
        headers if headers is not None else {"Content-Security-Policy": SANDBOX_POLICY}
    ).items():
        response[header] = value
    patch_cache_control(response, private=True, max_age=max_age)
    return response
