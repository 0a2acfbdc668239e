"""The site's navigation: a registry the apps fill, so the shell names none of them.

The shell templates (``base.html``, ``partials/``, ``account/``…) sit with core, at the
bottom of the layers: they may not name the URLs of the apps above them. Each app registers
its own links instead, in a *slot* the shell (or a lower app's page) loops over, from a module
its ``AppConfig.ready`` imports::

    register_link("header", "paths", order=30, label=_("Parcours"), url="paths:index")

Slots: the shell's ``home`` (the brand's link), ``header`` (main menu), ``account_tools``
and ``tools`` (the header's buttons, before and after signing in or out), ``footer``, and
``help.<topic>`` (a page's "Aide sur…" link); the lower apps' pages' own, named after the
page's app (``catalog.session``, ``catalog.training``, ``catalog.designs``,
``catalog.no_offer``, ``enrolments.card``, ``organisations.entity``, ``accounts.menu``,
``learning.tutoring.*``, ``core.privacy``). A link shows when its ``when`` predicate holds
for the request, by ascending ``order``: ``{% nav_links "header" as links %}`` loops over
them, ``{% nav_url "catalog.session" "enrol" session=session as url %}`` picks one (the
keyword arguments reach the providers registered with ``register_provider``).

Every page shows the shell's links, so they are not worked out on every request: the links
of ``register_link`` depend only on the request's *audience* (its language, whether someone
is signed in, their staff and superuser flags, and what the apps add with
``register_audience``: the accounts app, the person's roles and their scope), and are kept
per audience in the process. Their ``when`` and ``url`` functions must therefore read
nothing else of the request (a link for one person alone, such as the header's button with
their name, is a ``register_provider``: providers run on every request). Only whether a
link is the current page is decided per request. The key holds everything the links are
made of, so nothing needs retiring: a role granted changes the key.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from mentor.core.permissions import can
from mentor.core.registry import Registry


@dataclass(frozen=True)
class Link:
    label: Any  # a (lazy) translated string
    url: str
    current: bool = False  # aria-current="page"
    icon: str = ""  # a DSFR icon class, for buttons
    tour: tuple[Any, Any, Any] | None = None  # guided tour: (steps, title, text)
    name: str = ""  # the registered name
    testid: str = ""  # a data-testid, for the browser tests


Predicate = Callable[[HttpRequest], bool]
UrlFunc = Callable[[HttpRequest], str | None]
LinkProvider = Callable[..., "Link | list[Link] | None"]  # (request, **context)

Match = Literal["exact", "contains", "never"]

_SLOTS: dict[str, Registry[LinkProvider]] = {}


@dataclass(frozen=True)
class _Spec:
    """A link of ``register_link``: the same for everyone of an audience."""

    label: Any
    url: str | UrlFunc
    when: Predicate
    match: Match
    fragment: str
    icon: str
    tour: tuple[Any, Any, Any] | None
    testid: str


#: ``register_link``'s links, by slot and name (their providers are shared per audience).
_SPECS: dict[str, dict[str, _Spec]] = {}

#: What a request's audience is made of, beyond its language and sign-in (``audience``).
_AUDIENCE: Registry[Callable[[HttpRequest], Hashable]] = Registry("navigation audience")

#: Per process: (slot, audience) -> the slot's shared links (``_shared``), and (name,
#: audience, current links) -> a shell fragment's HTML (``shell_fragment``).
_CACHE_SIZE = 1024
_cache: dict[tuple, tuple] = {}
_fragments: dict[tuple, str] = {}


def always(request: HttpRequest) -> bool:
    return True


def signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def may(action: str) -> Predicate:
    """Signed in, and allowed ``action`` (``core.permissions.can``)."""

    def predicate(request: HttpRequest) -> bool:
        return signed_in(request) and can(request.user, action)

    return predicate


def register_audience(name: str) -> Callable[[Callable[[HttpRequest], Hashable]], Any]:
    """Decorator: ``part(request)`` (signed-in requests only) is a hashable value the links
    of ``register_link`` may depend on (the accounts app: the person's roles)."""
    return _AUDIENCE.register(name)


def audience(request: HttpRequest) -> tuple:
    """What the links of ``register_link`` may depend on for this request, worked out once
    per request: two requests with the same audience see the same links."""
    found = getattr(request, "_nav_audience", None)
    if found is None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            found = (get_language(), False)
        else:
            found = (
                get_language(),
                True,
                user.is_active,
                user.is_superuser,
                user.is_staff,
                *(part(request) for _name, part in _AUDIENCE.items()),
            )
        request._nav_audience = found  # type: ignore[attr-defined]
    return found


def forget_cached_links() -> None:
    """Empty this process's links and fragments (a link registered, a test changing the
    rules)."""
    _cache.clear()
    _fragments.clear()


def register_provider(
    slot: str, name: str, *, order: int = 0
) -> Callable[[LinkProvider], LinkProvider]:
    """Decorator: ``provider(request, **context)`` adds a link (or a list of links, or
    None) to ``slot`` (``context``: what the page passes, e.g. the session a tutor sees).
    Run on every request: it may show what is the person's own."""
    registry = _SLOTS.setdefault(slot, Registry(f"{slot} links"))
    _SPECS.get(slot, {}).pop(name, None)
    forget_cached_links()
    return registry.register(name, order=order)


def register_link(
    slot: str,
    name: str,
    *,
    label: Any,
    url: str | UrlFunc,
    order: int = 0,
    when: Predicate = always,
    match: Match = "contains",
    fragment: str = "",
    icon: str = "",
    tour: tuple[Any, Any, Any] | None = None,
    testid: str = "",
) -> None:
    """Add a link to ``slot``: ``url`` is a URL name (reversed without arguments) or a
    function of the request returning the URL (None: no link); both, and ``when``, may read
    only the request's ``audience``. ``match`` says when the link is the current page: the
    path equals the URL, or contains it."""
    spec = _Spec(label, url, when, match, fragment, icon, tour, testid)

    @register_provider(slot, name, order=order)
    def provider(request: HttpRequest, **context: Any) -> Link | None:
        found = _resolve(name, spec, request)
        return found and _marked(found, getattr(request, "path", ""))

    _SPECS.setdefault(slot, {})[name] = spec


def _resolve(name: str, spec: _Spec, request: HttpRequest) -> tuple[Link, str, Match] | None:
    """The link for the request's audience (not marked current), the URL its match compares
    and the match."""
    if not spec.when(request):
        return None
    href = spec.url(request) if callable(spec.url) else reverse(spec.url)
    if href is None:
        return None
    link = Link(
        label=spec.label,
        url=href + spec.fragment,
        icon=spec.icon,
        tour=spec.tour,
        name=name,
        testid=spec.testid,
    )
    return link, href, spec.match


def _is_current(href: str, match: Match, path: str) -> bool:
    return (match == "exact" and path == href) or (match == "contains" and href in path)


def _marked(found: tuple[Link, str, Match], path: str) -> Link:
    link, href, match = found
    return replace(link, current=True) if _is_current(href, match, path) else link


def _shared(slot: str, registry: Registry[LinkProvider], request: HttpRequest) -> tuple:
    """The slot's ``register_link`` links for the request's audience, from this process's
    cache: per place in the registry, a tuple of zero or one link, or None where a
    provider runs per request. Emptied when full (a few hundred audiences at most)."""
    key = (slot, audience(request))
    entries = _cache.get(key)
    if entries is None:
        specs = _SPECS.get(slot, {})
        built: list[tuple | None] = []
        for name, _provider in registry.items():
            if name not in specs:
                built.append(None)
                continue
            found = _resolve(name, specs[name], request)
            built.append((found,) if found else ())
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        entries = _cache[key] = tuple(built)
    return entries


def links(slot: str, request: HttpRequest | None, **context: Any) -> list[Link]:
    """The links of ``slot`` shown for this request, in order."""
    registry = _SLOTS.get(slot)
    if registry is None or request is None:
        return []
    path = getattr(request, "path", "")
    found: list[Link] = []
    providers = None
    for index, entry in enumerate(_shared(slot, registry, request)):
        if entry is not None:
            found.extend(_marked(shared, path) for shared in entry)
            continue
        if providers is None:
            providers = [provider for _name, provider in registry.items()]
        result = providers[index](request, **context)
        if isinstance(result, Link):
            found.append(result)
        elif result:
            found.extend(result)
    return found


def current_names(request: HttpRequest, slots: tuple[str, ...]) -> tuple[str, ...]:
    """The shared links of ``slots`` that are the current page for this request (with the
    audience, all a cached fragment of these slots depends on)."""
    path = getattr(request, "path", "")
    names = []
    for slot in slots:
        registry = _SLOTS.get(slot)
        if registry is None:
            continue
        for entry in _shared(slot, registry, request):
            for link, href, match in entry or ():
                if _is_current(href, match, path):
                    names.append(f"{slot}.{link.name}")
    return tuple(names)


def shell_fragment(
    request: HttpRequest, name: str, slots: tuple[str, ...], render: Callable[[], str]
) -> str:
    """The HTML ``render()`` gives for this request's audience and current links of
    ``slots``, rendered once per process (``{% shell_fragment %}``)."""
    key = (name, audience(request), current_names(request, slots))
    html = _fragments.get(key)
    if html is None:
        html = render()
        if len(_fragments) >= _CACHE_SIZE:
            _fragments.clear()
        _fragments[key] = html
    return html
