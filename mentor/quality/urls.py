from django.urls import path

from mentor.quality import views

app_name = "quality"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/nouvelle/", views.assess, name="assess"),
    path("<slug:slug>/<int:pk>/", views.assessment_detail, name="assessment"),
]
