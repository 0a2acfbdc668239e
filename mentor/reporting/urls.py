from django.urls import path

from mentor.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<slug:name>.csv", views.export_csv, name="export"),
]
