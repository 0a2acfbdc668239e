from django.urls import path

from mentor.paths import views

app_name = "paths"

urlpatterns = [
    path("<slug:slug>/", views.path_detail, name="detail"),
    path("<slug:slug>/inscription/", views.enrol, name="enrol"),
    path(
        "<slug:slug>/modules/<int:module_id>/inscription/", views.module_enrol, name="module_enrol"
    ),
]
