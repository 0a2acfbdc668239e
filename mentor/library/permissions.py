"""Who may use the training library. One place: views, templates and services ask these.

The library is for the people who produce trainings — designers, space admins, platform
admins — never for agents or visitors (the product brief). Depositing, duplicating and
seeing who reused a training follow the catalog's editing rule on that training.
"""

from mentor.accounts.permissions import is_platform_admin
from mentor.catalog.permissions import editor_roots, entities_for_editor
from mentor.core.permissions import can, rule
from mentor.library.models import Deposit, TrainingCopy


@rule("library.use")
def can_use_library(user, _obj=None) -> bool:
    return is_platform_admin(user) or bool(editor_roots(user))


@rule("library.deposit")
def can_deposit(user, training) -> bool:
    return can(user, "catalog.change_training", training)


@rule("library.duplicate")
def can_duplicate(user, training) -> bool:
    return can(user, "catalog.change_training", training) and can(user, "catalog.add_training")


@rule("library.copy")
def can_copy(user, deposit: Deposit) -> bool:
    return (
        deposit.withdrawn_at is None and can_use_library(user) and can(user, "catalog.add_training")
    )


@rule("library.see_reuse")
def can_see_reuse(user, deposit: Deposit) -> bool:
    """The producer (whoever edits the deposited training) sees who reused it."""
    return can(user, "catalog.change_training", deposit.training)


@rule("library.follow_copy")
def can_follow_copy(user, copy: TrainingCopy) -> bool:
    return (
        is_platform_admin(user)
        or copy.requested_by_id == user.pk
        or (copy.target is not None and can(user, "catalog.change_training", copy.target))
    )


def copy_destinations(user):
    """Entities a copy may be made for: those whose internal offer the user edits."""
    return entities_for_editor(user).order_by("path")
