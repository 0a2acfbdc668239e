"""Work-situation and experience-feedback activities: handing in, the tutor's review, who
sees what, and the live effect on a path."""

from http import HTTPStatus

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.accounts.personal_data import personal_data_erase, personal_data_export
from mentor.audit.models import AuditEvent
from mentor.learning.models import ActivityProgress, Completion, ProgressStatus
from mentor.paths.models import PathModule, Submission, SubmissionStatus
from mentor.paths.selectors import ModuleState, module_states
from mentor.paths.submissions import SubmissionError, submission_review, submission_send
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def session(db):
    return SessionFactory(training=TrainingFactory(title="Accueil du public"), title="2025")


@pytest.fixture
def tutor(session):
    tutor = UserFactory(email="tutrice@justice.gouv.fr")
    session.tutors.add(tutor)
    return tutor


@pytest.fixture
def work(session):
    return ActivityFactory(
        section=SectionFactory(training=session.training),
        kind="work_situation",
        title="Accueillir un usager",
        completion_rule="validated",
        body="<p>Décrivez une situation d’accueil réelle.</p>",
    )


@pytest.fixture
def learner(session):
    return EnrolmentFactory(user=UserFactory(email="agent@justice.gouv.fr"), session=session)


def pdf(name="livrable.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class TestWorkSituation:
    def test_handed_in_then_validated_completes_the_training(self, learner, work, tutor):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        assert submission.status == SubmissionStatus.SUBMITTED
        assert not Completion.objects.filter(enrolment=learner).exists()
        assert not ActivityProgress.objects.filter(
            enrolment=learner, activity=work, status=ProgressStatus.COMPLETED
        ).exists()

        submission_review(
            reviewer=tutor, submission_id=submission.pk, validated=True, comment="Très clair."
        )
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.VALIDATED
        assert submission.comment == "Très clair."
        assert Completion.objects.filter(enrolment=learner).exists()
        assert AuditEvent.objects.filter(action="paths.submission_validated").count() == 1

    def test_returned_needs_a_comment_and_may_be_handed_in_again(self, learner, work, tutor):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        with pytest.raises(SubmissionError, match="reprendre"):
            submission_review(
                reviewer=tutor, submission_id=submission.pk, validated=False, comment=" "
            )
        submission_review(
            reviewer=tutor,
            submission_id=submission.pk,
            validated=False,
            comment="Ajoutez le contexte.",
        )
        assert Submission.objects.get().status == SubmissionStatus.RETURNED
        again = submission_send(enrolment=learner, activity=work, text="Contexte ajouté.")
        assert again.pk == submission.pk
        assert again.status == SubmissionStatus.SUBMITTED
        assert again.file  # the deliverable already handed in is kept

    def test_a_deliverable_is_required_and_checked_like_other_uploads(self, learner, work):
        with pytest.raises(SubmissionError, match="livrable"):
            submission_send(enrolment=learner, activity=work, text="Sans fichier")
        page = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
        with pytest.raises(SubmissionError, match="type de fichier"):
            submission_send(enrolment=learner, activity=work, upload=page)
        fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00", content_type="application/pdf")
        with pytest.raises(SubmissionError, match="ne correspond pas"):
            submission_send(enrolment=learner, activity=work, upload=fake)
        assert not Submission.objects.exists()

    def test_validated_work_cannot_be_replaced(self, learner, work, tutor):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        submission_review(reviewer=tutor, submission_id=submission.pk, validated=True, comment="")
        with pytest.raises(SubmissionError, match="validé"):
            submission_send(enrolment=learner, activity=work, upload=pdf())

    def test_someone_who_does_not_tutor_the_session_cannot_review(self, learner, work):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        other = UserFactory()
        SessionFactory(training=work.section.training).tutors.add(other)  # another session
        with pytest.raises(SubmissionError):
            submission_review(
                reviewer=other, submission_id=submission.pk, validated=True, comment=""
            )
        assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


class TestFeedback:
    def test_handing_in_the_text_completes_it(self, learner, session):
        feedback = ActivityFactory(
            section=SectionFactory(training=session.training),
            kind="feedback",
            completion_rule="submitted",
        )
        with pytest.raises(SubmissionError, match="retour"):
            submission_send(enrolment=learner, activity=feedback, text="  ")
        submission_send(enrolment=learner, activity=feedback, text="J’ai appris à écouter.")
        assert ActivityProgress.objects.get(enrolment=learner).status == ProgressStatus.COMPLETED


class TestPages:
    def test_learner_hands_in_through_the_player(self, client, learner, work):
        client.force_login(learner.user)
        player = reverse("learning:activity", args=[learner.pk, work.pk])
        page = client.get(player).text
        assert "Déposer votre livrable" in page
        assert "Décrivez une situation d’accueil réelle." in page
        response = client.post(
            reverse("paths:submission_send", args=[learner.pk, work.pk]), {"file": pdf()}
        )
        assert response.status_code == HTTPStatus.FOUND
        page = client.get(player).text
        assert 'data-status="submitted"' in page

    def test_bad_upload_is_said_in_french_and_nothing_stored(self, client, learner, work):
        client.force_login(learner.user)
        response = client.post(
            reverse("paths:submission_send", args=[learner.pk, work.pk]),
            {"file": SimpleUploadedFile("x.exe", b"MZ")},
            HTTP_REFERER=reverse("learning:activity", args=[learner.pk, work.pk]),
            follow=True,
        )
        assert response.status_code == HTTPStatus.OK
        assert "Ce type de fichier n’est pas accepté" in response.text
        assert not Submission.objects.exists()

    def test_someone_else_cannot_hand_in_for_the_learner(self, client, learner, work):
        client.force_login(UserFactory())
        response = client.post(
            reverse("paths:submission_send", args=[learner.pk, work.pk]), {"file": pdf()}
        )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not Submission.objects.exists()

    def test_who_may_download_the_deliverable(self, client, learner, work, tutor):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        url = reverse("paths:submission_file", args=[submission.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND  # anonymous
        client.force_login(UserFactory())
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND  # another agent
        for reader in (learner.user, tutor):
            client.force_login(reader)
            response = client.get(url)
            assert response.status_code == HTTPStatus.OK
            assert b"".join(response.streaming_content) == PDF
            assert "attachment" in response["Content-Disposition"]

    def test_queue_shows_the_tutors_sessions_only_at_a_fixed_query_count(
        self, client, learner, work, tutor
    ):
        submission_send(enrolment=learner, activity=work, upload=pdf())
        elsewhere = EnrolmentFactory(
            user=UserFactory(), session=SessionFactory(training=work.section.training)
        )
        other_work = submission_send(enrolment=elsewhere, activity=work, upload=pdf())
        client.force_login(tutor)

        def queries() -> tuple[int, str]:
            client.get(reverse("paths:review_queue"))
            with CaptureQueriesContext(connection) as captured:
                page = client.get(reverse("paths:review_queue")).text
            return len(captured.captured_queries), page

        count, page = queries()
        assert "agent@justice.gouv.fr" in page or learner.user.get_full_name() in page
        assert reverse("paths:review", args=[other_work.pk]) not in page
        for _ in range(5):
            submission_send(
                enrolment=EnrolmentFactory(user=UserFactory(), session=learner.session),
                activity=work,
                upload=pdf(),
            )
        assert queries()[0] == count
        client.force_login(UserFactory())
        assert "Aucun travail" in client.get(reverse("paths:review_queue")).text
        assert client.get(reverse("paths:review", args=[other_work.pk])).status_code == 404

    def test_tutor_validates_from_the_review_page(self, client, learner, work, tutor):
        submission = submission_send(enrolment=learner, activity=work, upload=pdf())
        client.force_login(tutor)
        url = reverse("paths:review", args=[submission.pk])
        assert "Télécharger le livrable" in client.get(url).text
        client.post(url, {"decision": "validate", "comment": "Bravo."})
        assert Submission.objects.get().status == SubmissionStatus.VALIDATED

    def test_preview_and_editor_know_the_new_kinds(self, client, work, platform_admin):
        training = work.section.training
        client.force_login(platform_admin)
        page = client.get(reverse("learning:preview_activity", args=[training.slug, work.pk]))
        assert "L’apprenant dépose ici son livrable" in page.text
        editor = client.get(
            reverse("learning:activity_create", args=[training.slug, work.section.pk])
            + "?type=feedback"
        ).text
        assert "Validée par un tuteur" in editor


def test_validating_the_work_completes_the_path_module_at_once(module, path_session):
    linked = module.linked_session
    work = ActivityFactory(
        section=SectionFactory(training=linked.training),
        kind="work_situation",
        completion_rule="validated",
    )
    agent = UserFactory()
    EnrolmentFactory(user=agent, session=path_session)
    enrolment = EnrolmentFactory(user=agent, session=linked)
    tutor = UserFactory()
    linked.tutors.add(tutor)
    submission = submission_send(enrolment=enrolment, activity=work, upload=pdf())
    modules = list(PathModule.objects.filter(pk=module.pk).select_related("linked_session"))
    assert module_states(modules=modules, user_ids=[agent.pk])[(agent.pk, module.pk)].state in (
        ModuleState.IN_PROGRESS,
    )
    submission_review(reviewer=tutor, submission_id=submission.pk, validated=True, comment="")
    state = module_states(modules=modules, user_ids=[agent.pk])[(agent.pk, module.pk)].state
    assert state == ModuleState.DONE


def test_submissions_in_the_export_and_erased(learner, work):
    submission_send(enrolment=learner, activity=work, text="Mon service", upload=pdf())
    stored = Submission.objects.get().file.name
    [row] = personal_data_export(user=learner.user)["travaux_remis"]
    assert row["texte"] == "Mon service" and row["livrable"] is True
    personal_data_erase(user=learner.user)
    submission = Submission.objects.get()
    assert (submission.text, submission.file.name) == ("", "")
    assert not default_storage.exists(stored)


def test_the_submission_forms_label_their_text_by_kind():
    """The experience feedback asks for "Votre retour d’expérience", the work situation for
    a word to the tutor: the labels the page shows, not the form's generic one."""
    from mentor.paths.kinds import SubmissionForm  # noqa: PLC0415 (one test's helper)

    feedback = SubmissionForm(kind="feedback")
    assert "file" not in feedback.fields
    assert "Votre retour d’expérience" in str(feedback["text"].label_tag())
    work = SubmissionForm(kind="work_situation")
    assert "Un mot pour votre tuteur" in str(work["text"].label_tag())
