"""The Justice referent prescribes a training to a CSV list of agents; an agent follows the
e-mail's direct link, signs in, lands on the sheet with the prescription, enrols, and finds
it first in "Mes formations"; the referent's follow-up shows them enrolled. axe on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()


def test_referent_prescribes_from_a_csv_and_the_agent_follows_the_link(
    page, axe_check, justice, justice_admin
):
    training = TrainingFactory(title="Transition écologique — socle commun")
    SessionFactory(training=training, title="Session ouverte", starts_on=timezone.localdate())
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice, first_name="Thomas")
    UserFactory(email="collegue@justice.gouv.fr", entity=justice)

    page.goto("/compte/login/")
    _sign_in(page, justice_admin.email)
    page.get_by_role("link", name="Prescriptions").first.click()
    page.wait_for_url("**/prescriptions/")
    axe_check(page)
    page.get_by_role("link", name="Nouvelle campagne").click()
    axe_check(page)
    page.get_by_label("Intitulé de la campagne").fill("Socle commun — service RH")
    page.get_by_label("Formation prescrite").select_option(label=training.title)
    due = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Échéance", exact=False).first.fill(due.isoformat())
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "liste.csv",
                "mimeType": "text/csv",
                "buffer": "\ufeffcourriel\nagent@justice.gouv.fr\ninconnu@justice.gouv.fr\n".encode(),
            }
        ],
    )
    page.get_by_role("button", name="Créer la campagne").click()
    errors = page.get_by_test_id("file-errors")
    assert "ligne 3 : aucun compte Mentor pour inconnu@justice.gouv.fr" in errors.inner_text()
    axe_check(page)

    page.set_input_files(
        "input[type=file]",
        files=[{"name": "liste.csv", "mimeType": "text/csv", "buffer": b"agent@justice.gouv.fr\n"}],
    )
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_url(re.compile(r"/prescriptions/\d+/$"))
    assert "1 envoyés · 0 à envoyer" in page.get_by_test_id("email-progress").inner_text()
    axe_check(page)
    campaign_url = page.url

    (message,) = [m for m in mail.outbox if m.to == [agent.email]]
    link = re.search(r"http://[^/]+(/prescriptions/\d+/formation/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(link)
    _sign_in(page, agent.email)
    page.wait_for_url(re.compile(re.escape(training.get_absolute_url())))
    assert "à terminer avant le" in page.get_by_test_id("prescription-notice").inner_text()
    axe_check(page)
    page.get_by_role("button", name="M’inscrire").click()
    page.wait_for_url("**/mes-formations/")
    prescribed = page.get_by_test_id("prescribed")
    assert training.title in prescribed.inner_text()
    assert "Prescrite par Ministère de la Justice" in prescribed.inner_text()
    axe_check(page)

    page.context.clear_cookies()
    page.goto("/compte/login/")
    _sign_in(page, justice_admin.email)
    page.goto(campaign_url)
    total = page.get_by_test_id("figures-total").inner_text().split()
    assert total[1:4] == ["1", "1", "0"]  # assigned, enrolled, in progress
