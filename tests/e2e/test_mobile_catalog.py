"""The catalogue on a phone: results first, filters folded behind one button, active
filters as removable tags; beside the results on a desktop."""

import pytest

from tests.factories import CollectionFactory, SessionFactory, TrainingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def big_offer(justice, agriculture):
    collections = [
        CollectionFactory(slug=f"c{i}", name=f"Collection {i}", position=i) for i in range(10)
    ]
    for i in range(14):
        training = TrainingFactory(
            title=f"Formation numéro {i}",
            producer=justice if i % 2 else agriculture,
            collections=[collections[i % 10]],
            modality=["tutored", "virtual_class", "hybrid"][i % 3],
            duration_hours=[1, 3, 10, 30][i % 4],
            certifying=i % 5 == 0,
        )
        if i % 4 == 0:
            SessionFactory(training=training)


def test_on_a_phone_results_come_first_and_filters_fold(page, axe_check, big_offer):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto("/formations/")
    first = page.locator("#catalog .fr-card__title").first
    assert first.is_visible()
    assert first.bounding_box()["y"] < 667  # the first result is in the first screen
    checkbox_label = page.locator("label[for=f-collection-c3]")
    assert not checkbox_label.is_visible()
    axe_check(page)

    toggle = page.get_by_test_id("filters-toggle")
    toggle.click()
    checkbox_label.wait_for(state="visible")
    assert toggle.get_attribute("aria-expanded") == "true"
    checkbox_label.click()
    page.wait_for_url("**collection=c3**")
    page.wait_for_function(
        "() => document.querySelector('#result-count').innerText.startsWith('2 ')"
    )
    # The panel stays open across the swap, and the choice shows as a removable tag.
    page.locator("label[for=f-collection-c3]").wait_for(state="visible")
    tags = page.get_by_test_id("active-filters")
    assert "Collection 3" in tags.inner_text()
    assert "1 actif" in page.get_by_test_id("filters-toggle").inner_text()
    axe_check(page)

    tags.get_by_role("link", name="Collection 3").click()
    page.wait_for_url("**/formations/")
    assert page.get_by_test_id("active-filters").count() == 0
    assert "14 formations trouvées" in page.locator("#result-count").inner_text()


def test_on_a_desktop_filters_sit_beside_the_results(page, axe_check, big_offer):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/formations/?modality=hybrid")
    assert not page.get_by_test_id("filters-toggle").is_visible()
    assert page.locator("label[for=f-collection-c2]").is_visible()
    filters = page.locator("#catalog-filters").bounding_box()
    results = page.locator("#catalog .fr-card").first.bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]
    assert "Hybride" in page.get_by_test_id("active-filters").inner_text()
    axe_check(page)
