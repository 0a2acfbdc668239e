"""The read-only admin listing, and the player embedded in the learning player page."""

from http import HTTPStatus

import pytest

from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.scorm.factories import (
    EnrolmentFactory,
    PackageFactory,
    ScormActivityFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


class TestPackageAdmin:
    def test_platform_admin_lists_packages_read_only(
        self, client, platform_admin, django_assert_max_num_queries
    ):
        for _ in range(3):
            PackageFactory(title="Module RGPD")
        client.force_login(platform_admin)

        with django_assert_max_num_queries(12):
            response = client.get("/admin/scorm/package/")

        assert response.status_code == HTTPStatus.OK
        assert response.content.decode().count("Module RGPD") == 3
        assert client.get("/admin/scorm/package/add/").status_code == HTTPStatus.FORBIDDEN

    def test_staff_outside_the_scope_sees_nothing(self, client):
        PackageFactory(title="Module RGPD")
        client.force_login(UserFactory(is_staff=True))

        response = client.get("/admin/scorm/package/")

        assert response.status_code == HTTPStatus.OK
        assert "Module RGPD" not in response.content.decode()


def test_the_learning_player_embeds_the_scorm_player(client):
    training = TrainingFactory()
    activity = ScormActivityFactory(section=SectionFactory(training=training))
    enrolment = EnrolmentFactory(session=SessionFactory(training=training))
    client.force_login(enrolment.user)

    response = client.get(f"/apprendre/{enrolment.pk}/{activity.pk}/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "data-scorm-player" in html
    sco = activity.scorm_package_link.package.scos.get()
    assert f'data-commit-url="/scorm/execution/{enrolment.pk}/{activity.pk}/{sco.pk}/1/"' in html
