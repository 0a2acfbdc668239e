import factory
from allauth.account.models import EmailAddress

from mentor.accounts.models import RoleAssignment, User
from mentor.organisations.models import EmailDomain, Entity, EntityKind

PASSWORD = "correct horse battery staple"


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity
        django_get_or_create = ("slug",)

    kind = EntityKind.MINISTRY
    name = factory.Sequence(lambda n: f"Ministère numéro {n}")
    short_name = factory.Sequence(lambda n: f"M{n}")
    slug = factory.Sequence(lambda n: f"ministere-{n}")


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain

    entity = factory.SubFactory(EntityFactory)
    domain = factory.Sequence(lambda n: f"ministere-{n}.gouv.fr")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@example.org")
    first_name = "Claire"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Every factory user has a verified primary address, as after sign-up."""
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
