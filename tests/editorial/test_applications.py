"""Calls for projects managed by the committee in the front office, and the applications'
state machine: every transition allowed or refused per role and per state, comments
(internal notes hidden from the applicant), e-mails, audit, and the pages' scope."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from mentor.audit.models import AuditEvent
from mentor.editorial.applications import (
    application_comment,
    application_submit,
    application_transition,
    call_save,
)
from mentor.editorial.models import Application, ApplicationStatus, CallForProjects
from mentor.editorial.services import EditorialRefusal
from tests.factories import UserFactory

A = ApplicationStatus


@pytest.fixture
def call(db):
    today = timezone.localdate()
    return CallForProjects.objects.create(
        title="Appel 2027",
        slug="appel-2027",
        summary="Co-financement",
        published=True,
        opens_on=today - timedelta(days=1),
        closes_on=today + timedelta(days=30),
    )


@pytest.fixture
def application(call, designer):
    mail.outbox.clear()
    return application_submit(
        actor=designer,
        call=call,
        application=Application(
            project_title="Projet hybride", description="d", audience="a", budget_eur=1000
        ),
    )


@pytest.mark.django_db
class TestCalls:
    def test_the_committee_creates_a_call_in_the_front_office(self, client, committee):
        client.force_login(committee)
        assert client.get(reverse("editorial:call_create")).status_code == HTTPStatus.OK
        today = timezone.localdate()
        response = client.post(
            reverse("editorial:call_create"),
            {
                "title": "Appel à projets 2028",
                "summary": "Résumé",
                "body": "<p>Qui peut candidater</p>",
                "opens_on": today.isoformat(),
                "closes_on": (today + timedelta(days=60)).isoformat(),
                "published": "on",
            },
        )
        call = CallForProjects.objects.get()
        assert response.status_code == HTTPStatus.FOUND
        assert call.slug == "appel-a-projets-2028" and call.body == "<p>Qui peut candidater</p>"
        assert AuditEvent.objects.filter(action="editorial.call_create").exists()
        response = client.post(
            reverse("editorial:call_edit", args=[call.slug]),
            {
                "title": "Appel à projets 2028 (prolongé)",
                "summary": "Résumé",
                "opens_on": today.isoformat(),
                "closes_on": (today - timedelta(days=1)).isoformat(),
            },
        )
        assert response.status_code == HTTPStatus.OK  # dates out of order: nothing changed
        call.refresh_from_db()
        assert call.title == "Appel à projets 2028"

    def test_only_the_national_committee_manages_calls(
        self, client, call, designer, justice_admin, agent
    ):
        for user in (designer, justice_admin, agent):
            client.force_login(user)
            assert client.get(reverse("editorial:call_create")).status_code == 403
            assert client.get(reverse("editorial:call_edit", args=[call.slug])).status_code == 403
            with pytest.raises(PermissionDenied):
                call_save(actor=user, call=CallForProjects(title="x"))


@pytest.mark.django_db
class TestApplicationStates:
    def test_submission_is_recorded_and_acknowledged(self, application, designer):
        assert application.status == A.SUBMITTED
        assert [e.action for e in application.events.all()] == ["submit"]
        assert [m.to for m in mail.outbox] == [[designer.email]]
        assert AuditEvent.objects.filter(action="editorial.application_submit").exists()

    def test_shortlisted_then_accepted_each_told_to_the_applicant(
        self, application, committee, designer
    ):
        application_transition(
            actor=committee, application=application, action="shortlist", comment="Bravo"
        )
        application_transition(actor=committee, application=application, action="accept")
        application.refresh_from_db()
        assert application.status == A.ACCEPTED
        assert [(e.from_status, e.to_status) for e in application.events.all()] == [
            ("", A.SUBMITTED),
            (A.SUBMITTED, A.SHORTLISTED),
            (A.SHORTLISTED, A.ACCEPTED),
        ]
        assert len(mail.outbox) == 3 and all(m.to == [designer.email] for m in mail.outbox)
        assert "Bravo" in mail.outbox[1].body and "retenue" in mail.outbox[2].subject.lower()
        assert AuditEvent.objects.filter(action="editorial.application_accept").exists()

    @pytest.mark.parametrize("start", [A.SUBMITTED, A.SHORTLISTED])
    def test_declined_from_either_state_with_a_reason(self, application, committee, start):
        if start == A.SHORTLISTED:
            application_transition(actor=committee, application=application, action="shortlist")
        with pytest.raises(EditorialRefusal):
            application_transition(actor=committee, application=application, action="decline")
        application_transition(
            actor=committee, application=application, action="decline", comment="Hors champ"
        )
        application.refresh_from_db()
        assert application.status == A.DECLINED

    @pytest.mark.parametrize(
        ("state", "action"),
        [
            (A.SUBMITTED, "accept"),
            (A.ACCEPTED, "decline"),
            (A.ACCEPTED, "shortlist"),
            (A.DECLINED, "accept"),
            (A.SHORTLISTED, "shortlist"),
        ],
    )
    def test_transitions_not_allowed_from_a_state(self, application, committee, state, action):
        Application.objects.filter(pk=application.pk).update(status=state)
        with pytest.raises(EditorialRefusal):
            application_transition(
                actor=committee, application=application, action=action, comment="x"
            )
        application.refresh_from_db()
        assert application.status == state

    @pytest.mark.parametrize("who", ["designer", "justice_admin", "agent"])
    def test_only_the_committee_decides(self, request, application, who):
        user = request.getfixturevalue(who)
        with pytest.raises(PermissionDenied):
            application_transition(actor=user, application=application, action="shortlist")

    def test_internal_notes_stay_with_the_committee(self, client, application, committee, designer):
        mail.outbox.clear()
        application_comment(
            actor=committee, application=application, text="Budget élevé", internal=True
        )
        application_comment(actor=committee, application=application, text="Précisez le public")
        application_comment(actor=designer, application=application, text="Les encadrants")
        assert [m.to for m in mail.outbox] == [[designer.email]]  # only the shared message
        client.force_login(designer)
        page = client.get(application.get_absolute_url()).content.decode()
        assert "Précisez le public" in page and "Les encadrants" in page
        assert "Budget élevé" not in page
        client.force_login(committee)
        assert "Budget élevé" in client.get(application.get_absolute_url()).content.decode()


@pytest.mark.django_db
class TestApplicationPages:
    def test_who_sees_an_application(self, client, application, committee, designer, justice):
        url = application.get_absolute_url()
        colleague = UserFactory(email="autre@justice.gouv.fr", entity=justice)
        client.force_login(colleague)
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        client.force_login(designer)
        page = client.get(url).content.decode()
        assert "Projet hybride" in page and 'data-testid="decision"' not in page
        client.force_login(committee)
        page = client.get(url).content.decode()
        assert 'data-testid="decision"' in page
        response = client.post(url, {"decision-action": "shortlist", "decision-comment": ""})
        assert response.status_code == HTTPStatus.FOUND
        application.refresh_from_db()
        assert application.status == A.SHORTLISTED

    def test_the_call_page_lists_applications_to_the_committee_only(
        self, client, call, application, committee, designer
    ):
        client.force_login(designer)
        page = client.get(call.get_absolute_url()).content.decode()
        assert 'data-testid="applications"' not in page and "Déposée" in page
        client.force_login(committee)
        page = client.get(call.get_absolute_url()).content.decode()
        assert 'data-testid="applications"' in page and "Projet hybride" in page


@pytest.mark.django_db
def test_the_admin_lists_applications_read_only(client, application, platform_admin):
    client.force_login(platform_admin)
    response = client.get(reverse("admin:editorial_application_changelist"))
    assert response.status_code == HTTPStatus.OK and "Projet hybride" in response.content.decode()
    change = client.get(reverse("admin:editorial_application_change", args=[application.pk]))
    assert change.status_code == HTTPStatus.OK and 'name="_save"' not in change.content.decode()
