from django.urls import path

from mentor.prescriptions import views

app_name = "prescriptions"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("nouvelle/", views.campaign_create, name="create"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/cloture/", views.campaign_close, name="close"),
    path("<int:pk>/relance/", views.campaign_relaunch, name="relaunch"),
    path(
        "<int:pk>/relance/<int:assignment_pk>/",
        views.assignment_relaunch,
        name="relaunch_person",
    ),
    path("<int:pk>/export/", views.campaign_export, name="export"),
    path("<int:pk>/exports/<uuid:job>/", views.export_job, name="export_job"),
    path("<int:pk>/exports/<uuid:job>/fichier/", views.export_file, name="export_file"),
    path("<int:pk>/formation/", views.go, name="go"),
    path("relances/<str:token>/", views.reminders_off, name="reminders_off"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/retrait/", views.invitation_revoke, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
]
