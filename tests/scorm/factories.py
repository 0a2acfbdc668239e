"""Factories for the SCORM tests: a training's course with a SCORM activity, enrolments."""

import uuid

import factory
from django.utils import timezone

from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, Section
from mentor.scorm.models import ActivityPackage, Package, Sco
from tests.factories import SessionFactory, TrainingFactory, UserFactory


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    training = factory.SubFactory(TrainingFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(int)


class PackageFactory(factory.django.DjangoModelFactory):
    """A package row without files (runtime tests); use ``package_import`` to get files."""

    class Meta:
        model = Package
        skip_postgeneration_save = True

    training = factory.SubFactory(TrainingFactory)
    title = "Module de test"
    version = "1.2"
    launch_path = "index.html"
    storage_prefix = factory.LazyFunction(lambda: f"scorm/{uuid.uuid4().hex}")
    file_count = 2
    total_size = 1000

    @factory.post_generation
    def scos(self, create, extracted, **kwargs):
        """One SCO at the launch page, as an import of a single-SCO package stores it."""
        if create and not self.scos.exists():
            Sco.objects.create(
                package=self, identifier="ITEM-1", title=self.title, launch_path=self.launch_path
            )


class ScormActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    kind = "scorm"
    title = factory.Sequence(lambda n: f"Module SCORM {n}")
    completion_rule = "scorm_completed"
    position = factory.Sequence(int)
    scorm_package = factory.SubFactory(
        PackageFactory, training=factory.SelfAttribute("..section.training")
    )

    @classmethod
    def _create(cls, model_class, *args, scorm_package=None, **kwargs):
        """The package goes to ``scorm.ActivityPackage``, not to the activity's table."""
        activity = super()._create(model_class, *args, **kwargs)
        if scorm_package is not None:
            ActivityPackage.objects.create(activity=activity, package=scorm_package)
        return activity


class PageActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    kind = "page"
    title = factory.Sequence(lambda n: f"Page {n}")
    completion_rule = "viewed"
    body = "<p>Contenu</p>"
    position = factory.Sequence(int)


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)
    enrolled_at = factory.LazyFunction(timezone.now)
