"""Sign-up, e-mail verification, sign-in, password reset, through allauth, with bad input."""

import re
import time
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from mentor.accounts.models import User
from tests.factories import PASSWORD, UserFactory
from tests.markup import input_attrs, missing_describedby_targets

SIGNUP = {
    "email": "claire.martin@justice.gouv.fr",
    "first_name": "Claire",
    "last_name": "Martin",
    "password1": "un mot de passe solide 2026",
    "password2": "un mot de passe solide 2026",
}


def _confirmation_url(mail) -> str:
    return re.search(r"https?://[^/\s]+(/compte/confirm-email/[^\s]+/)", mail.body).group(1)


@pytest.mark.django_db
class TestSignup:
    def test_sign_up_verify_and_sign_in(self, client, justice, mailoutbox):
        response = client.post(reverse("account_signup"), SIGNUP)
        assert response.status_code == HTTPStatus.FOUND
        user = User.objects.get(email=SIGNUP["email"])
        assert user.entity == justice  # attached at sign-up already
        assert len(mailoutbox) == 1 and mailoutbox[0].to == [SIGNUP["email"]]

        # Not verified yet: signing in sends the agent back to the verification page.
        client.post(
            reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
        )
        assert "_auth_user_id" not in client.session

        url = _confirmation_url(mailoutbox[-1])
        assert client.get(url).status_code == HTTPStatus.OK  # GET only shows a button
        assert client.post(url).status_code == HTTPStatus.FOUND
        assert EmailAddress.objects.get(email=SIGNUP["email"]).verified

        client.post(
            reverse("account_login"), {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
        )
        assert client.session["_auth_user_id"] == str(user.pk)
        profile = client.get(reverse("accounts:profile")).content.decode()
        assert "Ministère de la Justice" in profile

    def test_a_gmail_address_becomes_an_other_user(self, client, justice):
        client.post(reverse("account_signup"), {**SIGNUP, "email": "claire@gmail.com"})
        user = User.objects.get(email="claire@gmail.com")
        assert user.entity is None

    @pytest.mark.parametrize("email", ["pas-une-adresse", "a@", "@justice.gouv.fr", "a b@x.fr"])
    def test_a_malformed_email_is_refused_in_french(self, client, justice, email):
        response = client.post(reverse("account_signup"), {**SIGNUP, "email": email})
        assert response.status_code == HTTPStatus.OK
        assert "Saisissez une adresse de courriel valide." in response.content.decode()
        assert not User.objects.exists()

    def test_a_duplicate_account_is_not_created(self, client, justice, mailoutbox):
        UserFactory(email=SIGNUP["email"])
        response = client.post(reverse("account_signup"), SIGNUP)
        # Enumeration prevention: same answer as a fresh sign-up, an e-mail tells the owner.
        assert response.status_code == HTTPStatus.FOUND
        assert User.objects.filter(email=SIGNUP["email"]).count() == 1
        assert len(mailoutbox) == 1

    def test_weak_and_mismatched_passwords_are_refused(self, client, justice):
        response = client.post(
            reverse("account_signup"), {**SIGNUP, "password1": "123", "password2": "456"}
        )
        assert response.status_code == HTTPStatus.OK
        assert "trop court" in response.content.decode()
        assert not User.objects.exists()

    @pytest.mark.parametrize("key", ["forged-key", "MQ:1vIxyz:abcdef", "x" * 300])
    def test_forged_verification_links_are_refused(self, client, justice, key):
        client.post(reverse("account_signup"), SIGNUP)
        url = reverse("account_confirm_email", args=[key])
        assert client.get(url).status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
        response = client.post(url)
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
        assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified

    def test_an_expired_verification_link_is_refused(self, client, justice, mailoutbox, settings):
        client.post(reverse("account_signup"), SIGNUP)
        url = _confirmation_url(mailoutbox[-1])
        settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
        page = client.get(url).content.decode()
        assert "a expiré ou n’est pas valide" in page or "a expiré ou n'est pas valide" in page
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND  # our DSFR 404 page
        assert not EmailAddress.objects.get(email=SIGNUP["email"]).verified


@pytest.mark.django_db
class TestSignin:
    def test_wrong_password_gets_a_french_message(self, client, justice):
        UserFactory(email="claire@justice.gouv.fr")
        response = client.post(
            reverse("account_login"), {"login": "claire@justice.gouv.fr", "password": "faux"}
        )
        assert response.status_code == HTTPStatus.OK
        assert "sont incorrects" in response.content.decode()

    def test_many_wrong_passwords_are_rate_limited_even_with_the_right_one(self, client, justice):
        UserFactory(email="claire@justice.gouv.fr")
        for _ in range(5):
            client.post(
                reverse("account_login"), {"login": "claire@justice.gouv.fr", "password": "faux"}
            )
        response = client.post(
            reverse("account_login"), {"login": "claire@justice.gouv.fr", "password": PASSWORD}
        )
        assert "Trop de tentatives" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_sign_in_reattaches_the_user(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")  # created before the domain knew
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        user.refresh_from_db()
        assert user.entity == justice

    def test_sign_in_lands_on_the_home_page_not_the_profile(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        response = client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("catalog:home")

    def test_sign_in_lands_on_the_page_the_person_came_for(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        wanted = reverse("catalog:list") + "?q=management"
        page = client.get(reverse("account_login"), {"next": wanted}).content.decode()
        assert 'name="next"' in page
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": PASSWORD, "next": wanted},
        )
        assert response["Location"] == wanted

    def test_sign_in_never_follows_a_next_to_another_site(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        response = client.post(
            reverse("account_login"),
            {"login": user.email, "password": PASSWORD, "next": "https://example.org/"},
        )
        assert response["Location"] == reverse("catalog:home")

    def test_sign_out(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        client.force_login(user)
        client.post(reverse("account_logout"))
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
class TestPasswordAndEmail:
    def test_password_reset_by_email(self, client, justice, mailoutbox):
        user = UserFactory(email="claire@justice.gouv.fr")
        client.post(reverse("account_reset_password"), {"email": user.email})
        assert len(mailoutbox) == 1
        link = re.search(
            r"https?://[^/\s]+(/compte/password/reset/key/[^\s]+/)", mailoutbox[0].body
        ).group(1)
        response = client.get(link, follow=True)
        form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
        new = "un tout nouveau mot de passe"
        response = client.post(form_url, {"password1": new, "password2": new})
        assert response.status_code == HTTPStatus.FOUND
        user.refresh_from_db()
        assert user.check_password(new)

    def test_reset_for_an_unknown_address_reveals_nothing(self, client, db, mailoutbox):
        response = client.post(
            reverse("account_reset_password"), {"email": "inconnu@justice.gouv.fr"}
        )
        assert response.status_code == HTTPStatus.FOUND

    def test_change_password(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        client.force_login(user)
        new = "encore un autre mot de passe"
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": PASSWORD, "password1": new, "password2": new},
        )
        assert response.status_code == HTTPStatus.FOUND
        user.refresh_from_db()
        assert user.check_password(new)

    def test_changing_email_reattaches_after_verification(
        self, client, justice, agriculture, mailoutbox
    ):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        client.force_login(user)
        client.post(
            reverse("account_email"), {"action_add": "", "email": "claire@agriculture.gouv.fr"}
        )
        url = _confirmation_url(mailoutbox[-1])
        client.post(url)
        user.refresh_from_db()
        assert user.email == "claire@agriculture.gouv.fr"
        assert user.entity == agriculture
        assert user.attachment_history.first().trigger == "email_change"


@pytest.mark.django_db
class TestEmails:
    def test_the_verification_email_speaks_of_mentor(self, client, justice, mailoutbox):
        client.post(reverse("account_signup"), SIGNUP)
        body = mailoutbox[0].body
        assert "Mentor" in body and "c'est  !" not in body and " sur ." not in body
        assert mailoutbox[0].subject.startswith("[Mentor] ")

    def test_a_duplicate_in_another_case_is_not_created(self, client, justice, mailoutbox):
        UserFactory(email=SIGNUP["email"])
        client.post(reverse("account_signup"), {**SIGNUP, "email": SIGNUP["email"].upper()})
        assert User.objects.count() == 1
        assert "Mentor" in mailoutbox[0].body  # the owner is told, by name of the service


@pytest.mark.django_db
class TestSigninPage:
    def test_proconnect_comes_first_when_configured(self, client, proconnect):
        content = client.get(reverse("account_login")).content.decode()
        assert 'id="proconnect"' in content and 'class="fr-connect"' in content
        assert content.index('id="proconnect"') < content.index('name="password"')

    def test_the_forgotten_password_link_follows_the_password_field(self, client, db):
        content = client.get(reverse("account_login")).content.decode()
        reset = content.index(f'href="{reverse("account_reset_password")}"')
        assert content.index('name="login"') < content.index('name="password"') < reset
        assert "Mot de passe oublié ?" in content[reset:]
        assert missing_describedby_targets(content) == []

    def test_the_sign_up_name_fields_declare_their_autocomplete(self, client, db):
        content = client.get(reverse("account_signup")).content.decode()
        assert input_attrs(content, "first_name")["autocomplete"] == "given-name"
        assert input_attrs(content, "last_name")["autocomplete"] == "family-name"
        assert missing_describedby_targets(content) == []

    def test_no_proconnect_when_unconfigured(self, client, settings):
        settings.SOCIALACCOUNT_PROVIDERS = {}
        content = client.get(reverse("account_login")).content.decode()
        assert 'id="proconnect"' not in content and 'name="password"' in content

    def test_an_expired_form_gets_the_french_dsfr_page(self, db):
        response = Client(enforce_csrf_checks=True).post(
            reverse("account_login"), {"login": "a@justice.gouv.fr", "password": "x"}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        content = response.content.decode()
        assert "Formulaire expiré" in content and "fr-header" in content


@pytest.mark.django_db
class TestRateLimits:
    def test_too_many_reset_requests_get_the_french_429_page(self, client, justice, mailoutbox):
        user = UserFactory(email="claire@justice.gouv.fr")
        statuses = [
            client.post(reverse("account_reset_password"), {"email": user.email}).status_code
            for _ in range(7)
        ]
        assert statuses[:5] == [HTTPStatus.FOUND] * 5
        assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
        response = client.post(reverse("account_reset_password"), {"email": user.email})
        content = response.content.decode()
        assert "Trop de tentatives" in content and "fr-header" in content
        assert len(mailoutbox) == 5  # nothing sent beyond the limit


def _totp_code(secret: str) -> str:

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
class TestSecondFactor:
    def _sign_in(self, client, email: str):
        return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    def test_an_agent_turns_on_totp_and_then_needs_a_code(self, client, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        self._sign_in(client, user.email)
        # Turning a second factor on asks for the password again.
        assert client.get(reverse("mfa_activate_totp")).status_code == HTTPStatus.FOUND
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == HTTPStatus.OK
        secret = client.session[SECRET_SESSION_KEY]
        response = client.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})
        assert response.status_code == HTTPStatus.FOUND
        assert Authenticator.objects.filter(user=user, type="totp").exists()

        client.post(reverse("account_logout"))
        response = self._sign_in(client, user.email)
        assert response["Location"] == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session

        response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert "Code incorrect" in response.content.decode()
        assert "_auth_user_id" not in client.session

        client.post(reverse("mfa_authenticate"), {"code": _totp_code(secret)})
        assert client.session["_auth_user_id"] == str(user.pk)
        user.refresh_from_db()
        assert user.entity == justice  # the sign-in still re-attaches


@pytest.mark.django_db
class TestAdminSignin:
    """The admin site has no door of its own: it is reached through Mentor's sign-in."""

    def test_anonymous_visitors_are_sent_to_the_mentor_sign_in(self, client, db):
        response = client.get(reverse("admin:login"), {"next": "/admin/"})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))

    def test_the_admin_login_form_cannot_be_used_to_guess_passwords(self, client, justice_admin):
        for password in ["faux"] * 6 + [PASSWORD]:
            client.post(
                reverse("admin:login"), {"username": justice_admin.email, "password": password}
            )
        assert "_auth_user_id" not in client.session

    def test_a_space_admin_signs_in_with_mentor_and_reaches_the_admin(self, client, justice_admin):
        response = client.post(
            reverse("account_login"),
            {"login": justice_admin.email, "password": PASSWORD, "next": "/admin/"},
        )
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == HTTPStatus.OK

    def test_an_agent_gets_the_403_page(self, client, justice):
        client.force_login(UserFactory(email="claire@justice.gouv.fr", entity=justice))
        response = client.get(reverse("admin:login"))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "Accès refusé" in response.content.decode()
