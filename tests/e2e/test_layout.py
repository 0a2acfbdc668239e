"""Layout checks: nothing of the main content is painted over the page footer."""

import pytest

from tests.factories import PASSWORD, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The bottom of every element of <main> that is drawn, against the top of the footer.
OVERLAPS = """() => {
    const footerTop = document.querySelector('#footer').getBoundingClientRect().top;
    const overlapping = [];
    for (const el of document.querySelectorAll('main *')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.bottom > footerTop + 0.5) {
            overlapping.push(`${el.tagName.toLowerCase()}.${el.className} bottom=${box.bottom} footer=${footerTop}`);
        }
    }
    return overlapping;
}"""


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_the_training_sheet_session_cards_stay_above_the_footer(page, width):
    training = TrainingFactory(title="Piloter un projet", summary="Méthodes et outils.")
    for n in range(3):
        SessionFactory(training=training, title=f"Session {n + 1}", capacity=20)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(training.get_absolute_url())
    assert page.locator("#sessions ~ .fr-card").count() == 3
    assert page.evaluate(OVERLAPS) == []
    # A focused footer link is what the person sees, not a card above it.
    link = page.locator("#footer a").first
    link.focus()
    box = link.bounding_box()
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('#footer') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit


def test_the_favicon_is_linked_and_served(page):
    page.goto("/")
    href = page.locator('link[rel="icon"]').get_attribute("href")
    assert href.endswith("favicon.svg")
    icon = page.request.get(href)
    assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml")
    root = page.request.get("/favicon.ico")  # followed to the DSFR icon
    assert root.ok and root.url.endswith("/dsfr/dist/favicon/favicon.ico")


@pytest.mark.parametrize("width", [320, 768, 1280])
def test_home_catalogue_and_player_stay_above_the_footer(page, width, justice):
    training = TrainingFactory(title="Piloter un projet", summary="Méthodes et outils.")
    session = SessionFactory(training=training, capacity=20)
    activity = ActivityFactory(section=SectionFactory(training=training), title="Introduction")
    for n in range(8):
        TrainingFactory(title=f"Formation {n}")
    agent = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(user=agent, session=session)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(agent.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")
    page.wait_for_url("**/")
    for url in ("/", "/formations/", f"/apprendre/{enrolment.pk}/{activity.pk}/"):
        page.goto(url)
        assert page.evaluate(OVERLAPS) == [], url


@pytest.mark.parametrize("width", [320, 375])
def test_the_menu_skip_link_opens_the_menu_on_a_phone(page, width):
    """At 320 px the navigation is in the closed header menu: the "Menu" skip link opens it
    and lands on its first link (RGAA 12.7), with the keyboard alone."""
    page.set_viewport_size({"width": width, "height": 700})
    page.goto("/")
    assert not page.locator("#fr-navigation").is_visible()
    for _ in range(2):  # "Contenu", then "Menu"
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Menu"
    assert page.evaluate("() => document.activeElement.closest('.fr-skiplinks') !== null")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('#fr-navigation')"
    )
    assert page.locator("#fr-navigation").is_visible()
    assert "fr-modal--opened" in page.locator("#modal-menu").get_attribute("class")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#modal-menu.fr-modal--opened')")


def test_the_menu_skip_link_on_a_wide_screen_focuses_the_navigation(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    page.get_by_role("link", name="Menu", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.closest('#fr-navigation')"
    )


@pytest.mark.parametrize("width", [375, 1280])
def test_the_accessibility_statement_and_its_results_table(page, axe_check, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accessibilite/")
    assert page.get_by_test_id("axe-pages").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    axe_check(page)
