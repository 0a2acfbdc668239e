"""The single entry point for "may user U do action A on object O?".

Each domain declares its rules in its own ``permissions.py`` with ``@rule("app.action")``;
views, templates (``{% can "app.action" obj as allowed %}``), the admin and the API all ask
``can()``. List pages do not filter in Python: each domain also exposes queryset helpers
(``..._visible_to(user)``) built on the same role lookups.
"""

from collections.abc import Callable
from typing import Any

Rule = Callable[[Any, Any], bool]
_RULES: dict[str, Rule] = {}


def rule(action: str) -> Callable[[Rule], Rule]:
    def register(func: Rule) -> Rule:
        if action in _RULES:
            raise RuntimeError(f"Permission rule {action!r} declared twice")
        _RULES[action] = func
        return func

    return register


def can(user, action: str, obj: Any = None) -> bool:
    """True when ``user`` may do ``action`` on ``obj``. Unknown actions are refused."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    try:
        check = _RULES[action]
    except KeyError as exc:
        raise LookupError(f"No permission rule named {action!r}") from exc
    return bool(check(user, obj))
