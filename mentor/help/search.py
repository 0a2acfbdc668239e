"""The FAQ's index: the catalogue's French search (``catalog.search``) over its questions."""

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value

from mentor.catalog.search import fold
from mentor.help.models import FaqEntry


def faq_index(entry: FaqEntry) -> None:
    """Store the folded text (every database) and, on PostgreSQL, the weighted French
    tsvector (question > answer) of ``entry``."""
    FaqEntry.objects.filter(pk=entry.pk).update(
        search_text=fold(f"{entry.question} {entry.answer}")
    )
    if connection.vendor == "postgresql":
        FaqEntry.objects.filter(pk=entry.pk).update(
            search_vector=SearchVector(Value(fold(entry.question)), weight="A", config="french")
            + SearchVector(Value(fold(entry.answer)), weight="C", config="french")
        )
