import pytest

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from tests.factories import UserFactory


@pytest.fixture
def designer(justice, platform_admin):
    user = UserFactory(email="conceptrice@justice.gouv.fr", entity=justice)
    role_grant(actor=platform_admin, user=user, role=Role.DESIGNER, entity=justice)
    return user


@pytest.fixture
def committee(platform_admin):
    user = UserFactory(email="comite@fonction-publique.gouv.fr")
    role_grant(actor=platform_admin, user=user, role=Role.EDITORIAL_COMMITTEE, entity=None)
    return user


@pytest.fixture
def agent(justice):
    return UserFactory(email="agent@justice.gouv.fr", entity=justice)
