"""Local time for the activity heatmap: each learner's hours are read in the time zone of
their entity (the nearest one, up the tree, that sets a zone), Paris otherwise (people
without an entity too). A handful of zones at most: one query per zone in use."""

from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from mentor.organisations.models import Entity


def zone_groups(entity_path: str) -> list[tuple[ZoneInfo, Q]]:
    """``[(zone, rows of that zone)]``, ``entity_path`` being the lookup from a row to its
    learner's entity path. The groups are disjoint and cover every row; without any
    overseas entity, one group: Paris, every row."""
    paris = timezone.get_current_timezone()
    zoned = list(Entity.objects.exclude(time_zone="").values_list("path", "time_zone"))
    by_zone: dict[str, Q] = {}
    for path, zone in zoned:
        deeper = [p for p, z in zoned if p != path and p.startswith(path) and z != zone]
        rows = Q(**{f"{entity_path}__startswith": path})
        for other in deeper:
            rows &= ~Q(**{f"{entity_path}__startswith": other})
        by_zone[zone] = by_zone.get(zone, Q(pk__in=[])) | rows
    overseas = [(ZoneInfo(z), q) for z, q in by_zone.items() if ZoneInfo(z) != paris]
    elsewhere = Q(pk__in=[])
    for _zone, rows in overseas:
        elsewhere |= rows
    return [(paris, ~elsewhere if overseas else Q()), *overseas]
