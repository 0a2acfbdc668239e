"""An earlier attestation is revoked while the agent finishes the module it credited, in
many tabs, with the path page open in more: whatever the order, the path ends completed
exactly once with exactly one valid attestation (real connections: a hundred on
PostgreSQL, on a private cluster, see tests/paths/storm.py)."""

from http import HTTPStatus

from mentor.attestations.models import Attestation
from mentor.attestations.services import attestation_issue, attestation_revoke
from mentor.learning.models import Completion
from tests.factories import EntityFactory, SessionFactory, TrainingFactory, UserFactory
from tests.learning.factories import ActivityFactory, EnrolmentFactory, SectionFactory
from tests.paths.conftest import completed
from tests.paths.storm import enrol_in_path, path_linking, storm


def test_revocation_racing_the_last_step_leaves_one_completion_and_one_attestation(
    storm_connections,
):
    laicite = TrainingFactory(title="Laïcité", delivers_attestation=True)
    current = SessionFactory(training=laicite, title="2025")
    earlier_session = SessionFactory(training=laicite, title="2023")
    activity = ActivityFactory(section=SectionFactory(training=laicite))
    user = UserFactory(entity=EntityFactory())
    admin = UserFactory(is_superuser=True, is_staff=True)
    earlier = attestation_issue(completion=completed(user, earlier_session))
    path_enrolment = enrol_in_path(user, path_linking(current, attestation=True))
    # Complete at once: the module is credited from 2023.
    assert Completion.objects.filter(enrolment=path_enrolment).exists()
    assert Attestation.objects.filter(enrolment=path_enrolment).exists()
    redo = EnrolmentFactory(user=user, session=current)  # redoing the credited module

    def revoke(_client) -> int:
        attestation_revoke(actor=admin, attestation=earlier, reason="Erreur de saisie.")
        return HTTPStatus.OK

    def finish(client) -> int:
        return client.get(f"/apprendre/{redo.pk}/{activity.pk}/").status_code

    def look(client) -> int:
        return client.get("/parcours/parcours/").status_code

    steps = [revoke] + [finish if n % 3 == 1 else look for n in range(1, storm_connections)]
    statuses = storm(user, steps)

    assert statuses == [HTTPStatus.OK] * storm_connections
    assert Completion.objects.filter(enrolment=redo).count() == 1
    # Done in the linked session now: the path is complete, once, with one valid attestation.
    assert Completion.objects.filter(enrolment=path_enrolment).count() == 1
    valid = Attestation.objects.filter(enrolment=path_enrolment, revoked_at__isnull=True)
    assert valid.count() == 1
    withdrawn = Attestation.objects.filter(former_enrolment=path_enrolment)
    assert withdrawn.count() <= 1 and all(a.is_revoked for a in withdrawn)
