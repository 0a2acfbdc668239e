"""What other apps add to each training's card in "Mes formations": a registry.

Progress (percentage, last activity, time spent) is learning's to compute, above
enrolments. A provider receives the person's enrolments of the page and answers, in a
fixed number of queries, a ``CardPart`` per enrolment id it has something for. Shaped like
``completion_offers``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry
from mentor.enrolments.models import Enrolment


@dataclass(frozen=True)
class CardPart:
    template: str  # included in the card with ``part`` in its context
    context: dict[str, Any] = field(default_factory=dict)


Provider = Callable[[list[Enrolment]], dict[int, CardPart]]
_PROVIDERS: Registry[Provider] = Registry("Mes formations card parts")


def register_card_part(name: str, *, order: int = 0) -> Callable[[Provider], Provider]:
    return _PROVIDERS.register(name, order=order)


def card_parts(*, enrolments: Iterable[Enrolment]) -> dict[int, list[CardPart]]:
    enrolments = list(enrolments)
    parts: dict[int, list[CardPart]] = {e.pk: [] for e in enrolments}
    if not enrolments:
        return parts
    for _name, provider in _PROVIDERS.items():
        for enrolment_id, part in provider(enrolments).items():
            parts[enrolment_id].append(part)
    return parts
