"""Attestations: issued once (retries, signals, concurrent workers), snapshot, revocation,
the holder-only PDF and the public verification page that survives any input."""

import re
import threading
from datetime import datetime
from decimal import Decimal
from http import HTTPStatus
from io import BytesIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from mentor.accounts.models import Role
from mentor.accounts.personal_data import personal_data_export
from mentor.accounts.services import role_grant, user_erase
from mentor.attestations import signals
from mentor.attestations.models import NUMBER_RE, Attestation, number_generate, number_normalise
from mentor.attestations.pdf import _qr_data_uri, attestation_html, attestation_pdf
from mentor.attestations.selectors import verification_url
from mentor.attestations.services import (
    AttestationError,
    attestation_issue,
    attestation_revoke,
    training_attestation_set,
)
from mentor.audit.models import AuditEvent
from mentor.learning.models import Completion
from mentor.learning.signals import training_completed
from mentor.surveys.models import SurveyResponse
from tests.attestations.factories import EnrolmentFactory, complete
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import ActivityFactory, SectionFactory


@pytest.fixture
def agent(justice):
    return UserFactory(email="claire.martin@justice.gouv.fr", entity=justice, last_name="Martin")


@pytest.fixture
def training(justice):
    return TrainingFactory(
        title="Transition écologique : les fondamentaux",
        producer=justice,
        duration_hours=Decimal("3.5"),
    )


@pytest.fixture
def enrolment(agent, training):
    return EnrolmentFactory(user=agent, session=SessionFactory(training=training))


@pytest.fixture
def completion(enrolment):
    return complete(
        enrolment, completed_at=datetime(2026, 3, 12, 15, 30, tzinfo=ZoneInfo("Europe/Paris"))
    )


@pytest.fixture
def attestation(completion):
    return attestation_issue(completion=completion)


def pdf_text(content: bytes) -> bytes:
    """The text a reader extracts from every page (UTF-8), after the raw file (its
    metadata)."""
    reader = PdfReader(BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return content + b"\n" + text.encode()


class TestNumbers:
    def test_a_generated_number_is_canonical(self):
        number = number_generate(2026)
        assert NUMBER_RE.fullmatch(number) and number.startswith("MNT-2026-")
        assert number_normalise(f"  {number.lower()[:9]} {number.lower()[9:]} ") == number

    @given(st.text(max_size=300))
    def test_normalising_any_text_never_raises(self, raw):
        result = number_normalise(raw)
        assert result is None or NUMBER_RE.fullmatch(result)

    @pytest.mark.parametrize(
        "raw",
        ["", "MNT-2026-ABCDEFG", "MNT-2026-ABCDEFG0", "MNT-２０26-ABCDEFGH", "a" * 5000, "\x00"],
    )
    def test_malformed_numbers_are_refused(self, raw):
        assert number_normalise(raw) is None


@pytest.mark.django_db
class TestIssue:
    def test_issues_a_snapshot_once(self, completion, agent, training):
        first = attestation_issue(completion=completion)
        again = attestation_issue(completion=completion)
        assert first.pk == again.pk and Attestation.objects.count() == 1
        assert NUMBER_RE.fullmatch(first.number)
        assert (first.learner_first_name, first.learner_last_name) == ("Claire", "Martin")
        assert first.training_title == training.title
        assert first.producer_name == "Ministère de la Justice"
        assert first.duration_hours == Decimal("3.5")
        assert first.completed_at == completion.completed_at
        assert first.holder_public_name == "C. Martin"

    def test_the_signal_issues_it_and_a_second_delivery_changes_nothing(self, completion):
        training_completed.send(sender=Completion, completion=completion)
        training_completed.send(sender=Completion, completion=completion)
        assert Attestation.objects.filter(enrolment=completion.enrolment).count() == 1

    def test_none_when_the_training_delivers_no_attestation(self, completion, training):
        training.delivers_attestation = False
        training.save()
        assert attestation_issue(completion=completion) is None
        training_completed.send(sender=Completion, completion=completion)
        assert not Attestation.objects.exists()

    def test_the_document_stays_true_when_the_training_is_renamed(
        self, client, attestation, training
    ):
        training.title = "Nouveau titre"
        training.save()
        response = client.get(reverse("attestations:verify_number", args=[attestation.number]))
        assert "Transition écologique : les fondamentaux" in response.content.decode()

    def test_erasing_the_account_blanks_the_holder_name(self, client, attestation, agent):
        user_erase(user=agent)
        attestation.refresh_from_db()
        assert attestation.learner_full_name == "" and attestation.holder_public_name == ""
        response = client.get(reverse("attestations:verify_number", args=[attestation.number]))
        assert response.status_code == HTTPStatus.OK and "Martin" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_write_one_attestation(justice):
    """Several workers issuing the same completion at once, one connection each."""
    enrolment = EnrolmentFactory(session=SessionFactory(training=TrainingFactory(producer=justice)))
    completion = complete(enrolment)
    barrier = threading.Barrier(6)
    numbers: list[str] = []
    errors: list[str] = []

    def issue():
        try:
            barrier.wait()
            numbers.append(attestation_issue(completion=completion).number)
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Attestation.objects.filter(enrolment=enrolment).count() == 1
    assert len(set(numbers)) == 1 and len(numbers) == 6


@pytest.mark.django_db
class TestRevoke:
    @pytest.mark.parametrize("who", ["platform_admin", "justice_admin"])
    def test_an_admin_of_the_scope_revokes_and_it_is_audited(self, request, who, attestation):
        actor = request.getfixturevalue(who)
        revoked = attestation_revoke(
            actor=actor, attestation=attestation, reason="Délivrée par erreur"
        )
        assert revoked.is_revoked and revoked.revoked_by == actor
        event = AuditEvent.objects.get(action="attestations.revoke")
        assert (
            event.target_id == str(attestation.pk) and event.data["reason"] == "Délivrée par erreur"
        )
        with pytest.raises(AttestationError, match="déjà révoquée"):
            attestation_revoke(actor=actor, attestation=attestation, reason="Encore")

    def test_others_may_not_revoke(self, attestation, agent, agriculture, platform_admin):
        other = role_holder(Role.SPACE_ADMIN, agriculture, actor=platform_admin)
        for actor in (agent, other):
            with pytest.raises(PermissionDenied):
                attestation_revoke(actor=actor, attestation=attestation, reason="Non")
        assert not Attestation.objects.get(pk=attestation.pk).is_revoked

    def test_a_reason_is_required(self, attestation, platform_admin):
        with pytest.raises(AttestationError, match="motif"):
            attestation_revoke(actor=platform_admin, attestation=attestation, reason="  ")
        assert not Attestation.objects.get(pk=attestation.pk).is_revoked
        assert not AuditEvent.objects.filter(action="attestations.revoke").exists()


@pytest.mark.django_db
class TestDownload:
    def url(self, enrolment):
        return reverse("attestations:download", args=[enrolment.pk])

    def test_the_holder_downloads_a_real_pdf(self, client, agent, enrolment, attestation):
        client.force_login(agent)
        response = client.get(self.url(enrolment))
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "application/pdf"
        assert attestation.number in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        assert response.content.startswith(b"%PDF-")
        text = pdf_text(response.content)
        assert attestation.number.encode() in text
        assert b"Attestation de participation" in text
        assert b"indicative de" in text  # the catalogue's duration is said to be indicative
        verify_path = reverse("attestations:verify_number", args=[attestation.number])
        assert verify_path.encode() in text

    def test_the_attestation_does_not_wait_for_the_survey(
        self, client, agent, enrolment, attestation
    ):
        client.force_login(agent)
        assert not SurveyResponse.objects.exists()
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.OK

    def test_someone_else_gets_404(self, client, enrolment, attestation, justice, platform_admin):
        for user in (UserFactory(entity=justice), platform_admin):
            client.force_login(user)
            response = client.get(self.url(enrolment))
            assert response.status_code == HTTPStatus.NOT_FOUND
            assert "Page non trouvée" in response.content.decode()

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, enrolment, attestation):
        response = client.get(self.url(enrolment))
        assert response.status_code == HTTPStatus.FOUND and "next=" in response["Location"]

    def test_issued_on_download_when_the_background_task_did_not_run(
        self, client, agent, enrolment, completion
    ):
        # The completion exists but its task never ran (broker down, worker late).
        assert not Attestation.objects.exists()
        client.force_login(agent)
        response = client.get(self.url(enrolment))
        assert response.status_code == HTTPStatus.OK
        assert response.content.startswith(b"%PDF-")
        attestation = Attestation.objects.get(enrolment=enrolment)
        assert attestation.number in response["Content-Disposition"]
        # Downloading again gives the same document, never a second attestation.
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.OK
        assert Attestation.objects.filter(enrolment=enrolment).count() == 1

    def test_404_before_completion(self, client, agent, enrolment):
        client.force_login(agent)
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.NOT_FOUND
        assert not Attestation.objects.exists()

    def test_404_when_the_training_delivers_none(
        self, client, agent, enrolment, completion, training
    ):
        training.delivers_attestation = False
        training.save()
        client.force_login(agent)
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.NOT_FOUND
        assert not Attestation.objects.exists()

    def test_an_issued_attestation_stays_downloadable_if_delivery_is_switched_off(
        self, client, agent, enrolment, attestation, training
    ):
        training.delivers_attestation = False
        training.save()
        client.force_login(agent)
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.OK

    def test_404_once_revoked(self, client, agent, enrolment, attestation, platform_admin):
        attestation_revoke(actor=platform_admin, attestation=attestation, reason="Erreur")
        client.force_login(agent)
        assert client.get(self.url(enrolment)).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
class TestVerify:
    def test_a_valid_number_shows_the_minimum(self, client, attestation):
        response = client.get(reverse("attestations:verify_number", args=[attestation.number]))
        body = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Attestation valide" in body and attestation.number in body
        assert "C. Martin" in body and "Transition écologique" in body
        assert "Ministère de la Justice" in body and "3,5 heures" in body
        assert "12 mars 2026" in body
        assert "Claire" not in body and "claire.martin@justice.gouv.fr" not in body
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_the_form_accepts_a_number_typed_loosely(self, client, attestation):
        typed = f" {attestation.number.lower()[:9]} {attestation.number.lower()[9:]} "
        response = client.get(reverse("attestations:verify"), {"numero": typed})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse(
            "attestations:verify_number", args=[attestation.number]
        )

    def test_the_empty_form(self, client):
        response = client.get(reverse("attestations:verify"))
        assert response.status_code == HTTPStatus.OK
        assert "Numéro de l’attestation" in response.content.decode()

    def test_an_unknown_number_is_a_french_404(self, client, attestation):
        other = (
            "MNT-2026-ZZZZZZZZ"
            if attestation.number != "MNT-2026-ZZZZZZZZ"
            else "MNT-2026-YYYYYYYY"
        )
        response = client.get(reverse("attestations:verify_number", args=[other]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Aucune attestation ne porte ce numéro" in response.content.decode()

    def test_a_revoked_number_says_so(self, client, attestation, platform_admin):
        attestation_revoke(actor=platform_admin, attestation=attestation, reason="Fraude détectée")
        response = client.get(reverse("attestations:verify_number", args=[attestation.number]))
        body = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Attestation révoquée le" in body and "Attestation valide" not in body
        assert "Fraude détectée" not in body  # the reason is not public

    @pytest.mark.parametrize(
        "raw",
        [
            "../../etc/passwd",
            "..%2F..%2Fetc",
            "A" * 5000,
            "%00",
            "MNT-2026-%00AAAAAAA",
            "<script>x</script>",
            "%C0%AF",
            "%FF%FE",
            "MNT-2026-ABCD' OR 1=1 --",
            "ＭＮＴ-2026-ABCDEFGH",
        ],
    )
    def test_malformed_input_never_fails(self, client, attestation, raw):
        path = reverse("attestations:verify") + raw + "/"
        response = client.get(path)
        assert response.status_code in (HTTPStatus.NOT_FOUND, HTTPStatus.BAD_REQUEST)
        encoded = reverse("attestations:verify") + quote(raw, safe="") + "/"
        assert client.get(encoded).status_code == HTTPStatus.NOT_FOUND
        form = client.get(reverse("attestations:verify"), {"numero": raw})
        assert form.status_code == HTTPStatus.OK
        assert (
            "fr-fieldset--error" in form.content.decode()
            or "fr-input-group--error" in form.content.decode()
        )


@pytest.mark.django_db
def test_the_personal_data_export_lists_the_attestations(agent, attestation):
    attestation.refresh_from_db()
    section = personal_data_export(user=agent)["attestations"]
    assert section == [
        {
            "numero": attestation.number,
            "formation": "Transition écologique : les fondamentaux",
            "producteur": "Ministère de la Justice",
            "duree_heures": "3.5",
            "terminee_le": attestation.completed_at.isoformat(),
            "delivree_le": attestation.issued_at.isoformat(),
            "revoquee_le": None,
        }
    ]


@pytest.mark.django_db
class TestDeliveryChoice:
    """Designers choose, from the course content page, that a training delivers none."""

    @pytest.fixture
    def designer(self, justice, platform_admin):
        return role_holder(Role.DESIGNER, justice, actor=platform_admin)

    def test_the_designer_switches_attestations_off_and_on(
        self, client, designer, training, enrolment
    ):
        client.force_login(designer)
        content = client.get(reverse("learning:authoring", args=[training.slug])).content.decode()
        assert reverse("attestations:delivery", args=[training.slug]) in content
        url = reverse("attestations:delivery", args=[training.slug])
        response = client.post(url, {"delivers": "non"}, follow=True)
        assert "ne délivre pas d’attestation" in response.content.decode()
        training.refresh_from_db()
        assert training.delivers_attestation is False
        # A completion from now on gets none.
        assert attestation_issue(completion=complete(enrolment)) is None
        client.post(url, {"delivers": "oui"})
        training.refresh_from_db()
        assert training.delivers_attestation is True

    def test_others_cannot_change_it(self, client, training, agent, justice):
        tutor = UserFactory(entity=justice)
        role_grant(
            actor=UserFactory(is_superuser=True), user=tutor, role=Role.TUTOR, entity=justice
        )
        for user in (agent, tutor):
            client.force_login(user)
            response = client.post(
                reverse("attestations:delivery", args=[training.slug]), {"delivers": "non"}
            )
            assert response.status_code == HTTPStatus.NOT_FOUND
        training.refresh_from_db()
        assert training.delivers_attestation is True
        with pytest.raises(PermissionDenied):
            training_attestation_set(actor=agent, training=training, delivers=False)


@pytest.mark.django_db(transaction=True)
def test_a_failing_attestation_task_neither_breaks_completion_nor_loses_the_attestation(
    client, agent, enrolment, monkeypatch
):
    """The completion commits even if issuing the attestation after it fails (broker and
    inline run both failing): the learner sees their page, and the attestation is issued
    when they download it."""

    class FailingTask:
        name = "attestations.failing"

        def __getattr__(self, attribute):  # delay, apply_async, apply...
            def fail(*args, **kwargs):
                raise ConnectionError("broker unreachable")

            return fail

    monkeypatch.setattr(signals, "attestation_issue_for", FailingTask())
    page = ActivityFactory(section=SectionFactory(training=enrolment.session.training))
    client.force_login(agent)
    response = client.get(reverse("learning:activity", args=[enrolment.pk, page.pk]))
    assert response.status_code == HTTPStatus.OK
    assert "Formation terminée" in response.content.decode()
    assert Completion.objects.filter(enrolment=enrolment).count() == 1
    assert not Attestation.objects.exists()
    response = client.get(reverse("attestations:download", args=[enrolment.pk]))
    assert response.status_code == HTTPStatus.OK and response.content.startswith(b"%PDF-")
    assert Attestation.objects.filter(enrolment=enrolment).count() == 1


@pytest.mark.django_db
def test_the_pdf_shows_the_attestation_and_a_qr_code_of_its_verification_url(attestation):
    url = verification_url(attestation.number)
    assert url.startswith("http") and url.endswith(f"/attestations/verifier/{attestation.number}/")
    pdf = attestation_pdf(attestation, verify_url=url)
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    # On the page (not only in the metadata): who, what, by whom, how long, when.
    for expected in (
        "Martin",
        "« Transition écologique : les fondamentaux »",
        "produite par le Ministère de la Justice,",
        "d’une durée indicative de 3,5 heures,",
        "et l’a terminée le 12 mars 2026.",
        f"Attestation n° {attestation.number}",
        "Vérifiez son authenticité",
        "Fait pour servir et valoir ce que de droit",
    ):
        assert expected in text, expected
    assert url in text.replace(" ", "")
    # The address is a link, and the QR code (an image) is that address's.
    links = [
        annot.get_object()["/A"]["/URI"]
        for annot in reader.pages[0].get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert links == [url]
    assert _qr_data_uri(url) in attestation_html(attestation, verify_url=url)


def _structure(node, found: list) -> list:
    """(role, alternative text) of every element under a structure tree node."""
    node = node.get_object()
    if "/S" in node:
        found.append((str(node["/S"]), node.get("/Alt")))
    kids = node.get("/K")
    if kids is not None:
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "keys"):
                _structure(kid, found)
    return found


@pytest.mark.django_db
def test_the_pdf_is_tagged_pdf_ua_in_french(attestation):
    """PDF/UA-1: a structure tree, marked content, the document language, its title shown
    instead of the file name, and the PDF/UA identification in the XMP metadata; the QR code
    is a figure with its alternative text."""
    pdf = attestation_pdf(attestation, verify_url="https://mentor.example/v")
    reader = PdfReader(BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "fr"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == f"Attestation de participation {attestation.number}"
    xmp = root["/Metadata"].get_object().get_data()
    assert re.search(rb"pdfuaid:part(>|=\"|\s*=\s*')1", xmp), xmp
    elements = _structure(root["/StructTreeRoot"], [])
    roles = {role for role, _alt in elements}
    assert {"/H1", "/P", "/Figure", "/Link"} <= roles, roles
    figures = [alt for role, alt in elements if role == "/Figure"]
    assert figures and all(
        alt and str(alt).startswith("Code QR de la page de vérification") for alt in figures
    )


@pytest.mark.django_db
def test_the_producer_is_named_with_its_article(attestation, training):
    assert attestation.producer_article == "le"  # as the reference data has it
    assert attestation.producer_with_article == "le Ministère de la Justice"
    producer = training.producer
    for article, name, by, of in (
        ("la", "Direction du budget", "la Direction du budget", "de la Direction du budget"),
        ("l’", "Agence nationale", "l’Agence nationale", "de l’Agence nationale"),
        ("le", "Commissariat général", "le Commissariat général", "du Commissariat général"),
        (
            "les",
            "Services du Premier ministre",
            "les Services du Premier ministre",
            "des Services du Premier ministre",
        ),
        ("", "Météo-France", "Météo-France", "de Météo-France"),
    ):
        producer.article, producer.name = article, name
        assert (producer.name_with_article, producer.name_after_de) == (by, of)
