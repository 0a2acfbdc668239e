"""Designers and space admins edit the trainings of their scope, through the UI."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.audit.models import AuditEvent
from mentor.catalog.models import PublicationState, Training
from tests.factories import CollectionFactory, SessionFactory, TrainingFactory, UserFactory


@pytest.fixture
def designer(justice, platform_admin):
    user = UserFactory(email="conceptrice@justice.gouv.fr", entity=justice)
    role_grant(actor=platform_admin, user=user, role=Role.DESIGNER, entity=justice)
    return user


def _form(training_or_none, **overrides):
    data = {
        "title": "Rédiger un acte administratif",
        "slug": "rediger-un-acte",
        "summary": "Les règles de forme et de fond.",
        "duration_hours": "7",
        "modality": "tutored",
        "licence": "cc-by-nc-sa",
        "state": PublicationState.DRAFT,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class TestDesignerUI:
    def test_a_designer_creates_an_internal_training_and_a_session(self, client, designer, justice):
        collection = CollectionFactory()
        client.force_login(designer)
        response = client.post(
            reverse("catalog:training_create"),
            _form(None, producer=justice.pk, owner_entity=justice.pk, collections=[collection.pk]),
        )
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
        training = Training.objects.get(slug="rediger-un-acte")
        assert training.owner_entity == justice and training.created_by == designer
        assert "redige" in training.search_text

        response = client.post(
            reverse("catalog:session_create", args=[training.slug]),
            {
                "title": "Printemps",
                "starts_on": "2027-03-01",
                "ends_on": "2027-04-01",
                "state": "open",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        assert training.sessions.get().title == "Printemps"

    def test_a_designer_cannot_publish_the_interministerial_offer(self, client, designer, justice):
        client.force_login(designer)
        response = client.post(
            reverse("catalog:training_create"),
            _form(None, producer=justice.pk, state=PublicationState.PUBLISHED),
        )
        assert response.status_code == HTTPStatus.OK
        assert "Sélectionnez un choix valide" in response.content.decode()
        assert not Training.objects.exists()

    def test_a_designer_cannot_open_another_ministry_training(self, client, designer, agriculture):
        other = TrainingFactory(producer=agriculture, owner_entity=agriculture)
        client.force_login(designer)
        assert client.get(reverse("catalog:training_edit", args=[other.slug])).status_code == 404
        response = client.post(
            reverse("catalog:session_create", args=[other.slug]),
            {"title": "x", "starts_on": "2027-03-01", "ends_on": "2027-04-01", "state": "open"},
        )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not other.sessions.exists()

    def test_a_designer_cannot_name_a_producer_outside_their_scope(
        self, client, designer, agriculture
    ):
        client.force_login(designer)
        response = client.post(
            reverse("catalog:training_create"), _form(None, producer=agriculture.pk)
        )
        assert response.status_code == HTTPStatus.OK and not Training.objects.exists()

    def test_agents_have_no_designer_pages(self, client, justice):
        client.force_login(UserFactory(entity=justice))
        assert client.get(reverse("catalog:designs")).status_code == HTTPStatus.FORBIDDEN
        assert client.get(reverse("catalog:training_create")).status_code == HTTPStatus.FORBIDDEN

    def test_a_space_admin_publishes_their_internal_training(self, client, justice_admin, justice):
        training = TrainingFactory(
            producer=justice, owner_entity=justice, state=PublicationState.REVIEW
        )
        client.force_login(justice_admin)
        data = _form(
            training,
            title=training.title,
            slug=training.slug,
            producer=justice.pk,
            owner_entity=justice.pk,
            state=PublicationState.PUBLISHED,
        )
        response = client.post(reverse("catalog:training_edit", args=[training.slug]), data)
        assert response.status_code == HTTPStatus.FOUND
        training.refresh_from_db()
        assert training.state == PublicationState.PUBLISHED and training.published_at
        assert AuditEvent.objects.filter(action="catalog.training_state").exists()

    def test_capacity_cannot_drop_below_enrolled_agents(self, client, designer, justice):
        session = SessionFactory(
            training=TrainingFactory(producer=justice, owner_entity=justice), capacity=10
        )
        session.seats_taken = 5
        session.save()
        client.force_login(designer)
        response = client.post(
            reverse("catalog:session_edit", args=[session.training.slug, session.pk]),
            {
                "title": "x",
                "starts_on": "2027-03-01",
                "ends_on": "2027-02-01",
                "capacity": 2,
                "state": "open",
            },
        )
        assert response.status_code == HTTPStatus.OK
        content = response.content.decode()
        assert "La fin doit suivre le début" in content and "déjà inscrites" in content

    def test_an_oversized_or_fake_image_is_refused(self, client, designer, justice):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(designer)
        fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
        response = client.post(
            reverse("catalog:training_create"),
            {
                **_form(None, producer=justice.pk, owner_entity=justice.pk),
                "image": fake,
                "image_alt": "x",
            },
        )
        assert response.status_code == HTTPStatus.OK and not Training.objects.exists()
