"""The other pages of the editorial app in a browser, axe 0 violations on each: labels and
"mise en avant", the producers' resources and a call for projects, a ministry's space page
and its editor (with an image placed from the rich-text editor), the catalog's collection
header and "offre de mon ministère" filter."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from mentor.accounts.models import Role
from mentor.editorial.models import CallForProjects, Label, Resource, SpacePage
from tests.factories import PASSWORD, CollectionFactory, TrainingFactory, role_holder

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, user) -> None:
    page.goto("/compte/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()


def test_committee_pages(page, justice, platform_admin, axe_check):
    member = role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )
    TrainingFactory(title="Accueillir le public", producer=justice)
    Label.objects.create(name="Label Mentor")
    Resource.objects.create(
        kind="guide",
        title="Guide pédagogique",
        slug="guide",
        summary="s",
        published=True,
        body="<h2>Scénariser</h2><p>Partir des situations de travail.</p>",
    )
    today = timezone.localdate()
    CallForProjects.objects.create(
        title="Appel à projets 2027",
        slug="ap-2027",
        summary="Co-financement",
        published=True,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
    )
    _login(page, member)
    page.goto("/comite/offre/")
    axe_check(page)
    page.get_by_role("button", name="Attribuer le label").click()
    expect(page.get_by_text("Le label a été attribué.")).to_be_visible()
    page.get_by_role("button", name="Mettre en avant").click()
    expect(page.get_by_text("La mise en avant a été mise à jour.")).to_be_visible()
    axe_check(page)
    page.goto("/ressources/")
    axe_check(page)
    page.get_by_role("link", name="Guide pédagogique").click()
    expect(page.get_by_role("heading", name="Scénariser")).to_be_visible()
    axe_check(page)
    page.goto("/ressources/appels/ap-2027/")
    axe_check(page)
    page.goto("/ressources/nouvelle/")
    expect(page.locator(".prose-editor").first).to_be_visible()
    axe_check(page)


def test_space_page_and_its_editor(page, justice, justice_admin, tmp_path, settings, axe_check):
    settings.MEDIA_ROOT = tmp_path
    collection = CollectionFactory(
        slug="rh", name="Ressources humaines", lead_entity=justice, orientations="Fidéliser"
    )
    TrainingFactory(
        title="Offre interne Justice",
        producer=justice,
        owner_entity=justice,
        collections=[collection],
    )
    SpacePage.objects.create(entity=justice, intro="<p>Bienvenue dans l’espace.</p>")
    page.goto(f"/espaces/{justice.slug}/")
    expect(page.get_by_text("réservée à ses agents")).to_be_visible()
    axe_check(page)

    _login(page, justice_admin)
    page.goto(f"/espaces/{justice.slug}/")
    expect(page.get_by_role("link", name="Offre interne Justice").first).to_be_visible()
    page.get_by_role("link", name="Modifier la page de l’espace").click()
    expect(page.locator(".prose-editor").first).to_be_visible()
    axe_check(page)
    # An image placed from the editor: uploaded with its text alternative.
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, format="PNG")
    box = page.locator(".mentor-rich-image").first
    box.get_by_label("Texte alternatif (obligatoire)").fill("Le logo du ministère")
    box.locator("input[type=file]").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": buffer.getvalue()}]
    )
    box.get_by_role("button", name="Insérer l’image").click()
    expect(page.locator(".prose-editor img[alt='Le logo du ministère']").first).to_be_visible()
    page.get_by_role("button", name="Enregistrer la page").click()
    expect(page.locator("main img[alt='Le logo du ministère']")).to_be_visible()
    axe_check(page)

    page.goto("/formations/?collection=rh&ministere=1")
    expect(page.get_by_test_id("collection-header")).to_contain_text("Fidéliser")
    axe_check(page)
