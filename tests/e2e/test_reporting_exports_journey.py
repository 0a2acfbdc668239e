"""The Justice referent prepares the HR export (a Celery job: progress page, then the
file), then creates and revokes a personal API token in "Mon compte"; axe on each page."""

import csv
import io

import pytest

from tests.factories import PASSWORD, TrainingFactory, UserFactory
from tests.reporting.conftest import enrol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finished(justice, agriculture, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "exports"},
        },
    }
    training = TrainingFactory(title="Justice et numérique", producer=justice)
    agent = UserFactory(entity=justice, email="agent.rh@justice.gouv.fr", agent_id="MJ-42")
    enrol(agent, training, seconds=600, completed_after_days=1)
    enrol(UserFactory(entity=agriculture), training, completed_after_days=2)
    return agent


def sign_in(page, user) -> None:
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")


def test_the_referent_prepares_the_hr_export(page, axe_check, justice_admin, finished):
    sign_in(page, justice_admin)
    page.goto("/pilotage/")
    page.get_by_role("button", name="Préparer l’export RH (CSV)").click()
    page.wait_for_url("**/pilotage/exports/**")
    page.get_by_text("Votre export est prêt").wait_for()
    axe_check(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-download").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:2] == ["Identifiant agent", "Adresse électronique"]
    assert [row[:2] for row in rows[1:]] == [["MJ-42", "agent.rh@justice.gouv.fr"]]


def test_a_personal_api_token_is_shown_once_and_revoked(page, axe_check, justice_admin):
    sign_in(page, justice_admin)
    page.goto("/profil/")
    page.get_by_role("link", name="Jetons d’API").first.click()
    page.wait_for_url("**/profil/jetons/")
    axe_check(page)
    page.get_by_label("Nom du jeton").fill("SIRH Justice")
    page.get_by_role("button", name="Créer le jeton").click()
    secret = page.locator("#token-secret").input_value()
    assert secret.startswith("mentor_")
    axe_check(page)
    page.goto("/profil/jetons/")
    assert secret not in page.content()
    page.get_by_role("button", name="Révoquer le jeton SIRH Justice").click()
    page.get_by_text("est révoqué").first.wait_for()
    assert "révoqué le" in page.get_by_test_id("tokens").inner_text().lower()  # a badge
