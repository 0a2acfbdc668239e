"""The defects listed in issue 16, each with its test (those of other pages live beside
them: attestation duration in tests/attestations, home and catalogue in tests/catalog)."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.services import user_override_attachment
from tests.accounts.test_auth_flows import SIGNUP
from tests.factories import CollectionFactory, TrainingFactory, UserFactory


@pytest.mark.django_db
def test_confirming_the_email_signs_the_person_in(client, justice, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    assert "_auth_user_id" not in client.session
    url = re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", mailoutbox[-1].body)[1]
    response = client.post(url)
    assert EmailAddress.objects.get(email=SIGNUP["email"]).verified
    assert client.session["_auth_user_id"] == str(User.objects.get(email=SIGNUP["email"]).pk)
    assert response.status_code == HTTPStatus.FOUND


@pytest.mark.django_db
def test_the_profile_names_the_ministry_of_a_direction(client, penitentiaire):
    client.force_login(UserFactory(entity=penitentiaire))
    content = client.get(reverse("accounts:profile")).content.decode()
    assert "Direction de l&#x27;administration pénitentiaire" in content
    assert "Ministère : Ministère de la Justice" in content


@pytest.mark.django_db
def test_the_profile_of_a_ministry_agent_does_not_repeat_it(client, justice):
    client.force_login(UserFactory(entity=justice))
    assert (
        'data-testid="profile-ministry"'
        not in client.get(reverse("accounts:profile")).content.decode()
    )


@pytest.mark.django_db
class TestSpellingSuggestion:
    @pytest.fixture
    def offer(self, justice):
        TrainingFactory(
            title="Les fondamentaux du management",
            keywords="encadrement, équipe",
            producer=justice,
            collections=[CollectionFactory()],
        )

    def test_a_misspelt_search_suggests_the_known_word(self, client, offer):
        response = client.get(reverse("catalog:list"), {"q": "managment"})
        assert response.context["result"].total == 0
        content = response.content.decode()
        assert 'data-testid="suggestion"' in content
        assert "/formations/?q=management" in content and ">management</a>" in content
        assert client.get("/formations/?q=management").context["result"].total == 1

    def test_no_suggestion_when_results_or_nothing_close(self, client, offer):
        assert "suggestion" not in client.get(reverse("catalog:list"), {"q": "management"}).context
        assert "suggestion" not in client.get(reverse("catalog:list"), {"q": "zzzyyyxxx"}).context

    def test_suggestions_come_from_the_visible_offer_only(self, client, agriculture):
        TrainingFactory(title="Greffe des arbres fruitiers", owner_entity=agriculture)
        assert "suggestion" not in client.get(reverse("catalog:list"), {"q": "greff"}).context
        assert "suggestion" not in client.get(reverse("catalog:list"), {"q": "grefe"}).context


@pytest.mark.django_db
def test_the_verification_page_is_linked_from_every_page(client, db):
    content = client.get(reverse("catalog:home")).content.decode()
    assert f'href="{reverse("attestations:verify")}"' in content


@pytest.mark.django_db
class TestAdministration:
    def test_one_comptes_section_and_mfa_in_french(self, client, platform_admin):
        client.force_login(platform_admin)
        content = client.get(reverse("admin:index")).content.decode()
        assert content.count(">Comptes<") == 1
        assert "Double authentification" in content and ">MFA<" not in content
        assert "Authenticators" not in content

    def test_an_attachment_change_reads_in_words(self, justice, agriculture, platform_admin):
        user = UserFactory(entity=justice)
        user_override_attachment(
            actor=platform_admin, user=user, entity=agriculture, reason="Mutation"
        )
        change = AttachmentChange.objects.filter(user=user).first()
        text = str(change)
        assert "None" not in text and "MJ" in text and "MASA" in text and "→" in text
        client_page = str(AttachmentChange(to_entity=justice))
        assert "aucune entité" in client_page and "None" not in client_page


@pytest.mark.django_db
class TestDevelopment:
    def test_links_follow_the_request_host_in_development(self, client, settings, justice):
        settings.DEBUG = True
        settings.SITE_URL = "http://127.0.0.1:8000"
        client.force_login(UserFactory(entity=justice))
        response = client.get(reverse("catalog:home"), HTTP_HOST="127.0.0.1:8101")
        assert response.context["SITE_URL"] == "http://127.0.0.1:8101"

    def test_production_keeps_the_configured_site_url(self, client, settings, justice):
        settings.SITE_URL = "https://mentor.gouv.fr"
        settings.ALLOWED_HOSTS = ["*"]
        response = client.get(reverse("catalog:home"), HTTP_HOST="evil.example")
        assert response.context["SITE_URL"] == "https://mentor.gouv.fr"

    def test_the_404_page_is_french_in_development(self, client, settings):
        settings.DEBUG = True
        response = client.get("/nulle-part/")
        assert response.status_code == HTTPStatus.NOT_FOUND
        content = response.content.decode()
        assert "DEBUG = True" not in content and "Page non trouvée" in content
        assert "DEBUG = True" in client.get("/nulle-part/?debug-404").content.decode()
