from django.urls import path

from mentor.attestations import views

app_name = "attestations"

urlpatterns = [
    path("<int:enrolment_id>/telecharger/", views.download, name="download"),
    path("verifier/", views.verify, name="verify"),
    path("verifier/<str:number>/", views.verify_number, name="verify_number"),
    path("formation/<slug:slug>/delivrance/", views.delivery, name="delivery"),
]
