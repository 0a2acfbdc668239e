"""The satisfaction survey offered at the end of a training, while unanswered (see
``enrolments.completion_offers``)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.enrolments.completion_offers import CompletionOffer, register_offer
from mentor.enrolments.models import Enrolment
from mentor.surveys.models import SurveyResponse


@register_offer("survey", order=20)
def survey_offers(enrolments: list[Enrolment]) -> dict[int, CompletionOffer]:
    """One answer per agent and training: offered until the agent answered for the
    training, whichever session they answered from. One query."""
    answered = set(
        SurveyResponse.objects.filter(
            user_id__in={e.user_id for e in enrolments},
            training_id__in={e.session.training_id for e in enrolments},
        ).values_list("user_id", "training_id")
    )
    return {
        e.pk: CompletionOffer(
            key="survey",
            label=_("Donner mon avis"),
            url=reverse("surveys:answer", args=[e.pk]),
            hint=_(
                "Votre avis nous aide à l’améliorer : le questionnaire ne prend que quelques "
                "minutes et ne conditionne pas votre attestation."
            ),
        )
        for e in enrolments
        if (e.user_id, e.session.training_id) not in answered
    }
