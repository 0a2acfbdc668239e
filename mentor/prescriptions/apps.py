from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrescriptionsConfig(AppConfig):
    name = "mentor.prescriptions"
    label = "prescriptions"
    verbose_name = _("Formations prescrites")

    def ready(self) -> None:
        # Rules, the sheet part and "Mes formations" section, personal data, receivers, the
        # follow-up's export kind.
        from mentor.prescriptions import exports, hooks, navigation, permissions, selectors, signals  # noqa: PLC0415, F401
