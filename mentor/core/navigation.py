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
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse

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

_SLOTS: dict[str, Registry[LinkProvider]] = {}


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


def register_provider(
    slot: str, name: str, *, order: int = 0
) -> Callable[[LinkProvider], LinkProvider]:
    """Decorator: ``provider(request, **context)`` adds a link (or a list of links, or
    None) to ``slot`` (``context``: what the page passes, e.g. the session a tutor sees)."""
    registry = _SLOTS.setdefault(slot, Registry(f"{slot} links"))
    return registry.register(name, order=order)


def register_link(
    slot: str,
    name: str,
    *,
    label: Any,
    url: str | UrlFunc,
    order: int = 0,
    when: Predicate = always,
    match: Literal["exact", "contains", "never"] = "contains",
    fragment: str = "",
    icon: str = "",
    tour: tuple[Any, Any, Any] | None = None,
    testid: str = "",
) -> None:
    """Add a link to ``slot``: ``url`` is a URL name (reversed without arguments) or a
    function of the request returning the URL (None: no link). ``match`` says when the link
    is the current page: the path equals the URL, or contains it."""

    @register_provider(slot, name, order=order)
    def provider(request: HttpRequest, **context: Any) -> Link | None:
        if not when(request):
            return None
        href = url(request) if callable(url) else reverse(url)
        if href is None:
            return None
        path = getattr(request, "path", "")
        current = {"exact": path == href, "contains": href in path, "never": False}[match]
        return Link(
            label=label,
            url=href + fragment,
            current=current,
            icon=icon,
            tour=tour,
            name=name,
            testid=testid,
        )


def links(slot: str, request: HttpRequest | None, **context: Any) -> list[Link]:
    """The links of ``slot`` shown for this request, in order."""
    registry = _SLOTS.get(slot)
    if registry is None or request is None:
        return []
    found = []
    for _name, provider in registry.items():
        result = provider(request, **context)
        if isinstance(result, Link):
            found.append(result)
        elif result:
            found.extend(result)
    return found
