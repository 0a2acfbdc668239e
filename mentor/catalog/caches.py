"""The version key of the offer's cached fragments (home tiles, facet counts, totals): part
of every fragment's key, bumped by any change to the offer (``signals``)."""

import time

from django.core.cache import cache

CATALOG_VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    """A number that changes whenever the offer changes (``catalog_changed``): part of the
    key of every cached fragment of the offer, so an edit never shows stale pages."""
    version = cache.get(CATALOG_VERSION_KEY)
    if version is None:
        # Unique across cache flushes and restarts: never reuses an old fragment's key.
        version = int(time.time() * 1000)
        cache.add(CATALOG_VERSION_KEY, version, None)
    return version


def catalog_changed() -> None:
    """Retire every cached fragment of the offer (called on any change to it)."""
    try:
        cache.incr(CATALOG_VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(CATALOG_VERSION_KEY, int(time.time() * 1000), None)
