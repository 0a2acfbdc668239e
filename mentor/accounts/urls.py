from django.urls import path

from mentor.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("sessions/deconnexion/", views.sessions_revoke, name="sessions_revoke"),
    path("donnees/", views.personal_data, name="personal_data"),
    path("donnees/telecharger/", views.personal_data_download, name="personal_data_download"),
    path("donnees/supprimer/", views.account_erase, name="erase"),
]
