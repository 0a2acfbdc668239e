from django.urls import path

from mentor.scorm import views

app_name = "scorm"

urlpatterns = [
    path(
        "execution/<int:enrolment_id>/<int:activity_id>/",
        views.runtime_commit,
        name="commit",
    ),
    path("lecture/<int:enrolment_id>/<int:activity_id>/", views.lecture, name="lecture"),
]
