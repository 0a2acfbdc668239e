"""Demo data of "Pilotage" beyond the learning rows of ``activity.py``: a year of visits
(pages per visit) by the demo agents, and the daily rollups brought up to date, so that
the dashboards read them at once after ``make run``. Idempotent."""

import random
from datetime import timedelta

from django.utils import timezone

from mentor.accounts.models import User
from mentor.demo.activity import _moment
from mentor.reporting.models import Visit
from mentor.reporting.rollups import rollups_refresh


def load_demo_reporting() -> int:
    """Returns the number of visits created (0 when already there)."""
    if not Visit.objects.filter(user__email__startswith="demo.").exists():
        rng = random.Random(17)  # noqa: S311  (demo data)
        now = timezone.now()
        visits = []
        for user_id in User.objects.filter(email__startswith="demo.").values_list("pk", flat=True):
            for _ in range(rng.randint(2, 12)):
                started = _moment(rng, now)
                pages = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12])
                visits.append(
                    Visit(
                        user_id=user_id,
                        started_at=started,
                        last_seen_at=min(now, started + timedelta(minutes=2 * pages)),
                        pages=pages,
                    )
                )
        Visit.objects.bulk_create(visits, batch_size=2000)
        created = len(visits)
    else:
        created = 0
    rollups_refresh()
    return created
