"""Whole pages that every visitor gets alike, cached with holes for what each response
owns: the CSP nonce of its scripts and its CSRF token.

A visitor's page is the same for all visitors but for those two values. The first request
renders it, and what is stored is that page with its nonce and token replaced by markers
drawn at random for this entry (so no text of the page can spell them); later requests
fill the markers with their own nonce and token. Only requests with nothing of their own
to show share the page: not signed in, no session cookie (no flash message waiting), a GET
without a query string — or with one that is part of the key (the catalogue's listing).
"""

import hashlib
import re
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse

#: What ``{% csrf_token %}`` renders (each one masks the secret afresh).
_TOKEN_FIELD = re.compile(r'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')


def shareable(request: HttpRequest, *, query: bool = False) -> bool:
    """Whether this request may get (and fill) the page shared by every visitor; ``query``:
    the page depends on the query string only through its key (``query_key``)."""
    return (
        request.method == "GET"
        and (query or not request.GET)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


def query_key(request: HttpRequest) -> str:
    """The query string's part of a page's key: the same for the same parameters in any
    order, and of a fixed length however long the address."""
    items = sorted((k, v) for k, values in request.GET.lists() for v in values)
    return hashlib.sha256(urlencode(items).encode()).hexdigest()[:32]


def visitor_page(
    request: HttpRequest,
    key: str,
    render: Callable[[], HttpResponse],
    *,
    timeout: Callable[[], float],
) -> HttpResponse:
    """The page cached under ``key`` for this visitor (with the headers its view set),
    else ``render()``'s, stored for ``timeout()`` seconds when it is a plain 200."""
    entry = cache.get(key)
    if entry is not None:
        nonce_marker, token_marker, headers, html = entry
        html = html.replace(nonce_marker, str(request.csp_nonce))
        if token_marker in html:
            html = html.replace(token_marker, get_token(request))
        return HttpResponse(html, headers=headers)
    response = render()
    if isinstance(response, SimpleTemplateResponse):
        response.render()  # allauth's views answer with template responses
    if response.status_code == 200 and not response.streaming:
        nonce_marker, token_marker = secrets.token_hex(16), secrets.token_hex(16)
        html = response.content.decode(response.charset)
        nonce = str(request.csp_nonce)
        html = _TOKEN_FIELD.sub(rf"\g<1>{token_marker}\g<2>", html.replace(nonce, nonce_marker))
        cache.set(
            key,
            (
                nonce_marker,
                token_marker,
                # The view's own headers (its type, allauth's "never cache"...); the
                # middleware adds the rest to every response, from the cache or not.
                {k: v for k, v in response.headers.items() if k.lower() != "content-length"},
                html,
            ),
            timeout(),
        )
    return response


class Holes:
    """Markers for a fragment shared by many responses but for a few values of each: the
    fragment is rendered once with ``holes["name"]`` where a value goes (``{{ holes.name }}``,
    or an argument of ``{% url %}``: markers are digits, so they pass ``<int:…>``
    converters and escaping unchanged), kept, and each response gets ``fill(html, values)``.
    The markers are drawn at random for each rendering, so no text of the fragment can
    spell one."""

    def __init__(self) -> None:
        self._prefix = f"9{secrets.randbelow(10**23):023d}"
        self._pattern = re.compile(self._prefix + r"(\d{4})")
        self._names: dict[str, int] = {}
        self._by_index: list[str] = []

    def __getitem__(self, name: str) -> str:
        index = self._names.get(name)
        if index is None:
            index = self._names[name] = len(self._by_index)
            self._by_index.append(name)
        return f"{self._prefix}{index:04d}"

    def fill(self, html: str, values: dict[str, str]) -> str:
        """``html`` with every marker replaced by its value (already escaped), in one pass."""
        names = self._by_index
        return self._pattern.sub(lambda match: values[names[int(match.group(1))]], html)
