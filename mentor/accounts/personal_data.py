"""What Mentor holds about a person, for the "download my data" right (RGPD art. 15/20).

Each domain registers a section; the export is the union of them, so a new app that stores
personal data adds its own section instead of this module learning about it.
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
