import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from mentor.accounts.models import Role
from mentor.core import navigation
from mentor.organisations.services import entity_upsert
from tests.factories import UserFactory, role_holder
from tests.proconnect.provider import ProviderProcess


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache: every test starts with a clean slate, and
    # with no links or shell fragments kept in the process by an earlier one.
    cache.clear()
    navigation.forget_cached_links()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request in English leaves English active in its thread (as Django does between
    # requests): what a test renders outside a request starts from the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def justice(db):
    return entity_upsert(
        slug="justice",
        name="Ministère de la Justice",
        short_name="MJ",
        article="le",
        kind="ministry",
        domains=["justice.gouv.fr"],
    )


@pytest.fixture
def penitentiaire(justice):
    return entity_upsert(
        slug="dap",
        name="Direction de l'administration pénitentiaire",
        short_name="DAP",
        article="la",
        kind="direction",
        parent=justice,
        domains=["dap.justice.gouv.fr"],
    )


@pytest.fixture
def agriculture(db):
    return entity_upsert(
        slug="agriculture",
        name="Ministère de l'Agriculture et de la Souveraineté alimentaire",
        short_name="MASA",
        article="le",
        kind="ministry",
        domains=["agriculture.gouv.fr"],
    )


@pytest.fixture
def private_exports(settings, tmp_path):
    """Files of the export jobs (core.export_jobs) in the test's own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }


@pytest.fixture
def platform_admin(db):
    return UserFactory(email="admin@fonction-publique.gouv.fr", is_superuser=True, is_staff=True)


def _space_admin(entity, platform_admin, email):
    user = role_holder(Role.SPACE_ADMIN, entity, actor=platform_admin, email=email)
    user.refresh_from_db()
    return user


@pytest.fixture
def justice_admin(justice, platform_admin):
    return _space_admin(justice, platform_admin, "referente@justice.gouv.fr")


@pytest.fixture
def agri_admin(agriculture, platform_admin):
    return _space_admin(agriculture, platform_admin, "referent@agriculture.gouv.fr")


@pytest.fixture(scope="session")
def proconnect_provider(tmp_path_factory):
    """A real OpenID Connect provider configured like ProConnect (npm oidc-provider), on
    127.0.0.1 at a free port for the whole session, stopped at the end."""
    provider = ProviderProcess(tmp_path_factory.mktemp("proconnect"))
    yield provider
    provider.stop()


@pytest.fixture
def proconnect(proconnect_provider, settings):
    """ProConnect configured against the test provider for one test."""
    settings.SOCIALACCOUNT_PROVIDERS = proconnect_provider.settings()
    proconnect_provider.set_accounts()
    return proconnect_provider
