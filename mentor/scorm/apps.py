from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "mentor.scorm"
    label = "scorm"
    verbose_name = _("SCORM")

    def ready(self) -> None:
        from mentor.scorm import kinds  # noqa: PLC0415  (models must be loaded first)

        kinds.register()
