"""Designers and space admins edit the trainings of their scope, through the UI."""

from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.audit.models import AuditEvent
from mentor.catalog.models import PublicationState, Session, SessionMeeting, Training
from mentor.catalog.services import session_save, training_save
from mentor.enrolments.services import enrolment_create
from tests.factories import (
    CollectionFactory,
    SessionFactory,
    TrainingFactory,
    UserFactory,
    role_holder,
)
from tests.markup import missing_describedby_targets


@pytest.fixture
def designer(justice, platform_admin):
    return role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="conceptrice@justice.gouv.fr"
    )


def _session_form(*meetings, initial=0, **fields):
    """A session form as the browser posts it, with its formset of dated meetings."""
    data = {
        "title": "Printemps",
        "starts_on": "2027-03-01",
        "ends_on": "2027-04-01",
        "state": "open",
        "meetings-TOTAL_FORMS": str(len(meetings)),
        "meetings-INITIAL_FORMS": str(initial),
        "meetings-MIN_NUM_FORMS": "0",
        "meetings-MAX_NUM_FORMS": "50",
        **fields,
    }
    for index, meeting in enumerate(meetings):
        data.update({f"meetings-{index}-{key}": value for key, value in meeting.items()})
    return data


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
            reverse("catalog:session_create", args=[training.slug]), _session_form()
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
            reverse("catalog:session_create", args=[other.slug]), _session_form(title="x")
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
            _session_form(title="x", ends_on="2027-02-01", capacity=2),
        )
        assert response.status_code == HTTPStatus.OK
        content = response.content.decode()
        assert "La fin doit suivre le début" in content and "déjà inscrites" in content

    def test_an_oversized_or_fake_image_is_refused(self, client, designer, justice):
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


@pytest.mark.django_db
class TestTrainingEdit:
    def test_a_designer_edits_a_training_of_their_scope(self, client, designer, justice):
        training = TrainingFactory(
            producer=justice, owner_entity=justice, state=PublicationState.DRAFT
        )
        client.force_login(designer)
        data = _form(
            training,
            title="Greffe : les actes de procédure",
            slug=training.slug,
            producer=justice.pk,
            owner_entity=justice.pk,
            keywords="greffe, procédure pénale",
        )
        response = client.post(reverse("catalog:training_edit", args=[training.slug]), data)
        assert response.status_code == HTTPStatus.FOUND
        training.refresh_from_db()
        assert training.title == "Greffe : les actes de procédure"
        assert "procedure penale" in training.search_text  # the index follows the edit

    def test_nobody_moves_another_entity_training_into_their_scope(
        self, designer, justice, agriculture
    ):

        other = TrainingFactory(producer=agriculture, owner_entity=agriculture, title="Contrôles")
        forged = Training.objects.get(pk=other.pk)
        forged.producer, forged.owner_entity, forged.title = justice, justice, "Pris"
        with pytest.raises(PermissionDenied):
            training_save(actor=designer, training=forged)
        other.refresh_from_db()
        assert other.owner_entity == agriculture and other.title == "Contrôles"


@pytest.mark.django_db
class TestSessionEdit:
    def _url(self, session):
        return reverse("catalog:session_edit", args=[session.training.slug, session.pk])

    def test_meetings_and_tutors_are_saved_and_shown_on_the_sheet(self, client, designer, justice):
        training = TrainingFactory(producer=justice, modality="virtual_class")
        client.force_login(designer)
        response = client.post(
            reverse("catalog:session_create", args=[training.slug]),
            _session_form(
                {
                    "kind": "virtual_class",
                    "starts_at": "2027-03-02T14:00",
                    "ends_at": "2027-03-02T16:00",
                    "url": "https://webconf.numerique.gouv.fr/greffe",
                },
                {
                    "kind": "in_person",
                    "starts_at": "2027-03-10T09:00",
                    "ends_at": "2027-03-10T17:00",
                    "place": "ENG, Dijon",
                },
                tutors=[designer.pk],
            ),
        )
        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
        session = training.sessions.get()
        assert list(session.meetings.values_list("kind", flat=True)) == [
            "virtual_class",
            "in_person",
        ]
        assert list(session.tutors.all()) == [designer]

        sheet = client.get(training.get_absolute_url()).content.decode()
        assert "Classe virtuelle le 2 mars 2027, 14:00" in sheet and "ENG, Dijon" in sheet
        # The link is for the agents enrolled in the session only.
        assert "webconf.numerique.gouv.fr/greffe" not in sheet

    def test_a_meeting_is_deleted_from_the_form(self, client, designer, justice):
        session = SessionFactory(training=TrainingFactory(producer=justice))
        meeting = SessionMeeting.objects.create(
            session=session,
            kind="webinar",
            starts_at="2027-03-02T14:00+01:00",
            ends_at="2027-03-02T15:00+01:00",
            url="https://example.org/w",
        )
        client.force_login(designer)
        response = client.post(
            self._url(session),
            _session_form(
                {
                    "id": meeting.pk,
                    "session": session.pk,
                    "kind": "webinar",
                    "starts_at": "2027-03-02T14:00",
                    "ends_at": "2027-03-02T15:00",
                    "url": "https://example.org/w",
                    "DELETE": "on",
                },
                initial=1,
            ),
        )
        assert response.status_code == HTTPStatus.FOUND
        assert not session.meetings.exists()

    @pytest.mark.parametrize(
        ("meeting", "message"),
        [
            (
                {"kind": "webinar", "starts_at": "2027-03-02T14:00", "ends_at": "2027-03-02T15:00"},
                "Indiquez le lien",
            ),
            (
                {
                    "kind": "in_person",
                    "starts_at": "2027-03-02T14:00",
                    "ends_at": "2027-03-02T17:00",
                },
                "Indiquez le lieu",
            ),
            (
                {
                    "kind": "in_person",
                    "place": "Lyon",
                    "starts_at": "2027-03-02T14:00",
                    "ends_at": "2027-03-02T09:00",
                },
                "La fin doit suivre le début",
            ),
        ],
    )
    def test_an_incomplete_meeting_is_refused_and_nothing_is_saved(
        self, client, designer, justice, meeting, message
    ):
        training = TrainingFactory(producer=justice)
        client.force_login(designer)
        response = client.post(
            reverse("catalog:session_create", args=[training.slug]), _session_form(meeting)
        )
        assert response.status_code == HTTPStatus.OK
        assert message in response.content.decode()
        assert not training.sessions.exists()

    def test_an_edit_never_writes_back_a_stale_seat_count(self, designer, justice):

        session = SessionFactory(training=TrainingFactory(producer=justice), capacity=10)
        stale = Session.objects.get(pk=session.pk)  # what the designer's form was built on
        for _ in range(2):
            enrolment_create(user=UserFactory(entity=justice), session_id=session.pk)
        stale.title = "Printemps (reportée)"
        session_save(actor=designer, session=stale)
        session.refresh_from_db()
        assert session.title == "Printemps (reportée)" and session.seats_taken == 2

        stale.capacity = 1  # below the two agents who enrolled meanwhile
        with pytest.raises(ValidationError):
            session_save(actor=designer, session=stale)
        session.refresh_from_db()
        assert session.capacity == 10 and session.seats_taken == 2


@pytest.mark.django_db
def test_the_training_form_links_its_help_texts(client, designer):
    client.force_login(designer)
    page = client.get(reverse("catalog:training_create")).content.decode()
    assert 'aria-describedby="id_owner_entity_helptext"' in page
    assert missing_describedby_targets(page) == []
