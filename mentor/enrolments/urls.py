from django.urls import path

from mentor.enrolments import views

app_name = "enrolments"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("sessions/<int:session_id>/inscription/", views.enrol, name="enrol"),
    path("sessions/<int:session_id>/desinscription/", views.unenrol, name="unenrol"),
]
