"""Automatic attachment at sign-up, sign-in and e-mail change; overrides and their history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentor.accounts.models import AttachmentChange, AttachmentSource
from mentor.accounts.services import (
    user_attach,
    user_clear_override,
    user_override_attachment,
)
from mentor.audit.models import AuditEvent
from mentor.organisations.models import EmailDomain
from tests.factories import UserFactory

Trigger = AttachmentChange.Trigger


@pytest.mark.django_db
class TestUserAttach:
    def test_a_state_address_makes_an_agent_of_that_entity(self, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        change = user_attach(user=user, trigger=Trigger.SIGNUP)
        user.refresh_from_db()
        assert user.entity == justice and user.is_state_agent
        assert (change.from_entity, change.to_entity, change.trigger) == (None, justice, "signup")

    def test_another_address_makes_an_other_user(self, justice):
        user = UserFactory(email="claire@gmail.com")
        assert user_attach(user=user, trigger=Trigger.SIGNUP) is None
        user.refresh_from_db()
        assert user.entity is None and not user.is_state_agent

    def test_signing_in_again_changes_nothing_and_records_nothing(self, justice):
        user = UserFactory(email="claire@justice.gouv.fr")
        user_attach(user=user, trigger=Trigger.SIGNUP)
        assert user_attach(user=user, trigger=Trigger.SIGNIN) is None
        assert user.attachment_history.count() == 1

    def test_sign_in_picks_up_a_domain_registered_since(self, justice, penitentiaire):
        user = UserFactory(email="paul@greffe.justice.gouv.fr")
        user_attach(user=user, trigger=Trigger.SIGNUP)
        greffe = penitentiaire  # any other entity will do
        EmailDomain.objects.create(entity=greffe, domain="greffe.justice.gouv.fr")
        user_attach(user=user, trigger=Trigger.SIGNIN)
        user.refresh_from_db()
        assert user.entity == greffe
        assert [c.trigger for c in user.attachment_history.all()] == ["signin", "signup"]


@pytest.mark.django_db
class TestOverride:
    def test_an_override_is_kept_at_sign_in_and_recorded_with_its_reason(
        self, justice, agriculture, platform_admin
    ):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        user_override_attachment(
            actor=platform_admin, user=user, entity=agriculture, reason="Mise à disposition"
        )
        user_attach(user=user, trigger=Trigger.SIGNIN)
        user.refresh_from_db()
        assert user.entity == agriculture
        assert user.attachment_source == AttachmentSource.OVERRIDE
        change = user.attachment_history.get(trigger=Trigger.OVERRIDE)
        assert (change.changed_by, change.from_entity, change.to_entity, change.reason) == (
            platform_admin,
            justice,
            agriculture,
            "Mise à disposition",
        )
        assert AuditEvent.objects.filter(action="accounts.override_attachment").count() == 1

    def test_a_change_of_email_ends_the_override(self, justice, agriculture, platform_admin):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        user_override_attachment(actor=platform_admin, user=user, entity=None, reason="Prestataire")
        user.email = "claire@agriculture.gouv.fr"
        user.save()
        user_attach(user=user, trigger=Trigger.EMAIL_CHANGE)
        user.refresh_from_db()
        assert (user.entity, user.attachment_source) == (agriculture, AttachmentSource.AUTOMATIC)

    def test_clearing_the_override_returns_to_the_domain_rule(
        self, justice, agriculture, platform_admin
    ):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        user_override_attachment(actor=platform_admin, user=user, entity=agriculture, reason="x")
        user_clear_override(actor=platform_admin, user=user, reason="Fin de mission")
        user.refresh_from_db()
        assert (user.entity, user.attachment_source) == (justice, AttachmentSource.AUTOMATIC)
        assert user.attachment_history.first().trigger == Trigger.OVERRIDE_CLEARED

    def test_a_reason_is_required(self, justice, agriculture, platform_admin):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        with pytest.raises(ValidationError):
            user_override_attachment(
                actor=platform_admin, user=user, entity=agriculture, reason=" "
            )
        user.refresh_from_db()
        assert user.entity == justice and not user.attachment_history.exists()

    def test_a_space_admin_cannot_move_someone_into_another_ministry(
        self, justice, agriculture, justice_admin
    ):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        with pytest.raises(PermissionDenied):
            user_override_attachment(
                actor=justice_admin, user=user, entity=agriculture, reason="Tentative"
            )
        user.refresh_from_db()
        assert user.entity == justice

    def test_a_space_admin_cannot_touch_agents_of_another_ministry(
        self, justice, agriculture, justice_admin
    ):
        user = UserFactory(email="luc@agriculture.gouv.fr", entity=agriculture)
        with pytest.raises(PermissionDenied):
            user_override_attachment(actor=justice_admin, user=user, entity=justice, reason="x")

    def test_a_space_admin_moves_agents_within_their_tree(
        self, justice, penitentiaire, justice_admin
    ):
        user = UserFactory(email="claire@justice.gouv.fr", entity=justice)
        user_override_attachment(
            actor=justice_admin, user=user, entity=penitentiaire, reason="Affectation DAP"
        )
        user.refresh_from_db()
        assert user.entity == penitentiaire
