"""Pages viewed per visit: a row per visit (not per page), pages counted in place, a new
visit after 30 minutes without a page; on the dashboard per scope."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentor.reporting import selectors
from mentor.reporting.forms import default_period
from mentor.reporting.models import Visit
from mentor.reporting.permissions import reporting_scope
from mentor.reporting.selectors import Filters
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "/"


def period() -> Filters:
    start, end = default_period()
    return Filters(start=start, end=end)


class TestTheLog:
    def test_one_row_per_visit_pages_counted_without_a_query_each(self, client, justice):
        user = UserFactory(entity=justice)
        client.force_login(user)
        client.get(HOME)  # the visit starts: its row
        for _ in range(2):
            client.get(HOME)
        client.get(reverse("accounts:profile"))
        assert list(Visit.objects.values_list("user", "pages")) == [(user.pk, 1)]
        # Counted in the cache, written every five minutes (or at the next visit).
        session = client.session
        session["visit_seen"] = (timezone.now() - timedelta(minutes=6)).isoformat()
        session.save()
        client.get(HOME)
        assert list(Visit.objects.values_list("user", "pages")) == [(user.pk, 5)]

    def test_a_pause_of_more_than_thirty_minutes_starts_a_new_visit(self, client, justice):
        client.force_login(UserFactory(entity=justice))
        client.get(HOME)
        client.get(HOME)  # counted in the cache
        session = client.session
        session["visit_seen"] = (timezone.now() - timedelta(minutes=31)).isoformat()
        session.save()
        client.get(HOME)
        client.get(HOME)
        # The first visit's pending page was written when the second one started.
        assert sorted(Visit.objects.values_list("pages", flat=True)) == [1, 2]

    def test_not_counted(self, client, justice):
        client.get(HOME)  # a visitor
        assert not Visit.objects.exists()
        client.force_login(UserFactory(entity=justice))
        client.get("/api/v1/collections")
        client.get(HOME, HTTP_HX_REQUEST="true")
        client.get("/nulle-part/")
        client.get("/admin/")
        assert not Visit.objects.exists()


class TestTheIndicator:
    def test_pages_per_visit_per_scope(self, client, world, justice_admin, agriculture):
        for who, pages in (("j1", 3), ("j2", 1), ("a1", 5)):
            Visit.objects.create(
                user=world.people[who],
                started_at=timezone.now() - timedelta(days=3),
                last_seen_at=timezone.now(),
                pages=pages,
            )
        national = selectors.visits_indicator(
            scope=reporting_scope(UserFactory(is_superuser=True)), filters=period()
        )
        assert (national.visits, national.pages, national.pages_per_visit) == (3, 9, 3.0)
        # Independent: the plain rows.
        assert national.pages == sum(Visit.objects.values_list("pages", flat=True))
        justice = selectors.visits_indicator(scope=reporting_scope(justice_admin), filters=period())
        assert (justice.visits, justice.pages_per_visit) == (2, 2.0)  # j1 and j2 (DAP)
        client.force_login(justice_admin)
        page = client.get(reverse("reporting:dashboard")).content.decode()
        assert 'data-testid="pages-per-visit">2,0<' in page or 'pages-per-visit">2.0<' in page

    def test_a_designer_has_no_visit_figure(self, agriculture_designer, world):
        scope = reporting_scope(agriculture_designer)
        assert selectors.visits_indicator(scope=scope, filters=period()) is None
