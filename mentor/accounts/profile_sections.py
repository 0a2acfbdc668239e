"""Sections other apps add to "Mon profil": a registry (the help centre's requests…).
Shaped like ``enrolments.mine_sections``."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry


@dataclass(frozen=True)
class ProfileSection:
    template: str  # included by ``accounts/profile.html`` with ``section`` in its context
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[..., ProfileSection | None]
_PROVIDERS: Registry[Provider] = Registry("profile sections")


def register_profile_section(name: str, *, order: int = 0) -> Callable[[Provider], Provider]:
    return _PROVIDERS.register(name, order=order)


def profile_sections(*, user) -> list[ProfileSection]:
    sections = []
    for _name, provider in _PROVIDERS.items():
        section = provider(user=user)
        if section is not None:
            sections.append(section)
    return sections
