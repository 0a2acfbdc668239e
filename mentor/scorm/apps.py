from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "mentor.scorm"
    label = "scorm"
    verbose_name = _("SCORM")

    def ready(self):
        from mentor.scorm import checks  # noqa: F401  (registers the system checks)
