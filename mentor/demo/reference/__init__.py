"""Reference data every installation needs: the organisation tree with its e-mail domains,
and the collections with their lead directions and strategic orientations."""

from django.db import transaction

from mentor.demo.reference.collections import load_reference_collections
from mentor.demo.reference.organisations import load_reference_organisations


@transaction.atomic
def load_reference() -> tuple[int, int]:
    """Load (or refresh) the reference data; return (entities, collections). Idempotent."""
    return load_reference_organisations(), load_reference_collections()
