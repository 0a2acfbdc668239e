"""Scope of every editorial page (who sees what; 403/404 for the others), the review queue's
query count, space pages, resources, calls for projects, the editor's images and the
sanitised rich text, and the catalog's "offre de mon ministère" filter."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mentor.catalog.models import PublicationState
from mentor.catalog.publication import publication_transition
from mentor.core.html import images_without_alt, sanitise_html
from mentor.editorial.models import Application, CallForProjects, EditorImage, Label, Resource
from mentor.editorial.services import label_award
from tests.factories import CollectionFactory, TrainingFactory, UserFactory


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


@pytest.mark.django_db
class TestCommitteeScope:
    def test_only_the_committee_opens_the_queue(
        self, client, agent, designer, justice_admin, committee
    ):
        url = reverse("editorial:queue")
        assert client.get(url).status_code == HTTPStatus.FOUND  # visitor: sign in
        for user in (agent, designer, justice_admin):
            client.force_login(user)
            assert client.get(url).status_code == HTTPStatus.FORBIDDEN
            assert client.get(reverse("editorial:offer")).status_code == HTTPStatus.FORBIDDEN
        client.force_login(committee)
        assert client.get(url).status_code == HTTPStatus.OK

    def test_the_review_page_shows_criteria_similar_trainings_and_decides(
        self, client, justice, designer, committee
    ):
        collection = CollectionFactory(
            name="Management", lead_entity=justice, orientations="Manager autrement"
        )
        TrainingFactory(title="Manager à distance", producer=justice, collections=[collection])
        training = TrainingFactory(
            producer=justice,
            state=PublicationState.DRAFT,
            published_at=None,
            collections=[collection],
        )
        publication_transition(actor=designer, training=training, action="submit")
        review = training.reviews.get()
        client.force_login(agent_user := UserFactory(entity=justice))
        assert client.get(review.get_absolute_url()).status_code == HTTPStatus.FORBIDDEN
        client.force_login(committee)
        page = client.get(review.get_absolute_url()).content.decode()
        for text in (
            "Adéquation avec les politiques publiques",
            "Qualité pédagogique",
            "Articulation avec l’offre existante",
            "Ergonomie et exigences techniques",
            "Manager à distance",  # similar training
            "Manager autrement",  # strategic orientation
        ):
            assert text in page
        response = client.post(
            review.get_absolute_url(),
            {
                "decision": "request_changes",
                "pedagogy_opinion": "partly",
                "pedagogy_comment": "Plus d’activités.",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        review.refresh_from_db()
        assert review.status == "changes_requested"
        client.force_login(designer)
        page = client.get(reverse("catalog:training_edit", args=[training.slug])).content.decode()
        assert "Plus d’activités." in page and "Modifications demandées" in page
        assert agent_user.pk

    def test_queue_query_count_does_not_grow(
        self, client, justice, designer, committee, django_assert_max_num_queries
    ):
        collection = CollectionFactory(lead_entity=justice)
        for _ in range(6):
            t = TrainingFactory(
                producer=justice,
                state=PublicationState.DRAFT,
                published_at=None,
                collections=[collection],
            )
            publication_transition(actor=designer, training=t, action="submit")
        client.force_login(committee)
        client.get(reverse("editorial:queue"))
        with django_assert_max_num_queries(12):
            response = client.get(reverse("editorial:queue"))
        assert response.content.decode().count("/comite/relectures/") >= 6

    def test_my_collections_filter(self, client, justice, agriculture, designer, committee):
        mine = CollectionFactory(lead_entity=agriculture)
        other = CollectionFactory(lead_entity=justice)
        a = TrainingFactory(
            title="Dans ma collection",
            producer=justice,
            state="draft",
            published_at=None,
            collections=[mine],
        )
        b = TrainingFactory(
            title="Ailleurs",
            producer=justice,
            state="draft",
            published_at=None,
            collections=[other],
        )
        for t in (a, b):
            publication_transition(actor=designer, training=t, action="submit")
        committee.entity = agriculture
        committee.save()
        client.force_login(committee)
        page = client.get(reverse("editorial:queue") + "?mes-collections=1").content.decode()
        assert "Dans ma collection" in page and "Ailleurs" not in page


@pytest.mark.django_db
class TestSpacePage:
    def test_visitors_see_the_public_part_agents_their_internal_offer(
        self, client, justice, agriculture
    ):
        internal = TrainingFactory(
            title="Offre interne Justice", producer=justice, owner_entity=justice
        )
        TrainingFactory(title="Produite par la Justice", producer=justice)
        url = reverse("editorial:space", args=[justice.slug])
        page = client.get(url).content.decode()
        assert "Produite par la Justice" in page and internal.title not in page
        assert "réservée à ses agents" in page
        client.force_login(UserFactory(entity=agriculture))
        assert internal.title not in client.get(url).content.decode()
        client.force_login(UserFactory(entity=justice))
        assert internal.title in client.get(url).content.decode()
        assert client.get(reverse("editorial:space", args=["inconnu"])).status_code == 404

    def test_the_space_admin_edits_the_page_and_news(
        self, client, justice, justice_admin, designer
    ):
        url = reverse("editorial:space_edit", args=[justice.slug])
        client.force_login(designer)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        client.force_login(justice_admin)
        assert client.get(url).status_code == HTTPStatus.OK
        featured = TrainingFactory(producer=justice, owner_entity=justice)
        response = client.post(
            url,
            {
                "intro": "<h2>Bienvenue</h2><p>Texte<script>alert(1)</script></p>",
                "featured": [featured.pk],
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        client.post(
            reverse("editorial:space_news_add", args=[justice.slug]),
            {"news-title": "Nouvelle session", "news-body": "<p>Inscrivez-vous.</p>"},
        )
        page = client.get(reverse("editorial:space", args=[justice.slug])).content.decode()
        assert "<h2>Bienvenue</h2>" in page and "alert(1)" not in page
        assert "Nouvelle session" in page

    def test_another_ministrys_admin_cannot_edit(self, client, agriculture, justice_admin):
        client.force_login(justice_admin)
        url = reverse("editorial:space_edit", args=[agriculture.slug])
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.django_db
class TestResources:
    def test_producers_only(self, client, agent, designer, committee):
        url = reverse("editorial:resources")
        Resource.objects.create(
            kind="guide", title="Guide publié", slug="guide", summary="s", published=True
        )
        Resource.objects.create(
            kind="guide", title="Guide en brouillon", slug="brouillon", summary="s"
        )
        client.force_login(agent)
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        client.force_login(designer)
        page = client.get(url).content.decode()
        assert "Guide publié" in page and "Guide en brouillon" not in page
        assert client.get(reverse("editorial:resource", args=["brouillon"])).status_code == 404
        assert client.get(reverse("editorial:resource_create")).status_code == HTTPStatus.FORBIDDEN
        client.force_login(committee)
        assert "Guide en brouillon" in client.get(url).content.decode()
        response = client.post(
            reverse("editorial:resource_create"),
            {
                "kind": "guide",
                "title": "Nouveau guide",
                "slug": "nouveau",
                "summary": "Résumé",
                "body": "<p>Corps</p>",
                "published": "on",
                "position": "1",
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Resource.objects.get(slug="nouveau").body == "<p>Corps</p>"

    def test_applying_to_an_open_call_only(self, client, designer, justice):
        today = timezone.localdate()
        open_call = CallForProjects.objects.create(
            title="Appel 2027",
            slug="ap-2027",
            summary="s",
            published=True,
            opens_on=today - timezone.timedelta(days=1),
            closes_on=today + timezone.timedelta(days=1),
        )
        closed = CallForProjects.objects.create(
            title="Appel 2020",
            slug="ap-2020",
            summary="s",
            published=True,
            opens_on=today - timezone.timedelta(days=100),
            closes_on=today - timezone.timedelta(days=50),
        )
        training = TrainingFactory(producer=justice, owner_entity=justice)
        data = {
            "project_title": "Projet",
            "description": "d",
            "audience": "a",
            "budget_eur": "10000",
            "training": training.pk,
        }
        client.force_login(designer)
        response = client.post(reverse("editorial:call", args=[open_call.slug]), data)
        assert response.status_code == HTTPStatus.FOUND
        application = Application.objects.get()
        assert application.entity == justice and application.training == training
        client.post(reverse("editorial:call", args=[closed.slug]), data)
        assert Application.objects.count() == 1


@pytest.mark.django_db
class TestRichText:
    def test_sanitiser_keeps_the_editor_output_and_drops_the_rest(self):
        html = (
            '<h2>Titre</h2><ol start="3"><li>un</li></ol><table><tbody><tr><th>a</th></tr></tbody></table>'
            '<p onclick="x()"><a href="javascript:alert(1)">lien</a><img src="/m/i.png" alt="Un schéma"></p>'
            "<script>alert(1)</script>"
        )
        clean = sanitise_html(html)
        assert '<ol start="3">' in clean and "<table>" in clean and 'alt="Un schéma"' in clean
        assert "script" not in clean and "onclick" not in clean and "javascript" not in clean

    def test_images_need_a_text_alternative(self):
        assert (
            images_without_alt('<img src="a.png"><img src="b.png" alt=" "><img src="c" alt="ok">')
            == 2
        )

    def test_sheet_content_is_rich_text_and_images_without_alt_are_refused(
        self, client, designer, justice
    ):
        client.force_login(designer)
        form = {
            "title": "Rédiger",
            "slug": "rediger",
            "summary": "s",
            "duration_hours": "7",
            "modality": "tutored",
            "licence": "cc-by-nc-sa",
            "producer": justice.pk,
            "owner_entity": justice.pk,
            "state": "draft",
        }
        response = client.post(
            reverse("catalog:training_create"), {**form, "content": '<p><img src="/x.png"></p>'}
        )
        assert response.status_code == HTTPStatus.OK
        assert "texte alternatif" in response.content.decode()
        response = client.post(
            reverse("catalog:training_create"),
            {**form, "content": "<h2>Programme</h2><ul><li>Jour 1</li></ul><script>x</script>"},
        )
        assert response.status_code == HTTPStatus.FOUND
        page = client.get(reverse("catalog:training_edit", args=["rediger"])).content.decode()
        assert "data-django-prose-editor-configurable" in page and "rich-editor.js" in page
        assert "<script>x" not in page

    def test_editor_image_upload(self, client, agent, designer, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        url = reverse("editorial:editor_image")
        client.force_login(agent)
        upload = SimpleUploadedFile("i.png", PNG, content_type="image/png")
        assert (
            client.post(url, {"image": upload, "alt": "Schéma"}).status_code == HTTPStatus.FORBIDDEN
        )
        client.force_login(designer)
        upload = SimpleUploadedFile("i.png", PNG, content_type="image/png")
        response = client.post(url, {"image": upload, "alt": ""})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "texte alternatif" in response.json()["error"]
        fake = SimpleUploadedFile("i.png", b"not an image", content_type="image/png")
        assert client.post(url, {"image": fake, "alt": "x"}).status_code == HTTPStatus.BAD_REQUEST
        upload = SimpleUploadedFile("i.png", PNG, content_type="image/png")
        response = client.post(url, {"image": upload, "alt": "Un schéma"})
        assert response.status_code == HTTPStatus.CREATED
        assert response.json()["alt"] == "Un schéma" and EditorImage.objects.count() == 1


@pytest.mark.django_db
class TestMyMinistryFilter:
    def test_agents_filter_their_ministrys_offer(self, client, justice, agriculture):
        TrainingFactory(title="Interne Justice", producer=justice, owner_entity=justice)
        TrainingFactory(title="Interministérielle", producer=agriculture)
        client.force_login(UserFactory(entity=justice))
        page = client.get(reverse("catalog:list") + "?ministere=1").content.decode()
        assert "Interne Justice" in page and "Interministérielle" not in page
        assert "Offre de mon ministère" in client.get(reverse("catalog:list")).content.decode()
        client.logout()
        assert "Offre de mon ministère" not in client.get(reverse("catalog:list")).content.decode()

    def test_a_collection_page_shows_its_lead_direction_and_orientations(self, client, justice):
        collection = CollectionFactory(
            slug="rh", name="RH", lead_entity=justice, orientations="Attirer\nFidéliser"
        )
        TrainingFactory(producer=justice, collections=[collection])
        page = client.get(reverse("catalog:list") + "?collection=rh").content.decode()
        assert "Direction cheffe de file" in page and justice.name in page and "Fidéliser" in page


@pytest.mark.django_db
class TestListQueryCounts:
    def test_the_offer_page_does_not_grow_with_trainings(
        self, client, justice, committee, django_assert_max_num_queries
    ):
        label = Label.objects.create(name="Label Mentor")
        for _ in range(8):
            label_award(actor=committee, training=TrainingFactory(producer=justice), label=label)
        client.force_login(committee)
        client.get(reverse("editorial:offer"))
        with django_assert_max_num_queries(12):
            page = client.get(reverse("editorial:offer")).content.decode()
        assert page.count("Retirer le label") >= 8

    def test_the_space_page_does_not_grow_with_trainings(
        self, client, justice, django_assert_max_num_queries
    ):
        for _ in range(8):
            TrainingFactory(producer=justice, owner_entity=justice)
        client.force_login(UserFactory(entity=justice))
        url = reverse("editorial:space", args=[justice.slug])
        client.get(url)
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == HTTPStatus.OK
