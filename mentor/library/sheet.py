"""The "adapted from …" line on a copied training's sheet (``catalog.sheet`` registry)."""

from dataclasses import dataclass

from django.urls import reverse

from mentor.catalog.selectors import trainings_visible_to
from mentor.catalog.sheet import SheetNotice, register_sheet_part
from mentor.core.permissions import can
from mentor.library.models import CopyKind
from mentor.library.selectors import origin_of


@dataclass(frozen=True)
class OriginNotice(SheetNotice):
    title: str
    producer: str
    url: str | None
    template: str = "library/_sheet_origin.html"


@register_sheet_part("library_origin")
def origin_part(*, user, training, sessions) -> dict:
    origin = origin_of(training=training)
    if origin is None or origin.kind != CopyKind.ADAPTATION:
        return {}
    url = None
    source = origin.source
    if source is not None:
        # The library entry for those who use the library; the original sheet for those
        # who may read it; otherwise the line alone.
        if origin.deposit is not None and can(user, "library.use"):
            url = reverse("library:entry", kwargs={"pk": origin.deposit.pk})
        elif trainings_visible_to(user).filter(pk=source.pk).exists():
            url = source.get_absolute_url()
    return {
        "sheet_notices": [
            OriginNotice(title=origin.origin_title, producer=origin.origin_producer, url=url)
        ]
    }
