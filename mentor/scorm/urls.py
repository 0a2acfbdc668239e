from django.urls import path

app_name = "scorm"

# Filled in by the SCORM work: package file serving and the runtime commit endpoint.
urlpatterns: list = []
