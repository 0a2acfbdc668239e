import factory
from django.utils import timezone

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from tests.factories import SessionFactory, UserFactory


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


def complete(enrolment: Enrolment, *, completed_at=None) -> Completion:
    """Mark the enrolment completed, as the learning flow does (without sending the signal)."""
    return Completion.objects.create(
        enrolment=enrolment, completed_at=completed_at or timezone.now()
    )
