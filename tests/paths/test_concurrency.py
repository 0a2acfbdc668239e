"""The learner finishes the last module in many tabs at once while the path page is open in
as many others: the linked training and the path are each completed exactly once (real
connections: a hundred on PostgreSQL, on a private cluster, see tests/paths/storm.py)."""

from http import HTTPStatus

from mentor.attestations.models import Attestation
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Completion
from tests.factories import EntityFactory, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, SectionFactory
from tests.paths.storm import enrol_in_path, path_linking, storm


def test_concurrent_last_steps_complete_the_path_once(storm_connections):
    linked = SessionFactory(training=TrainingFactory(title="Laïcité"))
    activity = ActivityFactory(section=SectionFactory(training=linked.training))
    user = UserFactory(entity=EntityFactory())
    path_enrolment = enrol_in_path(user, path_linking(linked, attestation=True))
    linked_enrolment = Enrolment.objects.get(user=user, session=linked)
    urls = [f"/apprendre/{linked_enrolment.pk}/{activity.pk}/", "/parcours/parcours/"]

    statuses = storm(
        user,
        [
            lambda client, url=urls[n % 2]: client.get(url).status_code
            for n in range(storm_connections)
        ],
    )

    assert statuses == [HTTPStatus.OK] * storm_connections
    assert Completion.objects.filter(enrolment=linked_enrolment).count() == 1
    assert Completion.objects.filter(enrolment=path_enrolment).count() == 1
    assert Attestation.objects.filter(enrolment=path_enrolment).count() == 1
