"""The path page: who sees what, the demo path as its agents see it, a bounded query count."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.accounts.personal_data import personal_data_erase, personal_data_export
from mentor.catalog.models import PublicationState
from mentor.enrolments.models import Enrolment
from mentor.paths.models import ManualCredit, PathModule
from mentor.paths.selectors import ModuleState
from mentor.paths.services import manual_credit_set
from tests.factories import SessionFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def url(session) -> str:
    return reverse("paths:detail", kwargs={"slug": session.training.slug})


class TestWhoSeesThePath:
    def test_visitor_is_sent_to_sign_in(self, client, module, path_session):
        response = client.get(url(path_session))
        assert response.status_code == HTTPStatus.FOUND
        assert "/compte/" in response["Location"]

    def test_agent_not_enrolled_sees_the_modules_and_the_enrol_button(
        self, client, agent, module, path_session
    ):
        client.force_login(agent)
        response = client.get(url(path_session))
        assert response.status_code == HTTPStatus.OK
        assert "S’inscrire au parcours" in response.text
        assert 'data-testid="state"' not in response.text  # no states before enrolling

    def test_other_user_without_entity_gets_404(self, client, module, path_session):
        client.force_login(UserFactory(email="x@gmail.com", entity=None))
        assert client.get(url(path_session)).status_code == HTTPStatus.NOT_FOUND

    def test_internal_path_of_another_ministry_is_hidden(
        self, client, agent, module, path_session, agriculture
    ):
        path_session.training.owner_entity = agriculture
        path_session.training.save()
        client.force_login(agent)
        assert client.get(url(path_session)).status_code == HTTPStatus.NOT_FOUND

    def test_unpublished_path_hidden_unless_followed(self, client, agent, module, path_session):
        path_session.training.state = PublicationState.DRAFT
        path_session.training.save()
        client.force_login(agent)
        assert client.get(url(path_session)).status_code == HTTPStatus.NOT_FOUND
        EnrolmentFactory(user=agent, session=path_session)
        assert client.get(url(path_session)).status_code == HTTPStatus.OK

    def test_not_a_path_is_404(self, client, agent, laicite_2025):
        client.force_login(agent)
        assert client.get(url(laicite_2025)).status_code == HTTPStatus.NOT_FOUND


class TestFollowing:
    def test_enrol_then_see_credited_module_with_its_origin(
        self, client, agent, module, path_session, laicite_2023
    ):
        completed(agent, laicite_2023)
        client.force_login(agent)
        response = client.post(reverse("paths:enrol", kwargs={"slug": path_session.training.slug}))
        assert response.status_code == HTTPStatus.FOUND
        page = client.get(url(path_session)).text
        assert f'data-state="{ModuleState.CREDITED}"' in page
        assert "session 2023" in page
        assert not Enrolment.objects.filter(user=agent, session=module.linked_session).exists()

    def test_summary_says_module_in_the_singular_and_plural(
        self, client, agent, module, section, path_session, laicite_2023
    ):
        completed(agent, laicite_2023)
        EnrolmentFactory(user=agent, session=path_session)
        client.force_login(agent)
        assert "1 module terminé ou acquis sur 1." in client.get(url(path_session)).text
        PathModule.objects.create(section=section, linked_session=SessionFactory())
        assert "1 module terminé ou acquis sur 2." in client.get(url(path_session)).text
        completed(agent, PathModule.objects.last().linked_session)
        assert "2 modules terminés ou acquis sur 2." in client.get(url(path_session)).text

    def test_full_linked_session_locked_with_next_one_proposed(
        self, client, agent, module, path_session, laicite_2025, laicite
    ):
        laicite_2025.capacity = laicite_2025.seats_taken = 1
        laicite_2025.save()
        following = SessionFactory(training=laicite, title="Automne")
        client.force_login(agent)
        client.post(reverse("paths:enrol", kwargs={"slug": path_session.training.slug}))
        page = client.get(url(path_session)).text
        assert f'data-state="{ModuleState.LOCKED}"' in page
        assert "complète" in page
        assert "Automne" in page
        response = client.post(
            reverse("paths:module_enrol", args=[path_session.training.slug, module.pk]),
            {"session": following.pk},
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Enrolment.objects.filter(user=agent, session=following).exists()
        page = client.get(url(path_session)).text
        assert f'data-state="{ModuleState.TODO}"' in page

    def test_module_enrol_refuses_an_unrelated_session(self, client, agent, module, path_session):
        client.force_login(agent)
        client.post(reverse("paths:enrol", kwargs={"slug": path_session.training.slug}))
        other = SessionFactory()
        response = client.post(
            reverse("paths:module_enrol", args=[path_session.training.slug, module.pk]),
            {"session": other.pk},
            HTTP_REFERER=url(path_session),
        )
        assert response.status_code == HTTPStatus.FOUND
        assert not Enrolment.objects.filter(user=agent, session=other).exists()

    def test_query_budget_does_not_grow_with_modules(
        self, client, agent, module, section, path_session
    ):
        EnrolmentFactory(user=agent, session=path_session)
        client.force_login(agent)

        def queries() -> int:
            client.get(url(path_session))  # warm the caches (roles, session)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url(path_session))
            assert response.status_code == HTTPStatus.OK
            return len(captured.captured_queries)

        one = queries()
        assert one <= 30
        for _ in range(8):
            PathModule.objects.create(section=section, linked_session=SessionFactory())
        assert queries() == one


@pytest.mark.django_db
def test_demo_path_as_its_two_agents_see_it(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)  # the demo stores a SCORM package and a deliverable
    call_command("load_demo", stdout=None)
    client.force_login(UserFactory._meta.model.objects.get(email="agent@justice.gouv.fr"))
    page = client.get("/parcours/parcours-laicite-valeurs-republique-2025/").text
    assert "Acquis le 12/03/2023, session Laïcité, session 2023" in page
    assert 'data-testid="placement-invite"' in page  # not taken yet
    client.force_login(UserFactory._meta.model.objects.get(email="agente@interieur.gouv.fr"))
    page = client.get("/parcours/parcours-laicite-valeurs-republique-2025/").text
    assert "Acquis le" not in page
    assert "Commencer le module" in page
    assert "Laïcité et valeurs de la République 2025" in client.get(reverse("paths:index")).text
    # Her work situation waits in the path tutor's queue.
    client.force_login(UserFactory._meta.model.objects.get(email="tuteur@finances.gouv.fr"))
    queue = client.get(reverse("paths:review_queue")).text
    assert "Mise en situation de travail" in queue


class TestSheetAndPersonalData:
    def test_path_sheet_links_to_the_path_page_and_others_do_not(
        self, client, agent, module, path_session, laicite
    ):
        client.force_login(agent)
        sheet = client.get(path_session.training.get_absolute_url()).text
        assert 'data-testid="sheet-callout-path"' in sheet
        assert url(path_session) in sheet
        assert "sheet-callout" not in client.get(laicite.get_absolute_url()).text

    def test_catalog_filter_and_badge(self, client, module, path_session, laicite):
        listing = client.get(reverse("catalog:list"), {"parcours": "1"}).text
        assert path_session.training.title in listing
        assert laicite.title not in listing
        assert "Parcours pédagogiques (1)" in listing

    def test_manual_credit_in_export_and_reason_blanked_on_erase(
        self, agent, module, path_session, platform_admin
    ):
        EnrolmentFactory(user=agent, session=path_session)
        manual_credit_set(
            actor=platform_admin, user=agent, module_id=module.pk, granted=True, reason="Jury"
        )
        section = personal_data_export(user=agent)["parcours"]
        assert section[0]["motif"] == "Jury" and section[0]["acquis_accorde"] is True
        personal_data_erase(user=agent)
        assert ManualCredit.objects.get(user=agent).reason == ""


def test_a_credited_module_may_be_redone_from_the_path_page(
    client, agent, module, path_session, laicite_2023
):
    completed(agent, laicite_2023)
    EnrolmentFactory(user=agent, session=path_session)
    client.force_login(agent)
    assert "Refaire ce module" in client.get(url(path_session)).text  # enrol to redo it

    again = EnrolmentFactory(user=agent, session=module.linked_session)
    page = client.get(url(path_session)).text
    # Still credited (the earlier work counts), and the button now opens the player.
    assert 'data-state="credited"' in page
    assert reverse("learning:course", args=[again.pk]) in page
    assert "Refaire le module" in page and "Refaire ce module" not in page


def test_the_path_page_says_when_its_completion_was_withdrawn(
    client, agent, module, path_session, laicite_2023, platform_admin
):
    completed(agent, laicite_2023)
    EnrolmentFactory(user=agent, session=path_session)
    client.force_login(agent)
    client.get(url(path_session))  # completes it (everything credited)
    manual_credit_set(
        actor=platform_admin, user=agent, module_id=module.pk, granted=False, reason="Non."
    )
    page = client.get(url(path_session)).text
    assert 'data-testid="path-withdrawn"' in page
    assert "un acquis dont il dépendait a été retiré" in page
    assert "Non." not in page  # the reason stays in the journal
