from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    name = "mentor.help"
    label = "help"
    verbose_name = _("Aide")

    def ready(self) -> None:
        # The profile's section and the personal-data export.
        from mentor.help import files, hooks, navigation, selectors  # noqa: PLC0415, F401  (registrations)
