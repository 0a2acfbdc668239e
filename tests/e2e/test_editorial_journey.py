"""The editorial workflow in a browser: a designer submits an interministerial training,
the committee member asks for changes (a comment on a criterion), the designer fixes the
sheet in the rich-text editor and resubmits, the committee publishes. axe 0 violations on
each page."""

import re

import pytest
from playwright.sync_api import expect

from mentor.accounts.models import Role
from mentor.catalog.models import PublicationState, Training
from mentor.editorial.models import Review
from tests.factories import PASSWORD, CollectionFactory, TrainingFactory, role_holder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, user) -> None:
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_submit_ask_for_changes_fix_resubmit_publish(
    page, browser, live_server, justice, platform_admin, axe_check
):
    designer = role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="conceptrice@justice.gouv.fr"
    )
    member = role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )
    collection = CollectionFactory(name="Management", lead_entity=justice)
    TrainingFactory(title="Manager à distance", producer=justice, collections=[collection])
    training = TrainingFactory(
        title="Conduire un entretien professionnel",
        slug="entretien-professionnel",
        producer=justice,
        state=PublicationState.DRAFT,
        published_at=None,
        collections=[collection],
        created_by=designer,
    )

    # The designer submits.
    _login(page, designer)
    page.goto(f"/conception/{training.slug}/")
    expect(page.locator(".prose-editor").first).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Soumettre pour publication").click()
    expect(page.get_by_text("La formation a été soumise pour publication.")).to_be_visible()

    # The committee member asks for changes.
    committee = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    committee.set_default_timeout(10_000)
    _login(committee, member)
    committee.goto("/comite/")
    axe_check(committee)
    committee.get_by_role("link", name="Conduire un entretien professionnel").click()
    expect(committee.get_by_text("Manager à distance")).to_be_visible()  # similar training
    axe_check(committee)
    form = committee.get_by_test_id("decision-form")
    form.locator("#id_pedagogy_comment").fill("Ajoutez une mise en situation d’entretien.")
    form.get_by_text("Demander des modifications au concepteur").click()
    form.get_by_role("button", name="Enregistrer la décision").click()
    expect(committee.get_by_text("La décision a été enregistrée")).to_be_visible()

    # The designer reads the comment, fixes the sheet in the editor and resubmits.
    page.goto(f"/conception/{training.slug}/")
    expect(page.get_by_text("Ajoutez une mise en situation d’entretien.")).to_be_visible()
    editor = page.locator(".prose-editor [contenteditable='true']").first
    editor.click()
    page.keyboard.type("Une mise en situation d’entretien filmée.")
    page.get_by_role("button", name="Enregistrer").first.click()
    expect(page.get_by_text("La formation a été enregistrée.")).to_be_visible()
    page.get_by_role("button", name="Soumettre pour publication").click()
    expect(page.get_by_text("La formation a été soumise pour publication.")).to_be_visible()
    assert "mise en situation d’entretien filmée" in Training.objects.get(pk=training.pk).objectives

    # The committee publishes.
    review = Review.objects.get(training=training, status="open")
    committee.goto(f"/comite/relectures/{review.pk}/")
    history = committee.get_by_test_id("review-history")
    expect(history).to_contain_text("Modifications demandées")
    committee.get_by_test_id("decision-form").get_by_text("Publier la formation").click()
    committee.get_by_role("button", name="Enregistrer la décision").click()
    expect(committee.get_by_text("La décision a été enregistrée")).to_be_visible()
    assert Training.objects.get(pk=training.pk).state == PublicationState.PUBLISHED

    page.goto(f"/formations/{training.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("entretien professionnel"))
    committee.context.close()
