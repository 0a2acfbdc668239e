"""The campaign form's validity of earlier completions ("acquis de moins de N ans / mois"):
in years or months, stored in months, shown on the campaign page; out of bounds, a French
error and nothing created."""

from http import HTTPStatus

import pytest
from django.test import TestCase
from django.urls import reverse

from mentor.prescriptions.models import Campaign
from tests.prescriptions.test_views import _post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("number", "unit", "months", "shown"),
    [
        ("3", "years", 36, "moins de 3 ans"),
        ("18", "months", 18, "moins de 18 mois"),
        ("", "years", None, "sans limite"),
    ],
)
def test_the_validity_is_kept_in_months(
    client, justice_admin, justice, training, session, number, unit, months, shown
):
    client.force_login(justice_admin)
    data = _post(training, justice, validity=number, validity_unit=unit)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("prescriptions:create"), data)
    assert response.status_code == HTTPStatus.FOUND
    campaign = Campaign.objects.get()
    assert campaign.validity_months == months
    assert shown in client.get(campaign.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("number", "unit", "error"),
    [
        ("0", "years", "La validité des acquis est d&#x27;au moins 1 mois."),
        ("51", "years", "La validité des acquis est d&#x27;au plus 50 ans."),
        ("601", "months", "La validité des acquis est d&#x27;au plus 50 ans."),
        ("deux", "years", "Indiquez un nombre entier de mois ou d&#x27;années."),
    ],
)
def test_a_validity_out_of_bounds_creates_nothing(
    client, justice_admin, justice, training, number, unit, error
):
    client.force_login(justice_admin)
    data = _post(training, justice, validity=number, validity_unit=unit)
    response = client.post(reverse("prescriptions:create"), data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content.decode()
    assert not Campaign.objects.exists()
