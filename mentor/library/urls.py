from django.urls import path

from mentor.library import views

app_name = "library"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.entry, name="entry"),
    path("<int:pk>/retirer/", views.withdraw, name="withdraw"),
    path("deposer/<slug:slug>/", views.deposit, name="deposit"),
    path("dupliquer/<slug:slug>/", views.duplicate, name="duplicate"),
    path("copies/<int:pk>/", views.copy_status, name="copy"),
]
