"""A named registry: how a lower app offers a hook to the apps above it without importing
them (layers only go down). The higher app registers a function under a name, usually from
a module its ``AppConfig.ready`` imports; the lower app calls them all in a stable order.

Used by ``accounts.personal_data`` (export sections, erasers), ``enrolments.completion_offers``,
``core.navigation`` (the links of the header, footer and pages),
``catalog.home``,
``catalog.sheet`` and ``learning.authoring_parts``.
"""

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

F = TypeVar("F")


class Registry(Generic[F]):
    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, tuple[int, F]] = {}

    def register(self, name: str, *, order: int = 0) -> Callable[[F], F]:
        """Decorator: register ``func`` under ``name`` (a second registration replaces the
        first, so re-importing a module is harmless). Called by ascending ``order``, then
        name."""

        def decorator(func: F) -> F:
            self._entries[name] = (order, func)
            return func

        return decorator

    def items(self) -> Iterator[tuple[str, F]]:
        for name, (_order, func) in sorted(
            self._entries.items(), key=lambda item: (item[1][0], item[0])
        ):
            yield name, func

    def __repr__(self) -> str:
        return f"<Registry of {self.what}: {', '.join(self._entries)}>"
