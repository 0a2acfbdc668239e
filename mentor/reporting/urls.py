from django.urls import path, re_path

from mentor.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entite/<slug:slug>/", views.entity_dashboard, name="entity"),
    path("formations/suggestions/", views.training_suggestions, name="training_suggestions"),
    path("entites/suggestions/", views.entity_suggestions, name="entity_suggestions"),
    path("formation/<slug:slug>/", views.training_dashboard, name="training"),
    path("export/formations-rh/", views.hr_export, name="hr_export"),
    path("exports/<uuid:pk>/", views.export_job, name="export_job"),
    path("exports/<uuid:pk>/fichier/", views.export_job_file, name="export_job_file"),
    re_path(r"^export/(?P<name>[-a-z]+)\.(?P<extension>csv|xlsx)$", views.export, name="export"),
]
