"""Player, authoring and tutoring pages: access, bad input, query budget."""

import csv
import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.audit.models import AuditEvent
from mentor.demo.scorm_package import demo_package_bytes
from mentor.enrolments.models import Enrolment
from mentor.learning.authoring import activity_move
from mentor.learning.models import (
    Activity,
    ActivityProgress,
    Attendance,
    Choice,
    Completion,
    Post,
    Question,
    Section,
    Thread,
)
from mentor.learning.services import LearningError
from mentor.learning.tutoring import attendance_record, attendance_record_many, tutor_message_send
from mentor.scorm.models import Package
from tests.factories import SessionFactory, TrainingFactory, UserFactory, role_holder
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory, quiz
from tests.markup import missing_describedby_targets


@pytest.fixture
def setup(justice, platform_admin):
    training = TrainingFactory(producer=justice, owner_entity=justice, title="Rédiger un acte")
    section = SectionFactory(training=training, title="Les bases")
    page = ActivityFactory(section=section, title="Introduction", body="<p>Bienvenue</p>")
    quiz_activity, questions = quiz(section)
    session = SessionFactory(training=training)
    learner = UserFactory(
        email="claire@justice.gouv.fr", entity=justice, first_name="Claire", last_name="Martin"
    )
    enrolment = EnrolmentFactory(session=session, user=learner)
    tutor = role_holder(Role.TUTOR, justice, actor=platform_admin, email="tuteur@justice.gouv.fr")
    session.tutors.add(tutor)
    designer = role_holder(
        Role.DESIGNER, justice, actor=platform_admin, email="conceptrice@justice.gouv.fr"
    )
    return {
        "training": training,
        "section": section,
        "page": page,
        "quiz": quiz_activity,
        "questions": questions,
        "session": session,
        "learner": learner,
        "enrolment": enrolment,
        "tutor": tutor,
        "designer": designer,
    }


@pytest.mark.django_db
class TestPlayer:
    def test_resume_opens_the_first_unfinished_activity_and_viewing_completes_a_page(
        self, client, setup
    ):
        client.force_login(setup["learner"])
        response = client.get(reverse("learning:course", args=[setup["enrolment"].pk]))
        assert response["Location"].endswith(f"/{setup['page'].pk}/")
        page = client.get(response["Location"]).content.decode()
        assert "Bienvenue" in page and "Plan de la formation" in page
        assert ActivityProgress.objects.get(activity=setup["page"]).status == "completed"
        # Next time, resume goes to the quiz.
        response = client.get(reverse("learning:course", args=[setup["enrolment"].pk]))
        assert response["Location"].endswith(f"/{setup['quiz'].pk}/")

    def test_opening_the_course_catches_up_with_a_rule_changed_since(self, client, setup):
        client.force_login(setup["learner"])
        client.get(reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk]))
        assert not Completion.objects.exists()
        # The designer makes the quiz optional: the page was the only thing left to do.
        setup["quiz"].required = False
        setup["quiz"].save()
        client.get(reverse("learning:course", args=[setup["enrolment"].pk]))
        client.get(reverse("learning:course", args=[setup["enrolment"].pk]))
        assert Completion.objects.filter(enrolment=setup["enrolment"]).count() == 1

    def test_someone_else_cannot_open_the_course(self, client, setup, justice):
        client.force_login(UserFactory(entity=justice))
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND
        body = response.content.decode()
        assert "Vous n’êtes pas inscrit à cette formation." in body
        assert "Mes formations" in body and "Bienvenue" not in body
        assert not ActivityProgress.objects.exists()

    @pytest.mark.parametrize("name", ["learning:course", "quiz", "thread_create"])
    def test_not_enrolled_everywhere_in_the_player(self, client, setup, justice, name):
        client.force_login(UserFactory(entity=justice))
        enrolment = setup["enrolment"].pk
        if name == "learning:course":
            response = client.get(reverse(name, args=[enrolment]))
        elif name == "quiz":
            response = client.post(
                reverse("learning:quiz_submit", args=[enrolment, setup["quiz"].pk]), {}
            )
        else:
            response = client.post(
                reverse("learning:thread_create", args=[enrolment, setup["page"].pk]),
                {"title": "x", "body": "y"},
            )
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "pas inscrit" in response.content.decode()
        assert not ActivityProgress.objects.exists()

    def test_a_cancelled_enrolment_no_longer_opens_the_course(self, client, setup):
        Enrolment.objects.filter(pk=setup["enrolment"].pk).update(status="cancelled")
        client.force_login(setup["learner"])
        response = client.get(reverse("learning:course", args=[setup["enrolment"].pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "pas inscrit" in response.content.decode()

    def test_completion_offers_the_attestation_and_the_survey(self, client, setup):
        client.force_login(setup["learner"])
        qs = setup["questions"]
        right = {
            f"q{qs['single'].pk}": qs["single"].choices.get(correct=True).pk,
            f"q{qs['multiple'].pk}": [c.pk for c in qs["multiple"].choices.filter(correct=True)],
            f"q{qs['tf'].pk}": qs["tf"].choices.get(correct=True).pk,
            f"q{qs['short'].pk}": "Liberté, égalité, fraternité",
        }
        client.get(reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk]))
        url = reverse("learning:quiz_submit", args=[setup["enrolment"].pk, setup["quiz"].pk])
        body = client.post(url, right, follow=True).content.decode()
        assert "Quiz réussi : 100 %." in body  # French number, not "100.00"
        assert "Formation terminée" in body
        assert reverse("attestations:download", args=[setup["enrolment"].pk]) in body
        assert reverse("surveys:answer", args=[setup["enrolment"].pk]) in body

    def test_no_attestation_link_when_the_training_delivers_none(self, client, setup):
        setup["training"].delivers_attestation = False
        setup["training"].save()
        setup["quiz"].required = False
        setup["quiz"].save()
        client.force_login(setup["learner"])
        body = client.get(
            reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        ).content.decode()
        assert "Formation terminée" in body
        assert reverse("attestations:download", args=[setup["enrolment"].pk]) not in body
        assert reverse("surveys:answer", args=[setup["enrolment"].pk]) in body

    def test_feedback_stays_visible_once_the_attempts_are_used(self, client, setup):
        Question.objects.filter(pk=setup["questions"]["single"].pk).update(
            feedback="Paris est la capitale."
        )
        setup["quiz"].max_attempts = 1
        setup["quiz"].save()
        client.force_login(setup["learner"])
        url = reverse("learning:quiz_submit", args=[setup["enrolment"].pk, setup["quiz"].pk])
        body = client.post(url, {}, follow=True).content.decode()
        assert "toutes vos tentatives" in body
        assert "Paris est la capitale." in body and "Valider mes réponses" not in body
        # A forged second attempt past the limit is refused and stores nothing.
        body = client.post(url, {}, follow=True).content.decode()
        assert "utilisé toutes vos tentatives pour ce quiz" in body
        assert setup["enrolment"].quiz_attempts.count() == 1

    def test_an_activity_of_another_training_is_a_404(self, client, setup, justice):
        other = ActivityFactory(section=SectionFactory(training=TrainingFactory(producer=justice)))
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, other.pk])
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND

    def test_quiz_submission_through_the_page_is_graded_on_the_server(self, client, setup):
        client.force_login(setup["learner"])
        qs = setup["questions"]
        right = {
            f"q{qs['single'].pk}": qs["single"].choices.get(correct=True).pk,
            f"q{qs['multiple'].pk}": [c.pk for c in qs["multiple"].choices.filter(correct=True)],
            f"q{qs['tf'].pk}": qs["tf"].choices.get(correct=True).pk,
            f"q{qs['short'].pk}": "liberte egalite fraternite",
            "score": "100",  # forged: ignored
        }
        url = reverse("learning:quiz_submit", args=[setup["enrolment"].pk, setup["quiz"].pk])
        response = client.post(url, right, follow=True)
        assert "Quiz réussi" in response.content.decode()
        client.get(reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk]))
        assert Completion.objects.filter(enrolment=setup["enrolment"]).exists()

    def test_a_forged_quiz_post_with_garbage_scores_zero(self, client, setup):
        client.force_login(setup["learner"])
        url = reverse("learning:quiz_submit", args=[setup["enrolment"].pk, setup["quiz"].pk])
        response = client.post(
            url, {"q999": "1", f"q{setup['questions']['single'].pk}": "x" * 10000}, follow=True
        )
        assert response.status_code == HTTPStatus.OK and "Score : 0" in response.content.decode()

    def test_heartbeat_rejects_garbage(self, client, setup):
        client.force_login(setup["learner"])
        url = reverse("learning:heartbeat", args=[setup["enrolment"].pk, setup["page"].pk])
        assert client.post(url, {"seconds": "abc"}).status_code == HTTPStatus.BAD_REQUEST
        assert client.post(url, {"seconds": "20"}).json() == {"ok": True, "credited": 20}
        # Someone else's enrolment: a French refusal, nothing recorded.
        other = UserFactory(entity=setup["learner"].entity)
        client.force_login(other)
        response = client.post(url, {"seconds": "20"})
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "inscrit" in response.json()["message"]
        assert ActivityProgress.objects.get(activity=setup["page"]).time_spent == 20

    def test_forum_post_and_reply(self, client, setup):
        forum = ActivityFactory(
            section=setup["section"], kind="forum", completion_rule="posted", title="Échanges"
        )
        client.force_login(setup["learner"])
        url = reverse("learning:thread_create", args=[setup["enrolment"].pk, forum.pk])
        response = client.post(url, {"title": "Question", "body": "Comment citer un décret ?"})
        assert response.status_code == HTTPStatus.FOUND
        thread_page = client.get(response["Location"]).content.decode()
        assert "Comment citer un décret" in thread_page
        assert ActivityProgress.objects.get(activity=forum).status == "completed"


@pytest.mark.django_db
class TestAuthoring:
    def test_a_designer_builds_a_course(self, client, setup):
        client.force_login(setup["designer"])
        slug = setup["training"].slug
        client.post(
            reverse("learning:section_create", args=[slug]), {"title": "Pour aller plus loin"}
        )
        section = setup["training"].sections.get(title="Pour aller plus loin")
        url = reverse("learning:activity_create", args=[slug, section.pk]) + "?type=page"
        response = client.post(
            url,
            {
                "type": "page",
                "title": "Lecture",
                "required": "on",
                "body": '<p onclick="x()">Texte<script>alert(1)</script><a href="javascript:alert(1)">lien</a></p>',
            },
        )
        assert response.status_code == HTTPStatus.FOUND
        activity = Activity.objects.get(title="Lecture")
        assert (
            "script" not in activity.body
            and "onclick" not in activity.body
            and "javascript" not in activity.body
        )
        assert activity.completion_rule == "viewed"

    def test_a_virtual_class_needs_a_coherent_date(self, client, setup):
        client.force_login(setup["designer"])
        url = reverse(
            "learning:activity_create", args=[setup["training"].slug, setup["section"].pk]
        )
        data = {
            "type": "virtual_class",
            "title": "Classe virtuelle",
            "required": "on",
            "join_url": "webconf.numerique.gouv.fr/salle",
        }
        response = client.post(url + "?type=virtual_class", data)
        assert "Indiquez la date et l’heure" in response.content.decode()
        response = client.post(
            url + "?type=virtual_class",
            {**data, "starts_at": "2026-12-01T10:00", "ends_at": "2026-12-01T09:00"},
        )
        assert "La fin doit venir après le début." in response.content.decode()
        assert not Activity.objects.filter(kind="virtual_class").exists()
        response = client.post(
            url + "?type=virtual_class",
            {**data, "starts_at": "2026-12-01T10:00", "ends_at": "2026-12-01T12:00"},
        )
        assert response.status_code == HTTPStatus.FOUND
        activity = Activity.objects.get(kind="virtual_class")
        assert activity.join_url == "https://webconf.numerique.gouv.fr/salle"
        assert activity.completion_rule == "attended"

    def test_quiz_questions_are_validated(self, client, setup):
        client.force_login(setup["designer"])
        url = reverse("learning:question_add", args=[setup["training"].slug, setup["quiz"].pk])
        before = Question.objects.count()
        response = client.post(
            url, {"kind": "single", "text": "?", "choices_text": "A\nB", "points": 1}, follow=True
        )
        assert "dont un bon" in response.content.decode()
        client.post(
            url, {"kind": "single", "text": "Bonne ?", "choices_text": "*A\nB", "points": 1}
        )
        assert Question.objects.count() == before + 1

    def test_moving_activities(self, client, setup):
        client.force_login(setup["designer"])
        url = reverse("learning:activity_move", args=[setup["training"].slug, setup["quiz"].pk])
        client.post(url, {"direction": "up"})
        order = list(
            setup["section"].activities.order_by("position").values_list("title", flat=True)
        )
        assert order == ["Quiz", "Introduction"]

    def test_sections_are_renamed_reordered_and_deleted_when_empty(self, client, setup):
        client.force_login(setup["designer"])
        slug = setup["training"].slug
        client.post(reverse("learning:section_create", args=[slug]), {"title": "Annexes"})
        annexes = Section.objects.get(title="Annexes")
        client.post(reverse("learning:section_move", args=[slug, annexes.pk]), {"direction": "up"})
        order = list(setup["training"].sections.values_list("title", flat=True))
        assert order == ["Annexes", "Les bases"]
        response = client.post(
            reverse("learning:section_edit", args=[slug, annexes.pk]), {"title": "  "}, follow=True
        )
        assert "Donnez un titre" in response.content.decode()
        client.post(reverse("learning:section_edit", args=[slug, annexes.pk]), {"title": "Annexe"})
        annexes.refresh_from_db()
        assert annexes.title == "Annexe"
        # A section with activities is kept: learners' progress hangs on them.
        response = client.post(
            reverse("learning:section_delete", args=[slug, setup["section"].pk]), follow=True
        )
        assert "contient des activités" in response.content.decode()
        assert Section.objects.filter(pk=setup["section"].pk).exists()
        client.post(reverse("learning:section_delete", args=[slug, annexes.pk]))
        assert not Section.objects.filter(pk=annexes.pk).exists()

    def test_others_cannot_touch_sections(self, client, setup):
        client.force_login(setup["tutor"])
        url = reverse("learning:section_delete", args=[setup["training"].slug, setup["section"].pk])
        assert client.post(url).status_code == HTTPStatus.NOT_FOUND
        assert Section.objects.filter(pk=setup["section"].pk).exists()

    def test_an_activity_learners_started_cannot_be_deleted(self, client, setup):
        ActivityProgress.objects.create(enrolment=setup["enrolment"], activity=setup["page"])
        client.force_login(setup["designer"])
        response = client.post(
            reverse("learning:activity_delete", args=[setup["training"].slug, setup["page"].pk]),
            follow=True,
        )
        assert "rendez-la facultative" in response.content.decode()
        assert Activity.objects.filter(pk=setup["page"].pk).exists()

    def test_learners_and_tutors_cannot_author(self, client, setup):
        for user in (setup["learner"], setup["tutor"]):
            client.force_login(user)
            assert (
                client.get(reverse("learning:authoring", args=[setup["training"].slug])).status_code
                == 404
            )

    def test_preview_records_nothing(self, client, setup):
        client.force_login(setup["designer"])
        response = client.get(reverse("learning:preview", args=[setup["training"].slug]))
        assert (
            response.status_code == HTTPStatus.OK
            and "Rien n’est enregistré" in response.content.decode()
        )
        assert not ActivityProgress.objects.exists()


@pytest.mark.django_db
class TestAuthoringMarkup:
    @pytest.mark.parametrize("kind", ["file", "video", "page"])
    def test_help_texts_named_by_aria_describedby_exist(self, client, setup, kind):
        client.force_login(setup["designer"])
        url = reverse(
            "learning:activity_create", args=[setup["training"].slug, setup["section"].pk]
        )
        page = client.get(url, {"type": kind}).content.decode()
        assert "aria-describedby" in page
        assert missing_describedby_targets(page) == []

    def test_the_file_and_captions_help_texts_are_linked(self, client, setup):
        client.force_login(setup["designer"])
        url = reverse(
            "learning:activity_create", args=[setup["training"].slug, setup["section"].pk]
        )
        page = client.get(url, {"type": "video"}).content.decode()
        assert 'aria-describedby="id_captions_helptext"' in page
        assert 'id="id_captions_helptext"' in page

    def test_repeated_section_buttons_say_which_section(self, client, setup):
        SectionFactory(training=setup["training"], title="Pour aller plus loin")
        client.force_login(setup["designer"])
        page = client.get(reverse("learning:authoring", args=[setup["training"].slug]))
        html = page.content.decode()
        for name in ("Les bases", "Pour aller plus loin"):
            assert f'Renommer<span class="fr-sr-only"> la section « {name} »</span>' in html
            assert (
                f'Ajouter une activité<span class="fr-sr-only"> à la section « {name} »</span>'
                in html
            )
        assert 'Descendre la section<span class="fr-sr-only"> « Les bases »</span>' in html
        assert 'Monter la section<span class="fr-sr-only"> « Pour aller plus loin »</span>' in html


@pytest.mark.django_db
class TestTutoring:
    def test_the_counts_agree_in_number_with_french_plurals(self, client, setup):
        client.force_login(setup["tutor"])
        url = reverse("learning:tutor_progress", args=[setup["session"].pk])
        page = client.get(url).content.decode()
        assert "1 apprenant inscrit, 0 ont terminé la formation." in page
        assert "apprenants inscrits" not in page
        EnrolmentFactory(session=setup["session"], user=UserFactory())
        page = client.get(url).content.decode()
        assert "2 apprenants inscrits," in page

    def test_the_export_names_the_enrolment_date_neutrally(self, client, setup):
        client.force_login(setup["tutor"])
        export = client.get(reverse("learning:tutor_export", args=[setup["session"].pk]))
        header = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()[0]
        assert "Inscription le" in header.split(";") and "Inscrit le" not in header

    def test_a_tutor_sees_progress_marks_attendance_and_exports(self, client, setup, mailoutbox):
        in_person = ActivityFactory(
            section=setup["section"], kind="in_person", completion_rule="attended", title="Journée"
        )
        client.force_login(setup["tutor"])
        response = client.get(reverse("learning:tutor_progress", args=[setup["session"].pk]))
        assert "Martin" in response.content.decode()
        url = reverse("learning:tutor_attendance", args=[setup["session"].pk, in_person.pk])
        client.post(url, {"shown": [setup["enrolment"].pk], "present": [setup["enrolment"].pk]})
        assert Attendance.objects.get().present
        assert ActivityProgress.objects.get(activity=in_person).status == "completed"
        export = client.get(reverse("learning:tutor_export", args=[setup["session"].pk]))
        rows = list(
            csv.reader(
                io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"
            )
        )
        assert rows[1][:3] == ["Martin", "Claire", "claire@justice.gouv.fr"]
        client.post(
            reverse("learning:tutor_message", args=[setup["session"].pk, setup["enrolment"].pk]),
            {"subject": "Relance", "body": "N’oubliez pas le quiz."},
        )
        assert mailoutbox[-1].to == ["claire@justice.gouv.fr"] and mailoutbox[-1].reply_to == [
            "tuteur@justice.gouv.fr"
        ]

    def test_the_attendance_sheet_is_recorded_whole_and_only_for_the_session(self, setup):
        in_person = ActivityFactory(
            section=setup["section"], kind="in_person", completion_rule="attended", title="Journée"
        )
        absent = EnrolmentFactory(session=setup["session"], user=UserFactory())
        elsewhere = EnrolmentFactory(
            session=SessionFactory(training=setup["training"]), user=UserFactory()
        )
        count = attendance_record_many(
            tutor=setup["tutor"],
            session=setup["session"],
            activity=in_person,
            shown_ids={setup["enrolment"].pk, absent.pk, elsewhere.pk},
            present_ids={setup["enrolment"].pk, elsewhere.pk},
        )
        assert count == 2
        assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
            setup["enrolment"].pk: True,
            absent.pk: False,
        }

    def test_someone_who_does_not_tutor_the_session_records_nothing(self, setup):
        in_person = ActivityFactory(
            section=setup["section"], kind="in_person", completion_rule="attended", title="Journée"
        )
        with pytest.raises(PermissionDenied):
            attendance_record_many(
                tutor=setup["learner"],
                session=setup["session"],
                activity=in_person,
                shown_ids={setup["enrolment"].pk},
                present_ids={setup["enrolment"].pk},
            )
        with pytest.raises(PermissionDenied):
            tutor_message_send(
                tutor=setup["learner"], enrolment=setup["enrolment"], subject="Hé", body="Coucou"
            )
        assert not Attendance.objects.exists()
        assert not AuditEvent.objects.filter(action="learning.tutor_message").exists()

    def test_a_tutor_message_is_audited_and_sent_after_commit(self, setup, mailoutbox):
        tutor_message_send(
            tutor=setup["tutor"], enrolment=setup["enrolment"], subject="Relance", body="Le quiz."
        )
        event = AuditEvent.objects.get(action="learning.tutor_message")
        assert event.actor == setup["tutor"]
        assert event.data["subject"] == "Relance"
        assert mailoutbox[-1].subject == "[Mentor] Relance"

    def test_tutors_read_and_answer_the_forums_of_their_sessions(self, client, setup, justice):
        forum = ActivityFactory(
            section=setup["section"], kind="forum", completion_rule="posted", title="Échanges"
        )
        client.force_login(setup["learner"])
        client.post(
            reverse("learning:thread_create", args=[setup["enrolment"].pk, forum.pk]),
            {"title": "Question", "body": "Comment citer un décret ?"},
        )
        thread = Thread.objects.get()

        client.force_login(setup["tutor"])
        progress = client.get(reverse("learning:tutor_progress", args=[setup["session"].pk]))
        forum_url = reverse("learning:tutor_forum", args=[setup["session"].pk, forum.pk])
        assert forum_url in progress.content.decode()
        assert "Question" in client.get(forum_url).content.decode()
        thread_url = reverse(
            "learning:tutor_thread", args=[setup["session"].pk, forum.pk, thread.pk]
        )
        assert "Comment citer un décret" in client.get(thread_url).content.decode()
        client.post(thread_url, {"body": "Avec son numéro NOR."})
        assert Post.objects.filter(thread=thread, author=setup["tutor"]).exists()
        client.post(forum_url, {"title": "Annonce", "body": "Classe virtuelle jeudi."})
        assert Thread.objects.filter(author=setup["tutor"], session=setup["session"]).exists()
        # Tutors record no progress of their own.
        assert not ActivityProgress.objects.filter(enrolment__user=setup["tutor"]).exists()

        # The learner sees the tutor's answer, marked as such.
        client.force_login(setup["learner"])
        page = client.get(
            reverse("learning:thread", args=[setup["enrolment"].pk, forum.pk, thread.pk])
        ).content.decode()
        assert "Avec son numéro NOR." in page and "tuteur" in page

        # Another session's tutor and learners see none of it.
        other_session = SessionFactory(training=setup["training"])
        other_tutor = UserFactory(entity=justice)
        other_session.tutors.add(other_tutor)
        client.force_login(other_tutor)
        assert client.get(thread_url).status_code == HTTPStatus.NOT_FOUND
        other_url = reverse("learning:tutor_forum", args=[other_session.pk, forum.pk])
        assert "Question" not in client.get(other_url).content.decode()
        other_learner = EnrolmentFactory(session=other_session, user=UserFactory(entity=justice))
        client.force_login(other_learner.user)
        response = client.get(
            reverse("learning:thread", args=[other_learner.pk, forum.pk, thread.pk])
        )
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_attendance_is_refused_for_other_activities(self, setup):
        with pytest.raises(LearningError):
            attendance_record(
                tutor=setup["tutor"],
                activity=setup["page"],
                enrolment=setup["enrolment"],
                present=True,
            )
        assert not Attendance.objects.exists() and not ActivityProgress.objects.exists()

    def test_a_tutor_sees_only_their_sessions(self, client, setup, justice):
        other = SessionFactory(training=setup["training"])
        client.force_login(setup["tutor"])
        assert client.get(reverse("learning:tutor_progress", args=[other.pk])).status_code == 404
        assert client.get(reverse("learning:tutor_export", args=[other.pk])).status_code == 404
        sessions = client.get(reverse("learning:tutor_sessions")).context["sessions"]
        assert list(sessions) == [setup["session"]]

    def test_learners_cannot_open_tutoring(self, client, setup):
        client.force_login(setup["learner"])
        assert (
            client.get(reverse("learning:tutor_progress", args=[setup["session"].pk])).status_code
            == 404
        )

    def test_progress_page_queries_do_not_grow_with_learners(
        self, client, setup, justice, django_assert_max_num_queries
    ):
        client.force_login(setup["tutor"])
        url = reverse("learning:tutor_progress", args=[setup["session"].pk])
        client.get(url)  # the session (and its cookie) are warm
        cache.clear()  # both measures start cold: outline, counts and order to compute
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        for _ in range(30):
            EnrolmentFactory(session=setup["session"], user=UserFactory(entity=justice))
        cache.clear()
        with CaptureQueriesContext(connection) as many:
            client.get(url)
        assert len(many) == len(few)


@pytest.mark.django_db
class TestScormUpload:
    def _post(self, client, setup, data: bytes):
        url = reverse(
            "learning:activity_create", args=[setup["training"].slug, setup["section"].pk]
        )
        return client.post(
            url + "?type=scorm",
            {
                "type": "scorm",
                "title": "Module",
                "required": "on",
                "completion_rule": "scorm_completed",
                "scorm_file": SimpleUploadedFile("m.zip", data, content_type="application/zip"),
            },
        )

    def test_a_valid_package_becomes_an_activity(self, client, setup):
        client.force_login(setup["designer"])
        response = self._post(
            client, setup, demo_package_bytes(slug="x", title="Module", screens=[("A", "B")])
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Activity.objects.get(title="Module").scorm_package_link.package.version == "2004"

    def test_a_broken_archive_is_refused_and_leaves_nothing(self, client, setup):
        client.force_login(setup["designer"])
        response = self._post(client, setup, b"PK\x03\x04 this is not really a zip")
        assert response.status_code == HTTPStatus.OK
        assert (
            "fr-input-group--error" in response.content.decode()
            or "errorlist" in response.content.decode()
        )
        assert not Package.objects.exists() and not Activity.objects.filter(title="Module").exists()


@pytest.mark.django_db
class TestCachedOutline:
    """Learners read a cached outline of the course; any change by a designer shows at once."""

    def test_a_new_renamed_or_moved_activity_shows_at_once(self, client, setup):
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        assert "Introduction" in client.get(url).content.decode()
        setup["page"].title = "Pour commencer"
        setup["page"].save()
        ActivityFactory(section=setup["page"].section, title="Annexe", position=99)
        page = client.get(url).content.decode()
        assert "Pour commencer" in page and "Annexe" in page
        activity_move(actor=setup["designer"], activity=setup["quiz"], direction=-1)
        page = client.get(url).content.decode()
        outline = page[page.index("Plan de la formation") :]
        assert outline.index(setup["quiz"].title) < outline.index("Pour commencer")

    def test_learners_of_a_course_each_see_their_own_outline(self, client, setup, justice):
        # The outline's HTML is rendered once per version and filled per learner: their
        # enrolment in the links, each activity's status, the current one, the percentage.
        other = EnrolmentFactory(session=setup["session"], user=UserFactory(entity=justice))
        page_url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        client.force_login(setup["learner"])
        mine = client.get(page_url).content.decode()
        client.force_login(other.user)
        url = reverse("learning:activity", args=[other.pk, setup["quiz"].pk])
        theirs = client.get(url).content.decode()
        outlines = []
        for page, enrolment in ((mine, setup["enrolment"]), (theirs, other)):
            start = page.index('id="outline"')
            outline = page[start : page.index("</nav>", start)]
            for activity in (setup["page"], setup["quiz"]):
                link = reverse("learning:activity", args=[enrolment.pk, activity.pk])
                assert f'href="{link}"' in outline
            outlines.append(outline)
        mine_outline, theirs_outline = outlines
        assert "Terminée : </span>" in mine_outline and "Terminée : </span>" not in theirs_outline
        assert "50 % des activités" in mine_outline and "0 % des activités" in theirs_outline
        assert mine_outline.count('aria-current="page"') == 1
        assert f'href="{page_url}" aria-current="page"' in mine_outline
        assert f'href="{url}" aria-current="page"' in theirs_outline

    def test_a_question_or_a_choice_changed_shows_at_once(self, client, setup):
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["quiz"].pk])
        assert "Capitale ?" in client.get(url).content.decode()
        client.force_login(setup["designer"])
        client.post(
            reverse("learning:question_add", args=[setup["training"].slug, setup["quiz"].pk]),
            {"kind": "single", "text": "Fleuve ?", "choices_text": "*Loire\nRhin", "points": 1},
        )
        client.force_login(setup["learner"])
        page = client.get(url).content.decode()
        assert "Fleuve ?" in page and "Loire" in page
        choice = Choice.objects.get(text="Lyon")
        choice.text = "Marseille"
        choice.save()
        page = client.get(url).content.decode()
        assert "Marseille" in page and "Lyon" not in page
        Question.objects.get(text="Capitale ?").delete()
        assert "Capitale ?" not in client.get(url).content.decode()

    def test_an_edit_of_the_training_shows_at_once(self, client, setup):
        # The training's row is cached with the outline (not read with the enrolment).
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        client.get(url)
        training = setup["training"]
        training.title = "Un titre tout neuf"
        training.save()
        assert "Un titre tout neuf" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_tutor_sees_a_new_learner_at_once(client, setup, justice):
    """The name order of a session's learners is cached: an enrolment retires it."""
    client.force_login(setup["tutor"])
    url = reverse("learning:tutor_progress", args=[setup["session"].pk])
    assert "Zoé Abadie" not in client.get(url).content.decode()
    newcomer = UserFactory(entity=justice, first_name="Zoé", last_name="Abadie")
    EnrolmentFactory(session=setup["session"], user=newcomer)
    page = client.get(url).content.decode()
    assert "Zoé Abadie" in page
    assert page.index("Zoé Abadie") < page.index("Claire Martin")  # still in name order


@pytest.mark.django_db
class TestPlayerQueries:
    def test_opening_a_page_again_costs_three_queries(
        self, client, setup, django_assert_num_queries
    ):
        # The person, the enrolment with its training and completion, the progress rows
        # (the visit is counted in the cache; the "last seen" of the page seen a moment ago
        # is not written again: ``TestLastSeen``).
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        client.get(url)  # completed by viewing; outline and session warm
        with django_assert_num_queries(3) as captured:
            assert client.get(url).status_code == 200
        # The completion comes joined to the enrolment, not by a query of its own; the
        # training comes from the cache with the outline, not joined to the enrolment.
        sql = [q["sql"] for q in captured.captured_queries]
        assert not any('FROM "learning_completion"' in q for q in sql)
        assert not any('"catalog_training"' in q for q in sql)

    def test_opening_a_quiz_again_reads_its_questions_from_the_cache(
        self, client, setup, django_assert_num_queries
    ):
        # The person, the enrolment, the progress rows and the learner's own attempts:
        # the questions and their choices are the same for every learner (cached).
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["quiz"].pk])
        client.get(url)
        with django_assert_num_queries(4) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "Capitale ?" in response.content.decode()
        sql = [q["sql"] for q in captured.captured_queries]
        assert not any(
            'FROM "learning_question"' in q or 'FROM "learning_choice"' in q for q in sql
        )

    def test_the_outline_and_the_learner_s_roles_are_read_in_one_round_trip(
        self, client, setup, monkeypatch
    ):
        # The menu needs the person's roles: they come from the cache with the outline.
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        client.get(url)
        batches, real_get_many = [], cache.get_many
        monkeypatch.setattr(
            cache, "get_many", lambda keys, **k: batches.append(list(keys)) or real_get_many(keys)
        )
        assert client.get(url).status_code == 200
        assert batches == [
            [
                f"learning:outline:{setup['training'].pk}",
                "accounts:roles:version",
                f"accounts:roles:{setup['learner'].pk}",
            ]
        ]

    def test_a_role_granted_to_the_learner_shows_in_the_player_s_menu_at_once(
        self, client, setup, justice, platform_admin
    ):
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        designs = reverse("catalog:designs")
        assert designs not in client.get(url).content.decode()
        role_grant(actor=platform_admin, user=setup["learner"], role=Role.DESIGNER, entity=justice)
        assert designs in client.get(url).content.decode()

    def test_the_completion_shows_on_the_visit_that_makes_it(self, client, setup):
        # The completion read with the enrolment is read again once the visit made one.
        setup["quiz"].delete()
        client.force_login(setup["learner"])
        url = reverse("learning:activity", args=[setup["enrolment"].pk, setup["page"].pk])
        response = client.get(url)
        assert response.context["course"].completion is not None


@pytest.mark.django_db
class TestLastSeen:
    """Seeing again the page one is on writes its "last seen" at most once a minute;
    anything else (another page, another course, a minute later) is written at once."""

    def _open(self, client, enrolment, activity):
        url = reverse("learning:activity", args=[enrolment.pk, activity.pk])
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]

    def _seen(self, enrolment, activity):
        return ActivityProgress.objects.get(enrolment=enrolment, activity=activity).last_seen_at

    def test_a_reload_within_a_minute_writes_nothing(self, client, setup):
        client.force_login(setup["learner"])
        self._open(client, setup["enrolment"], setup["page"])  # completes it
        first = self._seen(setup["enrolment"], setup["page"])
        assert self._open(client, setup["enrolment"], setup["page"]) == []
        assert self._seen(setup["enrolment"], setup["page"]) == first

    def test_a_minute_later_it_is_written(self, client, setup):
        client.force_login(setup["learner"])
        self._open(client, setup["enrolment"], setup["page"])
        ActivityProgress.objects.filter(activity=setup["page"]).update(
            last_seen_at=timezone.now() - timedelta(seconds=61)
        )
        old = self._seen(setup["enrolment"], setup["page"])
        assert self._open(client, setup["enrolment"], setup["page"])
        assert self._seen(setup["enrolment"], setup["page"]) > old

    def test_back_to_an_earlier_page_is_written_and_resume_follows(self, client, setup):
        second = ActivityFactory(section=setup["section"], title="Suite", position=50)
        client.force_login(setup["learner"])
        self._open(client, setup["enrolment"], setup["page"])
        self._open(client, setup["enrolment"], second)
        assert self._open(client, setup["enrolment"], setup["page"])  # not the latest: written
        assert self._seen(setup["enrolment"], setup["page"]) > self._seen(
            setup["enrolment"], second
        )

    def test_switching_courses_is_written_and_the_home_resumes_the_right_one(
        self, client, setup, justice
    ):
        other = TrainingFactory(producer=justice, owner_entity=justice, title="Autre formation")
        other_page = ActivityFactory(section=SectionFactory(training=other), title="Ailleurs")
        other_enrolment = EnrolmentFactory(
            session=SessionFactory(training=other), user=setup["learner"]
        )
        setup["quiz"].delete()  # ... so that both trainings stay unfinished:
        ActivityFactory(section=setup["section"], title="Encore", position=60)
        ActivityFactory(section=other_page.section, title="Encore ailleurs", position=60)
        client.force_login(setup["learner"])
        self._open(client, setup["enrolment"], setup["page"])
        self._open(client, other_enrolment, other_page)
        assert self._open(client, setup["enrolment"], setup["page"])  # back: written
        home = client.get("/").content.decode()
        resume = home[home.index('data-testid="home-resume"') :]
        assert "Rédiger un acte" in resume[:800] and "Autre formation" not in resume[:800]
