"""The help centre in a browser: the guided tour offered once to a new agent (keyboard
only), replayable from /aide/; the FAQ searched and voted; a question sent through the
contact form and found in the profile. axe on every page."""

import re

import pytest

from mentor.demo.help import load_help
from mentor.help.models import ContactRequest, TourView
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, user):
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url("**/")


@pytest.mark.parametrize("width", [1280, 375])
def test_tour_faq_and_contact_with_the_keyboard(
    page, axe_check, justice, width, mailoutbox, settings
):
    settings.HELP_TOURS_AUTOSTART = True
    load_help()
    page.set_viewport_size({"width": width, "height": 800})
    agent = UserFactory(email="nouvel.agent@justice.gouv.fr", entity=justice, first_name="Alix")
    _sign_in(page, agent)

    # First visit: the tour starts by itself; the keyboard drives it to the end.
    popover = page.locator(".driver-popover")
    popover.wait_for(state="visible")
    assert "Trouver une formation" in popover.inner_text()
    axe_check(page)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.driver-popover-title').innerText.includes('Mes formations')"
    )
    page.keyboard.press("Escape")
    popover.wait_for(state="detached")
    for _ in range(50):
        if TourView.objects.filter(user=agent, tour="agent").exists():
            break
        page.wait_for_timeout(100)
    assert TourView.objects.filter(user=agent, tour="agent").exists()
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator(".driver-popover").count() == 0

    # The help centre: search in French, replay the tour.
    page.goto("/aide/?q=attestations")
    assert "Où trouver mon attestation de formation ?" in page.locator("main").inner_text()
    axe_check(page)
    page.goto("/aide/")
    page.get_by_test_id("replay-agent").focus()
    page.keyboard.press("Enter")
    page.locator(".driver-popover").wait_for(state="visible")
    page.keyboard.press("Escape")

    # A question through the contact form, keyboard only, then seen in the profile.
    page.goto("/aide/contact/")
    axe_check(page)
    page.get_by_label("Sujet").select_option("attestation")
    page.get_by_label("Votre message").focus()
    page.keyboard.type("Je ne trouve pas mon attestation.")
    page.get_by_role("button", name="Envoyer ma demande").focus()
    page.keyboard.press("Enter")
    page.get_by_text("a été transmise").wait_for()
    ticket = ContactRequest.objects.get(user=agent).ticket
    assert ticket in page.locator("main").inner_text()
    page.goto("/profil/")
    assert ticket in page.get_by_test_id("profile-help-requests").inner_text()
    axe_check(page)


def test_a_failed_form_puts_the_focus_on_the_error_summary(page, axe_check, justice):
    agent = UserFactory(email="alix@justice.gouv.fr", entity=justice)
    _sign_in(page, agent)
    page.goto("/aide/contact/")
    page.get_by_role("button", name="Envoyer ma demande").press("Enter")
    page.locator("#error-summary").wait_for()
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'error-summary'"
    )
    assert page.title().startswith("Erreur : ")
    axe_check(page)
    page.get_by_role("link", name=re.compile("Sujet")).press("Enter")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'id_topic'"
    )
