"""Self-enrolment rules, idempotence, unenrolment, the last-seat race, and forged POSTs."""

import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.catalog.models import Session, SessionState, SessionStatus
from mentor.enrolments.models import Enrolment, EnrolmentEvent
from mentor.enrolments.services import EnrolmentError, enrolment_cancel, enrolment_create
from mentor.learning.models import Completion
from tests.factories import SessionFactory, TrainingFactory, UserFactory


@pytest.fixture
def agent(justice):
    return UserFactory(email="claire@justice.gouv.fr", entity=justice)


@pytest.fixture
def session(justice):
    return SessionFactory(training=TrainingFactory(producer=justice), capacity=2)


def _seats(session) -> int:
    return Session.objects.get(pk=session.pk).seats_taken


@pytest.mark.django_db
class TestEnrolmentCreate:
    def test_an_agent_enrols_in_an_open_session(self, agent, session, mailoutbox):
        result = enrolment_create(user=agent, session_id=session.pk)
        assert result.created and result.enrolment.status == Enrolment.Status.ACTIVE
        assert _seats(session) == 1
        assert EnrolmentEvent.objects.filter(kind="enrolled").count() == 1
        assert "Inscription confirmée" in mailoutbox[0].subject
        assert mailoutbox[0].to == [agent.email]
        assert session.training.title in mailoutbox[0].body
        assert "/mes-formations/" in mailoutbox[0].body

    def test_enrolling_twice_is_a_no_op(self, agent, session):
        enrolment_create(user=agent, session_id=session.pk)
        again = enrolment_create(user=agent, session_id=session.pk)
        assert not again.created
        assert Enrolment.objects.count() == 1 and _seats(session) == 1

    def test_a_full_session_refuses(self, agent, session, justice):
        for _ in range(2):
            enrolment_create(user=UserFactory(entity=justice), session_id=session.pk)
        with pytest.raises(EnrolmentError, match="complète"):
            enrolment_create(user=agent, session_id=session.pk)
        assert _seats(session) == 2

    def test_the_seat_is_taken_last_so_the_session_row_is_locked_briefly(self, agent, session):
        with CaptureQueriesContext(connection) as captured:
            enrolment_create(user=agent, session_id=session.pk)
        statements = [q["sql"] for q in captured.captured_queries]
        seat = next(i for i, sql in enumerate(statements) if 'UPDATE "catalog_session"' in sql)
        assert all(sql.startswith(("RELEASE", "COMMIT")) for sql in statements[seat + 1 :])

    def test_a_session_filled_meanwhile_refuses_and_keeps_nothing(
        self, agent, session, justice, monkeypatch, mailoutbox
    ):
        for _ in range(2):
            enrolment_create(user=UserFactory(entity=justice), session_id=session.pk)
        mailoutbox.clear()
        # As if the session had been read open just before the last seat went.
        monkeypatch.setattr(Session, "status", SessionStatus.OPEN)
        with pytest.raises(EnrolmentError):
            enrolment_create(user=agent, session_id=session.pk)
        assert not Enrolment.objects.filter(user=agent).exists()
        assert EnrolmentEvent.objects.count() == 2
        assert _seats(session) == 2
        assert mailoutbox == []

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"state": SessionState.CLOSED}, "fermées"),
            ({"enrol_closes_at": timezone.now() - timedelta(hours=1)}, "fermées"),
            ({"enrol_opens_at": timezone.now() + timedelta(days=2)}, "pas encore ouvertes"),
            (
                {
                    "starts_on": timezone.localdate() - timedelta(days=30),
                    "ends_on": timezone.localdate() - timedelta(days=1),
                },
                "terminée",
            ),
        ],
    )
    def test_closed_windows_refuse_and_change_nothing(self, agent, session, changes, message):
        Session.objects.filter(pk=session.pk).update(**changes)
        with pytest.raises(EnrolmentError, match=message):
            enrolment_create(user=agent, session_id=session.pk)
        assert not Enrolment.objects.exists() and _seats(session) == 0

    def test_an_invisible_session_is_refused(self, agent, agriculture):
        internal = SessionFactory(
            training=TrainingFactory(producer=agriculture, owner_entity=agriculture)
        )
        with pytest.raises(EnrolmentError):
            enrolment_create(user=agent, session_id=internal.pk)

    def test_an_other_user_cannot_enrol(self, session):
        with pytest.raises(EnrolmentError):
            enrolment_create(user=UserFactory(email="x@gmail.com"), session_id=session.pk)

    def test_unenrol_then_enrol_again(self, agent, session):
        enrolment_create(user=agent, session_id=session.pk)
        assert enrolment_cancel(user=agent, session_id=session.pk)
        assert not enrolment_cancel(user=agent, session_id=session.pk)  # idempotent
        assert _seats(session) == 0
        enrolment_create(user=agent, session_id=session.pk)
        enrolment = Enrolment.objects.get()
        assert enrolment.status == Enrolment.Status.ACTIVE and _seats(session) == 1
        assert list(enrolment.events.values_list("kind", flat=True)) == [
            "enrolled",
            "cancelled",
            "enrolled",
        ]


@pytest.mark.django_db
class TestEnrolmentCancel:
    def test_a_finished_session_cannot_be_left(self, agent, session):
        enrolment_create(user=agent, session_id=session.pk)
        today = timezone.localdate()
        Session.objects.filter(pk=session.pk).update(
            starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
        )
        with pytest.raises(EnrolmentError, match="terminée"):
            enrolment_cancel(user=agent, session_id=session.pk)
        assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE and _seats(session) == 1

    def test_a_completed_training_cannot_be_left(self, agent, session):
        enrolment = enrolment_create(user=agent, session_id=session.pk).enrolment
        Completion.objects.create(enrolment=enrolment, completed_at=timezone.now())
        with pytest.raises(EnrolmentError, match="terminé cette formation"):
            enrolment_cancel(user=agent, session_id=session.pk)
        assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE and _seats(session) == 1
        assert EnrolmentEvent.objects.filter(kind="cancelled").count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_agents_racing_for_the_last_seat_cannot_both_get_it(justice):
    """Real concurrent connections (one per thread) on SQLite and PostgreSQL."""
    session = SessionFactory(training=TrainingFactory(producer=justice), capacity=1)
    agents = [UserFactory(entity=justice) for _ in range(6)]
    barrier = threading.Barrier(len(agents))
    outcomes: list[str] = []

    def attempt(user):
        try:
            barrier.wait()
            enrolment_create(user=user, session_id=session.pk)
            outcomes.append("ok")
        except EnrolmentError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            outcomes.append(repr(exc))
        finally:
            close_old_connections()

            connection.close()

    threads = [threading.Thread(target=attempt, args=(a,)) for a in agents]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 5
    assert Enrolment.objects.filter(session=session).count() == 1
    assert Session.objects.get(pk=session.pk).seats_taken == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_agent_double_clicking_gets_one_enrolment(justice):
    session = SessionFactory(training=TrainingFactory(producer=justice), capacity=10)
    agent = UserFactory(entity=justice)
    barrier = threading.Barrier(5)

    def attempt():
        try:
            barrier.wait()
            enrolment_create(user=agent, session_id=session.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Enrolment.objects.filter(session=session).count() == 1
    assert Session.objects.get(pk=session.pk).seats_taken == 1


@pytest.mark.django_db
class TestViews:
    def test_my_trainings_says_inscription_le_for_everyone(self, client, agent, session):
        client.force_login(agent)
        client.post(reverse("enrolments:enrol", args=[session.pk]))
        page = client.get(reverse("enrolments:mine")).content.decode()
        assert "Inscription le " in page and "Inscrit le" not in page

    def test_enrol_and_find_it_in_my_trainings(self, client, agent, session):
        client.force_login(agent)
        response = client.post(reverse("enrolments:enrol", args=[session.pk]))
        assert response.status_code == HTTPStatus.FOUND
        page = client.get(reverse("enrolments:mine")).content.decode()
        assert session.training.title in page and "À venir (1)" in page

    @pytest.mark.parametrize("state", [SessionState.CLOSED])
    def test_a_forged_post_for_a_closed_session_changes_nothing(
        self, client, agent, session, state
    ):
        Session.objects.filter(pk=session.pk).update(state=state)
        client.force_login(agent)
        response = client.post(reverse("enrolments:enrol", args=[session.pk]))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "fermées" in response.content.decode()
        assert not Enrolment.objects.exists()

    def test_a_forged_post_for_an_unknown_session_changes_nothing(self, client, agent):
        client.force_login(agent)
        response = client.post(reverse("enrolments:enrol", args=[987654]))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "existe pas ou ne vous est pas ouverte" in response.content.decode()

    def test_a_forged_post_for_an_invisible_session_changes_nothing(
        self, client, agent, agriculture
    ):
        internal = SessionFactory(
            training=TrainingFactory(producer=agriculture, owner_entity=agriculture), capacity=5
        )
        client.force_login(agent)
        response = client.post(reverse("enrolments:enrol", args=[internal.pk]))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "existe pas ou ne vous est pas ouverte" in response.content.decode()
        assert not Enrolment.objects.exists() and _seats(internal) == 0

    @pytest.mark.parametrize(
        "changes",
        [
            {"enrol_closes_at": timezone.now() - timedelta(hours=1)},
            {"capacity": 0},
            {
                "starts_on": timezone.localdate() - timedelta(days=30),
                "ends_on": timezone.localdate() - timedelta(days=1),
            },
        ],
    )
    def test_a_forged_post_for_a_session_that_cannot_take_them_changes_nothing(
        self, client, agent, session, changes
    ):
        Session.objects.filter(pk=session.pk).update(**changes)
        client.force_login(agent)
        sheet = session.training.get_absolute_url()
        response = client.post(
            reverse("enrolments:enrol", args=[session.pk]), HTTP_REFERER=sheet, follow=True
        )
        assert response.redirect_chain == [(sheet, HTTPStatus.FOUND)]
        assert response.context["messages"] and not Enrolment.objects.exists()
        assert EnrolmentEvent.objects.count() == 0

    def test_a_forged_unenrol_post_for_a_finished_session_changes_nothing(
        self, client, agent, session
    ):
        enrolment_create(user=agent, session_id=session.pk)
        today = timezone.localdate()
        Session.objects.filter(pk=session.pk).update(
            starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=1)
        )
        client.force_login(agent)
        response = client.post(reverse("enrolments:unenrol", args=[session.pk]))
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "vous ne pouvez plus vous en désinscrire" in response.content.decode()
        assert Enrolment.objects.get().status == Enrolment.Status.ACTIVE

    def test_the_enrolled_agent_sees_the_meeting_link_on_the_sheet(self, client, agent, session):
        session.meeting_url = "https://webconf.numerique.gouv.fr/salle-42"
        session.save()
        client.force_login(agent)
        url = session.training.get_absolute_url()
        assert "salle-42" not in client.get(url).content.decode()
        enrolment_create(user=agent, session_id=session.pk)
        assert "salle-42" in client.get(url).content.decode()

    def test_get_is_not_allowed_and_anonymous_is_sent_to_sign_in(self, client, agent, session):
        assert (
            client.post(reverse("enrolments:enrol", args=[session.pk])).status_code
            == HTTPStatus.FOUND
        )
        assert not Enrolment.objects.exists()
        client.force_login(agent)
        response = client.get(reverse("enrolments:enrol", args=[session.pk]))
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_an_open_redirect_is_refused(self, client, agent, session):
        client.force_login(agent)
        client.post(reverse("enrolments:enrol", args=[session.pk]))
        response = client.post(
            reverse("enrolments:unenrol", args=[session.pk]), {"next": "https://evil.example/"}
        )
        assert response["Location"] == reverse("enrolments:mine")

    def test_my_trainings_sorts_current_upcoming_finished(self, client, agent, justice):
        today = timezone.localdate()
        current = SessionFactory(
            training=TrainingFactory(producer=justice, title="En cours"),
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=3),
        )
        past = SessionFactory(
            training=TrainingFactory(producer=justice, title="Passée"),
            starts_on=today - timedelta(days=60),
            ends_on=today - timedelta(days=30),
        )
        upcoming = SessionFactory(training=TrainingFactory(producer=justice, title="À venir"))
        enrolment_create(user=agent, session_id=current.pk)
        enrolment_create(user=agent, session_id=upcoming.pk)
        Enrolment.objects.create(user=agent, session=past, enrolled_at=timezone.now())
        cancelled = SessionFactory(training=TrainingFactory(producer=justice, title="Quittée"))
        enrolment_create(user=agent, session_id=cancelled.pk)
        enrolment_cancel(user=agent, session_id=cancelled.pk)
        client.force_login(agent)
        mine = client.get(reverse("enrolments:mine")).context["mine"]
        assert [e.session.training.title for e in mine.current] == ["En cours"]
        assert [e.session.training.title for e in mine.upcoming] == ["À venir"]
        assert [e.session.training.title for e in mine.finished] == ["Passée"]

    def test_a_completed_training_is_listed_as_finished(self, client, agent, justice):
        today = timezone.localdate()
        session = SessionFactory(
            training=TrainingFactory(producer=justice, title="Déjà faite"),
            starts_on=today - timedelta(days=3),
            ends_on=today + timedelta(days=30),
        )
        enrolment = enrolment_create(user=agent, session_id=session.pk).enrolment
        Completion.objects.create(enrolment=enrolment, completed_at=timezone.now())
        client.force_login(agent)
        mine = client.get(reverse("enrolments:mine")).context["mine"]
        assert mine.current == [] and [e.pk for e in mine.finished] == [enrolment.pk]
