from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "mentor.learning"
    label = "learning"
    verbose_name = _("Apprentissage")

    def ready(self) -> None:
        from mentor.learning import hooks, navigation, permissions  # noqa: PLC0415, F401  (registrations)
        from mentor.learning.copying import register as register_copier  # noqa: PLC0415
        from mentor.learning.signals import connect_receivers  # noqa: PLC0415

        connect_receivers()
        register_copier()
