"""The entity tree and its e-mail domains as administrators change them: scoped, audited,
and never detaching anyone without a trace."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from mentor.accounts.models import Role, RoleAssignment
from mentor.audit.models import AuditEvent
from mentor.organisations.models import EmailDomain, Entity
from mentor.organisations.services import (
    email_domain_delete,
    email_domain_save,
    entity_delete,
    entity_save,
)
from tests.factories import UserFactory, role_holder


def _entity_form(**fields) -> dict:
    return {
        "kind": "direction",
        "name": "Direction des services judiciaires",
        "short_name": "DSJ",
        "slug": "dsj",
        "description": "",
        "contact_intro": "",
        "contact_email": "",
        "domains-TOTAL_FORMS": "0",
        "domains-INITIAL_FORMS": "0",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        **fields,
    }


@pytest.mark.django_db
class TestEntityServices:
    def test_a_space_admin_adds_a_sub_entity_and_it_is_audited(self, justice, justice_admin):
        entity = entity_save(
            actor=justice_admin,
            entity=Entity(
                parent=justice, kind="service", name="Service X", short_name="SX", slug="sx"
            ),
        )
        assert entity.is_within(justice)
        event = AuditEvent.objects.get(action="organisations.create_entity")
        assert (event.actor, event.target_id) == (justice_admin, str(entity.pk))

    @pytest.mark.parametrize("parent", [None, "agriculture"])
    def test_a_space_admin_cannot_create_outside_their_tree(
        self, request, justice_admin, agriculture, parent
    ):
        parent = request.getfixturevalue(parent) if parent else None
        with pytest.raises(PermissionDenied):
            entity_save(
                actor=justice_admin,
                entity=Entity(parent=parent, kind="service", name="X", short_name="X", slug="x"),
            )
        assert not Entity.objects.filter(slug="x").exists()

    def test_a_space_admin_cannot_move_an_entity_out_of_their_tree(
        self, justice_admin, penitentiaire, agriculture
    ):
        penitentiaire.parent = agriculture
        with pytest.raises(PermissionDenied):
            entity_save(actor=justice_admin, entity=penitentiaire)
        penitentiaire.refresh_from_db()
        assert penitentiaire.parent.slug == "justice"

    def test_an_entity_people_are_attached_to_cannot_be_deleted(
        self, penitentiaire, platform_admin
    ):
        UserFactory(email="a@dap.justice.gouv.fr", entity=penitentiaire)
        with pytest.raises(ValidationError, match="rattachées"):
            entity_delete(actor=platform_admin, entity=penitentiaire)
        with pytest.raises(ProtectedError):  # the database says so too
            penitentiaire.delete()
        assert Entity.objects.filter(pk=penitentiaire.pk).exists()

    def test_deleting_an_empty_entity_is_audited_and_revokes_its_roles(
        self, justice, penitentiaire, platform_admin
    ):
        warden = role_holder(
            Role.SPACE_ADMIN,
            penitentiaire,
            actor=platform_admin,
            email="a@justice.gouv.fr",
            entity=justice,
        )
        warden.refresh_from_db()
        assert warden.is_staff
        entity_delete(actor=platform_admin, entity=penitentiaire)
        event = AuditEvent.objects.get(action="organisations.delete_entity")
        assert event.data["domains"] == ["dap.justice.gouv.fr"]
        assert event.data["roles_revoked"] == [{"user": warden.pk, "role": "space_admin"}]
        assert not RoleAssignment.objects.filter(user=warden).exists()
        warden.refresh_from_db()
        assert not warden.is_staff

    def test_only_a_platform_admin_deletes(self, justice_admin, penitentiaire):
        with pytest.raises(PermissionDenied):
            entity_delete(actor=justice_admin, entity=penitentiaire)


@pytest.mark.django_db
class TestDomainServices:
    def test_adding_moving_and_removing_a_domain_is_audited(
        self, justice, penitentiaire, platform_admin
    ):
        domain = email_domain_save(
            actor=platform_admin,
            domain=EmailDomain(entity=justice, domain=" Greffe.Justice.gouv.FR. "),
        )
        assert domain.domain == "greffe.justice.gouv.fr"
        domain.entity = penitentiaire
        email_domain_save(actor=platform_admin, domain=domain)
        email_domain_delete(actor=platform_admin, domain=domain)
        events = AuditEvent.objects.filter(action__endswith="_domain").order_by("id")
        assert [e.action for e in events] == [
            "organisations.add_domain",
            "organisations.change_domain",
            "organisations.delete_domain",
        ]
        assert events[1].data["from"] == {"domain": "greffe.justice.gouv.fr", "entity": justice.pk}

    def test_a_space_admin_cannot_touch_domains(self, justice, justice_admin):
        with pytest.raises(PermissionDenied):
            email_domain_save(
                actor=justice_admin, domain=EmailDomain(entity=justice, domain="mj.gouv.fr")
            )
        assert not EmailDomain.objects.filter(domain="mj.gouv.fr").exists()

    def test_a_malformed_domain_is_refused(self, justice, platform_admin):
        with pytest.raises(ValidationError):
            email_domain_save(
                actor=platform_admin, domain=EmailDomain(entity=justice, domain="pas un domaine")
            )


@pytest.mark.django_db
class TestEntityAdmin:
    def test_a_space_admin_adds_a_sub_entity_through_the_admin(
        self, client, justice, justice_admin
    ):
        client.force_login(justice_admin)
        response = client.post(
            reverse("admin:organisations_entity_add"), _entity_form(parent=justice.pk)
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Entity.objects.get(slug="dsj").is_within(justice)
        assert AuditEvent.objects.filter(action="organisations.create_entity").exists()

    def test_a_platform_admin_adds_a_domain_inline_and_it_is_audited(
        self, client, justice, platform_admin
    ):
        client.force_login(platform_admin)
        url = reverse("admin:organisations_entity_change", args=[justice.pk])
        data = _entity_form(
            kind="ministry",
            name=justice.name,
            short_name=justice.short_name,
            slug=justice.slug,
            **{
                "domains-TOTAL_FORMS": "1",
                "domains-0-domain": "MJ.gouv.fr",
                "domains-0-entity": justice.pk,
            },
        )
        assert client.post(url, data).status_code == HTTPStatus.FOUND
        assert EmailDomain.objects.get(domain="mj.gouv.fr").entity == justice
        assert AuditEvent.objects.filter(action="organisations.add_domain").exists()

    def test_the_admin_refuses_to_delete_an_entity_with_members(
        self, client, penitentiaire, platform_admin
    ):
        UserFactory.create_batch(3, entity=penitentiaire)
        client.force_login(platform_admin)
        url = reverse("admin:organisations_entity_delete", args=[penitentiaire.pk])
        assert "3 personnes sont rattachées" in client.get(url).content.decode()
        client.post(url, {"post": "yes"})
        assert Entity.objects.filter(pk=penitentiaire.pk).exists()

    def test_the_admin_deletes_an_empty_entity_through_the_service(
        self, client, penitentiaire, platform_admin
    ):
        client.force_login(platform_admin)
        url = reverse("admin:organisations_entity_delete", args=[penitentiaire.pk])
        assert client.post(url, {"post": "yes"}).status_code == HTTPStatus.FOUND
        assert not Entity.objects.filter(pk=penitentiaire.pk).exists()
        assert AuditEvent.objects.filter(action="organisations.delete_entity").exists()
