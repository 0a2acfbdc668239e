from django.urls import path

from mentor.scorm import authoring, views

app_name = "scorm"

urlpatterns = [
    path("conception/<int:activity_id>/", authoring.options, name="options"),
    path(
        "execution/<int:enrolment_id>/<int:activity_id>/",
        views.runtime_commit,
        name="commit",
    ),
    path(
        "execution/<int:enrolment_id>/<int:activity_id>/<int:sco_id>/<int:attempt>/",
        views.runtime_commit,
        name="commit_sco",
    ),
    path("lecture/<int:enrolment_id>/<int:activity_id>/", views.lecture, name="lecture"),
    path(
        "tutorat/<int:session_id>/<int:activity_id>/",
        views.tutor_report,
        name="tutor_report",
    ),
    path(
        "tutorat/<int:session_id>/<int:activity_id>/interactions.csv",
        views.tutor_report_csv,
        name="tutor_report_csv",
    ),
    path(
        "tentative/<int:enrolment_id>/<int:activity_id>/",
        views.attempt_new,
        name="attempt_new",
    ),
]
