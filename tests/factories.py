import factory
from allauth.account.models import EmailAddress

from mentor.accounts.models import RoleAssignment, User
from mentor.accounts.services import role_grant
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


def role_holder(role: str, entity: Entity | None = None, /, *, actor: User, **user_fields) -> User:
    """A new user (``UserFactory(**user_fields)``, attached to ``entity`` unless
    ``user_fields`` names another) holding ``role`` on ``entity``, granted by ``actor``.

    ``role`` and ``entity`` are positional only: ``entity=`` is the user's own attachment."""
    user_fields.setdefault("entity", entity)
    user = UserFactory(**user_fields)
    role_grant(actor=actor, user=user, role=role, entity=entity)
    return user


# --- Catalog -----------------------------------------------------------------------------
import datetime as _dt  # noqa: E402

from django.utils import timezone as _tz  # noqa: E402

from mentor.catalog.models import Collection, PublicationState, Session, Training  # noqa: E402
from mentor.catalog.services import training_reindex  # noqa: E402


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Formation numéro {n}")
    slug = factory.Sequence(lambda n: f"formation-{n}")
    summary = "Une formation pour les agents de l'État."
    duration_hours = 7
    modality = "self_paced"
    producer = factory.SubFactory(EntityFactory)
    state = PublicationState.PUBLISHED
    published_at = factory.LazyFunction(_tz.now)

    @factory.post_generation
    def collections(self, create, extracted, **kwargs):
        if create and extracted:
            self.collections.set(extracted)

    @factory.post_generation
    def indexed(self, create, extracted, **kwargs):
        if create:
            training_reindex(self)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    training = factory.SubFactory(TrainingFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_on = factory.LazyFunction(lambda: _tz.localdate() + _dt.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + _dt.timedelta(days=30))
