"""The Justice referent prescribes a training to a CSV list of agents (an address and an
agent identifier); an agent follows the e-mail's direct link, signs in, lands on the sheet
with the prescription, enrols, finds it first in "Mes formations" and finishes it; the
referent's follow-up shows them completed, and the referent reminds the colleague who has
not finished ("Relancer" on their line). axe on every page."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()


def test_referent_prescribes_from_a_csv_and_the_agent_follows_the_link(
    page, axe_check, justice, justice_admin
):
    training = TrainingFactory(title="Transition écologique — socle commun")
    ActivityFactory(
        section=SectionFactory(training=training, title="L'essentiel"),
        title="Les enjeux",
        body="<p>Sobriété, adaptation, biodiversité.</p>",
        position=0,
    )
    SessionFactory(training=training, title="Session ouverte", starts_on=timezone.localdate())
    agent = UserFactory(email="agent@justice.gouv.fr", entity=justice, first_name="Thomas")
    UserFactory(
        email="collegue@justice.gouv.fr", entity=justice, first_name="Inès", agent_id="MJ-4242"
    )

    page.goto("/compte/login/")
    _sign_in(page, justice_admin.email)
    page.get_by_role("link", name="Prescriptions").first.click()
    page.wait_for_url("**/prescriptions/")
    axe_check(page)
    page.get_by_role("link", name="Nouvelle campagne").click()
    page.wait_for_url("**/prescriptions/nouvelle/")
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
        files=[
            {
                "name": "liste.csv",
                "mimeType": "text/csv",
                "buffer": b"agent@justice.gouv.fr\nMJ-4242\n",
            }
        ],
    )
    page.get_by_role("button", name="Créer la campagne").click()
    page.wait_for_url(re.compile(r"/prescriptions/\d+/$"))
    assert "2 envoyés · 0 à envoyer" in page.get_by_test_id("email-progress").inner_text()
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

    page.get_by_role("link", name="Suivre la formation").first.click()
    page.wait_for_url(re.compile(r"/apprendre/\d+/\d+/$"))  # viewing the page completes it
    assert page.get_by_role("heading", name="Les enjeux").is_visible()

    page.context.clear_cookies()
    page.goto("/compte/login/")
    _sign_in(page, justice_admin.email)
    page.goto(campaign_url)
    total = page.get_by_test_id("figures-total").inner_text().split()
    # assigned, enrolled, in progress, completed
    assert total[1:5] == ["2", "1", "0", "1"]
    mail.outbox.clear()
    page.get_by_role("button", name="Relancer Inès").click()
    page.wait_for_url(re.compile(r"/prescriptions/\d+/#a-relancer$"))
    assert "Relance envoyée à Inès" in page.content()
    assert [m.to for m in mail.outbox] == [["collegue@justice.gouv.fr"]]
    axe_check(page)
