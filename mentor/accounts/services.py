"""State changes on accounts: attachment, roles, profile, personal data.

Every function is keyword-only and transactional; those a user or a signal may repeat
(attachment at each sign-in, role grants) are idempotent.
"""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mentor.accounts import permissions
from mentor.accounts.events import user_attached, user_typology_changed
from mentor.accounts.models import (
    OPTIONALLY_SCOPED_ROLES,
    SCOPED_ROLES,
    STAFF_ROLES,
    AttachmentChange,
    AttachmentSource,
    Role,
    RoleAssignment,
    User,
)
from mentor.accounts.personal_data import personal_data_erase
from mentor.accounts.selectors import sign_in_facts
from mentor.audit.services import audit_record, audit_target_relabel
from mentor.core.permissions import can
from mentor.organisations.models import Entity
from mentor.organisations.selectors import entity_for_email
from mentor.organisations.services import EntityDependents, register_entity_dependents

Trigger = AttachmentChange.Trigger
#: The optional profile fields populations may select on (``user_typology_changed``).
TYPOLOGY_FIELDS = ("category", "employment_status", "gender")


def _set_attachment(
    *,
    user: User,
    entity: Entity | None,
    source: str,
    trigger: str,
    actor: User | None = None,
    reason: str = "",
) -> AttachmentChange | None:
    """Apply an attachment and record it when it changes anything. Caller holds the row lock."""
    if user.entity_id == (entity.pk if entity else None) and user.attachment_source == source:
        return None
    change = None
    if user.entity_id != (entity.pk if entity else None):
        change = AttachmentChange.objects.create(
            user=user,
            changed_by=actor,
            from_entity_id=user.entity_id,
            to_entity=entity,
            trigger=trigger,
            reason=reason,
        )
        user_id, entity_id = user.pk, entity.pk if entity else None
        transaction.on_commit(
            lambda: user_attached.send(sender=User, user_id=user_id, entity_id=entity_id),
            robust=True,
        )
    user.entity = entity
    user.attachment_source = source
    user.save(update_fields=["entity", "attachment_source"])
    return change


@transaction.atomic
def user_sessions_revoke(*, user: User) -> None:
    """End every open session of ``user`` (all devices): the raised epoch changes the
    session auth hash that Django checks on each request. Audited."""
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    audit_record(actor=user, action="accounts.sessions_revoked", target=user, entity=user.entity)


def user_attach(*, user: User, trigger: str) -> AttachmentChange | None:
    """Attach the user to the entity their e-mail domain designates (automatic attachment).

    Runs at sign-up, at every sign-in and after an e-mail change. An administrator's
    override is kept at sign-in; a change of e-mail ends it (the override was about the old
    address). Returns the history row when the attachment changed, None otherwise.

    At sign-in, the usual case changes nothing: it is read without a transaction or a row
    lock (no query when a password sign-in read the entity with the account:
    ``selectors.SignInFacts``, one otherwise), and only a change takes the locked path.
    """
    if trigger == Trigger.SIGNIN:
        if user.attachment_source == AttachmentSource.OVERRIDE:
            return None
        facts = sign_in_facts(user, email=user.email)
        if facts is not None:
            entity_id = facts.entity_id
        else:
            entity = entity_for_email(user.email)
            entity_id = entity.pk if entity else None
        if user.entity_id == entity_id and user.attachment_source == AttachmentSource.AUTOMATIC:
            return None
    return _user_attach_locked(user=user, trigger=trigger)


@transaction.atomic
def _user_attach_locked(*, user: User, trigger: str) -> AttachmentChange | None:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.attachment_source == AttachmentSource.OVERRIDE and trigger != Trigger.EMAIL_CHANGE:
        return None
    change = _set_attachment(
        user=locked,
        entity=entity_for_email(locked.email),
        source=AttachmentSource.AUTOMATIC,
        trigger=trigger,
    )
    user.entity_id, user.attachment_source = locked.entity_id, locked.attachment_source
    return change


@transaction.atomic
def user_create_invited(*, email: str, password: str, first_name: str, last_name: str) -> User:
    """Create the account of someone who followed an invitation sent to ``email``: the link
    proved they read that mailbox, so the address is recorded as verified (no confirmation
    e-mail), then attached as at any sign-up. The caller validated the password. Raises
    ``ValidationError`` when an account already uses the address."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("Un compte existe déjà pour cette adresse : connectez-vous."))
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name.strip(), last_name=last_name.strip()
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_attach(user=user, trigger=Trigger.SIGNUP)
    return user


@transaction.atomic
def user_email_changed(*, user: User, email: str) -> AttachmentChange | None:
    """The person made ``email`` their primary address (allauth's e-mail management): it
    becomes the account's address and the automatic attachment follows the new domain."""
    User.objects.filter(pk=user.pk).exclude(email=email).update(email=email)
    user.email = email
    return user_attach(user=user, trigger=Trigger.EMAIL_CHANGE)


@transaction.atomic
def user_override_attachment(
    *, actor: User, user: User, entity: Entity | None, reason: str
) -> AttachmentChange | None:
    """An administrator attaches ``user`` to ``entity`` (or to none), with a reason.

    The override survives sign-ins until cleared or until the user changes e-mail address.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif de ce changement de rattachement.")})
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not can(actor, "accounts.override_attachment", (locked, entity)):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le rattachement de cette personne."))
    previous = locked.entity
    change = _set_attachment(
        user=locked,
        entity=entity,
        source=AttachmentSource.OVERRIDE,
        trigger=Trigger.OVERRIDE,
        actor=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="accounts.override_attachment",
        target=locked,
        entity=entity or previous,
        data={
            "from": previous.pk if previous else None,
            "to": entity.pk if entity else None,
            "reason": reason,
        },
    )
    user.entity_id, user.attachment_source = locked.entity_id, locked.attachment_source
    return change


@transaction.atomic
def user_clear_override(*, actor: User, user: User, reason: str) -> AttachmentChange | None:
    """Return a user to automatic attachment by e-mail domain."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    new_entity = entity_for_email(locked.email)
    if not can(actor, "accounts.override_attachment", (locked, new_entity)):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le rattachement de cette personne."))
    previous = locked.entity
    change = _set_attachment(
        user=locked,
        entity=new_entity,
        source=AttachmentSource.AUTOMATIC,
        trigger=Trigger.OVERRIDE_CLEARED,
        actor=actor,
        reason=(reason or "").strip(),
    )
    audit_record(
        actor=actor,
        action="accounts.clear_attachment_override",
        target=locked,
        entity=new_entity or previous,
        data={
            "from": previous.pk if previous else None,
            "to": new_entity.pk if new_entity else None,
        },
    )
    user.entity_id, user.attachment_source = locked.entity_id, locked.attachment_source
    return change


def _sync_staff(user: User) -> None:
    """Space and platform admins get the admin site; nobody else (superusers keep theirs)."""
    permissions.forget_roles(user)
    wants_staff = user.is_superuser or any(
        ra.role in STAFF_ROLES for ra in permissions.role_assignments(user)
    )
    if user.is_staff != wants_staff:
        user.is_staff = wants_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_sync_staff(*, user: User) -> None:
    """Recompute admin-site access after roles changed elsewhere (e.g. an entity deleted)."""
    _sync_staff(User.objects.select_for_update().get(pk=user.pk))


def _entity_refusal(entity: Entity) -> str | None:
    if User.objects.filter(entity=entity).exists():
        return _(
            "Des personnes sont encore rattachées à « %(name)s » : modifiez ses domaines "
            "ou leur rattachement avant de supprimer l'entité."
        ) % {"name": entity.name}
    return None


def _entity_release(*, actor: User, entity: Entity) -> dict:
    """The roles scoped to a deleted entity are revoked; their holders' admin access is
    recomputed."""
    roles = list(RoleAssignment.objects.filter(entity=entity).select_related("user").order_by("pk"))
    RoleAssignment.objects.filter(pk__in=[ra.pk for ra in roles]).delete()
    for user in {ra.user for ra in roles}:
        user_sync_staff(user=user)
    return {"roles_revoked": [{"user": ra.user_id, "role": ra.role} for ra in roles]}


register_entity_dependents(
    "accounts", EntityDependents(refusal=_entity_refusal, release=_entity_release)
)


def role_validate_scope(*, role: str, entity: Entity | None) -> None:
    """Scoped roles (tutor, designer, space admin) need an entity; national ones take none;
    the editorial committee takes either (national, or a collection's lead direction)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Rôle inconnu.")})
    if role in SCOPED_ROLES and entity is None:
        raise ValidationError({"entity": _("Ce rôle s'exerce sur une entité : choisissez-la.")})
    if role not in SCOPED_ROLES | OPTIONALLY_SCOPED_ROLES and entity is not None:
        raise ValidationError(
            {"entity": _("Ce rôle est national : il ne porte sur aucune entité.")}
        )


@transaction.atomic
def role_grant(
    *, actor: User, user: User, role: str, entity: Entity | None = None
) -> RoleAssignment:
    """Grant ``role`` to ``user`` (scoped to ``entity`` for tutor, designer and space admin).

    Idempotent: granting a role already held returns the existing assignment, unaudited.
    """
    role_validate_scope(role=role, entity=entity)
    if not can(actor, "accounts.grant_role", (role, entity)):
        raise PermissionDenied(_("Vous ne pouvez pas attribuer ce rôle sur ce périmètre."))
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, entity=entity, defaults={"granted_by": actor}
    )
    if created:
        audit_record(
            actor=actor,
            action="accounts.grant_role",
            target=user,
            entity=entity,
            data={"role": role, "entity": entity.pk if entity else None},
        )
        _sync_staff(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    if not can(actor, "accounts.grant_role", (assignment.role, assignment.entity)):
        raise PermissionDenied(_("Vous ne pouvez pas retirer ce rôle."))
    user = assignment.user
    audit_record(
        actor=actor,
        action="accounts.revoke_role",
        target=user,
        entity=assignment.entity,
        data={"role": assignment.role, "entity": assignment.entity_id},
    )
    assignment.delete()
    _sync_staff(user)


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    category: str = "",
    employment_status: str = "",
    gender: str = "",
    agent_id: str = "",
) -> User:
    """The user edits what is theirs to edit; never their entity. A change of typology
    (category, status, gender) is announced after commit (``user_typology_changed``)."""
    before = {name: getattr(user, name) for name in TYPOLOGY_FIELDS}
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.category = category
    user.employment_status = employment_status
    user.gender = gender
    user.agent_id = agent_id.strip()
    user.full_clean(exclude=["password", "email"])
    user.save(
        update_fields=[
            "first_name",
            "last_name",
            "category",
            "employment_status",
            "gender",
            "agent_id",
        ]
    )
    changed = sorted(name for name in TYPOLOGY_FIELDS if getattr(user, name) != before[name])
    if changed:
        user_id = user.pk
        transaction.on_commit(
            lambda: user_typology_changed.send(sender=User, user_id=user_id, fields=changed),
            robust=True,
        )
    return user


@transaction.atomic
def user_update_by_admin(
    *, actor: User, user: User, first_name: str, last_name: str, is_active: bool
) -> User:
    """An administrator corrects a name or closes/reopens an account, within their scope.

    The e-mail address, the attachment and the roles have their own audited paths; the
    optional statistical fields belong to the user alone. The change is audited with the
    names of the fields that changed (and the account state, which matters for security).
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not can(actor, "accounts.manage_user", locked):
        raise PermissionDenied(_("Vous ne pouvez pas modifier le compte de cette personne."))
    if locked.pk == actor.pk and not is_active:
        raise ValidationError(
            {"is_active": _("Vous ne pouvez pas désactiver votre propre compte.")}
        )
    new = {"first_name": first_name.strip(), "last_name": last_name.strip(), "is_active": is_active}
    changed = sorted(field for field, value in new.items() if getattr(locked, field) != value)
    if not changed:
        return locked
    for field in changed:
        setattr(locked, field, new[field])
    locked.full_clean(exclude=["password", "email"])
    locked.save(update_fields=changed)
    data: dict = {"fields": changed}
    if "is_active" in changed:
        data["is_active"] = is_active
    audit_record(
        actor=actor, action="accounts.update_user", target=locked, entity=locked.entity, data=data
    )
    for field in changed:
        setattr(user, field, new[field])
    return locked


def _erased_label(user: User) -> str:
    # Stored data, not UI text: the same words whatever language the request used.
    return f"Compte supprimé n° {user.pk}"


@transaction.atomic
def user_erase(*, user: User, actor: User | None = None, cause: str = "") -> None:
    """Erase a user's personal data and close the account, keeping anonymised statistics.

    What stays: the row (so enrolment and completion counts stay true), the entity, the
    category, status and gender (statistical, not identifying once the name and address are
    gone), the sign-up date. What goes: name, e-mail addresses, password, second factors,
    linked ProConnect identities,
    open sessions, the reasons written in the attachment history, and the name under which
    the audit trail and the admin history listed the account.

    ``cause``: why, when nobody asked (``"inactivity"``: data retention).
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.erased_at:
        return
    data: dict = {"self_service": not cause and (actor is None or actor.pk == locked.pk)}
    if cause:
        data["cause"] = cause
    audit_record(
        actor=actor or (None if cause else locked),
        action="accounts.erase",
        target=locked,
        entity=locked.entity,
        data=data,
    )
    EmailAddress.objects.filter(user=locked).delete()
    Authenticator.objects.filter(user=locked).delete()
    SocialAccount.objects.filter(user=locked).delete()  # ProConnect identities
    locked.attachment_history.update(reason="")
    # The trail keeps what was done to the account, not who the person was: the name kept
    # in each row's label and the free-text reasons written about them go too.
    audit_target_relabel(target=locked, label=_erased_label(locked), drop={"reason"})
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(locked.pk)
    ).update(object_repr=_erased_label(locked))
    locked.role_assignments.all().delete()
    personal_data_erase(user=locked)
    locked.email = f"supprime-{uuid.uuid4().hex}@invalid"
    locked.first_name = ""
    locked.last_name = ""
    locked.agent_id = ""
    locked.set_unusable_password()
    locked.is_active = False
    locked.is_staff = False
    locked.last_login = None
    locked.erased_at = timezone.now()
    # The new (unusable) password changes the session auth hash and the account is inactive:
    # every open session of this user is refused at its next request.
    locked.save()
