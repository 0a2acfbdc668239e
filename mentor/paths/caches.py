"""The path plans cached for their learners (``selectors.path_plan``) and their retirement.

A plan (sections, modules, what each module waits for, its placement rules, the linked
sessions with their trainings) is the same for every agent of a path session: on the
release of a national path, thousands read it at once. It is cached under two versions:
the offer's (``catalog.caches``: any training, session or organisation saved) and the
paths' own (any plan, section, module, prerequisite, placement rule or equivalence saved
or deleted, ``receivers``). Seats taken, which every enrolment changes, are never taken
from the cache (``selectors.path_plan`` reads them fresh). The declared equivalences,
read by every path page and every completion of a module, are cached under the paths'
version too, and the trainings some module links, under both.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from mentor.core.cache import invalidate, version_bump, version_of

PATHS_VERSION_KEY = "paths:version"
EQUIVALENCES_KEY = "paths:equivalences"
LINKED_KEY = "paths:linked-trainings"
PLAN_SECONDS = 300


def plan_key(session_id: int) -> str:
    return f"paths:plan:{session_id}"


def paths_changed() -> None:
    """Retire every cached plan, now and again after the commit (a learner may have cached
    the old one in between)."""
    invalidate(lambda: version_bump(cache, PATHS_VERSION_KEY))


def versioned(key: str, version_keys: list[str], build: Callable[[], Any]) -> tuple[Any, bool]:
    """The value cached under ``key`` if it was built under the current versions (read in
    the same round trip), else ``build()`` cached under them; and whether it came from the
    cache. The versions are read before the rows: an edit in between leaves the entry
    under a version that never matches again."""
    found = cache.get_many([*version_keys, key])
    versions = tuple(found.get(k) for k in version_keys)
    entry = found.get(key)
    fresh = isinstance(entry, tuple) and len(entry) == 2 and entry[0] == versions  # noqa: PLR2004
    if None not in versions and fresh:
        return entry[1], True
    if None in versions:  # first reader since a flush
        versions = tuple(version_of(cache, k) for k in version_keys)
    value = build()
    cache.set(key, (versions, value), PLAN_SECONDS)
    return value, False
