from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mentor.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        # The personal-data eraser of the tokens.
        from mentor.api import navigation, services  # noqa: PLC0415, F401
