from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentsConfig(AppConfig):
    name = "mentor.enrolments"
    label = "enrolments"
    verbose_name = _("Inscriptions")

    def ready(self) -> None:
        from mentor.enrolments import home, navigation, selectors, sheet  # noqa: PLC0415, F401  (registrations)
