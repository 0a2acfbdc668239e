"""What a completion is worth later, as a registry: the apps above learning say which
completions no longer count, and what a completion covered.

- ``register_voided_completions``: a function returning a ``Q`` over ``Completion`` that
  matches completions withdrawn since (attestations: their attestation was revoked). Whoever
  credits earlier work (learning paths) reads completions through ``counting_completions``,
  so a revocation withdraws the credit everywhere it was used, at once, with no copy to
  update.
- ``earlier_work_withdrawn``: the signal sent when completions stop counting, so a
  completion written on their credit is re-checked at once (``services.completion_recheck``).
- ``register_completion_details``: a function ``(completion) -> list[str]`` giving lines
  that describe what the completion covered (a path: one line per module, done on which
  day or credited from which earlier session); attestations store them in their snapshot
  when they are issued, and show them on the document and on its public verification
  page under their own heading ("Contenu attesté").
- ``register_equivalent_trainings``: a function ``(training_ids) -> {id: {ids}}`` giving
  the trainings whose completion counts for each (learning paths' equivalences), so that
  whoever counts earlier work (paths, prescriptions) applies the same rule.
- ``validity_cutoff`` / ``completed_since``: how long an earlier completion stays valid
  ("acquis de moins de N ans / mois"), one rule for the paths' modules and the campaigns.
"""

import calendar
from collections.abc import Callable
from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from mentor.core.registry import Registry
from mentor.learning.models import Completion

VoidedCompletions = Callable[[], Q]
CompletionDetails = Callable[[Completion], list[str]]
EquivalentTrainings = Callable[[set[int]], dict[int, set[int]]]
_VOIDED: Registry[VoidedCompletions] = Registry("voided completions")
_DETAILS: Registry[CompletionDetails] = Registry("completion details")
_EQUIVALENTS: Registry[EquivalentTrainings] = Registry("equivalent trainings")

#: Sent inside the transaction when completions stop counting as earlier work (an
#: attestation revoked, a completion withdrawn), so that whoever relied on them re-checks
#: what it wrote (learning paths: a path completion that needed that credit is undone).
#: Kwargs: user_ids, training_ids, actor, reason.
earlier_work_withdrawn = Signal()


def register_voided_completions(name: str) -> Callable[[VoidedCompletions], VoidedCompletions]:
    return _VOIDED.register(name)


def register_equivalent_trainings(
    name: str,
) -> Callable[[EquivalentTrainings], EquivalentTrainings]:
    return _EQUIVALENTS.register(name)


def equivalent_training_ids(training_id: int) -> set[int]:
    """The training and those whose completion counts for it."""
    ids = {training_id}
    for _name, equivalents in _EQUIVALENTS.items():
        ids |= equivalents({training_id}).get(training_id, set())
    return ids


def register_completion_details(name: str) -> Callable[[CompletionDetails], CompletionDetails]:
    return _DETAILS.register(name)


def counting_completions(queryset: QuerySet[Completion] | None = None) -> QuerySet[Completion]:
    """``queryset`` (every completion by default) without the withdrawn ones."""
    queryset = Completion.objects.all() if queryset is None else queryset
    for _name, voided in _VOIDED.items():
        queryset = queryset.exclude(voided())
    return queryset


def completion_details(completion: Completion) -> list[str]:
    lines: list[str] = []
    for _name, details in _DETAILS.items():
        lines += details(completion)
    return lines


def validity_cutoff(*, months: int | None, today: date) -> date | None:
    """The first day an earlier completion still counts when what it proves stays valid
    ``months`` months (``None`` or 0: forever). Exactly that long ago counts; a day the
    target month lacks falls back to its last (29 February minus a year: the 28th)."""
    if not months:
        return None
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def completed_since(cutoff: date | None, *, prefix: str = "") -> Q:
    """A ``Q`` over completions (or, with ``prefix``, over a relation to them) done on or
    after ``cutoff``, a local day; matches everything when there is no cutoff."""
    if cutoff is None:
        return Q()
    start = timezone.make_aware(datetime.combine(cutoff, time.min))
    return Q(**{f"{prefix}completed_at__gte": start})
