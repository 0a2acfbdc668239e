"""What a completed training offers its learner: the registry.

The apps that build on learning (attestations, surveys, later learning paths…) register a
provider here; "Mes formations" and the player both read ``completion_offers``, so the two
screens can never disagree about what is on offer, and enrolments never imports the apps
above it. Shaped like ``accounts.personal_data.register_section``.

A provider receives the completed enrolments of one page (``session__training`` already
selected) and answers, in a fixed number of queries, the offer of each enrolment id it has
something for.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mentor.core.registry import Registry
from mentor.enrolments.models import Enrolment


@dataclass(frozen=True)
class CompletionOffer:
    """One button at the end of a training."""

    key: str  # stable identifier, also the ``data-testid`` suffix
    label: str  # visible text, already translated
    url: str
    primary: bool = False  # the main action of the banner (the others are secondary)
    icon: str = ""  # DSFR icon class, e.g. "fr-icon-download-line"
    hint: str = ""  # a sentence the player's completion banner shows with the offer


Provider = Callable[[list[Enrolment]], dict[int, CompletionOffer]]
_PROVIDERS: Registry[Provider] = Registry("completion offers")


def register_offer(key: str, *, order: int) -> Callable[[Provider], Provider]:
    """Register a provider under ``key``; offers are listed by ascending ``order``."""
    return _PROVIDERS.register(key, order=order)


def completion_offers(*, completed: Iterable[Enrolment]) -> dict[int, list[CompletionOffer]]:
    """The offers of each of the ``completed`` enrolments (the caller knows they completed
    their training: nothing is offered before the end), by enrolment id, in the registered
    order. Costs each provider's fixed number of queries, whatever the number of rows."""
    completed = list(completed)
    offers: dict[int, list[CompletionOffer]] = {e.pk: [] for e in completed}
    if not completed:
        return offers
    for _key, provider in _PROVIDERS.items():
        for enrolment_id, offer in provider(completed).items():
            offers[enrolment_id].append(offer)
    return offers
