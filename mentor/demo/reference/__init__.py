"""Reference data every installation needs: the organisation tree with its e-mail domains,
the collections with their lead directions and strategic orientations, and the default
quality self-assessment grid."""

from django.db import transaction

from mentor.demo.reference.collections import load_reference_collections
from mentor.demo.reference.organisations import load_reference_organisations
from mentor.demo.reference.quality_grid import load_reference_quality_grid


@transaction.atomic
def load_reference() -> tuple[int, int]:
    """Load (or refresh) the reference data; return (entities, collections). Idempotent.
    The quality self-assessment grid comes with it (its first version, once)."""
    counts = load_reference_organisations(), load_reference_collections()
    load_reference_quality_grid()
    return counts
