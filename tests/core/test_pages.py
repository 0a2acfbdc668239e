from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from django.urls import reverse

from mentor.core.views import server_error
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "catalog:home",
        "catalog:list",
        "core:legal_notice",
        "core:privacy",
        "core:accessibility",
        "organisations:list",
        "account_login",
        "account_signup",
        "account_reset_password",
    ],
)
def test_public_pages_render_in_french_with_the_dsfr_shell(client, name):
    response = client.get(reverse(name))
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert '<html lang="fr"' in content
    assert "fr-header" in content and "fr-footer" in content and "fr-skiplinks" in content
    assert reverse("core:legal_notice") in content


@pytest.mark.django_db
def test_entity_contact_page(client, justice):
    response = client.get(reverse("organisations:detail", args=["justice"]))
    assert response.status_code == HTTPStatus.OK
    assert "justice.gouv.fr" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", ["/nexiste-pas/", "/entites/inconnue/"])
def test_unknown_urls_get_the_french_404_page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available_on_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/compte/login/"})
    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en"' in content
    # Mentor's own strings come from locale/en, not only Django's and allauth's.
    assert "Sign in to Mentor" in content and "With a Mentor account" in content
    assert "Se connecter à Mentor" not in content
    assert "Legal notice" in content and "Personal data" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("core:legal_notice", "Publication director"),
        ("core:privacy", "Data controller"),
        ("core:accessibility", "Compliance status"),
        ("account_signup", "Create a Mentor account"),
    ],
)
def test_the_foundation_pages_are_translated(client, name, english):
    client.cookies["django_language"] = "en"
    assert english in client.get(reverse(name)).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "sections"),
    [
        ("core:legal_notice", ["Éditeur", "Directeur de la publication", "Hébergement"]),
        (
            "core:privacy",
            ["Responsable de traitement", "Base légale", "Durées de conservation", "CNIL"],
        ),
        ("core:accessibility", ["État de conformité", "Voies de recours", "RGAA"]),
    ],
)
def test_the_legal_pages_have_their_required_sections(client, name, sections):
    content = client.get(reverse(name)).content.decode()
    for section in sections:
        assert section in content


@pytest.mark.django_db
def test_the_privacy_page_lists_every_cookie_mentor_sets(client):
    content = client.get(reverse("core:privacy")).content.decode()

    for cookie in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    ):
        assert f"<code>{cookie}</code>" in content
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert set(response.cookies) <= {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
    }


@pytest.mark.django_db
def test_browser_language_does_not_override_french(client):
    content = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="fr"' in content and "Mot de passe" in content


@pytest.mark.django_db
def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_500_page_renders_without_database_or_context():

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Erreur inattendue" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_bad_host_gets_the_french_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    content = response.content.decode()
    assert "Requête incorrecte" in content and "fr-header" in content


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_forbidden_page_gets_the_french_403_page(client, justice):
    client.force_login(UserFactory(email="claire@justice.gouv.fr", entity=justice))
    response = client.get(reverse("admin:login"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    content = response.content.decode()
    assert "Accès refusé" in content and "fr-header" in content and "fr-footer" in content


def test_500_page_is_the_dsfr_shell():

    content = server_error(RequestFactory().get("/")).content.decode()
    assert "fr-header" in content and "fr-footer" in content and '<html lang="fr"' in content


@pytest.mark.django_db
def test_pages_link_the_dsfr_favicon_and_the_files_exist(client):
    content = client.get(reverse("catalog:home")).content.decode()
    for name in ("favicon.svg", "favicon.ico", "apple-touch-icon.png"):
        path = f"dsfr/dist/favicon/{name}"
        assert f'href="{static(path)}"' in content
        assert finders.find(path), f"{path} is not among the static files"


@pytest.mark.django_db
def test_favicon_ico_at_the_root_leads_to_the_dsfr_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == static("dsfr/dist/favicon/favicon.ico")
