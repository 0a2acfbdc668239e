import factory
from django.utils import timezone

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, Choice, Question, Section
from tests.factories import SessionFactory, TrainingFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    training = factory.SubFactory(TrainingFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(int)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    kind = "page"
    title = factory.Sequence(lambda n: f"Activité {n}")
    completion_rule = "viewed"
    body = "<p>Contenu</p>"
    position = factory.Sequence(int)

    @classmethod
    def _create(cls, model_class, *args, scorm_package=None, **kwargs):
        """``scorm_package=``: the package the activity plays (``scorm.ActivityPackage``)."""
        activity = super()._create(model_class, *args, **kwargs)
        if scorm_package is not None:
            from mentor.scorm.models import ActivityPackage  # noqa: PLC0415

            ActivityPackage.objects.create(activity=activity, package=scorm_package)
        return activity


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    session = factory.SubFactory(SessionFactory)
    enrolled_at = factory.LazyFunction(timezone.now)


def quiz(section, *, passing_score=50, max_attempts=None):
    """A quiz with one question of each kind (4 points in all)."""
    activity = ActivityFactory(
        section=section,
        kind="quiz",
        completion_rule="passed",
        title="Quiz",
        passing_score=passing_score,
        max_attempts=max_attempts,
    )
    single = Question.objects.create(
        activity=activity, kind="single", text="Capitale ?", position=1
    )
    Choice.objects.create(question=single, text="Paris", correct=True)
    Choice.objects.create(question=single, text="Lyon", correct=False)
    multiple = Question.objects.create(
        activity=activity, kind="multiple", text="Valeurs ?", position=2
    )
    Choice.objects.create(question=multiple, text="Liberté", correct=True)
    Choice.objects.create(question=multiple, text="Égalité", correct=True)
    Choice.objects.create(question=multiple, text="Profit", correct=False)
    tf = Question.objects.create(
        activity=activity, kind="true_false", text="La laïcité protège.", position=3
    )
    Choice.objects.create(question=tf, text="Vrai", correct=True)
    Choice.objects.create(question=tf, text="Faux", correct=False)
    short = Question.objects.create(
        activity=activity,
        kind="short",
        text="Devise ?",
        position=4,
        accepted_answers="Liberté, Égalité, Fraternité\nliberte egalite fraternite",
    )
    return activity, {"single": single, "multiple": multiple, "tf": tf, "short": short}


def right_answers(questions) -> dict:
    c = {k: list(q.choices.all()) for k, q in questions.items()}
    return {
        str(questions["single"].pk): str(c["single"][0].pk),
        str(questions["multiple"].pk): [str(c["multiple"][0].pk), str(c["multiple"][1].pk)],
        str(questions["tf"].pk): str(c["tf"][0].pk),
        str(questions["short"].pk): "  LIBERTÉ, égalité, fraternité ",
    }
