"""The Justice referent exports a campaign's follow-up: a worker's job (core.export_jobs)
with its progress page, then the file (``;``, UTF-8 with a BOM). axe on each page."""

import csv
import io

import pytest
from django.test import TestCase

from mentor.prescriptions.services import campaign_create
from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory
from tests.prescriptions.conftest import campaign_kwargs

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def campaign(justice, justice_admin, private_exports):
    training = TrainingFactory(title="Transition écologique — socle commun")
    SessionFactory(training=training)
    UserFactory(email="ines@justice.gouv.fr", entity=justice, last_name="Martin")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(
            actor=justice_admin, training=training, **campaign_kwargs(entities=[justice])
        )


def test_the_referent_exports_the_follow_up(page, axe_check, justice_admin, campaign):
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(justice_admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")
    page.goto(campaign.get_absolute_url())
    page.get_by_role("button", name="Exporter le suivi (CSV)").click()
    page.wait_for_url("**/exports/**")
    page.get_by_text("Votre export est prêt").wait_for()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Adresse électronique"
    assert "ines@justice.gouv.fr" in [row[0] for row in rows[1:]]
