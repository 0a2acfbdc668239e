from django.urls import path

from mentor.help import files_views

app_name = "files"

urlpatterns = [
    path("", files_views.mine, name="mine"),
    path("<int:file_id>/", files_views.download, name="download"),
    path("<int:file_id>/supprimer/", files_views.delete, name="delete"),
]
