"""Sessions opened to one person beyond their audience: a registry.

The catalog decides who sees what (``selectors.trainings_visible_to``): visitors the
interministerial offer, State agents also their entities' internal offer, and "other users"
(no entity) nothing — except the sessions an app above grants them one by one (an accepted
invitation, in prescriptions). Each grant is a function ``(user) -> QuerySet`` of session
ids (``values("session_id")``-like, one column), combined into one database condition, so
the catalog imports none of those apps.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from mentor.core.registry import Registry

SessionGrant = Callable[..., QuerySet]
_GRANTS: Registry[SessionGrant] = Registry("session grants")


def register_session_grant(name: str) -> Callable[[SessionGrant], SessionGrant]:
    return _GRANTS.register(name)


def granted_sessions_q(user, prefix: str = "") -> Q:
    """Sessions granted to ``user`` by any registered app (``prefix`` for a relation, e.g.
    ``"sessions__"``): an empty condition (``pk__in=[]``) when there are none."""
    query = Q(**{f"{prefix}pk__in": []})
    if not user.is_authenticated:
        return query
    for _name, grant in _GRANTS.items():
        query |= Q(**{f"{prefix}pk__in": grant(user)})
    return query
