from django.urls import path

from mentor.surveys import views

app_name = "surveys"

urlpatterns = [
    path("<int:enrolment_id>/", views.answer, name="answer"),
    path("formation/<slug:slug>/resultats/", views.report, name="report"),
    path("formation/<slug:slug>/questions/", views.questions, name="questions"),
    path(
        "formation/<slug:slug>/questions/<int:question_id>/supprimer/",
        views.question_delete,
        name="question_delete",
    ),
]
