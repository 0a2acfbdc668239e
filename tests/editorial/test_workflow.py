"""The publication state machine and the committee's reviews: every transition allowed or
refused per role, the review history, notifications, later edits of a published training,
labels and the home page's "mise en avant"."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from mentor.audit.models import AuditEvent
from mentor.catalog.models import PublicationState, Training
from mentor.catalog.publication import PublicationRefusal, publication_transition
from mentor.catalog.services import training_save, training_set_featured
from mentor.editorial.models import Label, Review, ReviewKind, ReviewStatus, TrainingLabel
from mentor.editorial.services import EditorialRefusal, label_award, review_decide
from tests.factories import CollectionFactory, TrainingFactory

S = PublicationState


@pytest.fixture
def draft(justice, designer):
    """An interministerial training produced by Justice, in draft."""
    return TrainingFactory(producer=justice, state=S.DRAFT, published_at=None, created_by=designer)


@pytest.fixture
def internal(justice):
    return TrainingFactory(producer=justice, owner_entity=justice, state=S.DRAFT, published_at=None)


def _submit(actor, training):
    return publication_transition(actor=actor, training=training, action="submit")


def _open(training):
    return Review.objects.get(training=training, status=ReviewStatus.OPEN)


@pytest.mark.django_db
class TestTransitions:
    def test_designer_submits_and_the_committee_is_told(self, draft, designer, committee):
        training = _submit(designer, draft)
        assert training.state == S.REVIEW
        review = _open(training)
        assert review.kind == ReviewKind.PUBLICATION and review.by_committee
        assert review.submitted_by == designer
        assert [m.to for m in mail.outbox] == [[committee.email]]
        assert "attend votre relecture" in mail.outbox[0].body
        event = AuditEvent.objects.get(action="catalog.training_state")
        assert event.data["action"] == "submit" and event.data["to"] == S.REVIEW

    @pytest.mark.parametrize("action", ["publish", "request_changes", "refuse", "archive"])
    def test_a_designer_cannot_decide(self, draft, designer, action):
        _submit(designer, draft)
        with pytest.raises(PermissionDenied):
            publication_transition(actor=designer, training=draft, action=action)
        assert Training.objects.get(pk=draft.pk).state == S.REVIEW

    def test_an_agent_cannot_submit(self, draft, agent):
        with pytest.raises(PermissionDenied):
            _submit(agent, draft)

    def test_the_committee_cannot_publish_a_draft_it_has_not_reviewed(self, draft, committee):
        with pytest.raises(PublicationRefusal):
            publication_transition(actor=committee, training=draft, action="publish")

    def test_the_committee_cannot_submit_someone_elses_training(self, draft, committee):
        with pytest.raises(PermissionDenied):
            _submit(committee, draft)

    def test_the_committee_does_not_decide_on_an_internal_offer(
        self, internal, designer, committee
    ):
        _submit(designer, internal)
        with pytest.raises(PermissionDenied):
            publication_transition(actor=committee, training=internal, action="publish")

    def test_a_space_admin_publishes_the_internal_offer_without_the_committee(
        self, internal, justice_admin, committee
    ):
        training = publication_transition(actor=justice_admin, training=internal, action="publish")
        assert training.state == S.PUBLISHED and training.published_at
        assert not Review.objects.exists()

    def test_an_internal_submission_goes_to_the_space_admin(
        self, internal, designer, justice_admin, committee
    ):
        _submit(designer, internal)
        review = _open(internal)
        assert not review.by_committee
        assert [m.to for m in mail.outbox] == [[justice_admin.email]]

    def test_a_space_admin_cannot_publish_the_interministerial_offer(
        self, draft, designer, justice_admin
    ):
        _submit(designer, draft)
        with pytest.raises(PermissionDenied):
            publication_transition(actor=justice_admin, training=draft, action="publish")

    def test_a_state_that_does_not_allow_the_action_is_refused(self, draft, designer, committee):
        with pytest.raises(PublicationRefusal):
            publication_transition(actor=committee, training=draft, action="refuse")
        _submit(designer, draft)
        with pytest.raises(PublicationRefusal):
            _submit(designer, draft)  # already under review

    def test_the_designer_form_goes_through_the_same_machine(self, client, draft, designer):
        client.force_login(designer)
        data = {
            "title": draft.title,
            "slug": draft.slug,
            "summary": draft.summary,
            "duration_hours": "7",
            "modality": "self_paced",
            "licence": "cc-by-nc-sa",
            "producer": draft.producer_id,
            "state": S.PUBLISHED,
        }
        response = client.post(reverse("catalog:training_edit", args=[draft.slug]), data)
        assert response.status_code == HTTPStatus.OK  # "published" is not a choice
        assert Training.objects.get(pk=draft.pk).state == S.DRAFT
        response = client.post(
            reverse("catalog:training_edit", args=[draft.slug]), {**data, "state": S.REVIEW}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert _open(draft).submitted_by == designer


@pytest.mark.django_db
class TestDecisions:
    def test_changes_requested_then_fixed_then_published(self, draft, designer, committee):
        _submit(designer, draft)
        review = review_decide(
            actor=committee,
            review=_open(draft),
            decision="request_changes",
            assessments={"pedagogy": ("partly", "Ajoutez des mises en situation.")},
            comment="Deux points à reprendre.",
        )
        assert review.status == ReviewStatus.CHANGES_REQUESTED and review.decided_by == committee
        assert Training.objects.get(pk=draft.pk).state == S.DRAFT
        decided = mail.outbox[-1]
        assert decided.to == [designer.email]
        assert "Ajoutez des mises en situation." in decided.body
        assert "Qualité pédagogique : Partiellement satisfait" in decided.body

        _submit(designer, draft)
        final = review_decide(
            actor=committee, review=_open(draft), decision="publish", assessments={}, comment=""
        )
        assert final.status == ReviewStatus.PUBLISHED
        training = Training.objects.get(pk=draft.pk)
        assert training.state == S.PUBLISHED and training.published_at
        history = list(Review.objects.filter(training=draft).order_by("created_at", "pk"))
        assert [r.status for r in history] == [
            ReviewStatus.CHANGES_REQUESTED,
            ReviewStatus.PUBLISHED,
        ]
        assert history[0].assessments.get().comment == "Ajoutez des mises en situation."

    def test_refusal_then_resubmission(self, draft, designer, committee):
        _submit(designer, draft)
        review_decide(
            actor=committee,
            review=_open(draft),
            decision="refuse",
            assessments={"offer": ("not_met", "Doublon avec une formation publiée.")},
        )
        assert Training.objects.get(pk=draft.pk).state == S.REFUSED
        _submit(designer, draft)
        assert Training.objects.get(pk=draft.pk).state == S.REVIEW

    def test_asking_for_changes_needs_a_comment(self, draft, designer, committee):
        _submit(designer, draft)
        with pytest.raises(EditorialRefusal):
            review_decide(
                actor=committee, review=_open(draft), decision="request_changes", assessments={}
            )
        assert Training.objects.get(pk=draft.pk).state == S.REVIEW

    def test_a_closed_review_cannot_be_decided_again(self, draft, designer, committee):
        _submit(designer, draft)
        review = _open(draft)
        review_decide(actor=committee, review=review, decision="publish", assessments={})
        with pytest.raises(EditorialRefusal):
            review_decide(
                actor=committee, review=review, decision="refuse", assessments={}, comment="x"
            )

    def test_only_the_committee_decides(self, draft, designer, justice_admin):
        _submit(designer, draft)
        with pytest.raises(PermissionDenied):
            review_decide(
                actor=justice_admin, review=_open(draft), decision="publish", assessments={}
            )


@pytest.mark.django_db
class TestPublishedEdits:
    def _published(self, draft, designer, committee):
        collection = CollectionFactory()
        draft.collections.set([collection])
        _submit(designer, draft)
        review_decide(actor=committee, review=_open(draft), decision="publish", assessments={})
        return Training.objects.get(pk=draft.pk), collection

    def test_sheet_edits_go_live_audience_and_scope_wait(self, draft, designer, committee, justice):
        training, collection = self._published(draft, designer, committee)
        other = CollectionFactory()
        training.summary = "Un nouveau résumé."
        training.audience = "Tous les encadrants"
        training_save(actor=designer, training=training, collections=[other])
        stored = Training.objects.get(pk=training.pk)
        assert stored.summary == "Un nouveau résumé." and stored.state == S.PUBLISHED
        assert stored.audience == "" and list(stored.collections.all()) == [collection]
        assert stored.pending_changes == {
            "audience": "Tous les encadrants",
            "collections": [other.pk],
        }

        publication_transition(actor=designer, training=stored, action="submit")
        review = _open(stored)
        assert review.kind == ReviewKind.CHANGES
        assert review.proposed_changes["audience"] == "Tous les encadrants"
        assert Training.objects.get(pk=stored.pk).state == S.PUBLISHED  # still live

        review_decide(actor=committee, review=review, decision="publish", assessments={})
        applied = Training.objects.get(pk=stored.pk)
        assert applied.audience == "Tous les encadrants"
        assert list(applied.collections.all()) == [other]
        assert applied.pending_changes == {} and applied.changes_submitted_at is None

    def test_refused_changes_are_dropped(self, draft, designer, committee):
        training, _collection = self._published(draft, designer, committee)
        training.audience = "Personne"
        training_save(actor=designer, training=training)
        publication_transition(actor=designer, training=training, action="submit")
        review_decide(
            actor=committee,
            review=_open(training),
            decision="refuse",
            assessments={},
            comment="Non.",
        )
        stored = Training.objects.get(pk=training.pk)
        assert (
            stored.state == S.PUBLISHED and stored.audience == "" and stored.pending_changes == {}
        )

    def test_nothing_to_submit_without_pending_changes(self, draft, designer, committee):
        training, _collection = self._published(draft, designer, committee)
        with pytest.raises(PublicationRefusal):
            publication_transition(actor=designer, training=training, action="submit")


@pytest.mark.django_db
class TestLabelsAndFeatured:
    def test_the_committee_labels_and_the_sheet_shows_it(self, client, committee, justice):
        training = TrainingFactory(producer=justice)
        label = Label.objects.create(name="Label Mentor")
        label_award(actor=committee, training=training, label=label)
        label_award(actor=committee, training=training, label=label)  # idempotent
        assert TrainingLabel.objects.filter(training=training).count() == 1
        assert "Label Mentor" in client.get(training.get_absolute_url()).content.decode()
        assert AuditEvent.objects.filter(action="editorial.label_award").count() == 1

    def test_a_designer_cannot_label(self, designer, justice):
        training = TrainingFactory(producer=justice)
        label = Label.objects.create(name="Label Mentor")
        with pytest.raises(PermissionDenied):
            label_award(actor=designer, training=training, label=label)

    def test_featured_is_the_committees(self, client, committee, designer, justice):
        training = TrainingFactory(producer=justice)
        with pytest.raises(PermissionDenied):
            training_set_featured(actor=designer, training=training, featured=True)
        client.force_login(designer)
        page = client.get(reverse("catalog:training_edit", args=[training.slug])).content.decode()
        assert 'name="featured"' not in page
        client.force_login(committee)
        response = client.post(
            reverse("editorial:feature", args=[training.slug]), {"featured": "1"}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Training.objects.get(pk=training.pk).featured


@pytest.mark.django_db
class TestInternalOfferPages:
    def test_the_space_admin_sends_an_internal_training_back_then_publishes_it(
        self, client, internal, designer, justice_admin
    ):
        client.force_login(designer)
        url = reverse("catalog:training_publication", args=[internal.slug])
        assert client.post(url, {"action": "submit"}).status_code == HTTPStatus.FOUND
        assert client.post(url, {"action": "publish"}).status_code == HTTPStatus.FORBIDDEN
        assert Training.objects.get(pk=internal.pk).state == S.REVIEW  # not the designer's call
        client.force_login(justice_admin)
        client.post(url, {"action": "request_changes", "comment": ""})
        assert Training.objects.get(pk=internal.pk).state == S.REVIEW  # a comment is needed
        client.post(url, {"action": "request_changes", "comment": "Précisez le public."})
        assert Training.objects.get(pk=internal.pk).state == S.DRAFT
        review = Review.objects.get(training=internal)
        assert review.status == ReviewStatus.CHANGES_REQUESTED
        assert review.decision_comment == "Précisez le public."
        assert client.post(url, {"action": "publish"}).status_code == HTTPStatus.FOUND
        assert Training.objects.get(pk=internal.pk).state == S.PUBLISHED

    def test_the_interministerial_offer_is_not_decided_from_the_designer_pages(
        self, client, draft, designer, platform_admin
    ):
        publication_transition(actor=designer, training=draft, action="submit")
        client.force_login(platform_admin)
        url = reverse("catalog:training_publication", args=[draft.slug])
        client.post(url, {"action": "request_changes", "comment": "x"})
        assert Training.objects.get(pk=draft.pk).state == S.REVIEW
