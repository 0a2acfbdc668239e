"""The trail's services and selectors that other apps call instead of its model."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentor.audit.models import AuditEvent
from mentor.audit.selectors import audit_last_recorded_at
from mentor.audit.services import audit_record, audit_target_relabel
from mentor.core.registry import Registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestAuditTargetRelabel:
    def test_renames_the_target_in_its_rows_and_drops_the_keys_asked(self):
        actor, person, other = UserFactory(), UserFactory(), UserFactory()
        for target in (person, person, other):
            audit_record(
                actor=actor,
                action="accounts.override_attachment",
                target=target,
                data={"reason": "Claire Martin est détachée", "entity": "masa"},
            )

        rewritten = audit_target_relabel(target=person, label="Compte supprimé", drop={"reason"})

        assert rewritten == 2
        mine = AuditEvent.objects.filter(target_type="accounts.user", target_id=str(person.pk))
        assert {(e.target_repr, tuple(e.data.items())) for e in mine} == {
            ("Compte supprimé", (("entity", "masa"),))
        }
        untouched = AuditEvent.objects.get(target_id=str(other.pk))
        assert untouched.target_repr == str(other)
        assert untouched.data["reason"] == "Claire Martin est détachée"

    def test_a_target_without_rows_rewrites_nothing(self):
        assert audit_target_relabel(target=UserFactory(), label="x") == 0


class TestAuditLastRecordedAt:
    def test_the_latest_of_that_action_on_that_target(self):
        actor, person, other = UserFactory(), UserFactory(), UserFactory()
        old = audit_record(actor=actor, action="learning.completion_withdrawn", target=person)
        new = audit_record(actor=actor, action="learning.completion_withdrawn", target=person)
        audit_record(actor=actor, action="accounts.erase", target=person)
        audit_record(actor=actor, action="learning.completion_withdrawn", target=other)
        AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
        new.refresh_from_db()

        found = audit_last_recorded_at(
            action="learning.completion_withdrawn", target_type="accounts.user", target_id=person.pk
        )

        assert found == new.created_at

    def test_none_when_never_recorded(self):
        person = UserFactory()
        assert (
            audit_last_recorded_at(
                action="learning.completion_withdrawn",
                target_type="accounts.user",
                target_id=person.pk,
            )
            is None
        )


class TestAdminPage:
    def test_with_no_scope_registered_the_page_shows_no_row(
        self, client, platform_admin, monkeypatch
    ):
        """Who sees which rows is registered from above (accounts): with nothing
        registered, nobody sees any row."""
        from mentor.audit import admin as audit_admin  # noqa: PLC0415

        audit_record(actor=platform_admin, action="test.visible", target=platform_admin)
        client.force_login(platform_admin)
        url = reverse("admin:audit_auditevent_changelist")
        assert "test.visible" in client.get(url).content.decode()
        monkeypatch.setattr(audit_admin, "admin_scopes", Registry("none"))
        assert "test.visible" not in client.get(url).content.decode()
