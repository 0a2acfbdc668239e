"""Roles are scoped: a space admin of X sees and changes X's subtree, never Y."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mentor.accounts.models import Role, RoleAssignment, User
from mentor.accounts.permissions import (
    administered_entities,
    role_assignments,
    users_visible_to,
)
from mentor.accounts.services import role_grant, role_revoke, user_update_by_admin
from mentor.audit.models import AuditEvent
from mentor.core.permissions import can
from tests.factories import UserFactory, role_holder


@pytest.fixture
def agents(justice, penitentiaire, agriculture):
    return {
        "justice": UserFactory(email="a@justice.gouv.fr", entity=justice),
        "dap": UserFactory(email="b@dap.justice.gouv.fr", entity=penitentiaire),
        "agriculture": UserFactory(email="c@agriculture.gouv.fr", entity=agriculture),
        "other": UserFactory(email="d@gmail.com"),
    }


@pytest.mark.django_db
class TestScoping:
    def test_space_admin_sees_their_subtree_only(
        self, agents, justice_admin, justice, penitentiaire
    ):
        assert set(administered_entities(justice_admin)) == {justice, penitentiaire}
        visible = set(users_visible_to(justice_admin))
        assert {agents["justice"], agents["dap"]} <= visible
        assert agents["agriculture"] not in visible and agents["other"] not in visible

    def test_platform_admin_sees_everyone(self, agents, platform_admin):
        assert set(agents.values()) <= set(users_visible_to(platform_admin))

    @pytest.mark.parametrize(
        ("target", "allowed"), [("justice", True), ("dap", True), ("agriculture", False)]
    )
    def test_manage_user_rule(self, agents, justice_admin, target, allowed):
        assert can(justice_admin, "accounts.manage_user", agents[target]) is allowed

    def test_agents_and_anonymous_users_may_do_nothing(self, agents, justice):
        assert not can(agents["justice"], "organisations.change_entity", justice)
        assert not can(AnonymousUser(), "organisations.change_entity", justice)

    def test_unknown_actions_are_an_error_not_a_yes(self, agents):
        with pytest.raises(LookupError):
            can(agents["justice"], "accounts.do_anything")


@pytest.mark.django_db
class TestRoleGrant:
    def test_space_admin_grants_a_designer_role_in_their_tree(
        self, agents, justice_admin, penitentiaire
    ):
        ra = role_grant(
            actor=justice_admin, user=agents["dap"], role=Role.DESIGNER, entity=penitentiaire
        )
        assert AuditEvent.objects.filter(action="accounts.grant_role", target_id=str(ra.user_id))

    def test_granting_twice_is_a_no_op(self, agents, justice_admin, justice):
        first = role_grant(
            actor=justice_admin, user=agents["justice"], role=Role.TUTOR, entity=justice
        )
        again = role_grant(
            actor=justice_admin, user=agents["justice"], role=Role.TUTOR, entity=justice
        )
        assert first.pk == again.pk
        assert AuditEvent.objects.filter(action="accounts.grant_role").count() == 2  # + fixture's

    def test_space_admin_cannot_grant_in_another_ministry(self, agents, justice_admin, agriculture):
        with pytest.raises(PermissionDenied):
            role_grant(
                actor=justice_admin,
                user=agents["agriculture"],
                role=Role.DESIGNER,
                entity=agriculture,
            )
        assert not RoleAssignment.objects.filter(entity=agriculture).exists()

    def test_space_admin_cannot_grant_national_roles(self, agents, justice_admin):
        with pytest.raises(PermissionDenied):
            role_grant(actor=justice_admin, user=agents["justice"], role=Role.PLATFORM_ADMIN)

    def test_scoped_roles_need_an_entity(self, agents, platform_admin):
        with pytest.raises(ValidationError):
            role_grant(actor=platform_admin, user=agents["justice"], role=Role.SPACE_ADMIN)

    def test_space_admin_role_gives_admin_access_and_revoking_takes_it(
        self, agents, platform_admin, justice
    ):
        user = agents["justice"]
        ra = role_grant(actor=platform_admin, user=user, role=Role.SPACE_ADMIN, entity=justice)
        user.refresh_from_db()
        assert user.is_staff
        role_revoke(actor=platform_admin, assignment=ra)
        user.refresh_from_db()
        assert not user.is_staff


@pytest.mark.django_db
class TestAdminSite:
    def test_space_admin_user_list_shows_only_their_agents(self, client, agents, justice_admin):
        client.force_login(justice_admin)
        response = client.get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == HTTPStatus.OK
        content = response.content.decode()
        assert "a@justice.gouv.fr" in content and "b@dap.justice.gouv.fr" in content
        assert "c@agriculture.gouv.fr" not in content and "d@gmail.com" not in content

    def test_space_admin_cannot_open_an_agent_of_another_ministry(
        self, client, agents, justice_admin
    ):
        client.force_login(justice_admin)
        url = reverse("admin:accounts_user_change", args=[agents["agriculture"].pk])
        response = client.get(url)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.NOT_FOUND)
        override = reverse("admin:accounts_user_override", args=[agents["agriculture"].pk])
        assert client.post(override, {"reason": "x"}).status_code == HTTPStatus.NOT_FOUND

    def test_space_admin_overrides_through_the_admin_with_a_reason(
        self, client, agents, justice_admin, penitentiaire
    ):
        client.force_login(justice_admin)
        url = reverse("admin:accounts_user_override", args=[agents["justice"].pk])
        response = client.post(url, {"entity": penitentiaire.pk, "reason": "Mutation"})
        assert response.status_code == HTTPStatus.FOUND
        agents["justice"].refresh_from_db()
        assert agents["justice"].entity == penitentiaire

    def test_override_form_without_reason_changes_nothing(
        self, client, agents, justice_admin, penitentiaire, justice
    ):
        client.force_login(justice_admin)
        url = reverse("admin:accounts_user_override", args=[agents["justice"].pk])
        response = client.post(url, {"entity": penitentiaire.pk, "reason": ""})
        assert response.status_code == HTTPStatus.OK
        agents["justice"].refresh_from_db()
        assert agents["justice"].entity == justice

    def test_space_admin_entity_list_is_their_subtree(self, client, justice_admin, agriculture):
        client.force_login(justice_admin)
        content = client.get(reverse("admin:organisations_entity_changelist")).content.decode()
        assert "Ministère de la Justice" in content and agriculture.name not in content

    def test_user_list_query_count_does_not_grow_with_users(
        self, client, platform_admin, justice, django_assert_max_num_queries
    ):
        UserFactory.create_batch(30, entity=justice)
        client.force_login(platform_admin)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("admin:accounts_user_changelist"))
        assert response.status_code == HTTPStatus.OK

    def test_audit_log_is_scoped(self, client, agents, justice_admin, platform_admin, agriculture):
        role_grant(
            actor=platform_admin, user=agents["agriculture"], role=Role.TUTOR, entity=agriculture
        )
        client.force_login(justice_admin)
        content = client.get(reverse("admin:audit_auditevent_changelist")).content.decode()
        assert (
            "referente@justice.gouv.fr" in content or "Référente" in content or "Martin" in content
        )
        assert "c@agriculture.gouv.fr" not in content

    def test_agents_have_no_admin(self, client, agents):
        client.force_login(agents["justice"])
        response = client.get(reverse("admin:index"))
        assert response.status_code == HTTPStatus.FOUND


@pytest.mark.django_db
class TestNobodyManagesAboveTheirStation:
    def test_a_space_admin_cannot_manage_a_superuser_of_their_tree(self, justice, justice_admin):
        boss = UserFactory(email="dg@justice.gouv.fr", entity=justice, is_superuser=True)
        assert not can(justice_admin, "accounts.manage_user", boss)

    @pytest.mark.parametrize(
        ("role", "scope"),
        [
            (Role.PLATFORM_ADMIN, None),
            (Role.EDITORIAL_COMMITTEE, None),
            (Role.DESIGNER, "agriculture"),
        ],
    )
    def test_nor_someone_whose_roles_reach_beyond_their_scope(
        self, request, justice, justice_admin, platform_admin, role, scope
    ):
        target = UserFactory(email="x@justice.gouv.fr", entity=justice)
        entity = request.getfixturevalue(scope) if scope else None
        role_grant(actor=platform_admin, user=target, role=role, entity=entity)
        assert not can(justice_admin, "accounts.manage_user", target)
        with pytest.raises(PermissionDenied):
            user_update_by_admin(
                actor=justice_admin, user=target, first_name="X", last_name="Y", is_active=False
            )
        target.refresh_from_db()
        assert target.is_active

    def test_but_a_colleague_with_a_role_inside_it_is_theirs(
        self, justice, penitentiaire, justice_admin
    ):
        target = role_holder(
            Role.DESIGNER,
            penitentiaire,
            actor=justice_admin,
            email="x@justice.gouv.fr",
            entity=justice,
        )
        assert can(justice_admin, "accounts.manage_user", target)


@pytest.mark.django_db
class TestAdminUserChange:
    def _post(self, client, user, **changes):
        data = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "is_active": "on",
            "attachment_history-TOTAL_FORMS": "0",
            "attachment_history-INITIAL_FORMS": "0",
        }
        data.update(changes)
        data = {k: v for k, v in data.items() if v is not None}
        return client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)

    def test_a_space_admin_closes_an_account_and_it_is_audited(self, client, agents, justice_admin):
        client.force_login(justice_admin)
        response = self._post(client, agents["dap"], is_active=None)
        assert response.status_code == HTTPStatus.FOUND
        agents["dap"].refresh_from_db()
        assert not agents["dap"].is_active
        event = AuditEvent.objects.get(action="accounts.update_user")
        assert (event.actor, event.target_id) == (justice_admin, str(agents["dap"].pk))
        assert event.data == {"fields": ["is_active"], "is_active": False}

    def test_a_space_admin_cannot_close_their_own_account(self, client, justice_admin):
        client.force_login(justice_admin)
        response = self._post(client, justice_admin, is_active=None)
        assert response.status_code == HTTPStatus.OK
        assert "votre propre compte" in response.content.decode()
        justice_admin.refresh_from_db()
        assert justice_admin.is_active

    def test_saving_without_change_records_nothing(self, client, agents, justice_admin):
        client.force_login(justice_admin)
        assert self._post(client, agents["justice"]).status_code == HTTPStatus.FOUND
        assert not AuditEvent.objects.filter(action="accounts.update_user").exists()

    def test_a_posted_superuser_flag_or_entity_is_ignored(
        self, client, agents, justice_admin, penitentiaire
    ):
        client.force_login(justice_admin)
        self._post(client, agents["justice"], is_superuser="on", entity=penitentiaire.pk)
        agents["justice"].refresh_from_db()
        assert not agents["justice"].is_superuser and agents["justice"].entity.slug == "justice"

    def test_a_superuser_of_their_tree_is_read_only_for_a_space_admin(
        self, client, justice, justice_admin
    ):
        boss = UserFactory(email="dg@justice.gouv.fr", entity=justice, is_superuser=True)
        client.force_login(justice_admin)
        response = self._post(client, boss, is_active=None)
        assert response.status_code == HTTPStatus.FORBIDDEN
        boss.refresh_from_db()
        assert boss.is_active

    def test_statistical_fields_are_never_shown_to_admins(
        self, client, agents, justice_admin, platform_admin
    ):
        agents["justice"].gender = "female"
        agents["justice"].save()
        for admin_user in (justice_admin, platform_admin):
            client.force_login(admin_user)
            url = reverse("admin:accounts_user_change", args=[agents["justice"].pk])
            content = client.get(url).content.decode()
            assert "Femme" not in content and 'name="gender"' not in content
            assert 'name="category"' not in content


@pytest.mark.django_db
def test_a_granted_role_shows_in_the_menu_at_once(client, justice, platform_admin):
    """Roles are cached between requests: granting one retires the cache."""
    agent = UserFactory(entity=justice)
    client.force_login(agent)
    designs = reverse("catalog:designs")
    assert designs not in client.get(reverse("catalog:home")).content.decode()
    role_grant(actor=platform_admin, user=agent, role=Role.DESIGNER, entity=justice)
    assert designs in client.get(reverse("catalog:home")).content.decode()


@pytest.mark.django_db
def test_cached_roles_are_read_in_one_round_trip_and_a_revoked_one_goes_at_once(
    justice, platform_admin, monkeypatch
):
    """The roles version and the person's cached roles come from one ``get_many``, never
    a ``get`` each; a copy kept under an older version is never used."""
    agent = UserFactory(entity=justice)
    granted = role_grant(actor=platform_admin, user=agent, role=Role.DESIGNER, entity=justice)
    assert [ra.role for ra in role_assignments(User.objects.get(pk=agent.pk))] == [Role.DESIGNER]
    calls, inside = [], []
    real_get, real_get_many = cache.get, cache.get_many

    def get(*args, **kwargs):
        if not inside:  # the test cache's get_many reads each key with get: not counted
            calls.append("get")
        return real_get(*args, **kwargs)

    def get_many(*args, **kwargs):
        calls.append("get_many")
        inside.append(True)
        try:
            return real_get_many(*args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", get)
    monkeypatch.setattr(cache, "get_many", get_many)
    assert [ra.role for ra in role_assignments(User.objects.get(pk=agent.pk))] == [Role.DESIGNER]
    assert calls == ["get_many"]  # from the cache, in one round trip
    role_revoke(actor=platform_admin, assignment=granted)
    assert role_assignments(User.objects.get(pk=agent.pk)) == []
