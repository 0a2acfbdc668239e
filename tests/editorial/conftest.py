import pytest

from mentor.accounts.models import Role
from tests.factories import UserFactory, role_holder


@pytest.fixture
def designer(justice, platform_admin):
    return role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="conceptrice@justice.gouv.fr"
    )


@pytest.fixture
def committee(platform_admin):
    return role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )


@pytest.fixture
def agent(justice):
    return UserFactory(email="agent@justice.gouv.fr", entity=justice)
