"""Help centre: FAQ (French search, votes), contact requests (routing per subject and
entity, ticket, acknowledgement, rate limit, attachments), history in the profile, tours."""

import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.help.models import ContactRequest, FaqCategory, FaqEntry, TourView
from mentor.help.search import faq_index
from mentor.help.selectors import contact_route, faq_search
from mentor.help.services import HelpError, contact_request_create
from tests.factories import UserFactory, role_holder

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def faq(db):
    category = FaqCategory.objects.create(name="Attestations", slug="attestations")
    entries = [
        FaqEntry.objects.create(
            category=category,
            question="Où trouver mon attestation de formation ?",
            answer="Dans « Mes formations », une fois la formation terminée.",
        ),
        FaqEntry.objects.create(
            category=category,
            question="Comment me désinscrire ?",
            answer="Utilisez « Me désinscrire » sur la formation.",
        ),
        FaqEntry.objects.create(
            category=category, question="Brouillon", answer="attestation", published=False
        ),
    ]
    for entry in entries:
        faq_index(entry)
    return entries


@pytest.mark.django_db
class TestFaqSearch:
    @pytest.mark.parametrize(
        "query", ["attestation", "ATTESTATIONS", "formations", "désinscrire", "desinscrire"]
    )
    def test_french_search_folds_accents_case_and_plurals(self, faq, query):
        found = faq_search(query=query)
        assert found, query
        assert all(e.published for e in found)

    def test_finds_the_right_entry_first_and_never_a_draft(self, faq):
        assert [e.question for e in faq_search(query="attestations")] == [faq[0].question]
        assert [e.question for e in faq_search(query="desinscrire")] == [faq[1].question]

    def test_nothing_for_an_empty_or_unknown_query(self, faq):
        assert faq_search(query="  ") == [] and faq_search(query="zzzqqq") == []

    def test_the_page_searches_and_lists_by_category(self, client, faq):
        content = client.get(reverse("help:index"), {"q": "attestations"}).content.decode()
        assert "1 réponse trouvée" in content and "Brouillon" not in content
        content = client.get(reverse("help:index")).content.decode()
        assert 'id="aide-attestations"' in content and "Comment me désinscrire ?" in content

    def test_a_vote_is_counted_once_per_session(self, client, faq):
        url = reverse("help:vote", args=[faq[0].pk])
        client.post(url, {"helpful": "1"})
        client.post(url, {"helpful": "0"})
        faq[0].refresh_from_db()
        assert (faq[0].helpful_yes, faq[0].helpful_no) == (1, 0)
        assert (
            client.post(reverse("help:vote", args=[faq[2].pk]), {"helpful": "1"}).status_code == 302
        )
        faq[2].refresh_from_db()
        assert faq[2].helpful_yes == 0  # unpublished: not counted


@pytest.mark.django_db
class TestContactRouting:
    @pytest.fixture
    def referents(self, justice, penitentiaire, platform_admin):
        ministry = role_holder(
            Role.SPACE_ADMIN, justice, actor=platform_admin, email="referente@justice.gouv.fr"
        )
        direction = role_holder(
            Role.SPACE_ADMIN, penitentiaire, actor=platform_admin, email="ref@dap.justice.gouv.fr"
        )
        return ministry, direction

    @pytest.mark.parametrize("topic", ["attachment", "internal_offer"])
    def test_ministry_topics_go_to_the_nearest_referents(
        self, referents, justice, penitentiaire, topic
    ):
        agent = UserFactory(entity=justice)
        route = contact_route(user=agent, topic=topic)
        assert (route.routed_to, route.entity, route.recipients) == (
            "ministry",
            justice,
            ["referente@justice.gouv.fr"],
        )
        dap_agent = UserFactory(entity=penitentiaire)
        route = contact_route(user=dap_agent, topic=topic)
        assert route.entity == penitentiaire and route.recipients == ["ref@dap.justice.gouv.fr"]

    @pytest.mark.parametrize("topic", ["sign_in", "enrolment", "attestation", "other"])
    def test_other_topics_go_to_the_platform_team(self, referents, justice, settings, topic):
        settings.HELP_PLATFORM_EMAILS = ["support@mentor.gouv.fr"]
        route = contact_route(user=UserFactory(entity=justice), topic=topic)
        assert (route.routed_to, route.entity, route.recipients) == (
            "platform",
            None,
            ["support@mentor.gouv.fr"],
        )

    def test_no_referent_or_no_entity_falls_back_to_the_platform(self, agriculture, settings):
        settings.HELP_PLATFORM_EMAILS = ["support@mentor.gouv.fr"]
        assert (
            contact_route(user=UserFactory(entity=agriculture), topic="attachment").routed_to
            == "platform"
        )
        assert (
            contact_route(user=UserFactory(entity=None), topic="attachment").routed_to == "platform"
        )


@pytest.mark.django_db
class TestContactRequest:
    def test_ticket_recipients_and_acknowledgement(self, justice_admin, justice, mailoutbox):
        agent = UserFactory(email="camille@justice.gouv.fr", entity=justice)
        request = contact_request_create(
            user=agent, topic="attachment", message="Mon service a changé."
        )
        assert request.ticket == f"MEN-{request.created_at.year}-{request.pk:06d}"
        assert request.recipients == ["referente@justice.gouv.fr"]
        to_referent, ack = mailoutbox
        assert to_referent.to == ["referente@justice.gouv.fr"] and to_referent.reply_to == [
            agent.email
        ]
        assert request.ticket in to_referent.subject and "Mon service a changé." in to_referent.body
        assert ack.to == [agent.email] and request.ticket in ack.subject

    def test_rate_limited_per_person(self, justice, settings):
        settings.HELP_CONTACT_PER_HOUR = 2
        agent = UserFactory(entity=justice)
        for _ in range(2):
            contact_request_create(user=agent, topic="other", message="Question")
        with pytest.raises(HelpError, match="réessayez dans une heure"):
            contact_request_create(user=agent, topic="other", message="Encore")
        assert ContactRequest.objects.count() == 2
        contact_request_create(user=UserFactory(entity=justice), topic="other", message="Autre")

    @pytest.mark.parametrize(
        ("name", "content", "error"),
        [
            ("page.html", b"<html><script>alert(1)</script></html>", "type de fichier"),
            ("faux.pdf", b"MZ\x90\x00executable", "ne correspond pas"),
            ("vide.pdf", b"", "vide"),
        ],
    )
    def test_attachments_are_checked_like_other_uploads(self, justice, name, content, error):
        agent = UserFactory(entity=justice)
        with pytest.raises(HelpError, match=error):
            contact_request_create(
                user=agent,
                topic="other",
                message="Voir pièce jointe",
                attachment=SimpleUploadedFile(name, content),
            )
        assert not ContactRequest.objects.exists()

    def test_an_attachment_over_the_limit_is_refused(self, justice, settings):
        settings.HELP_MAX_ATTACHMENT_BYTES = 100
        with pytest.raises(HelpError, match="taille maximale"):
            contact_request_create(
                user=UserFactory(entity=justice),
                topic="other",
                message="Gros fichier",
                attachment=SimpleUploadedFile("gros.pdf", PDF + b" " * 200),
            )

    def test_a_good_pdf_is_kept(self, justice):
        request = contact_request_create(
            user=UserFactory(entity=justice),
            topic="attestation",
            message="Voir pièce jointe",
            attachment=SimpleUploadedFile("attestation.pdf", PDF),
        )
        assert request.attachment.name.endswith(".pdf")

    def test_bad_input_is_refused_and_changes_nothing(self, justice):
        agent = UserFactory(entity=justice)
        for topic, message in (("inconnu", "x"), ("other", "   ")):
            with pytest.raises(HelpError):
                contact_request_create(user=agent, topic=topic, message=message)
        assert not ContactRequest.objects.exists()


@pytest.mark.django_db
class TestContactPages:
    def test_a_visitor_is_sent_to_sign_in(self, client, db):
        response = client.get(reverse("help:contact"))
        assert response.status_code == HTTPStatus.FOUND and "/compte/login/" in response["Location"]

    def test_the_form_sends_and_the_profile_lists_only_my_requests(self, client, justice):
        agent = UserFactory(entity=justice)
        ContactRequest.objects.create(
            user=UserFactory(entity=justice),
            topic="other",
            message="Pas à moi",
            routed_to="platform",
        )
        client.force_login(agent)
        response = client.post(
            reverse("help:contact"),
            {"topic": "enrolment", "message": "Session complète ?"},
            follow=True,
        )
        request = ContactRequest.objects.get(user=agent)
        assert request.ticket in response.content.decode()
        profile = client.get(reverse("accounts:profile")).content.decode()
        section = profile[profile.index('data-testid="profile-help-requests"') :]
        assert request.ticket in section and "Inscription à une formation" in section
        assert section.count("MEN-") == 1

    def test_a_refusal_is_shown_in_the_form(self, client, justice, settings):
        settings.HELP_CONTACT_PER_HOUR = 0
        client.force_login(UserFactory(entity=justice))
        content = client.post(
            reverse("help:contact"), {"topic": "other", "message": "Question"}
        ).content.decode()
        assert "réessayez dans une heure" in content

    def test_requests_are_in_the_personal_data_export(self, client, justice):
        agent = UserFactory(entity=justice)
        contact_request_create(user=agent, topic="other", message="Question RGPD")
        client.force_login(agent)
        data = json.loads(client.post(reverse("accounts:personal_data_download")).content)
        assert data["demandes_d_aide"][0]["message"] == "Question RGPD"


@pytest.mark.django_db
class TestTours:
    @pytest.fixture(autouse=True)
    def _autostart(self, settings):
        settings.HELP_TOURS_AUTOSTART = True

    def test_offered_until_seen_then_replayable(self, client, justice):
        agent = UserFactory(entity=justice)
        client.force_login(agent)
        content = client.get(reverse("catalog:home")).content.decode()
        assert 'data-tours="agent"' in content and 'data-tour="agent:1"' in content
        client.post(reverse("help:tour_seen"), {"tour": "agent"})
        assert TourView.objects.filter(user=agent, tour="agent").exists()
        assert 'data-tours=""' in client.get(reverse("catalog:home")).content.decode()
        assert "?visite=agent" in client.get(reverse("help:index")).content.decode()

    def test_designers_get_their_tour_too(self, client, justice, platform_admin):
        designer = role_holder(Role.DESIGNER, justice, actor=platform_admin)
        client.force_login(designer)
        assert (
            'data-tours="agent designer"' in client.get(reverse("catalog:designs")).content.decode()
        )

    def test_a_visitor_gets_no_tour(self, client, db):
        assert "data-tours" not in client.get(reverse("catalog:home")).content.decode()


@pytest.mark.django_db
def test_contextual_help_links(client, justice):
    assert "#aide-connexion" in client.get(reverse("account_login")).content.decode()
    client.force_login(UserFactory(entity=justice))
    assert "#aide-rattachement" in client.get(reverse("accounts:profile")).content.decode()
    assert "#aide-attestations" in client.get(reverse("enrolments:mine")).content.decode()
