from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "mentor.scorm"
    label = "scorm"
    verbose_name = _("SCORM")

    def ready(self) -> None:
        # Models must be loaded first: the activity kind, its receivers and the system checks.
        from mentor.scorm import authoring, checks, copying, kinds, navigation  # noqa: PLC0415, F401

        kinds.register()
        copying.register()
