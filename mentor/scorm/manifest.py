"""Reading an uploaded SCORM package without trusting it: the zip's table of contents and
the ``imsmanifest.xml`` it must hold.

Nothing here writes anything; :func:`mentor.scorm.services.package_import` stores the files
once every check passed. Each refusal is a :class:`ScormImportError` whose message is shown
to the designer as is, so it says in French what is wrong and what to do.
"""

import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.utils.translation import gettext as _

from mentor.core.errors import Refusal
from mentor.scorm.models import ScormVersion

MANIFEST_NAME = "imsmanifest.xml"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ScormImportError(Refusal):
    """A package refused; the message (in French) is meant for the designer."""


# --- The archive ---------------------------------------------------------------------------


def safe_member_name(name: str) -> str | None:
    """The normalised relative path of a zip entry, or None when it could escape the
    package folder (zip slip) or is not portable: absolute, drive letter, backslash, ``..``,
    control characters."""
    if not name or "\\" in name or _CONTROL.search(name):
        return None
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = name.split("/")
    if any(part == ".." for part in parts):
        return None
    normalised = posixpath.normpath(name)
    if normalised in (".", "") or normalised.startswith(("../", "/")):
        return None
    return normalised


@dataclass(frozen=True)
class Member:
    """A file of the package to store: its zip entry and its clean relative path."""

    info: zipfile.ZipInfo
    path: str


#: What archivers add beside the content: macOS resource forks and Finder settings.
JUNK_FOLDERS = ("__MACOSX/",)
JUNK_FILES = {".DS_Store"}
#: AICC course structure files (a format older than SCORM, not supported): the course file
#: (.crs) and at least one of the others (.au alone is also an audio format).
AICC_COURSE = ".crs"
AICC_STRUCTURE = {".au", ".des", ".cst"}


def is_junk(path: str) -> bool:
    """Files an archiver added that are no part of the package: never stored."""
    return path.startswith(JUNK_FOLDERS) or posixpath.basename(path) in JUNK_FILES


def archive_members(archive: zipfile.ZipFile) -> list[Member]:
    """The files of the package, once the table of contents looks sane.

    Checks the declared sizes only (number of entries, total size, compression ratio of
    each entry); the real sizes are enforced again while extracting, since headers lie.
    """
    infos = archive.infolist()
    if len(infos) > settings.SCORM_MAX_FILES:
        raise ScormImportError(
            _("Le paquet contient trop de fichiers (%(count)s ; au plus %(max)s).")
            % {"count": len(infos), "max": settings.SCORM_MAX_FILES}
        )
    members: list[Member] = []
    seen: set[str] = set()
    declared_total = 0
    for info in infos:
        path = safe_member_name(info.filename)
        if path is None:
            raise ScormImportError(
                _("Le paquet contient un chemin de fichier interdit : « %(name)s ».")
                % {"name": info.filename[:200]}
            )
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ScormImportError(
                _("Le paquet contient un lien symbolique (« %(name)s ») : ce n’est pas autorisé.")
                % {"name": path}
            )
        if info.flag_bits & 0x1:
            raise ScormImportError(
                _(
                    "Le paquet contient un fichier chiffré (« %(name)s ») : exportez-le sans mot de passe."
                )
                % {"name": path}
            )
        if info.is_dir() or is_junk(path):
            continue
        if path in seen:
            raise ScormImportError(
                _("Le paquet contient deux fois le fichier « %(name)s ».") % {"name": path}
            )
        seen.add(path)
        if info.file_size / max(info.compress_size, 1) > settings.SCORM_MAX_COMPRESSION_RATIO:
            raise ScormImportError(
                _(
                    "Le fichier « %(name)s » est anormalement compressé : le paquet est refusé "
                    "par précaution (archive piégée)."
                )
                % {"name": path}
            )
        declared_total += info.file_size
        if declared_total > settings.SCORM_MAX_UNCOMPRESSED_BYTES:
            raise ScormImportError(too_big_message())
        members.append(Member(info=info, path=path))
    if not members:
        raise ScormImportError(_("Le paquet est vide."))
    folders = {
        "/".join(member.path.split("/")[:depth])
        for member in members
        for depth in range(1, member.path.count("/") + 1)
    }
    clash = sorted(folders & seen)
    if clash:
        raise ScormImportError(
            _("« %(name)s » est à la fois un fichier et un dossier dans le paquet.")
            % {"name": clash[0]}
        )
    return members


def too_big_message() -> str:
    return _("Une fois décompressé, le paquet dépasse la taille autorisée (%(max)s Mo).") % {
        "max": settings.SCORM_MAX_UNCOMPRESSED_BYTES // (1024 * 1024)
    }


# --- The manifest --------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    version: str
    title: str
    launch_path: str  # relative to the package root, with the item's parameters if any


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Element, name: str) -> Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _attribute(element: Element, name: str) -> str:
    """An attribute by local name, whatever its namespace and case (``scormtype`` in 1.2,
    ``scormType`` in 2004)."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return ""


def _text(element: Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _version(root: Element) -> str:
    """SCORM 1.2 or 2004, from ``metadata/schemaversion`` or else the ADL namespaces used."""
    metadata = _child(root, "metadata")
    schema_version = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if schema_version == "1.2":
        return ScormVersion.SCORM_12
    if schema_version.startswith("2004") or schema_version == "CAM 1.3":
        return ScormVersion.SCORM_2004
    namespaces = set()
    for element in root.iter():
        namespaces.add(_namespace(element.tag))
        namespaces.update(_namespace(key) for key in element.attrib)
    if any("adlcp_v1p3" in ns or "imsss" in ns or "adlseq" in ns for ns in namespaces):
        return ScormVersion.SCORM_2004
    if any("adlcp_rootv1p2" in ns for ns in namespaces):
        return ScormVersion.SCORM_12
    raise ScormImportError(
        _(
            "La version SCORM du paquet n’est pas reconnue : seules SCORM 1.2 et 2004 sont acceptées."
        )
    )


def _join_base(*parts: str) -> str:
    """Resolve ``xml:base`` prefixes and the href into one relative path."""
    path = ""
    for part in parts:
        if not part:
            continue
        path = (
            part if not path else posixpath.join(path if path.endswith("/") else path + "/", part)
        )
    return path


def _with_parameters(href: str, parameters: str) -> str:
    """IMS CP rule for ``item/@parameters``: append after ``?`` or ``&`` unless they start
    with one (or with ``#``)."""
    parameters = parameters.strip()
    if not parameters:
        return href
    if parameters[0] in "?&#":
        if parameters[0] == "?" and "?" in href:
            return f"{href}&{parameters[1:]}"
        return href + parameters
    return f"{href}{'&' if '?' in href else '?'}{parameters}"


def _launch_item(organization: Element, resources: dict[str, Element]) -> tuple[Element, Element]:
    """The first item, in document order, that points to a SCO with a launch page."""
    for item in organization.iter():
        if _local(item.tag) != "item":
            continue
        resource = resources.get(_attribute(item, "identifierref"))
        if (
            resource is not None
            and _attribute(resource, "scormtype").lower() == "sco"
            and resource.get("href", "").strip()
        ):
            return item, resource
    raise ScormImportError(
        _(
            "Le manifeste ne désigne aucune page de lancement : aucun élément de "
            "l’organisation ne renvoie vers une ressource de type « sco » avec un attribut href."
        )
    )


def launch_file(launch_path: str) -> str:
    """The stored file a launch path designates (parameters and fragment removed)."""
    return unquote(urlsplit(launch_path).path)


def manifest_parse(content: bytes, *, members: set[str]) -> Manifest:
    """Version, title and launch page of a package, from its manifest.

    Parsed with defusedxml: entity declarations (billion laughs) and external references
    (XXE) are refused. ``members`` are the files of the package: the launch page must be
    one of them.
    """
    try:
        root = fromstring(content)
    except DefusedXmlException as exc:
        raise ScormImportError(
            _(
                "Le fichier imsmanifest.xml contient des déclarations interdites (entités ou "
                "références externes) : il est refusé par sécurité."
            )
        ) from exc
    except (ParseError, ValueError) as exc:
        raise ScormImportError(
            _("Le fichier imsmanifest.xml n’est pas un document XML valide (%(error)s).")
            % {"error": str(exc)[:200]}
        ) from exc
    if _local(root.tag) != "manifest":
        raise ScormImportError(_("Le fichier imsmanifest.xml n’est pas un manifeste IMS."))
    version = _version(root)

    organizations = _child(root, "organizations")
    candidates = _children(organizations, "organization") if organizations is not None else []
    if not candidates:
        raise ScormImportError(
            _("Le manifeste ne contient aucune organisation (table des matières).")
        )
    default_id = organizations.get("default", "").strip()
    organization = next(
        (org for org in candidates if org.get("identifier", "").strip() == default_id),
        candidates[0],
    )

    resources_element = _child(root, "resources")
    resources = {
        resource.get("identifier", "").strip(): resource
        for resource in (
            _children(resources_element, "resource") if resources_element is not None else []
        )
    }
    item, resource = _launch_item(organization, resources)

    href = _join_base(
        root.get(XML_BASE, "").strip(),
        resources_element.get(XML_BASE, "").strip() if resources_element is not None else "",
        resource.get(XML_BASE, "").strip(),
        resource.get("href", "").strip(),
    )
    if urlsplit(href).scheme or href.startswith("//"):
        raise ScormImportError(
            _("La page de lancement doit se trouver dans le paquet, pas sur un autre site.")
        )
    file_path = safe_member_name(launch_file(href))
    if file_path is None or file_path not in members:
        raise ScormImportError(
            _("La page de lancement « %(href)s » indiquée dans le manifeste est absente du paquet.")
            % {"href": href[:200]}
        )
    split = urlsplit(href)
    launch_path = (
        file_path
        + (f"?{split.query}" if split.query else "")
        + (f"#{split.fragment}" if split.fragment else "")
    )
    launch_path = _with_parameters(launch_path, _attribute(item, "parameters"))

    title = (
        _text(_child(organization, "title"))
        or _text(_child(item, "title"))
        or _("Module SCORM sans titre")
    )
    return Manifest(version=version, title=title[:255], launch_path=launch_path[:500])


def manifest_read(archive: zipfile.ZipFile, members: list[Member]) -> Manifest:
    """Find ``imsmanifest.xml`` at the root of the package and parse it."""
    by_path = {member.path: member for member in members}
    member = by_path.get(MANIFEST_NAME)
    extensions = {posixpath.splitext(path)[1].lower() for path in by_path}
    if member is None and AICC_COURSE in extensions and extensions & AICC_STRUCTURE:
        raise ScormImportError(
            _(
                "Ce paquet est au format AICC : AICC n’est pas pris en charge. Exportez le "
                "module au format SCORM 1.2 ou SCORM 2004 depuis votre outil auteur."
            )
        )
    if member is None:
        raise ScormImportError(
            _(
                "Le fichier imsmanifest.xml est introuvable à la racine du paquet : est-ce bien "
                "un export SCORM (et non un dossier zippé qui le contient) ?"
            )
        )
    limit = settings.SCORM_MAX_MANIFEST_BYTES  # larger is not what authoring tools export
    if member.info.file_size > limit:
        raise ScormImportError(_("Le fichier imsmanifest.xml est anormalement volumineux."))
    with archive.open(member.info) as stream:
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise ScormImportError(_("Le fichier imsmanifest.xml est anormalement volumineux."))
    return manifest_parse(content, members=set(by_path))
