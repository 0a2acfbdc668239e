"""What Mentor holds about a person: the "download my data" right (RGPD art. 15/20) and
the erasure (art. 17).

Each domain registers a section (what it holds, for the export) and, where it keeps copies
of identifying data outside the account, an eraser; the export is the union of the
sections, and ``accounts.services.user_erase`` runs every eraser in its transaction. A new
app that stores personal data registers its own instead of this module learning about it.
"""

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]
_SECTIONS: dict[str, Section] = {}


def register_section(name: str) -> Callable[[Section], Section]:
    def decorator(func: Section) -> Section:
        _SECTIONS[name] = func
        return func

    return decorator


def personal_data_export(*, user) -> dict[str, Any]:
    return {name: section(user) for name, section in sorted(_SECTIONS.items())}


Eraser = Callable[[Any], Any]
_ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str) -> Callable[[Eraser], Eraser]:
    """Register what to blank in a domain when a person's data is erased (called inside the
    erasure's transaction: both commit or neither)."""

    def decorator(func: Eraser) -> Eraser:
        _ERASERS[name] = func
        return func

    return decorator


def personal_data_erase(*, user) -> None:
    for _name, eraser in sorted(_ERASERS.items()):
        eraser(user)
