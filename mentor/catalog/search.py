"""Free-text search over the offer.

Text is folded the same way at index and query time (lower case, no accents), so
"ecologique" finds "écologique" on every database. On PostgreSQL a French ``tsvector``
(weighted title > keywords > summary/objectives, GIN-indexed) adds stemming and ranking
("formations" finds "formation"); SQLite falls back to a substring match on the folded text
with a light plural folding, ranked by title hits.
"""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, FloatField, QuerySet, Value, When

from mentor.catalog.models import Training

MAX_QUERY_LENGTH = 200
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation as spaces: "L'Écologie" → "l ecologie"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub(" ", bare).strip()


def query_terms(query: str) -> list[str]:
    return [t for t in fold(query[:MAX_QUERY_LENGTH]).split() if len(t) > 1][:10]


def _singular(term: str) -> str:
    return term[:-1] if len(term) > 3 and term[-1] in "sx" else term


def index_fields(training) -> dict:
    """The folded text stored on the row (every database)."""
    parts = [training.title, training.keywords, training.summary, training.objectives]
    return {"search_text": fold(" ".join(parts))}


def update_vector(training_ids) -> None:
    """Recompute the French tsvector of these trainings (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return

    for training in Training.objects.filter(pk__in=training_ids).only(
        "pk", "title", "keywords", "summary", "objectives"
    ):
        Training.objects.filter(pk=training.pk).update(
            search_vector=SearchVector(Value(fold(training.title)), weight="A", config="french")
            + SearchVector(Value(fold(training.keywords)), weight="B", config="french")
            + SearchVector(
                Value(fold(f"{training.summary} {training.objectives}")),
                weight="C",
                config="french",
            )
        )


def apply_search(queryset: QuerySet, query: str, *, title_field: str = "title") -> QuerySet:
    """Filter by the query and annotate ``rank`` (higher is better). Any model with the same
    ``search_text`` and ``search_vector`` columns (the help centre's FAQ) shares it, so
    both searches fold, stem and rank French alike; ``title_field`` ranks first."""
    terms = query_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql":
        search = SearchQuery(" ".join(terms), config="french", search_type="plain")
        return queryset.filter(search_vector=search).annotate(
            rank=SearchRank(F("search_vector"), search)
        )
    for term in terms:
        queryset = queryset.filter(search_text__contains=_singular(term))
    first = _singular(terms[0])
    return queryset.annotate(
        rank=Case(
            When(**{f"{title_field}__icontains": first}, then=Value(1.0)),
            default=Value(0.5),
            output_field=FloatField(),
        )
    )
