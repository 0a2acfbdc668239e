"""Sections other apps add at the top of "Mes formations": a registry.

"Mes formations" belongs to enrolments, but what a person is *asked* to follow (prescribed
trainings, later learning paths…) lives in apps above it. Each registers a function that
returns a section to show first (or None), so enrolments imports none of them. Shaped like
``accounts.personal_data.register_section``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry


@dataclass(frozen=True)
class MineSection:
    template: str  # included by ``enrolments/mine.html`` with ``section`` in its context
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[..., MineSection | None]
_PROVIDERS: Registry[Provider] = Registry("Mes formations sections")


def register_mine_section(name: str, *, order: int = 0) -> Callable[[Provider], Provider]:
    return _PROVIDERS.register(name, order=order)


def mine_sections(*, user) -> list[MineSection]:
    """The sections every registered provider has for this person, in registered order."""
    sections = []
    for _name, provider in _PROVIDERS.items():
        section = provider(user=user)
        if section is not None:
            sections.append(section)
    return sections
