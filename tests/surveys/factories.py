import factory

from mentor.surveys.models import QuestionKind, SurveyQuestion
from tests.factories import TrainingFactory


class SurveyQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    training = factory.SubFactory(TrainingFactory)
    text = factory.Sequence(lambda n: f"Question complémentaire {n} ?")
    kind = QuestionKind.SCALE
    position = factory.Sequence(int)
