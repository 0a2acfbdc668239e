import pytest

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.demo.reference.quality_grid import load_reference_quality_grid
from mentor.quality.models import Grid
from tests.factories import TrainingFactory, UserFactory


@pytest.fixture
def grid(db) -> Grid:
    load_reference_quality_grid()
    return Grid.objects.get(version=1)


@pytest.fixture
def agri_designer(agriculture, platform_admin):
    user = UserFactory(email="conceptrice@agriculture.gouv.fr", entity=agriculture)
    role_grant(actor=platform_admin, user=user, role=Role.DESIGNER, entity=agriculture)
    user.refresh_from_db()
    return user


@pytest.fixture
def training(agriculture):
    return TrainingFactory(title="Concevoir et animer une classe virtuelle", producer=agriculture)
