from django.urls import path

from mentor.catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("formations/", views.catalog_list, name="list"),
    path("formations/<slug:slug>/", views.training_detail, name="training"),
    path("conception/", views.my_designs, name="designs"),
    path("conception/nouvelle/", views.training_edit, name="training_create"),
    path("conception/<slug:slug>/", views.training_edit, name="training_edit"),
    path(
        "conception/<slug:slug>/publication/",
        views.training_publication,
        name="training_publication",
    ),
    path("conception/<slug:slug>/sessions/nouvelle/", views.session_edit, name="session_create"),
    path("conception/<slug:slug>/sessions/<int:pk>/", views.session_edit, name="session_edit"),
]
