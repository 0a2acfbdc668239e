from django.urls import path

from mentor.editorial import views

app_name = "editorial"

urlpatterns = [
    path("comite/", views.queue, name="queue"),
    path("comite/relectures/<int:pk>/", views.review_detail, name="review"),
    path("comite/offre/", views.offer, name="offer"),
    path("comite/formations/<slug:slug>/mise-en-avant/", views.training_feature, name="feature"),
    path("comite/formations/<slug:slug>/labels/", views.training_label, name="label"),
    path("espaces/<slug:slug>/", views.space, name="space"),
    path("espaces/<slug:slug>/modifier/", views.space_edit, name="space_edit"),
    path("espaces/<slug:slug>/actualites/", views.space_news_add, name="space_news_add"),
    path(
        "espaces/<slug:slug>/actualites/<int:pk>/retirer/",
        views.space_news_delete,
        name="space_news_delete",
    ),
    path("ressources/", views.resources, name="resources"),
    path("ressources/nouvelle/", views.resource_edit, name="resource_create"),
    path("ressources/appels/nouveau/", views.call_edit, name="call_create"),
    path("ressources/appels/<slug:slug>/", views.call_detail, name="call"),
    path("ressources/appels/<slug:slug>/modifier/", views.call_edit, name="call_edit"),
    path("ressources/candidatures/<int:pk>/", views.application_detail, name="application"),
    path("ressources/<slug:slug>/", views.resource_detail, name="resource"),
    path("ressources/<slug:slug>/modifier/", views.resource_edit, name="resource_edit"),
    path("editeur/images/", views.editor_image, name="editor_image"),
    path("editeur/images/<int:pk>/", views.editor_image_file, name="editor_image_file"),
]
