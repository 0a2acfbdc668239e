from django.urls import path, re_path

from mentor.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("entite/<slug:slug>/", views.entity_dashboard, name="entity"),
    path("formation/<slug:slug>/", views.training_dashboard, name="training"),
    re_path(r"^export/(?P<name>[-a-z]+)\.(?P<extension>csv|xlsx)$", views.export, name="export"),
]
