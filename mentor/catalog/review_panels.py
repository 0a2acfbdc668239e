"""Panels shown beside a training wherever its producers' work is judged: the editorial
committee's review page (``/comite/``) and the applications to a call for projects
(``/ressources/``). A registry, so the apps that measure a training (e.g. its quality
self-assessment) plug in without the committee's app importing them, and the other way.

Register a function ``(*, user, training) -> ReviewPanel | None`` (None: nothing to show
to this person for this training)::

    @register_review_panel("quality")
    def quality_panel(*, user, training):
        return ReviewPanel(title=..., template="quality/_review_panel.html", context={...})
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mentor.core.registry import Registry


@dataclass(frozen=True)
class ReviewPanel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelFunc = Callable[..., ReviewPanel | None]
_PANELS: Registry[PanelFunc] = Registry("review panels")


def register_review_panel(name: str, *, order: int = 0) -> Callable[[PanelFunc], PanelFunc]:
    return _PANELS.register(name, order=order)


def review_panels(*, user, training) -> list[ReviewPanel]:
    panels = []
    for _name, func in _PANELS.items():
        panel = func(user=user, training=training)
        if panel is not None:
            panels.append(panel)
    return panels
