"""The parts other apps add to a training's sheet: a registry.

The sheet (``views.training_detail``) belongs to the catalog, but what a person may do
there depends on apps above it: enrolments says which sessions the person is enrolled in;
learning paths or prescriptions may add their own part. Each registers a function that
returns extra template context, so the catalog imports none of them. Shaped like
``accounts.personal_data.register_section``.

One kind of notice: a part may return ``sheet_notices``, a list of ``SheetNotice`` (a
template included with ``notice`` in its context, and the place it goes: at the top of
the sheet, or just above the sessions). Notices of every part are gathered, not replaced.
``LinkNotice`` is the ready-made one: a sentence and one link.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mentor.core.registry import Registry

#: (*, user, training, sessions) -> extra context for ``catalog/training_detail.html``; the
#: ``sheet_notices`` key is gathered from every part (see ``SheetNotice``).
SheetPart = Callable[..., dict[str, Any]]
_PARTS: Registry[SheetPart] = Registry("training sheet parts")

TOP = "top"  # under the badges, before the description
BEFORE_SESSIONS = "before_sessions"  # just above the list of sessions


class SheetNotice:
    """Base of what a part shows on the sheet: ``template`` is included with ``notice``
    (the object itself) in its context, at ``place``. Subclasses are usually dataclasses
    carrying what their template needs."""

    template: str
    place: str = TOP


@dataclass(frozen=True)
class LinkNotice(SheetNotice):
    """A highlighted sentence and one link (a DSFR callout)."""

    key: str  # stable identifier, also the ``data-testid`` suffix
    text: str
    url: str
    label: str
    place: str = BEFORE_SESSIONS
    template: str = "catalog/_sheet_link_notice.html"


def register_sheet_part(name: str) -> Callable[[SheetPart], SheetPart]:
    return _PARTS.register(name)


def sheet_context(*, user, training, sessions: Sequence) -> dict[str, Any]:
    """The context every registered part adds for this person, training and sessions; the
    gathered notices are split by place: ``sheet_notices`` (top) and
    ``sheet_notices_before_sessions``."""
    context: dict[str, Any] = {}
    notices: list[SheetNotice] = []
    for _name, part in _PARTS.items():
        extra = dict(part(user=user, training=training, sessions=sessions))
        notices += extra.pop("sheet_notices", [])
        context.update(extra)
    context["sheet_notices"] = [n for n in notices if n.place == TOP]
    context["sheet_notices_before_sessions"] = [n for n in notices if n.place == BEFORE_SESSIONS]
    return context
