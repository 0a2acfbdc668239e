from django.urls import path

from mentor.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.entity_list, name="list"),
    path("<slug:slug>/", views.entity_detail, name="detail"),
]
