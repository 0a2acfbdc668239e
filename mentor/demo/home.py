"""Demo: the agent of Justice has started a training, so the home page's "Reprendre" and
the progress in "Mes formations" show something after ``make run`` (idempotent)."""

from mentor.enrolments.models import Enrolment
from mentor.learning import services
from mentor.learning.selectors import learner_course

DEMO_AGENT = "agent@justice.gouv.fr"


def load_demo_home() -> bool:
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
