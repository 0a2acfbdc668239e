"""Demo: the agent of Justice has started a training, so the home page's "Reprendre" and
the progress in "Mes formations" show something after ``make run``; and the training she
has finished has its attestation, listed in "Mes fichiers" and verifiable (idempotent)."""

from mentor.attestations.services import attestation_issue
from mentor.enrolments.models import Enrolment
from mentor.learning import services
from mentor.learning.models import Completion
from mentor.learning.selectors import learner_course

DEMO_AGENT = "agent@justice.gouv.fr"


def _demo_attestation() -> None:
    completion = (
        Completion.objects.filter(
            enrolment__user__email=DEMO_AGENT,
            enrolment__session__training__delivers_attestation=True,
        )
        .order_by("completed_at", "pk")
        .first()
    )
    if completion is not None:
        attestation_issue(completion=completion)  # returns the one issued before, if any


def load_demo_home() -> bool:
    _demo_attestation()
    enrolment = (
        Enrolment.objects.filter(
            user__email=DEMO_AGENT,
            status=Enrolment.Status.ACTIVE,
            completion__isnull=True,
            session__training__sections__activities__kind="page",
        )
        .select_related("session__training", "user")
        .order_by("session__starts_on", "pk")
        .first()
    )
    if enrolment is None:
        return False
    pages = [a for a in learner_course(enrolment=enrolment).activities if a.kind == "page"]
    if pages:
        services.activity_view(enrolment=enrolment, activity=pages[0])
    return bool(pages)
