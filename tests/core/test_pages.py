from http import HTTPStatus

import pytest
from django.test import override_settings
from django.urls import reverse


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
@pytest.mark.parametrize("url", ["/nexiste-pas/", "/entites/inconnue/", "/entites/%00/"])
def test_unknown_urls_get_the_french_404_page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page non trouvée" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available_on_request(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/compte/login/"})
    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="en"' in content


@pytest.mark.django_db
def test_browser_language_does_not_override_french(client):
    content = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<html lang="fr"' in content and "Mot de passe" in content


@pytest.mark.django_db
def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_500_page_renders_without_database_or_context():
    from django.test import RequestFactory

    from mentor.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Erreur inattendue" in response.content.decode()
