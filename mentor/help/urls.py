from django.urls import path

from mentor.help import views

app_name = "help"

urlpatterns = [
    path("", views.index, name="index"),
    path("faq/<int:entry_id>/avis/", views.vote, name="vote"),
    path("contact/", views.contact, name="contact"),
    path("visite/vue/", views.tour_seen, name="tour_seen"),
]
