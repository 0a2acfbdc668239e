from django.urls import path

from mentor.learning import authoring_views, tutoring_views, views

app_name = "learning"

urlpatterns = [
    # Tutors
    path("tutorat/", tutoring_views.sessions, name="tutor_sessions"),
    path("tutorat/<int:session_id>/", tutoring_views.progress, name="tutor_progress"),
    path("tutorat/<int:session_id>/export.csv", tutoring_views.export_csv, name="tutor_export"),
    path(
        "tutorat/<int:session_id>/presences/<int:activity_id>/",
        tutoring_views.attendance,
        name="tutor_attendance",
    ),
    path(
        "tutorat/<int:session_id>/message/<int:enrolment_id>/",
        tutoring_views.message,
        name="tutor_message",
    ),
    path(
        "tutorat/<int:session_id>/forums/<int:activity_id>/",
        tutoring_views.forum,
        name="tutor_forum",
    ),
    path(
        "tutorat/<int:session_id>/forums/<int:activity_id>/<int:thread_id>/",
        tutoring_views.forum_thread,
        name="tutor_thread",
    ),
    # Designers
    path("conception/<slug:slug>/", authoring_views.content, name="authoring"),
    path("conception/<slug:slug>/sections/", authoring_views.section_create, name="section_create"),
    path(
        "conception/<slug:slug>/sections/<int:section_id>/modifier/",
        authoring_views.section_edit,
        name="section_edit",
    ),
    path(
        "conception/<slug:slug>/sections/<int:section_id>/deplacer/",
        authoring_views.section_move,
        name="section_move",
    ),
    path(
        "conception/<slug:slug>/sections/<int:section_id>/supprimer/",
        authoring_views.section_delete,
        name="section_delete",
    ),
    path(
        "conception/<slug:slug>/sections/<int:section_id>/activites/nouvelle/",
        authoring_views.activity_edit,
        name="activity_create",
    ),
    path(
        "conception/<slug:slug>/sections/<int:section_id>/activites/<int:activity_id>/",
        authoring_views.activity_edit,
        name="activity_edit",
    ),
    path(
        "conception/<slug:slug>/activites/<int:activity_id>/deplacer/",
        authoring_views.activity_move,
        name="activity_move",
    ),
    path(
        "conception/<slug:slug>/activites/<int:activity_id>/supprimer/",
        authoring_views.activity_delete,
        name="activity_delete",
    ),
    path(
        "conception/<slug:slug>/activites/<int:activity_id>/questions/",
        authoring_views.question_add,
        name="question_add",
    ),
    path(
        "conception/<slug:slug>/questions/<int:question_id>/supprimer/",
        authoring_views.question_delete,
        name="question_delete",
    ),
    path("conception/<slug:slug>/apercu/", authoring_views.preview, name="preview"),
    path(
        "conception/<slug:slug>/apercu/<int:activity_id>/",
        authoring_views.preview,
        name="preview_activity",
    ),
    # Course files (learners, tutors, authors)
    path("fichiers/<int:activity_id>/<str:which>/", views.activity_file, name="activity_file"),
    path("images/<int:image_id>/", views.activity_image, name="activity_image"),
    # Learners
    path("<int:enrolment_id>/", views.course_resume, name="course"),
    path("<int:enrolment_id>/<int:activity_id>/", views.activity_detail, name="activity"),
    path("<int:enrolment_id>/<int:activity_id>/quiz/", views.quiz_submit, name="quiz_submit"),
    path("<int:enrolment_id>/<int:activity_id>/temps/", views.heartbeat, name="heartbeat"),
    path(
        "<int:enrolment_id>/<int:activity_id>/discussions/",
        views.thread_create,
        name="thread_create",
    ),
    path(
        "<int:enrolment_id>/<int:activity_id>/discussions/<int:thread_id>/",
        views.thread_detail,
        name="thread",
    ),
]
