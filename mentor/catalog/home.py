"""The parts other apps add to a signed-in person's home page: a registry.

The home page belongs to the catalog, but what a person should do next lives in apps above
it: where they stopped (learning), what is due soon (prescriptions), which of their sessions
start soon (enrolments). Each registers a function returning a ``HomePart`` (or None); the
page shows them in registered order, before the offer. Shaped like ``catalog.sheet``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry


@dataclass(frozen=True)
class HomePart:
    template: str  # included by ``catalog/home.html`` with ``part`` in its context
    context: dict[str, Any] = field(default_factory=dict)


HomeProvider = Callable[..., HomePart | None]
_PARTS: Registry[HomeProvider] = Registry("home page parts")

#: Parts whose dates fall within this many days are "soon".
SOON_DAYS = 30


def register_home_part(name: str, *, order: int = 0) -> Callable[[HomeProvider], HomeProvider]:
    return _PARTS.register(name, order=order)


def home_parts(*, user) -> list[HomePart]:
    """The parts every registered provider has for this signed-in person, in order."""
    if not user.is_authenticated:
        return []
    parts = []
    for _name, provider in _PARTS.items():
        part = provider(user=user)
        if part is not None:
            parts.append(part)
    return parts
