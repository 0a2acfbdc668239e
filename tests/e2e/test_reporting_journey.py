"""The Justice referent opens "Pilotage", filters a collection, reads the charts and their
tables, and exports a table as CSV."""

import csv
import io

import pytest

from tests.factories import PASSWORD, CollectionFactory, TrainingFactory, UserFactory
from tests.reporting.conftest import answer, enrol

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Every chart figure holds a canvas its component painted (some pixel not transparent).
CHARTS_DRAWN = """() => [...document.querySelectorAll('figure[data-chart]')].every(f => {
  const c = f.querySelector('canvas');
  if (!c || !c.width || !c.height) return false;
  return c.getContext('2d').getImageData(0, 0, c.width, c.height).data.some(v => v !== 0);
})"""


@pytest.fixture
def activity(justice, penitentiaire, agriculture):
    numerique = CollectionFactory(slug="numerique", name="Numérique")
    green = TrainingFactory(title="Justice et numérique", producer=justice, collections=[numerique])
    other = TrainingFactory(title="Classe virtuelle agricole", producer=agriculture)
    for i in range(6):
        e = enrol(
            UserFactory(entity=penitentiaire if i % 2 else justice),
            green,
            seconds=1800 * (i + 1),
            completed_after_days=i + 1 if i < 4 else None,
        )
        if i < 4:
            answer(e, satisfaction=5 - i % 2, adapted=True, reuse=i != 0)
    e = enrol(UserFactory(entity=agriculture), green, seconds=3600, completed_after_days=3)
    answer(e, satisfaction=4, adapted=False, reuse=True)
    enrol(UserFactory(entity=justice), other, seconds=600)
    return green


def test_the_justice_referent_reads_and_exports_the_figures(
    page, axe_check, justice_admin, activity
):
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(justice_admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")  # the home page, not the profile

    page.get_by_role("link", name="Pilotage").first.click()
    page.wait_for_url("**/pilotage/")
    assert "Ministère de la Justice" in page.get_by_test_id("scope").inner_text()
    assert page.get_by_test_id("enrolments").inner_text() == "8"
    # The State's chart components drew every chart (a canvas with pixels), each beside
    # its table.
    page.wait_for_function(CHARTS_DRAWN)
    assert page.locator("figure[data-chart]").count() == 5
    axe_check(page)

    page.get_by_label("Collection", exact=True).select_option(label="Numérique")
    page.get_by_role("button", name="Appliquer les filtres").click()
    # htmx replaces the results in place and puts the filters in the URL (shareable).
    page.wait_for_function(
        "() => document.querySelector('[data-testid=enrolments]').innerText === '7'"
    )
    assert "collection=numerique" in page.url
    page.wait_for_function(CHARTS_DRAWN)
    trainings_chart = page.locator("figure[data-chart=trainings] bar-chart")
    assert "Justice et numérique" in trainings_chart.get_attribute("x")
    assert "Classe virtuelle agricole" not in trainings_chart.get_attribute("x")
    assert page.evaluate("document.activeElement.id") == "reporting-period"
    assert page.get_by_test_id("satisfied-rate").inner_text() == "100,0 %"
    table = page.get_by_test_id("table-formations")
    assert "Justice et numérique" in table.inner_text()
    assert "Classe virtuelle agricole" not in table.inner_text()
    axe_check(page)

    page.locator("#id_end").fill("2020-01-01")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.get_by_test_id("filter-errors").wait_for()
    assert (
        "La date de fin doit suivre la date de début"
        in page.get_by_test_id("filter-errors").inner_text()
    )
    axe_check(page)
    page.go_back()
    page.wait_for_function("() => document.querySelector('[data-testid=enrolments]')")

    table = page.get_by_test_id("table-formations")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter le tableau complet (CSV)").first.click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["Formation", "Inscriptions", "Achèvements"]
    assert rows[1][:3] == ["Justice et numérique", "7", "5"]


def test_the_referent_finds_a_training_by_typing_part_of_its_title(
    page, axe_check, justice_admin, activity
):
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(justice_admin.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("/")
    page.goto("/pilotage/")

    field = page.get_by_role("combobox", name="Formation")
    field.press_sequentially("numeriq")
    # Suggestions are fetched as one types, within the referent's scope, and announced.
    page.wait_for_function(
        "() => document.querySelector('#training-suggestions option[value=\"Justice et numérique\"]')"
    )
    assert "1 formation proposée" in page.get_by_test_id("training-status").inner_text()
    assert page.locator("#training-suggestions option").count() == 1
    axe_check(page)

    field.fill("Justice et numérique")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=enrolments]').innerText === '7'"
    )
    assert "training=" in page.url
    assert page.get_by_role("combobox", name="Formation").input_value() == "Justice et numérique"

    # The entity filter works the same way: typed, suggested, matched on the server.
    page.get_by_role("combobox", name="Entité").press_sequentially("penit")
    page.wait_for_function("() => document.querySelector('#entity-suggestions option')")
    assert "1 entité proposée" in page.get_by_test_id("entity-status").inner_text()
    page.get_by_role("combobox", name="Entité").fill(
        page.locator("#entity-suggestions option").first.get_attribute("value")
    )
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=enrolments]').innerText === '3'"
    )
    assert "entity=" in page.url

    # Words matching no training of the scope: a French message beside the field.
    page.get_by_role("combobox", name="Formation").fill("astrophysique")
    page.get_by_role("button", name="Appliquer les filtres").click()
    # (the field's error; the live suggestions' status may say the same meanwhile)
    page.locator("#id_training-desc-error").get_by_text("Aucune formation").wait_for()
    axe_check(page)
