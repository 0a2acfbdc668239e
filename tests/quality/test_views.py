"""Quality pages: who sees what, filling the grid, the radar with its data table."""

from http import HTTPStatus

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.accounts.personal_data import personal_data_erase, personal_data_export
from mentor.catalog.models import PublicationState
from mentor.catalog.publication import publication_transition
from mentor.quality.models import Assessment, Rating
from mentor.quality.selectors import grid_criteria, review_summary
from mentor.quality.services import assessment_create
from tests.factories import TrainingFactory, UserFactory, role_holder

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(justice, platform_admin, justice_admin, agri_designer, agri_admin):
    committee = role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )
    justice_designer = role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="concepteur@justice.gouv.fr"
    )
    return {
        "agent": UserFactory(email="agent@justice.gouv.fr", entity=justice),
        "other_designer": justice_designer,
        "other_space_admin": justice_admin,
        "designer": agri_designer,
        "space_admin": agri_admin,
        "committee": committee,
        "platform_admin": platform_admin,
    }


@pytest.fixture
def assessed(grid, training, agri_designer):
    for phase in ("framing", "design"):
        assessment_create(
            actor=agri_designer,
            training=training,
            phase=phase,
            ratings={c.pk: Rating.PARTLY for c in grid_criteria(grid=grid, phase=phase)},
        )
    return training


@pytest.mark.parametrize(
    ("who", "view", "assess"),
    [
        ("agent", HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND),
        ("other_designer", HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND),
        ("other_space_admin", HTTPStatus.NOT_FOUND, HTTPStatus.NOT_FOUND),
        ("designer", HTTPStatus.OK, HTTPStatus.OK),
        ("space_admin", HTTPStatus.OK, HTTPStatus.OK),
        ("committee", HTTPStatus.OK, HTTPStatus.NOT_FOUND),
        ("platform_admin", HTTPStatus.OK, HTTPStatus.OK),
    ],
)
def test_scope_of_each_page_by_role(people, assessed, who, view, assess):
    client = _client(people[who])
    assessment = Assessment.objects.filter(training=assessed).first()

    assert client.get(reverse("quality:overview", args=[assessed.slug])).status_code == view
    assert (
        client.get(reverse("quality:assessment", args=[assessed.slug, assessment.pk])).status_code
        == view
    )
    assert client.get(reverse("quality:assess", args=[assessed.slug])).status_code == assess


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("agent", HTTPStatus.FORBIDDEN),
        ("designer", HTTPStatus.OK),
        ("committee", HTTPStatus.OK),
    ],
)
def test_the_index_by_role(people, assessed, who, status):
    response = _client(people[who]).get(reverse("quality:index"))
    assert response.status_code == status
    if status == HTTPStatus.OK:
        assert assessed.title in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client, assessed):
    response = client.get(reverse("quality:overview", args=[assessed.slug]))
    assert response.status_code == HTTPStatus.FOUND
    assert "/compte/login/" in response["Location"]


def test_the_index_reads_in_a_fixed_number_of_queries(
    people, assessed, agriculture, django_assert_max_num_queries
):
    for n in range(5):
        TrainingFactory(producer=agriculture, title=f"Autre formation {n}")
    client = _client(people["designer"])
    client.get(reverse("quality:index"))
    with django_assert_max_num_queries(6):
        response = client.get(reverse("quality:index"))
    assert response.content.decode().count("Autre formation") == 5


def test_overview_shows_the_radar_data_and_its_table(people, assessed):
    page = _client(people["designer"]).get(reverse("quality:overview", args=[assessed.slug]))
    html = page.content.decode()

    assert 'id="quality-radar"' in html  # the chart's data, for static/mentor/quality.js
    assert "<script>" not in html  # no inline script (Content-Security-Policy)
    assert "Pédagogique · Cadrage" in html
    assert "50 %" in html
    assert html.count('data-testid="radar-table"') == 1
    assert "Cadrage" in html and "Conception / scénarisation" in html


def test_filling_the_grid(people, grid, training):
    client = _client(people["designer"])
    url = reverse("quality:assess", args=[training.slug]) + "?phase=framing"
    page = client.get(url).content.decode()
    criteria = grid_criteria(grid=grid, phase="framing")
    assert "En savoir plus" in page
    assert criteria[0].guidance[:40] in page

    data = {f"c-{c.pk}": Rating.FULLY for c in criteria}
    data.pop(f"c-{criteria[0].pk}")
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Choisissez une réponse pour ce critère." in response.content.decode()
    assert not Assessment.objects.exists()

    data[f"c-{criteria[0].pk}"] = Rating.NOT
    response = client.post(url, data)
    assert response["Location"] == reverse("quality:overview", args=[training.slug])
    assessment = Assessment.objects.get()
    assert assessment.phase == "framing" and assessment.grid == grid
    assert assessment.answers.count() == len(criteria)


def test_the_course_page_links_to_the_self_assessment(people, assessed):
    page = _client(people["designer"]).get(reverse("learning:authoring", args=[assessed.slug]))
    html = page.content.decode()
    assert reverse("quality:overview", args=[assessed.slug]) in html
    assert "Dernière : Conception / scénarisation" in html


def test_the_committee_summary_template(assessed):
    html = render_to_string("quality/_summary.html", {"summary": review_summary(training=assessed)})
    assert "Pédagogique : 50 %" in html
    assert "(2 au total)" in html


def test_personal_data_lists_then_unnames_the_designers_assessments(assessed, agri_designer):
    export = personal_data_export(user=agri_designer)
    assert [row["phase"] for row in export["quality"]] == ["Cadrage", "Conception / scénarisation"]
    personal_data_erase(user=agri_designer)
    assert not Assessment.objects.filter(made_by=agri_designer).exists()
    assert Assessment.objects.filter(training=assessed).count() == 2


def test_the_committee_sees_the_self_assessment_on_the_review_page(people, assessed):
    """The quality panel plugs into the committee's review page (catalog.review_panels)."""
    assessed.state, assessed.published_at = PublicationState.DRAFT, None
    assessed.save(update_fields=["state", "published_at"])
    publication_transition(actor=people["designer"], training=assessed, action="submit")
    review = assessed.reviews.get()
    page = _client(people["committee"]).get(review.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    text = page.content.decode()
    assert 'data-testid="quality-summary"' in text
    assert reverse("quality:overview", args=[assessed.slug]) in text
