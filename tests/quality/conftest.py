import pytest

from mentor.accounts.models import Role
from mentor.demo.reference.quality_grid import load_reference_quality_grid
from mentor.quality.models import Grid
from tests.factories import TrainingFactory, role_holder


@pytest.fixture
def grid(db) -> Grid:
    load_reference_quality_grid()
    return Grid.objects.get(version=1)


@pytest.fixture
def agri_designer(agriculture, platform_admin):
    user = role_holder(
        Role.DESIGNER, agriculture, actor=platform_admin, email="conceptrice@agriculture.gouv.fr"
    )
    user.refresh_from_db()
    return user


@pytest.fixture
def training(agriculture):
    return TrainingFactory(title="Concevoir et animer une classe virtuelle", producer=agriculture)
