"""The SCORM content origin: where package files run, apart from the learner's session.

A package is code written by whoever uploaded it. Served from Mentor's own origin, its
scripts could read the player page, call every page of the learner's account with the
session cookie and post forms in their name. So package files are served only from a
separate origin (``settings.SCORM_CONTENT_ORIGIN``, e.g. ``https://scorm.mentor.gouv.fr``;
``http://localhost:8000`` next to the app on ``http://127.0.0.1:8000`` in development),
which receives no session cookie and serves nothing else: the same-origin policy then
keeps the package away from the app's pages, and the SCORM API reaches it by
``postMessage`` only (scorm-again's ``CrossFrameLMS`` / ``CrossFrameAPI``).

Access to the files is granted by a short-lived signed token in the URL path, instead of
a cookie: ``/paquet/<token>/<file>``, so that the relative URLs inside the package keep
working. The token names the package, the user it was given to and the app origin allowed
to frame it, and expires ``settings.SCORM_CONTENT_URL_MAX_AGE`` seconds after the start of
the hour it was given in. Access is decided when a token is given (the player page for the
enrolment's own learner, the designer's preview for the course's authors): a token
outlives an unenrolment by its remaining life at most.
"""

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from mentor.scorm.manifest import launch_file

CONTENT_URLCONF = "mentor.scorm.content_urls"
_SALT = "mentor.scorm.content"
_DEFAULT_PORTS = {"http": "80", "https": "443"}
TOKEN_PERIOD = 3600


class TokenExpired(Exception):
    """A genuine token, too old: the player page must be reloaded."""


class TokenInvalid(Exception):
    """Not a token Mentor signed (or not for this purpose)."""


@dataclass(frozen=True)
class ContentGrant:
    """What a valid token allows: reading the files of ``package_id``, framed by
    ``app_origin``, on behalf of ``user_id`` (kept for the logs)."""

    package_id: int
    user_id: int
    app_origin: str


class _HourlySigner(signing.TimestampSigner):
    """Tokens dated from the start of the hour: every launch of the same package by the
    same person within the hour gets the same URLs, so the browser's cache of its files
    (videos…) serves the next launches. A token then lives between ``max_age`` minus one
    hour and ``max_age``."""

    def timestamp(self):
        now = int(time.time())
        return signing.b62_encode(now - now % TOKEN_PERIOD)


def _signer() -> signing.TimestampSigner:
    return _HourlySigner(salt=_SALT, sep=".")


def content_origin() -> str:
    """The origin package files are served from, without a trailing slash."""
    return settings.SCORM_CONTENT_ORIGIN.rstrip("/")


def _netloc(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    default = _DEFAULT_PORTS.get(scheme)
    if default and netloc.endswith(f":{default}"):
        netloc = netloc[: -len(default) - 1]
    return netloc


def content_host() -> str:
    split = urlsplit(content_origin())
    return _netloc(split.scheme, split.netloc)


def is_content_request(request: HttpRequest) -> bool:
    """Whether the request came to the content origin's host name (and port)."""
    return _netloc(request.scheme, request.get_host()) == content_host()


def request_origin(request: HttpRequest) -> str:
    """The app origin the browser sees, e.g. ``https://mentor.gouv.fr``: the only origin the
    content may talk to (``postMessage``) or be framed by."""
    return f"{request.scheme}://{request.get_host()}"


def grant_token(*, package_id: int, user_id: int, app_origin: str) -> str:
    return _signer().sign_object({"p": package_id, "u": user_id, "o": app_origin})


def grant_read(token: str) -> ContentGrant:
    """The grant a token carries. Raises :class:`TokenExpired` or :class:`TokenInvalid`."""
    try:
        data = _signer().unsign_object(token, max_age=settings.SCORM_CONTENT_URL_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise TokenExpired from exc
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise TokenInvalid from exc
    if not isinstance(data, dict):
        raise TokenInvalid
    package_id, user_id, app_origin = data.get("p"), data.get("u"), data.get("o")
    if not (
        isinstance(package_id, int)
        and isinstance(user_id, int)
        and isinstance(app_origin, str)
        and app_origin.startswith(("http://", "https://"))
    ):
        raise TokenInvalid
    return ContentGrant(package_id=package_id, user_id=user_id, app_origin=app_origin)


def _content_url(name: str, **kwargs) -> str:
    return content_origin() + reverse(name, urlconf=CONTENT_URLCONF, kwargs=kwargs)


def file_url(*, token: str, path: str) -> str:
    """The URL of a file of the package (``path`` as stored, unquoted)."""
    return _content_url("file", token=token, path=path)


def launch_url(*, token: str, launch_path: str) -> str:
    """The SCO's launch page, with the item's parameters and fragment."""
    split = urlsplit(launch_path)
    url = file_url(token=token, path=launch_file(launch_path))
    if split.query:
        url += f"?{split.query}"
    if split.fragment:
        url += f"#{split.fragment}"
    return url


def launcher_url(*, token: str, sco_id: int | None = None) -> str:
    """The launcher page: it hosts the SCORM API for the SCO on the content origin (the
    package's first SCO when ``sco_id`` is not given)."""
    if sco_id is None:
        return _content_url("launcher", token=token)
    return _content_url("launcher_sco", token=token, sco_id=sco_id)


def static_source() -> str:
    """The CSP source of the static files (the launcher's scripts): the content origin
    itself, or the CDN's origin when ``STATIC_URL`` is absolute."""
    split = urlsplit(static("mentor/scorm-launcher.js"))
    return f"{split.scheme}://{split.netloc}" if split.netloc else "'self'"
