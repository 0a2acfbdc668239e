"""The attestation offered at the end of a training (see ``enrolments.completion_offers``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.attestations.models import Attestation
from mentor.enrolments.completion_offers import CompletionOffer, register_offer
from mentor.enrolments.models import Enrolment


@register_offer("attestation", order=10)
def attestation_offers(enrolments: list[Enrolment]) -> dict[int, CompletionOffer]:
    """A valid attestation was issued, or none yet and the training delivers them (the
    download issues it if the background task has not run yet). One query."""
    issued = dict(
        Attestation.objects.filter(enrolment__in=enrolments).values_list(
            "enrolment_id", "revoked_at"
        )
    )
    offers = {}
    for enrolment in enrolments:
        if enrolment.pk in issued:
            available = issued[enrolment.pk] is None
        else:
            available = bool(enrolment.session.training.delivers_attestation)
        if available:
            offers[enrolment.pk] = CompletionOffer(
                key="attestation",
                label=_("Télécharger l’attestation (PDF balisé)"),
                url=reverse("attestations:download", args=[enrolment.pk]),
                primary=True,
                icon="fr-icon-download-line",
            )
    return offers
