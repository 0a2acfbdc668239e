"""Personal files ("Mes fichiers"): an agent's own uploads, within a quota, checked like
every upload, private, deletable, exported and erased with their account."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from mentor.accounts.models import User
from mentor.accounts.personal_data import register_eraser, register_section
from mentor.core.errors import Refusal
from mentor.help.models import PersonalFile
from mentor.learning.files import validate_document

MB = 1024 * 1024


class FileError(Refusal):
    """An upload refused (type, size, quota): shown as is, nothing stored."""


def files_of(*, user: User) -> list[PersonalFile]:
    return list(PersonalFile.objects.filter(user=user))


def used_bytes(*, user: User) -> int:
    return PersonalFile.objects.filter(user=user).aggregate(n=Sum("size"))["n"] or 0


def file_of_owner(*, user: User, file_id: int) -> PersonalFile | None:
    """The file if it is this person's, else None (the view answers 404: nothing revealed)."""
    if not user.is_authenticated:
        return None
    return PersonalFile.objects.filter(pk=file_id, user=user).first()


@transaction.atomic
def personal_file_add(*, user: User, upload) -> PersonalFile:
    """Store an upload: a known document type whose content matches its name (as course
    documents), at most ``PERSONAL_FILE_MAX_BYTES``, within ``PERSONAL_FILES_QUOTA_BYTES``
    for the person (checked under a lock on the person: two uploads at once cannot both
    pass the quota)."""
    if upload is None:
        raise FileError(_("Choisissez un fichier."))
    if upload.size > settings.PERSONAL_FILE_MAX_BYTES:
        raise FileError(
            _("Le fichier dépasse la taille maximale autorisée (%(max)s Mo).")
            % {"max": settings.PERSONAL_FILE_MAX_BYTES // MB}
        )
    try:
        validate_document(upload)
    except ValidationError as exc:
        raise FileError(" ".join(exc.messages)) from exc
    User.objects.select_for_update().filter(pk=user.pk).first()
    if used_bytes(user=user) + upload.size > settings.PERSONAL_FILES_QUOTA_BYTES:
        raise FileError(
            _("Votre espace est plein (%(quota)s Mo) : supprimez des fichiers avant d’en ajouter.")
            % {"quota": settings.PERSONAL_FILES_QUOTA_BYTES // MB}
        )
    name = (upload.name or "fichier").rsplit("/", 1)[-1][:255]
    return PersonalFile.objects.create(user=user, file=upload, name=name, size=upload.size)


def _delete_stored(names: list[str]) -> None:
    storage = PersonalFile._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def personal_file_delete(*, user: User, file_id: int) -> bool:
    """Delete one of the person's files (row now, stored bytes after the commit)."""
    found = PersonalFile.objects.filter(pk=file_id, user=user).first()
    if found is None:
        return False
    name = found.file.name
    found.delete()
    _delete_stored([name])
    return True


@register_section("fichiers_personnels")
def _files_section(user: User) -> list[dict]:
    return [
        {"nom": f.name, "taille_octets": f.size, "ajoute_le": f.uploaded_at.isoformat()}
        for f in PersonalFile.objects.filter(user=user)
    ]


@register_eraser("fichiers_personnels")
def _erase_files(user: User) -> None:
    rows = PersonalFile.objects.filter(user=user)
    names = list(rows.values_list("file", flat=True))
    rows.delete()
    _delete_stored(names)
