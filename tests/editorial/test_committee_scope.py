"""A committee member tied to a lead direction: the role accepts a scope, the member's queue
holds the submissions of the collections their direction leads, and they decide on those
only; national (DGAFP) members see and decide on everything. Per role."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from mentor.accounts.models import Role
from mentor.accounts.services import role_grant
from mentor.catalog.models import PublicationState
from mentor.catalog.publication import publication_transition
from mentor.catalog.services import training_set_featured
from mentor.core.permissions import can
from mentor.editorial.models import Label, Review, ReviewStatus
from mentor.editorial.services import label_award, review_decide
from mentor.organisations.services import entity_upsert
from mentor.reporting.permissions import ScopeKind, reporting_scope
from tests.factories import CollectionFactory, TrainingFactory, UserFactory, role_holder

S = PublicationState


@pytest.fixture
def dinum(db):
    return entity_upsert(
        slug="dinum",
        name="Direction interministérielle du numérique",
        short_name="DINUM",
        kind="interministerial",
        domains=["numerique.gouv.fr"],
    )


@pytest.fixture
def lead_member(dinum, platform_admin):
    return role_holder(
        Role.EDITORIAL_COMMITTEE, dinum, actor=platform_admin, email="comite@numerique.gouv.fr"
    )


@pytest.fixture
def submitted(justice, dinum, designer):
    """Two submitted trainings: one in a DINUM-led collection, one elsewhere."""
    digital = CollectionFactory(name="Numérique", lead_entity=dinum)
    other = CollectionFactory(name="Management", lead_entity=justice)
    ours = TrainingFactory(
        title="Données personnelles",
        producer=justice,
        state=S.DRAFT,
        published_at=None,
        collections=[digital],
        created_by=designer,
    )
    theirs = TrainingFactory(
        title="Manager à distance",
        producer=justice,
        state=S.DRAFT,
        published_at=None,
        collections=[other],
        created_by=designer,
    )
    mail.outbox.clear()
    for training in (ours, theirs):
        publication_transition(actor=designer, training=training, action="submit")
    return ours, theirs


def _review(training) -> Review:
    return Review.objects.get(training=training, status=ReviewStatus.OPEN)


@pytest.mark.django_db
class TestTheRole:
    def test_the_committee_role_takes_a_scope_or_none(self, platform_admin, dinum):
        scoped = UserFactory()
        assignment = role_grant(
            actor=platform_admin, user=scoped, role=Role.EDITORIAL_COMMITTEE, entity=dinum
        )
        assert assignment.entity == dinum
        national = UserFactory()
        assert (
            role_grant(
                actor=platform_admin, user=national, role=Role.EDITORIAL_COMMITTEE, entity=None
            ).entity
            is None
        )

    def test_other_national_roles_still_refuse_a_scope(self, platform_admin, dinum):
        with pytest.raises(ValidationError):
            role_grant(
                actor=platform_admin, user=UserFactory(), role=Role.PLATFORM_ADMIN, entity=dinum
            )

    def test_a_space_admin_cannot_grant_it_even_in_their_scope(self, justice, justice_admin):
        with pytest.raises(PermissionDenied):
            role_grant(
                actor=justice_admin,
                user=UserFactory(entity=justice),
                role=Role.EDITORIAL_COMMITTEE,
                entity=justice,
            )


@pytest.mark.django_db
class TestQueueAndDecisions:
    def test_both_kinds_of_members_are_told_of_their_submissions_only(
        self, lead_member, committee, submitted
    ):
        recipients = [m.to[0] for m in mail.outbox]
        assert recipients.count(committee.email) == 2
        assert recipients.count(lead_member.email) == 1

    def test_the_lead_directions_queue_holds_its_collections_only(
        self, client, lead_member, committee, submitted
    ):
        client.force_login(lead_member)
        page = client.get(reverse("editorial:queue")).content.decode()
        assert "Données personnelles" in page and "Manager à distance" not in page
        client.force_login(committee)
        page = client.get(reverse("editorial:queue")).content.decode()
        assert "Données personnelles" in page and "Manager à distance" in page

    def test_the_lead_direction_opens_and_decides_on_its_own_only(
        self, client, lead_member, submitted
    ):
        ours, theirs = submitted
        client.force_login(lead_member)
        url = reverse("editorial:review", kwargs={"pk": _review(theirs).pk})
        assert client.get(url).status_code == HTTPStatus.FORBIDDEN
        with pytest.raises(PermissionDenied):
            review_decide(
                actor=lead_member,
                review=_review(theirs),
                decision="publish",
                assessments={},
            )
        with pytest.raises(PermissionDenied):
            publication_transition(actor=lead_member, training=theirs, action="publish")
        assert client.get(
            reverse("editorial:review", kwargs={"pk": _review(ours).pk})
        ).status_code == (HTTPStatus.OK)
        review_decide(actor=lead_member, review=_review(ours), decision="publish", assessments={})
        ours.refresh_from_db()
        assert ours.state == S.PUBLISHED

    def test_a_national_member_decides_on_any(self, committee, submitted):
        for training in submitted:
            review_decide(
                actor=committee, review=_review(training), decision="publish", assessments={}
            )
            training.refresh_from_db()
            assert training.state == S.PUBLISHED

    def test_labels_within_scope_featuring_national_only(self, lead_member, committee, submitted):
        ours, theirs = submitted
        label = Label.objects.create(name="Label Mentor")
        label_award(actor=lead_member, training=ours, label=label)
        with pytest.raises(PermissionDenied):
            label_award(actor=lead_member, training=theirs, label=label)
        with pytest.raises(PermissionDenied):
            training_set_featured(actor=lead_member, training=ours, featured=True)
        training_set_featured(actor=committee, training=ours, featured=True)

    def test_calls_and_national_figures_are_the_dgafps(self, lead_member, committee):
        assert not can(lead_member, "editorial.manage_resources")
        assert can(committee, "editorial.manage_resources")
        assert reporting_scope(committee).kind == ScopeKind.NATIONAL
        scope = reporting_scope(lead_member)
        assert scope is None or scope.kind != ScopeKind.NATIONAL

    @pytest.mark.parametrize(
        ("who", "sees_ours", "sees_theirs"),
        [("lead_member", True, False), ("committee", True, True), ("designer", True, True)],
    )
    def test_quality_assessments_follow_the_same_scope(
        self, request, submitted, who, sees_ours, sees_theirs
    ):
        user = request.getfixturevalue(who)
        ours, theirs = submitted
        assert can(user, "quality.view", ours) is sees_ours
        assert can(user, "quality.view", theirs) is sees_theirs
