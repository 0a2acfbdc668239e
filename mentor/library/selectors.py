"""Reads of the training library. Lists are filtered in the database."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from mentor.catalog.copiers import copy_description
from mentor.catalog.models import Training
from mentor.catalog.permissions import trainings_editable_by
from mentor.catalog.search import query_terms
from mentor.library.models import CopyState, Deposit, TrainingCopy


def _done_copies() -> Count:
    return Count("copies", filter=Q(copies__state=CopyState.DONE), distinct=True)


def library_entries(*, q: str = "") -> QuerySet[Deposit]:
    """Trainings in the library now (not withdrawn), newest first, with their reuse count.
    Whoever may use the library sees them all (that is what sharing means)."""
    entries = (
        Deposit.objects.filter(withdrawn_at__isnull=True)
        .select_related("training__producer", "training__owner_entity")
        .annotate(n_reuses=_done_copies())
        .order_by("-created_at", "-pk")
    )
    for term in query_terms(q):
        entries = entries.filter(
            Q(training__search_text__contains=term) | Q(description__icontains=term)
        )
    return entries


def my_deposits(*, user) -> QuerySet[Deposit]:
    """Deposits of the trainings this user edits (withdrawn ones too), with reuse counts."""
    return (
        Deposit.objects.filter(training__in=trainings_editable_by(user))
        .select_related("training__producer")
        .annotate(n_reuses=_done_copies())
        .order_by("-created_at", "-pk")
    )


def deposit_get(*, pk: int) -> Deposit:
    return Deposit.objects.select_related("training__producer", "training__owner_entity").get(pk=pk)


def deposit_of(*, training: Training) -> Deposit | None:
    return Deposit.objects.filter(training=training).first()


def contents_of(*, training: Training) -> list[str]:
    """What a copy would take, as each content-owning app describes it."""
    return copy_description(training)


def reuses(*, training: Training) -> QuerySet[TrainingCopy]:
    """Who took a copy of this training (adaptations and duplicates that succeeded)."""
    return (
        TrainingCopy.objects.filter(source=training, state=CopyState.DONE)
        .select_related("target_producer", "target_entity", "target", "requested_by")
        .order_by("-finished_at", "-pk")
    )


def copy_get(*, pk: int) -> TrainingCopy:
    return TrainingCopy.objects.select_related("target", "source", "target_entity").get(pk=pk)


def origin_of(*, training: Training) -> TrainingCopy | None:
    """The copy that made this training, if it is one."""
    return (
        TrainingCopy.objects.filter(target=training)
        .select_related("source__producer", "deposit")
        .first()
    )


@dataclass(frozen=True)
class CopyProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))


def progress_key(copy_id: int) -> str:
    return f"library:copy:{copy_id}:done"


def copy_progress(*, copy: TrainingCopy) -> CopyProgress:
    """Units done: from the cache while the copy runs (its rows are not committed yet, so
    the database cannot tell), the total once it is done."""
    if copy.state == CopyState.DONE:
        return CopyProgress(copy.units_total, copy.units_total)
    if copy.state == CopyState.RUNNING:
        return CopyProgress(cache.get(progress_key(copy.pk), 0), copy.units_total)
    return CopyProgress(0, copy.units_total)
