from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "mentor.library"
    label = "library"
    verbose_name = _("Bibliothèque de formations")

    def ready(self) -> None:
        # Rules, the course-page card and the sheet's "adapted from" line.
        from mentor.library import authoring, navigation, permissions, personal_data, sheet  # noqa: PLC0415, F401
