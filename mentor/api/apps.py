from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mentor.api"
    label = "api"
    verbose_name = "API"
