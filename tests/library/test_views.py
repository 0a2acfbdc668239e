"""The library's pages: who sees what (agents and visitors never), deposit, adapt,
follow the copy, the origin on the sheet, who reused it."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.catalog.models import PublicationState
from mentor.catalog.services import training_save
from mentor.library.models import CopyState, Deposit, TrainingCopy
from mentor.library.services import deposit_save
from tests.factories import TrainingFactory, UserFactory, role_holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def deposited(rich_training, agri_designer):
    deposit_save(
        actor=agri_designer,
        training=rich_training,
        description="Formation hybride à adapter.",
        licence="cc-by-sa",
    )
    return rich_training


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(justice, agriculture, platform_admin, justice_admin, agri_designer, justice_designer):
    tutor = role_holder(Role.TUTOR, justice, actor=platform_admin, email="tuteur@justice.gouv.fr")
    committee = role_holder(
        Role.EDITORIAL_COMMITTEE, actor=platform_admin, email="comite@fonction-publique.gouv.fr"
    )
    return {
        "agent": UserFactory(email="agent@justice.gouv.fr", entity=justice),
        "tutor": tutor,
        "committee": committee,
        "justice_designer": justice_designer,
        "agri_designer": agri_designer,
        "space_admin": justice_admin,
        "platform_admin": platform_admin,
    }


class TestScope:
    def test_a_visitor_is_sent_to_sign_in(self, client, deposited):
        for url in (
            reverse("library:index"),
            reverse("library:entry", args=[deposited.library_deposit.pk]),
        ):
            response = client.get(url)
            assert response.status_code == HTTPStatus.FOUND
            assert "/compte/login/" in response["Location"]

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("agent", HTTPStatus.FORBIDDEN),
            ("tutor", HTTPStatus.FORBIDDEN),
            ("committee", HTTPStatus.FORBIDDEN),
            ("justice_designer", HTTPStatus.OK),
            ("agri_designer", HTTPStatus.OK),
            ("space_admin", HTTPStatus.OK),
            ("platform_admin", HTTPStatus.OK),
        ],
    )
    def test_index_and_entry_by_role(self, people, deposited, who, status):
        client = _client(people[who])
        index = client.get(reverse("library:index"))
        entry = client.get(reverse("library:entry", args=[deposited.library_deposit.pk]))

        assert index.status_code == status
        assert entry.status_code == status
        if status == HTTPStatus.OK:
            assert deposited.title in index.content.decode()
        else:
            assert deposited.title not in index.content.decode()

    def test_the_index_reads_in_a_fixed_number_of_queries(
        self, people, deposited, agriculture, agri_designer, django_assert_max_num_queries
    ):
        for n in range(5):
            other = TrainingFactory(producer=agriculture, title=f"Autre formation {n}")
            deposit_save(
                actor=agri_designer, training=other, description="À adapter", licence="cc-by"
            )
        client = _client(people["justice_designer"])
        client.get(reverse("library:index"))  # warm the role cache
        with django_assert_max_num_queries(8):
            response = client.get(reverse("library:index"))
        assert response.content.decode().count("Autre formation") == 5

    def test_only_the_producer_sees_who_reused_it(
        self, people, deposited, justice, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            _client(people["justice_designer"]).post(
                reverse("library:entry", args=[deposited.library_deposit.pk]),
                {"title": "Classe virtuelle (Justice)", "destination": justice.pk},
            )
        url = reverse("library:entry", args=[deposited.library_deposit.pk])

        producer_page = _client(people["agri_designer"]).get(url).content.decode()
        other_page = _client(people["space_admin"]).get(url).content.decode()
        assert "Qui l’a réutilisée" in producer_page
        assert "Ministère de la Justice" in producer_page
        assert "Qui l’a réutilisée" not in other_page

    def test_a_withdrawn_entry_is_hidden_from_others(self, people, deposited):
        client = _client(people["agri_designer"])
        pk = deposited.library_deposit.pk
        client.post(reverse("library:withdraw", args=[pk]))

        assert Deposit.objects.get(pk=pk).withdrawn_at is not None
        assert (
            _client(people["justice_designer"]).get(reverse("library:entry", args=[pk])).status_code
            == HTTPStatus.NOT_FOUND
        )
        assert client.get(reverse("library:entry", args=[pk])).status_code == HTTPStatus.OK

    @pytest.mark.parametrize("who", ["justice_designer", "space_admin", "agent"])
    def test_others_cannot_deposit_withdraw_or_duplicate(self, people, deposited, who):
        client = _client(people[who])
        assert (
            client.get(reverse("library:deposit", args=[deposited.slug])).status_code
            == HTTPStatus.NOT_FOUND
        )
        assert (
            client.get(reverse("library:duplicate", args=[deposited.slug])).status_code
            == HTTPStatus.NOT_FOUND
        )
        response = client.post(reverse("library:withdraw", args=[deposited.library_deposit.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert Deposit.objects.get(pk=deposited.library_deposit.pk).withdrawn_at is None

    def test_a_copy_is_followed_by_its_requester_only(
        self, people, deposited, justice, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = _client(people["justice_designer"]).post(
                reverse("library:entry", args=[deposited.library_deposit.pk]),
                {"title": "Classe virtuelle (Justice)", "destination": justice.pk},
            )
        copy = TrainingCopy.objects.get()
        assert response["Location"] == reverse("library:copy", args=[copy.pk])
        url = reverse("library:copy", args=[copy.pk])

        assert _client(people["justice_designer"]).get(url).status_code == HTTPStatus.OK
        assert _client(people["agri_designer"]).get(url).status_code == HTTPStatus.NOT_FOUND
        assert _client(people["agent"]).get(url).status_code == HTTPStatus.NOT_FOUND


class TestPages:
    def test_deposit_form_puts_the_training_in_the_library(self, people, rich_training):
        client = _client(people["agri_designer"])
        page = client.get(reverse("library:deposit", args=[rich_training.slug])).content.decode()
        assert "1 paquet SCORM" in page
        assert "4 questions de quiz" in page

        response = client.post(
            reverse("library:deposit", args=[rich_training.slug]),
            {"description": "Pour les formateurs internes.", "licence": "cc-by"},
        )
        deposit = Deposit.objects.get(training=rich_training)
        assert response["Location"] == reverse("library:entry", args=[deposit.pk])
        assert deposit.licence == "cc-by"

    def test_a_deposit_without_description_is_refused_in_french(self, people, rich_training):
        response = _client(people["agri_designer"]).post(
            reverse("library:deposit", args=[rich_training.slug]),
            {"description": "", "licence": "cc-by"},
        )
        assert response.status_code == HTTPStatus.OK
        assert "Ce champ est obligatoire" in response.content.decode()
        assert not Deposit.objects.exists()

    def test_adapting_shows_progress_then_the_origin_on_the_new_sheet(
        self, people, deposited, justice, django_capture_on_commit_callbacks
    ):
        client = _client(people["justice_designer"])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("library:entry", args=[deposited.library_deposit.pk]),
                {"title": "Classe virtuelle (Justice)", "destination": justice.pk},
            )
        copy = TrainingCopy.objects.get()
        assert copy.state == CopyState.DONE
        page = client.get(reverse("library:copy", args=[copy.pk])).content.decode()
        assert "La copie est prête" in page
        poll = client.get(reverse("library:copy", args=[copy.pk]), headers={"HX-Request": "true"})
        assert "hx-trigger" not in poll.content.decode()  # finished: polling stops

        # Published in the Justice internal offer by its space admin.
        target = copy.target
        target.state = PublicationState.PUBLISHED
        training_save(actor=people["space_admin"], training=target)
        sheet = client.get(target.get_absolute_url()).content.decode()
        assert "Adaptée de « Concevoir et animer une classe virtuelle »" in sheet
        assert reverse("library:entry", args=[deposited.library_deposit.pk]) in sheet
        # An agent reads the same line, linked to the original's sheet (which they may read).
        agent_sheet = _client(people["agent"]).get(target.get_absolute_url()).content.decode()
        assert "Adaptée de « Concevoir et animer une classe virtuelle »" in agent_sheet
        assert deposited.get_absolute_url() in agent_sheet
        assert "/bibliotheque/" not in agent_sheet
        course = client.get(reverse("learning:authoring", args=[copy.target.slug])).content.decode()
        assert "Adaptée de « Concevoir et animer une classe virtuelle »" in course

    def test_a_pending_copy_page_polls(self, people, deposited, justice):
        copy = TrainingCopy.objects.create(
            kind="adaptation",
            source=deposited,
            target_entity=justice,
            target_producer=justice,
            title="Copie",
            origin_title=deposited.title,
            origin_producer="MASA",
            requested_by=people["justice_designer"],
            units_total=10,
        )
        page = _client(people["justice_designer"]).get(reverse("library:copy", args=[copy.pk]))
        assert 'hx-trigger="every 1s"' in page.content.decode()
        assert "Copie en attente" in page.content.decode()

    def test_duplicate_from_the_course_page(
        self, people, rich_training, django_capture_on_commit_callbacks
    ):
        client = _client(people["agri_designer"])
        course = client.get(
            reverse("learning:authoring", args=[rich_training.slug])
        ).content.decode()
        assert reverse("library:duplicate", args=[rich_training.slug]) in course
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("library:duplicate", args=[rich_training.slug]),
                {"title": "Classe virtuelle — édition 2027"},
            )
        copy = TrainingCopy.objects.get()
        assert copy.target.title == "Classe virtuelle — édition 2027"
        assert copy.target.producer == rich_training.producer
