"""The version key of the offer's cached fragments (home tiles, facet counts, totals): part
of every fragment's key, bumped by any change to the offer (``signals``)."""

from django.core.cache import cache

from mentor.core.cache import version_bump, version_of

CATALOG_VERSION_KEY = "catalog:version"


def catalog_version() -> int:
    """A number that changes whenever the offer changes (``catalog_changed``): part of the
    key of every cached fragment of the offer, so an edit never shows stale pages."""
    return version_of(cache, CATALOG_VERSION_KEY)


def catalog_changed() -> None:
    """Retire every cached fragment of the offer (called on any change to it)."""
    version_bump(cache, CATALOG_VERSION_KEY)
