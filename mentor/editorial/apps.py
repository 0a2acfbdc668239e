from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "mentor.editorial"
    label = "editorial"
    verbose_name = _("Comité éditorial, espaces et ressources")

    def ready(self) -> None:
        # Rules, the publication listener, the sheet part (labels).
        from mentor.editorial import hooks, images, navigation, permissions  # noqa: PLC0415, F401

        images.connect()
