"""Populations beyond entity subtrees: the typology criteria (the optional profile fields)
and the bad inputs of the population file that were not covered yet (100,000 lines, a
formula, a due date in the past, through the page: nothing created)."""

import datetime as dt
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import AttachmentChange
from mentor.accounts.services import profile_update, user_attach, user_override_attachment
from mentor.enrolments.models import Enrolment
from mentor.prescriptions.models import Assignment, Campaign
from mentor.prescriptions.services import (
    PopulationFileError,
    PrescriptionError,
    campaign_close,
    campaign_create,
    campaign_open,
    population_file_parse,
)
from tests.factories import TrainingFactory, UserFactory
from tests.prescriptions.conftest import campaign_kwargs

pytestmark = pytest.mark.django_db


def create(**kwargs) -> Campaign:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return campaign_create(**kwargs)


@pytest.fixture
def mixed(justice, penitentiaire):
    return {
        "a_titulaire": UserFactory(
            email="a1@justice.gouv.fr", entity=justice, category="A", employment_status="titulaire"
        ),
        "b_titulaire": UserFactory(
            email="b1@justice.gouv.fr", entity=justice, category="B", employment_status="titulaire"
        ),
        "a_contractuel": UserFactory(
            email="a2@dap.justice.gouv.fr",
            entity=penitentiaire,
            category="A",
            employment_status="contractuel",
        ),
        "unknown": UserFactory(email="x@justice.gouv.fr", entity=justice),
    }


class TestTypology:
    def test_category_restricts_the_subtree(self, justice_admin, justice, training, mixed):
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice]),
            typology={"category": ["A"]},
        )
        assigned = set(campaign.assignments.values_list("user__email", flat=True))
        assert assigned == {"a1@justice.gouv.fr", "a2@dap.justice.gouv.fr"}
        assert campaign.typology_labels == ["Catégorie : A"]

    def test_criteria_combine(self, justice_admin, justice, training, mixed):
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice]),
            typology={"category": ["A", "B"], "employment_status": ["titulaire"]},
        )
        assigned = set(campaign.assignments.values_list("user__email", flat=True))
        assert assigned == {"a1@justice.gouv.fr", "b1@justice.gouv.fr"}

    def test_late_joiner_matching_the_typology_only(self, justice_admin, justice, training):
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice]),
            typology={"category": ["C"]},
        )
        yes = UserFactory(email="c@justice.gouv.fr", category="C")
        no = UserFactory(email="a@justice.gouv.fr", category="A")
        with TestCase.captureOnCommitCallbacks(execute=True):
            user_attach(user=yes, trigger=AttachmentChange.Trigger.SIGNUP)
            user_attach(user=no, trigger=AttachmentChange.Trigger.SIGNUP)
        assert set(campaign.assignments.values_list("user_id", flat=True)) == {yes.pk}

    @pytest.mark.parametrize(
        ("typology", "entities", "message"),
        [
            ({"category": ["Z"]}, True, "Valeur inconnue"),
            ({"salaire": ["1"]}, True, "Critère de typologie inconnu"),
            ({"category": ["A"]}, False, "choisissez au moins une entité"),
        ],
    )
    def test_bad_criteria_create_nothing(
        self, justice_admin, justice, training, typology, entities, message
    ):
        kwargs = campaign_kwargs(
            entities=[justice] if entities else [], listed_user_ids=[justice_admin.pk]
        )
        with pytest.raises(PrescriptionError, match=message):
            campaign_create(actor=justice_admin, training=training, typology=typology, **kwargs)
        assert not Campaign.objects.exists()

    def test_the_page_offers_the_criteria(
        self, client, justice_admin, justice, training, session, mixed
    ):
        client.force_login(justice_admin)
        today = timezone.localdate()
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                reverse("prescriptions:create"),
                {
                    "title": "Cadres A",
                    "training": training.pk,
                    "kind": "mandatory",
                    "starts_on": today.isoformat(),
                    "due_on": (today + dt.timedelta(days=20)).isoformat(),
                    "entities": [justice.pk],
                    "categories": ["A"],
                    "reminder_offsets": "7",
                },
            )
        assert response.status_code == HTTPStatus.FOUND
        campaign = Campaign.objects.get()
        assert campaign.assignments.count() == 2
        assert "Catégorie : A" in client.get(campaign.get_absolute_url()).content.decode()


class TestBadFilesThroughThePage:
    def _post(self, client, training, data: bytes, **extra):
        today = timezone.localdate()
        fields = {
            "title": "Liste",
            "training": training.pk,
            "kind": "mandatory",
            "starts_on": today.isoformat(),
            "due_on": (today + dt.timedelta(days=20)).isoformat(),
            "reminder_offsets": "7",
            "people_file": SimpleUploadedFile("liste.csv", data, content_type="text/csv"),
        }
        fields.update(extra)
        return client.post(reverse("prescriptions:create"), fields)

    def test_100000_lines_of_unknown_addresses(
        self, client, justice_admin, training, justice_agents
    ):
        client.force_login(justice_admin)
        data = "\n".join(f"agent{i}@justice.gouv.fr" for i in range(100_000)).encode()
        response = self._post(client, training, data)
        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "100000 ligne(s) du fichier sont en erreur : rien n&#x27;a été créé." in page
        assert "… et 99950 autres lignes en erreur." in page
        assert not Campaign.objects.exists()
        assert not Assignment.objects.exists()

    def test_a_formula_cell_and_a_latin1_file(
        self, client, justice_admin, training, justice_agents
    ):
        client.force_login(justice_admin)
        page = self._post(
            client, training, b'a1@justice.gouv.fr\n=HYPERLINK("x")\n'
        ).content.decode()
        assert "ligne 2 : une formule n&#x27;est pas une adresse électronique" in page
        page = self._post(
            client, training, "élodie@justice.gouv.fr\n".encode("latin-1")
        ).content.decode()
        assert "encodé en UTF-8" in page
        assert not Campaign.objects.exists()

    def test_a_due_date_in_the_past_with_a_good_file(
        self, client, justice_admin, training, justice_agents
    ):
        client.force_login(justice_admin)
        past = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
        page = self._post(client, training, b"a1@justice.gouv.fr\n", due_on=past).content.decode()
        assert "L&#x27;échéance doit suivre la date de début." in page
        assert not Campaign.objects.exists()


class TestAgentIdentifiers:
    """The file may list agent identifiers (``User.agent_id``, the HR system's number)
    instead of, or mixed with, e-mail addresses."""

    @pytest.fixture
    def numbered(self, justice, penitentiaire, agriculture):
        return {
            "a1": UserFactory(email="a1@justice.gouv.fr", entity=justice, agent_id="MJ-000123"),
            "p1": UserFactory(
                email="p1@dap.justice.gouv.fr", entity=penitentiaire, agent_id="mj-000456"
            ),
            "a2": UserFactory(email="a2@justice.gouv.fr", entity=justice),
            "x": UserFactory(email="x@agriculture.gouv.fr", entity=agriculture, agent_id="AG-1"),
        }

    def test_identifiers_and_addresses_mixed(self, justice_admin, numbered):
        data = "Courriel ou matricule;nom\r\nmj-000123;Un\r\nMJ-000456;Deux\r\na2@justice.gouv.fr;Trois\r\n"
        result = population_file_parse(actor=justice_admin, data=data.encode())
        assert result.user_ids == [numbered["a1"].pk, numbered["p1"].pk, numbered["a2"].pk]

    def test_every_bad_identifier_is_listed(self, justice_admin, numbered):
        data = (
            b"MJ-000123\n"  # good
            b"MJ-999999\n"  # nobody
            b"AG-1\n"  # an agent of another ministry
            b"a1@justice.gouv.fr\n"  # the person of line 1, by address
            b"mj-000123\n"  # line 1 again
            b"MJ 000123\n"  # a space: not an identifier
        )
        with pytest.raises(PopulationFileError) as error:
            population_file_parse(actor=justice_admin, data=data)
        assert error.value.errors == [
            "ligne 2 : aucun agent n'a l'identifiant MJ-999999",
            "ligne 3 : AG-1 n'est pas un agent de votre périmètre",
            "ligne 4 : a1@justice.gouv.fr désigne la même personne que la ligne 1",
            "ligne 5 : mj-000123 figure déjà ligne 1",
            "ligne 6 : « MJ 000123 » n'est ni une adresse électronique ni un identifiant agent",
        ]

    def test_an_identifier_shared_by_two_agents_of_the_scope_is_refused(
        self, justice_admin, justice, numbered
    ):
        UserFactory(email="homonyme@justice.gouv.fr", entity=justice, agent_id="MJ-000123")
        with pytest.raises(PopulationFileError) as error:
            population_file_parse(actor=justice_admin, data=b"MJ-000123\n")
        assert "celui de plusieurs agents : indiquez leur adresse" in error.value.errors[0]

    def test_an_identifier_shared_with_someone_outside_the_scope_is_the_agent_of_the_scope(
        self, justice_admin, agriculture, numbered
    ):
        UserFactory(email="y@agriculture.gouv.fr", entity=agriculture, agent_id="MJ-000123")
        result = population_file_parse(actor=justice_admin, data=b"MJ-000123\n")
        assert result.user_ids == [numbered["a1"].pk]

    def test_a_closed_account_is_not_found(self, justice_admin, numbered):
        numbered["a1"].is_active = False
        numbered["a1"].save(update_fields=["is_active"])
        with pytest.raises(PopulationFileError, match="1 ligne"):
            population_file_parse(actor=justice_admin, data=b"MJ-000123\n")

    def test_through_the_page_nothing_is_half_done(
        self, client, justice_admin, training, session, numbered
    ):
        client.force_login(justice_admin)
        today = timezone.localdate()
        fields = {
            "title": "Par matricule",
            "training": training.pk,
            "kind": "mandatory",
            "starts_on": today.isoformat(),
            "due_on": (today + dt.timedelta(days=20)).isoformat(),
            "reminder_offsets": "7",
        }
        bad = SimpleUploadedFile("liste.csv", b"MJ-000123\nMJ-404\n", content_type="text/csv")
        page = client.post(reverse("prescriptions:create"), {**fields, "people_file": bad})
        assert "ligne 2 : aucun agent n&#x27;a l&#x27;identifiant MJ-404" in page.content.decode()
        assert not Campaign.objects.exists()
        good = SimpleUploadedFile("liste.csv", b"MJ-000123\nMJ-000456\n", content_type="text/csv")
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("prescriptions:create"), {**fields, "people_file": good})
        assert response.status_code == HTTPStatus.FOUND
        assert set(Campaign.objects.get().assignments.values_list("user_id", flat=True)) == {
            numbered["a1"].pk,
            numbered["p1"].pk,
        }


def test_an_account_with_an_accented_address_can_be_listed(justice_admin, justice):
    chloe = UserFactory(email="chloé.leroy@justice.gouv.fr", entity=justice)
    result = population_file_parse(
        actor=justice_admin, data="chloé.leroy@justice.gouv.fr\n".encode()
    )
    assert result.user_ids == [chloe.pk]


class TestDedicatedSession:
    def test_the_campaign_gets_its_own_session(self, justice_admin, justice, justice_agents):
        internal = TrainingFactory(
            title="Formation interne", owner_entity=justice, producer=justice
        )
        campaign = create(
            actor=justice_admin,
            training=internal,
            **campaign_kwargs(entities=[justice], title="Accueil 2027"),
            dedicated_session=True,
            enrol_directly=True,
        )
        session = campaign.session
        assert session.training == internal
        assert session.title == "Campagne « Accueil 2027 »"
        assert (session.starts_on, session.ends_on) == (campaign.starts_on, campaign.due_on)
        assert session.capacity is None
        # enrol directly: everyone of the population is in that session
        assert (
            Enrolment.objects.filter(session=session).count() == campaign.assignments.count() == 4
        )

    def test_refused_without_the_right_to_edit_the_training(self, justice_admin, justice, training):
        with pytest.raises(PrescriptionError, match="Vous ne pouvez pas créer de session"):
            campaign_create(
                actor=justice_admin,
                training=training,
                **campaign_kwargs(entities=[justice]),
                dedicated_session=True,
            )
        assert not Campaign.objects.exists()
        assert training.sessions.count() == 0


class TestReevaluation:
    """Whoever enters a campaign's population later — their category, status or gender
    changes, or their attachment — is assigned at that write, and sent the opening e-mail."""

    @pytest.fixture
    def for_c(self, justice_admin, justice, training):
        return create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(entities=[justice], title="Catégorie C"),
            typology={"category": ["C"]},
        )

    def _profile(self, user, **changes):
        fields = {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "category": user.category,
            "employment_status": user.employment_status,
            "gender": user.gender,
            "agent_id": user.agent_id,
        }
        fields.update(changes)
        with TestCase.captureOnCommitCallbacks(execute=True):
            profile_update(user=user, **fields)

    def test_a_new_category_assigns_and_sends_the_opening_email(self, for_c, justice):
        agent = UserFactory(email="b@justice.gouv.fr", entity=justice, category="B")
        assert not for_c.assignments.filter(user=agent).exists()
        mail.outbox.clear()
        self._profile(agent, category="C")
        assignment = for_c.assignments.get(user=agent)
        assert assignment.source == Assignment.Source.LATER
        assert assignment.opening_sent_at is not None
        assert [m.to for m in mail.outbox if "Formation obligatoire" in m.subject] == [
            [agent.email]
        ]

    def test_leaving_the_typology_keeps_the_assignment(self, for_c, justice):
        agent = UserFactory(email="c@justice.gouv.fr", entity=justice, category="C")
        self._profile(agent, category="C", employment_status="titulaire")  # no typology change
        self._profile(agent, category="A")
        assert for_c.assignments.filter(user=agent).exists()
        self._profile(agent, category="C")  # back in: still one assignment
        assert for_c.assignments.filter(user=agent).count() == 1

    def test_other_fields_or_other_ministries_change_nothing(self, for_c, agriculture, justice):
        elsewhere = UserFactory(email="c@agriculture.gouv.fr", entity=agriculture, category="B")
        self._profile(elsewhere, category="C")
        named = UserFactory(email="n@justice.gouv.fr", entity=justice, category="B")
        self._profile(named, first_name="Nouveau", gender="female")
        assert not for_c.assignments.filter(user__in=[elsewhere, named]).exists()

    def test_closed_or_past_due_campaigns_assign_nobody(self, for_c, justice, justice_admin):
        campaign_close(actor=justice_admin, campaign=for_c)
        agent = UserFactory(email="b@justice.gouv.fr", entity=justice, category="B")
        self._profile(agent, category="C")
        assert not Assignment.objects.filter(user=agent).exists()

    def test_the_profile_page_assigns_at_once(self, client, for_c, justice):
        agent = UserFactory(email="b@justice.gouv.fr", entity=justice, category="B")
        client.force_login(agent)
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = client.post(
                reverse("accounts:profile"),
                {"first_name": "Bea", "last_name": "B", "category": "C"},
            )
        assert response.status_code == HTTPStatus.FOUND
        assert for_c.assignments.filter(user=agent).exists()
        page = client.get(reverse("enrolments:mine")).content.decode()
        assert "Transition écologique — socle commun" in page

    def test_a_listed_agent_attached_again_is_assigned(
        self, justice_admin, justice, agriculture, training, platform_admin
    ):
        """Listed by the file while attached, detached when the campaign opened (nobody
        without an entity is assigned), attached again later: assigned then, through the
        listing, wherever their new entity is."""
        listed = UserFactory(email="l@justice.gouv.fr", entity=justice)
        ids = population_file_parse(actor=justice_admin, data=b"l@justice.gouv.fr\n").user_ids
        start = timezone.localdate() + dt.timedelta(days=1)
        campaign = create(
            actor=justice_admin,
            training=training,
            **campaign_kwargs(listed_user_ids=ids, starts_on=start, due_on=start + dt.timedelta(9)),
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            user_override_attachment(actor=platform_admin, user=listed, entity=None, reason="test")
        campaign_open(campaign_id=campaign.pk)
        assert not campaign.assignments.exists()
        with TestCase.captureOnCommitCallbacks(execute=True):
            user_override_attachment(
                actor=platform_admin, user=listed, entity=agriculture, reason="mutation"
            )
        assert campaign.assignments.filter(user=listed).exists()
