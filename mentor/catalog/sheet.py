"""The parts other apps add to a training's sheet: a registry.

The sheet (``views.training_detail``) belongs to the catalog, but what a person may do
there depends on apps above it: enrolments says which sessions the person is enrolled in;
learning paths or prescriptions may add their own part. Each registers a function that
returns extra template context, so the catalog imports none of them. The ``sheet_notices``
key is shared: each part may add notices (objects with a ``template`` attribute, included
at the top of the sheet with ``notice`` in context) and they are concatenated. Shaped like
``accounts.personal_data.register_section``.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from mentor.core.registry import Registry

#: (*, user, training, sessions) -> extra context for ``catalog/training_detail.html``. Two
#: keys are gathered from every part instead of replaced: ``sheet_notices`` (objects with a
#: ``template``, included at the top of the sheet) and ``sheet_callouts`` (``SheetCallout``,
#: shown above the sessions).
SheetPart = Callable[..., dict[str, Any]]
_PARTS: Registry[SheetPart] = Registry("training sheet parts")


@dataclass(frozen=True)
class SheetCallout:
    """A highlighted block above the sessions: a sentence and one link."""

    key: str  # stable identifier, also the ``data-testid`` suffix
    text: str
    url: str
    label: str


def register_sheet_part(name: str) -> Callable[[SheetPart], SheetPart]:
    return _PARTS.register(name)


def sheet_context(*, user, training, sessions: Sequence) -> dict[str, Any]:
    """The context every registered part adds for this person, training and sessions."""
    context: dict[str, Any] = {}
    callouts: list[SheetCallout] = []
    notices: list = []
    for _name, part in _PARTS.items():
        extra = dict(part(user=user, training=training, sessions=sessions))
        callouts += extra.pop("sheet_callouts", [])
        notices += extra.pop("sheet_notices", [])
        context.update(extra)
    context["sheet_callouts"] = callouts
    context["sheet_notices"] = notices
    return context
