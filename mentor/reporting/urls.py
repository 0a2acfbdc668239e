from django.urls import path

from mentor.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entite/<slug:slug>/", views.entity_dashboard, name="entity"),
    path("formation/<slug:slug>/", views.training_dashboard, name="training"),
    path("export/<slug:name>.csv", views.export_csv, name="export"),
]
