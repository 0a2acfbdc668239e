"""Profile, personal-data export and account erasure."""

import json
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from mentor.accounts.models import AttachmentChange, User
from mentor.accounts.services import user_attach, user_erase, user_override_attachment
from mentor.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.markup import input_attrs, missing_describedby_targets


@pytest.fixture
def agent(justice):
    user = UserFactory(email="claire@justice.gouv.fr", first_name="Claire", last_name="Martin")
    user_attach(user=user, trigger=AttachmentChange.Trigger.SIGNUP)
    user.refresh_from_db()
    return user


@pytest.mark.django_db
class TestProfile:
    def test_profile_shows_the_derived_entity_read_only(self, client, agent):
        client.force_login(agent)
        content = client.get(reverse("accounts:profile")).content.decode()
        assert "Ministère de la Justice" in content and "Agent de l’État" in content
        assert 'name="entity"' not in content

    def test_the_profile_name_fields_declare_their_autocomplete(self, client, agent):
        client.force_login(agent)
        content = client.get(reverse("accounts:profile")).content.decode()
        assert input_attrs(content, "first_name")["autocomplete"] == "given-name"
        assert input_attrs(content, "last_name")["autocomplete"] == "family-name"
        assert missing_describedby_targets(content) == []

    def test_the_agent_fills_optional_statistics(self, client, agent):
        client.force_login(agent)
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": "Claire",
                "last_name": "Martin",
                "category": "A",
                "gender": "undisclosed",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        agent.refresh_from_db()
        assert (agent.category, agent.employment_status, agent.gender) == ("A", "", "undisclosed")

    def test_a_posted_entity_or_bad_choice_changes_nothing(self, client, agent, agriculture):
        client.force_login(agent)
        response = client.post(
            reverse("accounts:profile"),
            {
                "first_name": "Claire",
                "last_name": "Martin",
                "category": "Z",
                "entity": agriculture.pk,
            },
        )
        assert response.status_code == HTTPStatus.OK
        assert "Sélectionnez un choix valide" in response.content.decode()
        agent.refresh_from_db()
        assert agent.category == "" and agent.entity.slug == "justice"

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, db):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == HTTPStatus.FOUND
        assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
class TestExport:
    def test_export_holds_everything_about_me(self, client, agent):
        client.force_login(agent)
        response = client.post(reverse("accounts:personal_data_download"))
        assert response.status_code == HTTPStatus.OK
        assert "attachment" in response["Content-Disposition"]
        data = json.loads(response.content)
        assert data["compte"]["adresse_electronique"] == "claire@justice.gouv.fr"
        assert data["compte"]["entite"] == "Ministère de la Justice"
        assert data["historique_rattachement"][0]["nouvelle_entite"] == "Ministère de la Justice"

    def test_export_is_post_only(self, client, agent):
        client.force_login(agent)
        response = client.get(reverse("accounts:personal_data_download"))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.django_db
class TestErase:
    def test_erasing_removes_personal_data_and_keeps_statistics(self, client, agent):
        agent.category = "B"
        agent.save()
        client.force_login(agent)
        response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == HTTPStatus.FOUND
        erased = User.objects.get(pk=agent.pk)
        assert "claire" not in erased.email and erased.first_name == erased.last_name == ""
        assert not erased.is_active and not erased.has_usable_password()
        assert (erased.entity.slug, erased.category) == ("justice", "B")
        assert not EmailAddress.objects.filter(user=erased).exists()
        assert AuditEvent.objects.filter(action="accounts.erase", target_id=str(agent.pk)).exists()
        assert "_auth_user_id" not in client.session
        # the address is free again and the old password opens nothing
        assert not client.login(email="claire@justice.gouv.fr", password=PASSWORD)

    @pytest.mark.parametrize(
        "data", [{"password": "faux", "confirm": "on"}, {"password": PASSWORD}, {}]
    )
    def test_wrong_password_or_no_confirmation_changes_nothing(self, client, agent, data):
        client.force_login(agent)
        response = client.post(reverse("accounts:erase"), data)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        agent.refresh_from_db()
        assert agent.is_active and agent.email == "claire@justice.gouv.fr"


@pytest.mark.django_db
class TestEraseLeavesNoNameBehind:
    def test_the_audit_trail_and_admin_history_forget_who_it_was(
        self, agent, platform_admin, agriculture
    ):

        user_override_attachment(
            actor=platform_admin,
            user=agent,
            entity=agriculture,
            reason="Claire Martin est détachée auprès du MASA",
        )
        LogEntry.objects.log_actions(
            user_id=platform_admin.pk, queryset=[agent], action_flag=CHANGE, change_message=""
        )
        user_erase(user=agent, actor=platform_admin)

        events = AuditEvent.objects.filter(target_type="accounts.user", target_id=str(agent.pk))
        assert {e.action for e in events} == {"accounts.override_attachment", "accounts.erase"}
        for event in events:
            assert "Claire" not in event.target_repr and "Martin" not in event.target_repr
            assert "Claire" not in json.dumps(event.data)
        entry = LogEntry.objects.get(
            content_type=ContentType.objects.get_for_model(User), object_id=str(agent.pk)
        )
        assert "Claire" not in entry.object_repr
        assert not AttachmentChange.objects.filter(user=agent).exclude(reason="").exists()
