"""Who sees what on /pilotage/: each kind of user, and no figure leaking out of a scope."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from mentor.core.permissions import can
from mentor.reporting.permissions import ScopeKind, reporting_scope

URL = reverse("reporting:dashboard")

pytestmark = pytest.mark.django_db


def figures(response) -> tuple:
    dash = response.context["dash"]
    accounts = dash.accounts
    return (
        accounts and (accounts.created, accounts.agents, accounts.other_users, accounts.enrolled),
        (dash.learning.enrolments, dash.learning.completions, dash.learning.hours),
        dash.satisfaction.respondents,
    )


class TestNationalFigures:
    @pytest.mark.parametrize("who", ["platform_admin", "committee_member"])
    def test_platform_admins_and_the_committee_see_everything(self, client, request, who, world):
        user = request.getfixturevalue(who)
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        assert reporting_scope(user).kind == ScopeKind.NATIONAL
        # 7 accounts of the period (6 agents, 1 other user), 5 of them enrolled; 4 active
        # enrolments, 2 completed; 1 h + 0.5 h + 2 h; 2 answers.
        assert figures(response) == ((7, 6, 1, 5), (4, 2, 3.5), 2)
        assert "Chiffres nationaux" in response.content.decode()


class TestSpaceAdmin:
    def test_sees_their_subtree_and_the_learners_of_their_trainings(
        self, client, justice_admin, world
    ):
        client.force_login(justice_admin)
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        # Accounts: j1, j2 (DAP), j3, j4 only. Enrolments: their own people's (j1, j2) and
        # a1's in the Justice training; a2 (Agriculture, Agriculture's training) is out.
        assert figures(response) == ((4, 4, 0, 3), (3, 2, 3.5), 2)

    def test_learners_from_elsewhere_are_counted_never_named(self, client, justice_admin, world):
        client.force_login(justice_admin)
        response = client.get(URL)
        body = response.content.decode()
        entity_rows = {
            row.label: row.enrolments for row in response.context["dash"].tables["entity"]
        }
        assert entity_rows == {
            "Ministère de la Justice": 1,
            "Direction de l'administration pénitentiaire": 1,
            "Agents d’autres entités (formations de votre périmètre)": 1,
        }
        assert "Agricola" not in body and "a1@agriculture" not in body
        assert "Ministère de l'Agriculture" not in body  # not even in the entity filter

    def test_cannot_filter_on_another_ministry(self, client, justice_admin, world):
        client.force_login(justice_admin)
        response = client.get(URL, {"entity": "agriculture"})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "dash" not in response.context
        assert "Aucune entité de votre périmètre ne correspond" in response.content.decode()
        # Nor is it suggested as one types its name.
        suggest = reverse("reporting:entity_suggestions")
        body = client.get(suggest, {"entity": "agriculture"}).content.decode()
        assert "<option" not in body and "Aucune entité de votre périmètre" in body
        assert "<option" in client.get(suggest, {"entity": "penitentiaire"}).content.decode()

    def test_a_national_filter_on_justice_gives_the_referents_figures(
        self, client, justice_admin, platform_admin, world
    ):
        client.force_login(platform_admin)
        national = client.get(URL, {"entity": "justice"}).context["dash"]
        assert national.accounts.created == 4
        assert national.learning.enrolments == 2  # Justice's own agents only: j1, j2


class TestDesigner:
    def test_sees_the_trainings_they_edit_and_no_account_figure(
        self, client, agriculture_designer, world
    ):
        client.force_login(agriculture_designer)
        response = client.get(URL)
        assert response.status_code == HTTPStatus.OK
        # t_agri only: j2 and a2 (the 400-day-old enrolment is out of the period).
        assert figures(response) == (None, (2, 0, 0.5), 0)
        form = response.context["form"]
        assert "entity" not in form.fields
        # The training filter suggests and accepts only the trainings they edit.
        suggest = reverse("reporting:training_suggestions")
        assert world.t_agri.title in client.get(suggest, {"training": "classe"}).content.decode()
        assert "Justice et" not in client.get(suggest, {"training": "justice"}).content.decode()
        refused = client.get(URL, {"training": world.t_justice.title})
        assert refused.status_code == HTTPStatus.BAD_REQUEST
        assert "Aucune formation de votre périmètre" in refused.content.decode()

    def test_may_not_export_the_entity_table(self, client, agriculture_designer, world):
        client.force_login(agriculture_designer)
        response = client.get(reverse("reporting:export", args=["entites", "csv"]))
        assert response.status_code == HTTPStatus.FORBIDDEN


class TestNobodyElse:
    def test_a_tutor_is_sent_to_their_sessions(self, client, justice_tutor):
        client.force_login(justice_tutor)
        response = client.get(URL)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("learning:tutor_sessions")
        assert not can(justice_tutor, "reporting.view")

    @pytest.mark.parametrize("who", ["j1", "o1"])
    def test_agents_and_other_users_get_a_french_403(self, client, world, who):
        user = world.people[who]
        client.force_login(user)
        for url in (URL, reverse("reporting:export", args=["formations", "csv"])):
            response = client.get(url)
            assert response.status_code == HTTPStatus.FORBIDDEN
            assert "Accès refusé" in response.content.decode()
        assert not can(user, "reporting.view")

    def test_visitors_are_sent_to_sign_in(self, client):
        response = client.get(URL)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))


class TestNavigation:
    def test_the_header_links_pilotage_for_those_who_may_see_it(self, client, justice_admin, world):
        client.force_login(justice_admin)
        assert f'href="{URL}"' in client.get(reverse("catalog:home")).content.decode()
        client.force_login(world.people["j1"])
        assert f'href="{URL}"' not in client.get(reverse("catalog:home")).content.decode()


class TestEntityAndTrainingPages:
    def test_a_space_admin_opens_a_sub_entity_of_theirs(self, client, justice_admin, world):
        client.force_login(justice_admin)
        response = client.get(reverse("reporting:entity", args=["dap"]))
        assert response.status_code == HTTPStatus.OK
        assert response.context["subject"].slug == "dap"
        assert figures(response)[:2] == ((1, 1, 0, 1), (1, 0, 0.5))  # j2 only
        assert "Pilotage — Direction de l'administration pénitentiaire" in (
            response.content.decode().replace("&#x27;", "'")
        )

    def test_the_entity_table_links_to_those_pages(self, client, justice_admin, world):
        client.force_login(justice_admin)
        body = client.get(URL).content.decode()
        assert f'href="{reverse("reporting:entity", args=["dap"])}"' in body
        assert f'href="{reverse("reporting:training", args=[world.t_justice.slug])}"' in body

    def test_another_ministry_is_not_revealed(self, client, justice_admin, world):
        client.force_login(justice_admin)
        response = client.get(reverse("reporting:entity", args=["agriculture"]))
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_a_designer_opens_their_training_only(self, client, agriculture_designer, world):
        client.force_login(agriculture_designer)
        mine = client.get(reverse("reporting:training", args=[world.t_agri.slug]))
        assert mine.status_code == HTTPStatus.OK
        assert mine.context["dash"].learning.enrolments == 2
        other = client.get(reverse("reporting:training", args=[world.t_justice.slug]))
        assert other.status_code == HTTPStatus.NOT_FOUND
        assert client.get(reverse("reporting:entity", args=["agriculture"])).status_code == (
            HTTPStatus.NOT_FOUND
        )

    def test_agents_get_403_there_too(self, client, world):
        client.force_login(world.people["j1"])
        response = client.get(reverse("reporting:training", args=[world.t_justice.slug]))
        assert response.status_code == HTTPStatus.FORBIDDEN
