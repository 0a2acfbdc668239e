"""Progress in "Mes formations" and in the player: one formula, the same figure on both,
right at the first visit."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentor.learning.models import ActivityProgress
from tests.factories import SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory


@pytest.fixture
def course(justice):
    training = TrainingFactory(title="Rédiger un acte")
    section = SectionFactory(training=training)
    pages = [ActivityFactory(section=section, title=f"Page {i}") for i in range(4)]
    ActivityFactory(section=section, title="Pour aller plus loin", required=False)
    learner = UserFactory(entity=justice)
    enrolment = EnrolmentFactory(session=SessionFactory(training=training), user=learner)
    return {"pages": pages, "learner": learner, "enrolment": enrolment}


def _player_percent(client, enrolment, activity) -> int:
    content = client.get(reverse("learning:activity", args=[enrolment.pk, activity.pk]))
    text = content.content.decode()
    return int(re.search(r'data-testid="course-percent">(\d+) %', text).group(1))


def _mine_percent(client) -> int:
    text = client.get(reverse("enrolments:mine")).content.decode()
    return int(re.search(r"Progression : (\d+) %", text).group(1))


@pytest.mark.django_db
class TestProgress:
    def test_the_player_counts_the_page_this_first_visit_completes(self, client, course):
        client.force_login(course["learner"])
        assert _player_percent(client, course["enrolment"], course["pages"][0]) == 25

    def test_mes_formations_agrees_with_the_player_at_every_step(self, client, course):
        client.force_login(course["learner"])
        assert _mine_percent(client) == 0
        for step, page in enumerate(course["pages"][:3], start=1):
            player = _player_percent(client, course["enrolment"], page)
            assert player == _mine_percent(client) == round(100 * step / 4)

    def test_last_activity_and_time_spent_are_shown(self, client, course):
        client.force_login(course["learner"])
        content = client.get(reverse("enrolments:mine")).content.decode()
        assert "Pas encore commencée" in content
        client.get(
            reverse("learning:activity", args=[course["enrolment"].pk, course["pages"][0].pk])
        )
        ActivityProgress.objects.filter(enrolment=course["enrolment"]).update(time_spent=600)
        content = client.get(reverse("enrolments:mine")).content.decode()
        assert "Dernière activité le" in content and "10 minutes passées" in content

    def test_someone_else_s_progress_does_not_count(self, client, course, justice):
        other = EnrolmentFactory(
            session=course["enrolment"].session, user=UserFactory(entity=justice)
        )
        ActivityProgress.objects.create(
            enrolment=other, activity=course["pages"][0], status="completed"
        )
        client.force_login(course["learner"])
        assert _mine_percent(client) == 0

    def test_mes_formations_queries_do_not_grow_with_trainings(self, client, course):
        client.force_login(course["learner"])
        client.get(reverse("enrolments:mine"))  # the visit's first page writes its row
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("enrolments:mine"))
        for i in range(5):
            training = TrainingFactory(title=f"Autre {i}")
            ActivityFactory(section=SectionFactory(training=training))
            EnrolmentFactory(session=SessionFactory(training=training), user=course["learner"])
        client.get(reverse("enrolments:mine"))  # new entities retire the cached roles: warm again
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("enrolments:mine"))
        assert len(many) == len(few)
