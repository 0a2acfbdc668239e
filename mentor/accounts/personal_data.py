"""What Mentor holds about a person: the "download my data" right (RGPD art. 15/20) and
the erasure (art. 17).

Each domain registers a section (what it holds, for the export) and, where it keeps copies
of identifying data outside the account, an eraser; the export is the union of the
sections, and ``accounts.services.user_erase`` runs every eraser in its transaction. A new
app that stores personal data registers its own instead of this module learning about it.
"""

from collections.abc import Callable
from typing import Any

from mentor.core.registry import Registry

Section = Callable[[Any], Any]
Eraser = Callable[[Any], Any]
_SECTIONS: Registry[Section] = Registry("personal-data export sections")
_ERASERS: Registry[Eraser] = Registry("personal-data erasers")


def register_section(name: str) -> Callable[[Section], Section]:
    return _SECTIONS.register(name)


def register_eraser(name: str) -> Callable[[Eraser], Eraser]:
    """Register what to blank in a domain when a person's data is erased (called inside the
    erasure's transaction: both commit or neither)."""
    return _ERASERS.register(name)


def personal_data_export(*, user) -> dict[str, Any]:
    return {name: section(user) for name, section in _SECTIONS.items()}


def personal_data_erase(*, user) -> None:
    for _name, eraser in _ERASERS.items():
        eraser(user)
