"""Any change to the offer retires its cached fragments (home tiles, facet counts)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from mentor.catalog.caches import catalog_changed
from mentor.catalog.models import Collection, Session, SessionMeeting, Training
from mentor.core.cache import invalidate
from mentor.organisations.models import Entity


def _offer_changed(sender, **kwargs) -> None:
    invalidate(catalog_changed)


for model in (Training, Session, SessionMeeting, Collection, Entity):
    post_save.connect(
        _offer_changed, sender=model, dispatch_uid=f"catalog.version.{model.__name__}"
    )
    post_delete.connect(
        _offer_changed, sender=model, dispatch_uid=f"catalog.version.del.{model.__name__}"
    )
m2m_changed.connect(
    _offer_changed, sender=Training.collections.through, dispatch_uid="catalog.version.collections"
)
