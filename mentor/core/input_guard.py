"""One gate for hostile input, before any view runs.

PostgreSQL refuses NUL in any text value and a lone UTF-16 surrogate cannot be encoded in
UTF-8: either one, stored or merely used in a query, raised deep inside a view (a 500 on
the quiz submission, the SCORM commit, the tutor's search, the section rename…). SQLite
accepts NUL silently, so development never saw it. JSON nested thousands of levels deep
exhausts Python's recursion. Rather than guard each view, :class:`InputGuardMiddleware`
refuses such a request outright with a French 400:

- NUL or a lone surrogate in the path, a query-string or form key or value (urlencoded or
  multipart, file names included);
- in a JSON body (any body that is not a form): a raw NUL byte, invalid UTF-8, more than
  ``INPUT_MAX_JSON_DEPTH`` nested arrays or objects (checked by a scan, before any parse),
  more than ``INPUT_MAX_JSON_BYTES``, or a string or key holding NUL or a lone surrogate
  once decoded (``"\\u0000"``, ``"\\ud800"``). A well-formed pair (an emoji) is accepted.

Cookies holding NUL are dropped rather than refused (a bad cookie must not lock a person
out of the site); the session middleware then simply sees no session.

Views may keep calling ``json.loads(request.body)``: what reaches them has already been
parsed once here, within the limits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from http import HTTPStatus

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class HostileInput(Exception):
    """The request carries something no view should see; the message says what, in French."""


def is_clean_text(value: str) -> bool:
    """No NUL and no unpaired surrogate (paired ones never appear in a Python ``str``
    decoded from UTF-8 or from JSON: ``json`` joins a valid ``\\ud83d\\ude00`` pair)."""
    return "\x00" not in value and not _LONE_SURROGATE.search(value)


def json_depth_exceeds(body: str, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit``; a linear scan that
    skips strings, so nothing recursive ever sees a deep document."""
    depth = 0
    in_string = escaped = False
    for char in body:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _check_texts(values: Iterable[str]) -> None:
    for value in values:
        if not is_clean_text(value):
            raise HostileInput(
                _(
                    "La requête contient des caractères interdits (caractère nul ou "
                    "caractère Unicode isolé). Retirez-les et réessayez."
                )
            )


def _walk_json(value, depth: int = 0) -> Iterable[str]:
    # Depth was bounded by json_depth_exceeds before the parse: recursion is safe here.
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _walk_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk_json(item, depth + 1)


def check_json_body(raw: bytes) -> None:
    """Refuse a JSON body Mentor must not parse further (see the module docstring). A body
    that is not JSON at all is left to the view (which answers its own 400)."""
    if len(raw) > settings.INPUT_MAX_JSON_BYTES:
        raise HostileInput(_("Les données envoyées sont trop volumineuses."))
    if b"\x00" in raw:
        _check_texts(["\x00"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HostileInput(_("Les données envoyées ne sont pas en UTF-8 valide.")) from exc
    if not text.lstrip().startswith(("{", "[", '"')):
        _check_texts([text])
        return
    if json_depth_exceeds(text, settings.INPUT_MAX_JSON_DEPTH):
        raise HostileInput(_("Les données envoyées sont imbriquées trop profondément."))
    try:
        document = json.loads(text)
    except ValueError:
        return  # not JSON: the view says so in its own words
    _check_texts(_walk_json(document))


def check_request(request: HttpRequest) -> None:
    _check_texts([request.path])
    _check_texts(key for key in request.GET)
    _check_texts(value for values in request.GET.lists() for value in values[1])
    if request.method in ("GET", "HEAD", "OPTIONS", "TRACE"):
        return
    content_type = request.content_type or ""
    if content_type.startswith(_FORM_TYPES):
        _check_texts(key for key in request.POST)
        _check_texts(value for values in request.POST.lists() for value in values[1])
        _check_texts(key for key in request.FILES)
        _check_texts(upload.name or "" for upload in request.FILES.values())
        return
    try:
        raw = request.body
    except RawPostDataException:
        return
    if raw:
        check_json_body(raw)


def refusal_response(request: HttpRequest, message: str) -> HttpResponse:
    accept = request.headers.get("Accept", "")
    if (
        request.path.startswith("/api/")
        or accept.startswith("application/json")
        or (request.content_type or "").endswith("json")
    ):
        return JsonResponse({"detail": message}, status=HTTPStatus.BAD_REQUEST)
    if getattr(request, "urlconf", None):  # the SCORM content origin renders no app page
        return HttpResponse(
            message, status=HTTPStatus.BAD_REQUEST, content_type="text/plain; charset=utf-8"
        )
    # Before the session middleware: the page is rendered for an anonymous visitor.
    return render(request, "core/refusal.html", {"message": message}, status=400)


class InputGuardMiddleware:
    """Placed before the session middleware: see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, value in list(request.COOKIES.items()):
            if not is_clean_text(name) or not is_clean_text(value):
                del request.COOKIES[name]
        try:
            # Before the language middleware: French, whatever the thread served last.
            with translation.override(settings.LANGUAGE_CODE):
                check_request(request)
        except HostileInput as exc:
            with translation.override(settings.LANGUAGE_CODE):
                return refusal_response(request, str(exc))
        except MultiPartParserError:
            # A malformed multipart body: Django itself would let it through as a 500.
            with translation.override(settings.LANGUAGE_CODE):
                return refusal_response(
                    request, _("Le formulaire envoyé est illisible. Réessayez.")
                )
        # Django's own limits (RequestDataTooBig, TooManyFieldsSent: SuspiciousOperation)
        # propagate: Django answers them with its 400 page, as before this gate.
        return self.get_response(request)
