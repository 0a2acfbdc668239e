"""The grid in the Django admin: platform admins only; a frozen version is read-only and
the "new version" action gives an editable copy."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from mentor.quality.models import Grid, GridState

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_platform_admin_versions_the_grid_in_the_admin(grid, platform_admin):
    client = _client(platform_admin)
    change = client.get(reverse("admin:quality_grid_change", args=[grid.pk]))
    assert change.status_code == HTTPStatus.OK
    assert 'name="criteria-0-text"' not in change.content.decode()  # frozen: read-only

    client.post(
        reverse("admin:quality_grid_changelist"),
        {"action": "new_version", "_selected_action": [grid.pk]},
    )
    draft = Grid.objects.get(version=2)
    assert draft.state == GridState.DRAFT
    page = client.get(reverse("admin:quality_grid_change", args=[draft.pk])).content.decode()
    assert 'name="criteria-0-text"' in page  # a draft is editable

    client.post(
        reverse("admin:quality_grid_changelist"),
        {"action": "activate", "_selected_action": [draft.pk]},
    )
    assert Grid.objects.get(state=GridState.ACTIVE) == draft


def test_space_admins_do_not_reach_the_grid(grid, justice_admin):
    client = _client(justice_admin)
    assert client.get(reverse("admin:quality_grid_changelist")).status_code == HTTPStatus.FORBIDDEN
