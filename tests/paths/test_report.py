"""Path progress for reporting: states per module, within the reader's scope."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentor.accounts.models import User
from mentor.paths.models import PathModule
from mentor.paths.selectors import ModuleState, path_progress_report
from tests.factories import SessionFactory, UserFactory
from tests.learning.factories import EnrolmentFactory
from tests.paths.conftest import completed

pytestmark = pytest.mark.django_db


def test_counts_per_module_and_scope(
    agent, module, section, path_session, laicite_2023, agriculture
):
    ethics = PathModule.objects.create(section=section, linked_session=SessionFactory())
    completed(agent, laicite_2023)  # Laïcité credited
    EnrolmentFactory(user=agent, session=path_session)
    farmer = UserFactory(entity=agriculture)
    EnrolmentFactory(user=farmer, session=path_session)
    completed(farmer, module.linked_session)  # done in the linked session
    completed(farmer, ethics.linked_session)
    EnrolmentFactory(user=UserFactory(), session=module.linked_session)  # not in the path

    [report] = path_progress_report(training=path_session.training)
    assert report.learners == 2
    laicite, other = report.modules
    assert laicite.counts[ModuleState.CREDITED] == 1
    assert laicite.counts[ModuleState.DONE] == 1
    assert laicite.complete == 2
    assert other.counts[ModuleState.DONE] == 1 and other.counts[ModuleState.TODO] == 1

    [scoped] = path_progress_report(
        training=path_session.training, learners=User.objects.filter(entity=agriculture)
    )
    assert scoped.learners == 1
    assert scoped.modules[0].counts[ModuleState.CREDITED] == 0


def test_query_count_does_not_grow_with_learners(module, path_session):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            path_progress_report(training=path_session.training)
        return len(captured.captured_queries)

    EnrolmentFactory(user=UserFactory(), session=path_session)
    queries()  # warm the cache (the declared equivalences)
    before = queries()
    for _ in range(6):
        EnrolmentFactory(user=UserFactory(), session=path_session)
    assert queries() == before
