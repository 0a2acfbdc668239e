"""Invitations of "other users" to one session: who may invite, the link, the account, the
scope it opens (exactly one training, one session), expiry, revocation and the audit trail."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role, User
from mentor.audit.models import AuditEvent
from mentor.catalog.selectors import trainings_visible_to
from mentor.enrolments.models import Enrolment
from mentor.enrolments.services import EnrolmentError, enrolment_create
from mentor.prescriptions import invitations
from mentor.prescriptions.models import Invitation
from mentor.prescriptions.services import PrescriptionError
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal(justice):
    """An internal training of the Justice space, with two open sessions."""
    training = TrainingFactory(
        title="Accueil des prestataires en juridiction", owner_entity=justice, producer=justice
    )
    return training


@pytest.fixture
def first(internal):
    return SessionFactory(
        training=internal, title="Session de janvier", starts_on=timezone.localdate()
    )


@pytest.fixture
def second(internal):
    return SessionFactory(
        training=internal, title="Session de mars", starts_on=timezone.localdate()
    )


@pytest.fixture
def other_offer(db):
    return SessionFactory(training=TrainingFactory(title="Offre interministérielle"))


def _invite(actor, session, email="prestataire@gmail.com"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return invitations.invitation_create(actor=actor, session=session, email=email)


def _token(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


class TestInviting:
    def test_space_admin_invites_and_the_email_carries_the_link(self, justice_admin, first):
        new = _invite(justice_admin, first)
        assert new.invitation.status == "pending"
        assert new.invitation.token_hash != new.token  # only the hash is stored
        message = mail.outbox[-1]
        assert message.to == ["prestataire@gmail.com"]
        assert "Accueil des prestataires en juridiction" in message.subject
        assert new.url in message.body
        event = AuditEvent.objects.get(action="prescriptions.invite")
        assert event.data["email"] == "prestataire@gmail.com"

    def test_a_tutor_of_the_session_may_invite_a_tutor_of_another_may_not(
        self, justice, justice_admin, first, second
    ):
        tutor = role_holder(
            Role.TUTOR, justice, actor=justice_admin, email="tuteur@justice.gouv.fr"
        )
        first.tutors.add(tutor)
        tutor = User.objects.get(pk=tutor.pk)
        assert _invite(tutor, first).invitation.invited_by == tutor
        with pytest.raises(PermissionDenied):
            _invite(tutor, second)

    def test_an_agent_and_another_ministry_admin_may_not(self, agriculture, platform_admin, first):
        agent = UserFactory(email="agent@justice.gouv.fr")
        with pytest.raises(PermissionDenied):
            _invite(agent, first)
        agri = role_holder(
            Role.SPACE_ADMIN, agriculture, actor=platform_admin, email="ref@agriculture.gouv.fr"
        )
        with pytest.raises(PermissionDenied):
            _invite(User.objects.get(pk=agri.pk), first)
        assert not Invitation.objects.exists()

    @pytest.mark.parametrize(
        ("email", "words"),
        [
            ("pas-une-adresse", "n'est pas une adresse"),
            ("quelqu.un@justice.gouv.fr", "agent de l'État"),
        ],
    )
    def test_bad_addresses_are_refused_in_french(self, justice_admin, first, email, words):
        with pytest.raises(PrescriptionError, match=words):
            _invite(justice_admin, first, email)
        assert not Invitation.objects.exists()
        assert not mail.outbox

    def test_one_pending_invitation_per_address_and_session(self, justice_admin, first):
        _invite(justice_admin, first)
        with pytest.raises(PrescriptionError, match="attend déjà"):
            _invite(justice_admin, first, "PRESTATAIRE@gmail.com")
        assert Invitation.objects.count() == 1

    def test_an_expired_invitation_is_replaced(self, justice_admin, first):
        old = _invite(justice_admin, first).invitation
        Invitation.objects.filter(pk=old.pk).update(
            expires_at=timezone.now() - dt.timedelta(hours=1)
        )
        _invite(justice_admin, first)
        old.refresh_from_db()
        assert old.status == "revoked"
        assert Invitation.objects.filter(revoked_at__isnull=True).count() == 1


class TestAccepting:
    def test_a_new_person_creates_the_account_and_is_enrolled_in_that_session_only(
        self, justice_admin, first, second, other_offer
    ):
        new = _invite(justice_admin, first)
        user, invitation = invitations.invitation_accept_new_account(
            token=new.token,
            password="Un mot de passe solide 2026",
            first_name="Paul",
            last_name="Presta",
        )
        assert user.entity_id is None  # an "other user"
        assert user.emailaddress_set.get().verified
        assert invitation.accepted_by == user
        assert Enrolment.objects.filter(user=user).get().session == first
        # They see that training and nothing else of the offer…
        assert list(trainings_visible_to(user)) == [first.training]
        # …and only the session they were invited to.
        with pytest.raises(EnrolmentError):
            enrolment_create(user=user, session_id=second.pk)
        with pytest.raises(EnrolmentError):
            enrolment_create(user=user, session_id=other_offer.pk)
        assert AuditEvent.objects.filter(action="prescriptions.accept_invitation").count() == 1

    def test_an_existing_other_user_accepts_once(self, justice_admin, first):
        person = UserFactory(email="prestataire@gmail.com", entity=None)
        new = _invite(justice_admin, first)
        invitations.invitation_accept(token=new.token, user=person)
        with pytest.raises(PrescriptionError, match="déjà été acceptée"):
            invitations.invitation_accept(token=new.token, user=person)
        assert Enrolment.objects.filter(user=person).count() == 1

    def test_another_account_cannot_accept(self, justice_admin, first):
        new = _invite(justice_admin, first)
        intruder = UserFactory(email="autre@gmail.com", entity=None)
        with pytest.raises(PrescriptionError, match="adressée à prestataire@gmail.com"):
            invitations.invitation_accept(token=new.token, user=intruder)
        assert not Enrolment.objects.exists()
        assert trainings_visible_to(intruder).count() == 0

    def test_expired_or_revoked_links_do_nothing(self, justice_admin, first):
        new = _invite(justice_admin, first)
        Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
        with pytest.raises(PrescriptionError, match="expiré"):
            invitations.invitation_accept_new_account(
                token=new.token,
                password="Un mot de passe solide 2026",
                first_name="A",
                last_name="B",
            )
        assert not User.objects.filter(email="prestataire@gmail.com").exists()
        Invitation.objects.update(expires_at=timezone.now() + dt.timedelta(days=1))
        assert invitations.invitation_revoke(actor=justice_admin, invitation=new.invitation)
        assert not invitations.invitation_revoke(actor=justice_admin, invitation=new.invitation)
        with pytest.raises(PrescriptionError, match="retirée"):
            invitations.invitation_accept_new_account(
                token=new.token,
                password="Un mot de passe solide 2026",
                first_name="A",
                last_name="B",
            )
        assert AuditEvent.objects.filter(action="prescriptions.revoke_invitation").count() == 1

    def test_a_full_session_records_nothing(self, justice_admin, first):
        first.capacity, first.seats_taken = 1, 1
        first.save()
        new = _invite(justice_admin, first)
        person = UserFactory(email="prestataire@gmail.com", entity=None)
        with pytest.raises(PrescriptionError):
            invitations.invitation_accept(token=new.token, user=person)
        assert Invitation.objects.get().accepted_at is None
        assert trainings_visible_to(person).count() == 0

    def test_an_accepted_invitation_cannot_be_revoked(self, justice_admin, first):
        new = _invite(justice_admin, first)
        invitations.invitation_accept(
            token=new.token, user=UserFactory(email="prestataire@gmail.com", entity=None)
        )
        with pytest.raises(PrescriptionError, match="déjà acceptée"):
            invitations.invitation_revoke(actor=justice_admin, invitation=new.invitation)


class TestPages:
    def test_who_sees_the_invitations_page(
        self, client, justice_admin, justice, first, agriculture
    ):
        url = reverse("prescriptions:invitations")
        assert client.get(url).status_code == HTTPStatus.FOUND  # visitor: to sign-in
        client.force_login(UserFactory(email="agent@justice.gouv.fr", entity=justice))
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        client.force_login(justice_admin)
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert "Session de janvier" in response.content.decode()

    def test_invite_then_revoke_through_the_page(
        self, client, justice_admin, first, django_assert_max_num_queries
    ):
        client.force_login(justice_admin)
        url = reverse("prescriptions:invitations")
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(url, {"session": first.pk, "email": "prestataire@gmail.com"})
        assert response.status_code == HTTPStatus.FOUND
        for n in range(3):
            _invite(justice_admin, first, f"p{n}@gmail.com")
        with django_assert_max_num_queries(12):
            page = client.get(url).content.decode()
        assert page.count("En attente") == 4
        invitation = Invitation.objects.get(email="prestataire@gmail.com")
        client.post(reverse("prescriptions:invitation_revoke", args=[invitation.pk]))
        invitation.refresh_from_db()
        assert invitation.status == "revoked"

    def test_another_ministry_cannot_revoke(
        self, client, justice_admin, first, agriculture, platform_admin
    ):
        invitation = _invite(justice_admin, first).invitation
        agri = role_holder(
            Role.SPACE_ADMIN, agriculture, actor=platform_admin, email="ref@agriculture.gouv.fr"
        )
        client.force_login(agri)
        response = client.post(reverse("prescriptions:invitation_revoke", args=[invitation.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        invitation.refresh_from_db()
        assert invitation.status == "pending"

    def test_the_link_creates_the_account_and_signs_in(self, client, justice_admin, first):
        new = _invite(justice_admin, first)
        url = reverse("prescriptions:invitation", args=[new.token])
        page = client.get(url).content.decode()
        assert "Créez votre compte" in page
        response = client.post(
            url,
            {
                "first_name": "Paul",
                "last_name": "Presta",
                "password1": "Un mot de passe solide 2026",
                "password2": "Un mot de passe solide 2026",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("enrolments:mine")
        catalog = client.get(reverse("catalog:list")).content.decode()
        assert "Accueil des prestataires en juridiction" in catalog

    def test_mismatched_passwords_create_nothing(self, client, justice_admin, first):
        new = _invite(justice_admin, first)
        url = reverse("prescriptions:invitation", args=[new.token])
        response = client.post(
            url,
            {
                "first_name": "P",
                "last_name": "P",
                "password1": "Un mot de passe solide 2026",
                "password2": "autre",
            },
        )
        assert response.status_code == HTTPStatus.OK
        assert "ne sont pas identiques" in response.content.decode()
        assert not User.objects.filter(email="prestataire@gmail.com").exists()

    def test_an_existing_account_is_asked_to_sign_in(self, client, justice_admin, first):
        UserFactory(email="prestataire@gmail.com", entity=None)
        new = _invite(justice_admin, first)
        page = client.get(reverse("prescriptions:invitation", args=[new.token])).content.decode()
        assert "connectez-vous" in page
        assert re.search(r'href="/[^"]*\?next=%2Fprescriptions%2Finvitation%2F', page)

    def test_unknown_and_revoked_links(self, client, justice_admin, first):
        assert client.get(reverse("prescriptions:invitation", args=["nimporte"])).status_code == 404
        new = _invite(justice_admin, first)
        invitations.invitation_revoke(actor=justice_admin, invitation=new.invitation)
        response = client.get(reverse("prescriptions:invitation", args=[new.token]))
        assert response.status_code == HTTPStatus.GONE
        assert "retirée" in response.content.decode()
