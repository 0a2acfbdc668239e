from django.urls import path

from mentor.learning import views

app_name = "learning"

urlpatterns = [
    path("<int:enrolment_id>/", views.course_resume, name="course"),
    path("<int:enrolment_id>/<int:activity_id>/", views.activity_detail, name="activity"),
    path("<int:enrolment_id>/<int:activity_id>/quiz/", views.quiz_submit, name="quiz_submit"),
    path("<int:enrolment_id>/<int:activity_id>/temps/", views.heartbeat, name="heartbeat"),
    path("<int:enrolment_id>/<int:activity_id>/discussions/", views.thread_create, name="thread_create"),
    path(
        "<int:enrolment_id>/<int:activity_id>/discussions/<int:thread_id>/",
        views.thread_detail,
        name="thread",
    ),
]
