"""Cards that the apps above learning add to a designer's course page (the satisfaction
survey's questions, later the library or the editorial review): a registry, so the
authoring views import none of them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry


@dataclass(frozen=True)
class AuthoringPart:
    template: str  # rendered with ``part`` and ``training`` in its context
    data: dict[str, Any] = field(default_factory=dict)


PartProvider = Callable[..., AuthoringPart | None]  # (*, training) -> part, or None
_PARTS: Registry[PartProvider] = Registry("course authoring cards")


def register_authoring_part(name: str, *, order: int = 0) -> Callable[[PartProvider], PartProvider]:
    return _PARTS.register(name, order=order)


def authoring_parts(*, training) -> list[AuthoringPart]:
    parts = (provider(training=training) for _name, provider in _PARTS.items())
    return [part for part in parts if part is not None]
