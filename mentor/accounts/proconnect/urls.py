"""Included by allauth under /compte/ (its provider registry loads every provider's URLs)."""

from django.urls import path

from mentor.accounts.proconnect import views

urlpatterns = [
    path("proconnect/connexion/", views.login, name="proconnect_login"),
    path("proconnect/retour/", views.callback, name="proconnect_callback"),
    path("proconnect/lier/", views.link, name="proconnect_link"),
    path("proconnect/delier/", views.unlink, name="proconnect_unlink"),
    path("proconnect/deconnexion/retour/", views.logout_return, name="proconnect_logout_return"),
]
