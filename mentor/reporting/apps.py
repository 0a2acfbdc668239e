from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "mentor.reporting"
    label = "reporting"
    verbose_name = _("Pilotage")

    def ready(self) -> None:
        from mentor.reporting import navigation, permissions, services  # noqa: PLC0415, F401  (registration)
