from django.urls import path

from mentor.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<int:enrolment_id>/", views.answer, name="answer"),
    path("formation/<slug:slug>/resultats/", views.report, name="report"),
]
