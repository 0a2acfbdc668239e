"""The publication state machine of a training: its states, its transitions, who may fire
each, and the hook the apps above use to follow them (the editorial committee's review
history and notifications).

    draft ──submit──▶ review ──publish──────────▶ published ──archive──▶ archived
      ▲   ▲             │  ──request_changes──▶ draft                      │
      │   └─────────────┘  ──refuse───────────▶ refused ──submit──▶ review │
      └──────────────────────────────restore─────────────────────────────-─┘

A published training keeps its sheet live while its designers edit it, except for the
fields that decide who it is for (``REVIEWED_FIELDS``): for the interministerial offer,
those changes are kept aside (``pending_changes``) until the committee reviews them
(``submit`` again; ``publish`` applies them, ``request_changes`` sends them back,
``refuse`` drops them).

Who decides: the editorial committee (or a platform admin) for the interministerial offer;
the space admin of the owning entity for an internal offer, without the committee. The
designers (and space admins) of the training's scope submit and restore.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentor.accounts.models import User
from mentor.audit.services import audit_record
from mentor.catalog.models import Collection, PublicationState, Training
from mentor.core.errors import Refusal
from mentor.core.permissions import can
from mentor.core.registry import Registry
from mentor.organisations.models import Entity

S = PublicationState

#: The fields whose change on a published interministerial training needs a new review:
#: who the training is for (audience) and where it is offered (scope).
REVIEWED_FIELDS = ("audience", "jobs", "owner_entity", "collections")


class PublicationRefusal(Refusal):
    pass


@dataclass(frozen=True)
class Transition:
    action: str
    label: Any
    sources: frozenset[str]
    target: str
    permission: str  # a ``can()`` rule on the training


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            gettext_lazy("Soumettre pour publication"),
            frozenset({S.DRAFT, S.REFUSED, S.PUBLISHED}),
            S.REVIEW,
            "catalog.change_training",
        ),
        Transition(
            "publish",
            gettext_lazy("Publier"),
            frozenset({S.REVIEW, S.DRAFT}),
            S.PUBLISHED,
            "catalog.publish_training",
        ),
        Transition(
            "request_changes",
            gettext_lazy("Demander des modifications"),
            frozenset({S.REVIEW}),
            S.DRAFT,
            "catalog.publish_training",
        ),
        Transition(
            "refuse",
            gettext_lazy("Refuser"),
            frozenset({S.REVIEW}),
            S.REFUSED,
            "catalog.publish_training",
        ),
        Transition(
            "archive",
            gettext_lazy("Archiver"),
            frozenset({S.PUBLISHED}),
            S.ARCHIVED,
            "catalog.publish_training",
        ),
        Transition(
            "restore",
            gettext_lazy("Remettre en brouillon"),
            frozenset({S.ARCHIVED, S.REFUSED}),
            S.DRAFT,
            "catalog.change_training",
        ),
    )
}


@dataclass
class PublicationEvent:
    """What a transition did, handed to every registered listener (inside its transaction)."""

    actor: User
    training: Training
    action: str
    source: str
    target: str
    #: True when the review is about the audience or scope of an already published training.
    changes_only: bool
    comment: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


#: (event: PublicationEvent) -> None, called in the transition's transaction.
_LISTENERS: Registry[Callable[[PublicationEvent], None]] = Registry("publication listeners")


def register_publication_listener(name: str):
    return _LISTENERS.register(name)


def _under_review_changes(training: Training) -> bool:
    return training.state == S.PUBLISHED and training.changes_submitted_at is not None


def needs_committee(training: Training) -> bool:
    return training.owner_entity_id is None


def available_actions(user, training: Training) -> list[Transition]:
    """The transitions this person may fire on the training now (buttons to show)."""
    result = []
    for transition in TRANSITIONS.values():
        try:
            _check(user, training, transition)
        except (PermissionDenied, PublicationRefusal):
            continue
        result.append(transition)
    return result


def _check(user, training: Training, transition: Transition) -> None:
    if not can(user, transition.permission, training):
        raise PermissionDenied(_("Vous ne pouvez pas faire cette action sur cette formation."))
    state = training.state
    changes = _under_review_changes(training)
    if transition.action == "submit":
        if state == S.PUBLISHED and (not training.pending_changes or changes):
            raise PublicationRefusal(
                _("Aucune modification du public ou du périmètre n’attend de relecture.")
            )
    elif transition.action in ("request_changes", "refuse") and changes:
        return  # a review of pending changes on a published training
    elif transition.action == "publish":
        if changes:
            return
        if state == S.DRAFT and needs_committee(training):
            # The interministerial offer is published only after the committee's review.
            raise PublicationRefusal(
                _(
                    "Une formation de l’offre interministérielle doit d’abord être soumise au comité."
                )
            )
    if state not in transition.sources:
        raise PublicationRefusal(
            _("Action « %(action)s » impossible : la formation est « %(state)s ».")
            % {"action": transition.label, "state": training.get_state_display()}
        )


def _apply_pending(training: Training) -> None:
    pending = training.pending_changes or {}
    for name in ("audience", "jobs"):
        if name in pending:
            setattr(training, name, pending[name])
    if "owner_entity" in pending:
        training.owner_entity = (
            Entity.objects.filter(pk=pending["owner_entity"]).first()
            if pending["owner_entity"]
            else None
        )
    if "collections" in pending:
        training.collections.set(Collection.objects.filter(pk__in=pending["collections"]))


@transaction.atomic
def publication_transition(
    *, actor: User, training: Training, action: str, comment: str = ""
) -> Training:
    """Fire one transition: checked, applied, audited, announced to the listeners."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise PublicationRefusal(_("Action inconnue."))
    training = (
        Training.objects.select_for_update(of=("self",))
        .select_related("producer", "owner_entity")
        .get(pk=training.pk)
    )
    _check(actor, training, transition)
    source = training.state
    changes_only = source == S.PUBLISHED or _under_review_changes(training)
    now = timezone.now()
    fields = ["state", "updated_at", "changes_submitted_at", "pending_changes"]
    if changes_only:
        # The sheet stays published; only the pending audience/scope changes move.
        if action == "submit":
            training.changes_submitted_at = now
        elif action == "publish":
            _apply_pending(training)
            training.pending_changes = {}
            training.changes_submitted_at = None
            fields += ["audience", "jobs", "owner_entity"]
        elif action == "request_changes":
            training.changes_submitted_at = None
        elif action == "refuse":
            training.pending_changes = {}
            training.changes_submitted_at = None
        else:
            training.state = transition.target
    else:
        training.state = transition.target
        if transition.target == S.PUBLISHED and training.published_at is None:
            training.published_at = now
            fields.append("published_at")
    training.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="catalog.training_state",
        target=training,
        entity=training.owner_entity or training.producer,
        data={
            "action": action,
            "from": source,
            "to": training.state,
            "changes_only": changes_only,
            "comment": comment[:2000],
        },
    )
    event = PublicationEvent(
        actor=actor,
        training=training,
        action=action,
        source=source,
        target=training.state,
        changes_only=changes_only,
        comment=comment,
    )
    for _name, listener in _LISTENERS.items():
        listener(event)
    return training


def transition_to_state(user, training: Training, target: str) -> str | None:
    """The action that takes the training from its state to ``target`` for this person, or
    None (the designer form's "state" field goes through the same machine)."""
    if training.state == S.PUBLISHED and target == S.REVIEW:
        return None  # pending audience/scope changes are submitted with their own button
    for transition in available_actions(user, training):
        if transition.target == target and not _under_review_changes(training):
            return transition.action
    return None


def states_reachable(user, training: Training) -> list[str]:
    """States the publication field may offer this person (the current one included)."""
    if training.pk is None:
        states = [S.DRAFT, S.REVIEW]
        if can(user, "catalog.publish_training", training) and not needs_committee(training):
            states.append(S.PUBLISHED)
        return states
    return [training.state] + [
        t.target
        for t in available_actions(user, training)
        if not (training.state == S.PUBLISHED and t.action == "submit")
    ]
