"""Who may act on attestations. Downloading is the holder's alone (see
``selectors.attestation_of_owner``); verifying is public."""

from mentor.accounts.models import Role
from mentor.accounts.permissions import has_role, is_platform_admin
from mentor.attestations.models import Attestation
from mentor.core.permissions import can, rule


@rule("attestations.revoke")
def can_revoke_attestation(user, attestation: Attestation) -> bool:
    """Platform admins, and space admins of the training's scope (its owner entity for an
    internal training, its producer for the interministerial offer)."""
    if is_platform_admin(user):
        return True
    training = attestation.training
    if training is None:
        return False
    return has_role(user, Role.SPACE_ADMIN, training.owner_entity or training.producer)


@rule("attestations.configure")
def can_configure_attestation(user, training) -> bool:
    """Whether a training delivers attestations: whoever edits the training."""
    return can(user, "catalog.change_training", training)
