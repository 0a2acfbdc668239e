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
from dataclasses import dataclass, field
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


#: More items than any authoring tool exports: refused before building the tree.
MAX_ITEMS = 2000
#: 1.2 prerequisites (AICC script): identifiers joined by ``&``, ``|``, ``~`` and brackets.
_PREREQ_TOKEN = re.compile(r"\s*(?:([A-Za-z0-9_.:\-]+)|(&|\||~|\(|\)))")


@dataclass(frozen=True)
class ItemSpec:
    """One item of the organization tree, as stored in ``scorm.Sco``: a SCO (or asset) with
    its launch page, or a cluster (no launch page) that groups items."""

    identifier: str
    parent: str  # the parent item's identifier, "" at the top
    title: str
    depth: int
    launch_path: str = ""
    is_sco: bool = False
    visible: bool = True
    prerequisites: str = ""
    mastery_score: str = ""
    max_time_allowed: str = ""
    time_limit_action: str = ""
    launch_data: str = ""
    completion_threshold: str = ""
    scaled_passing_score: str = ""
    sequencing: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Manifest:
    version: str
    title: str
    launch_path: str  # relative to the package root, with the item's parameters if any
    items: tuple[ItemSpec, ...] = ()
    sequencing: dict = field(default_factory=dict)  # the organization's own
    warnings: tuple[str, ...] = ()

    @property
    def sco_count(self) -> int:
        return sum(1 for item in self.items if item.launch_path)


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


def launch_file(launch_path: str) -> str:
    """The stored file a launch path designates (parameters and fragment removed)."""
    return unquote(urlsplit(launch_path).path)


def _decimal_text(value: str, low: float, high: float) -> str:
    """A decimal within ``low..high`` as written in the manifest, or "" when absent or bad."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return ""
    return value.strip() if low <= number <= high else ""


def _boolean(element: Element | None, name: str, default: bool) -> bool:
    if element is None:
        return default
    value = _attribute(element, name).lower()
    return default if not value else value == "true"


def _sequencing(element: Element, warnings: list[str], where: str) -> dict:
    """The basics of IMS Simple Sequencing that authoring tools emit, for an item or the
    organization: control modes, attempt limit, rollup flags, the primary objective's
    passing measure. Other rules are reported as warnings and ignored."""
    sequencing = _child(element, "sequencing")
    if sequencing is None:
        return {}
    control = _child(sequencing, "controlMode")
    limits = _child(sequencing, "limitConditions")
    rollup = _child(sequencing, "rollupRules")
    delivery = _child(sequencing, "deliveryControls")
    found: dict = {
        "choice": _boolean(control, "choice", True),
        "choice_exit": _boolean(control, "choiceExit", True),
        "forward_only": _boolean(control, "forwardOnly", False),
        "objective_rollup": _boolean(rollup, "rollupObjectiveSatisfied", True),
        "progress_rollup": _boolean(rollup, "rollupProgressCompletion", True),
        "completion_set_by_content": _boolean(delivery, "completionSetByContent", False),
        "objective_set_by_content": _boolean(delivery, "objectiveSetByContent", False),
    }
    if control is not None:
        # Flow is off by default in IMS SS, but only enforced when the manifest says so:
        # packages that declare no control mode are played with flow, as elsewhere.
        # (``control_mode`` tells these rows from those stored before flow was enforced.)
        found["flow"] = _boolean(control, "flow", False)
        found["control_mode"] = True
    weight = (
        _decimal_text(_attribute(rollup, "objectiveMeasureWeight"), 0, 1)
        if rollup is not None
        else ""
    )
    if weight:
        found["measure_weight"] = weight
    attempt_limit = _attribute(limits, "attemptLimit") if limits is not None else ""
    if attempt_limit.isdigit() and int(attempt_limit) > 0:
        found["attempt_limit"] = int(attempt_limit)
    objectives = _child(sequencing, "objectives")
    primary = _child(objectives, "primaryObjective") if objectives is not None else None
    if primary is not None and _boolean(primary, "satisfiedByMeasure", False):
        measure = _decimal_text(_text(_child(primary, "minNormalizedMeasure")) or "1.0", -1, 1)
        if measure:
            found["min_normalized_measure"] = measure
    declared = _objectives(objectives) if objectives is not None else []
    if declared:
        found["objectives"] = declared
    ignored = [
        name
        for name in ("auxiliaryResources", "randomizationControls")
        if _child(sequencing, name) is not None
    ]
    rules = _child(sequencing, "sequencingRules")
    if rules is not None:
        kept, unsupported = _sequencing_rules(rules)
        found.update(kept)
        ignored += unsupported
    if rollup is not None and _children(rollup, "rollupRule"):
        ignored.append("rollupRule")
    if _attribute(sequencing, "IDRef"):
        ignored.append("IDRef")
    if ignored:
        warnings.append(
            _("« %(where)s » : règles de séquencement non prises en charge, ignorées (%(names)s).")
            % {"where": where[:100], "names": ", ".join(ignored)}
        )
    return found


#: IMS SS precondition rules Mentor enforces: their conditions and actions.
RULE_CONDITIONS = {
    "satisfied",
    "objectiveStatusKnown",
    "objectiveMeasureKnown",
    "completed",
    "activityProgressKnown",
    "attempted",
    "always",
}
PRECONDITION_ACTIONS = {"skip", "disabled", "hiddenFromChoice"}
#: Each kind of rule Mentor enforces: where it is stored in the item's sequencing, and the
#: actions enforced (``retry`` and ``retryAll`` post-conditions are not).
RULE_KINDS = {
    "preConditionRule": ("preconditions", PRECONDITION_ACTIONS),
    "exitConditionRule": ("exit_rules", {"exit"}),
    "postConditionRule": ("postconditions", {"continue", "previous", "exitParent", "exitAll"}),
}
MAX_RULES = 20


def _objectives(objectives: Element) -> list[dict]:
    """The item's objectives (primary first) with their maps to shared (global) objectives:
    ``{"id", "primary", "maps": [{"target", "read_satisfied", "read_measure",
    "write_satisfied", "write_measure"}]}``."""
    found = []
    for element in objectives:
        kind = _local(element.tag)
        if kind not in ("primaryObjective", "objective") or len(found) >= MAX_RULES:
            continue
        maps = []
        for info in _children(element, "mapInfo")[:MAX_RULES]:
            target = _attribute(info, "targetObjectiveID")[:255]
            if not target:
                continue
            maps.append(
                {
                    "target": target,
                    "read_satisfied": _boolean(info, "readSatisfiedStatus", True),
                    "read_measure": _boolean(info, "readNormalizedMeasure", True),
                    "write_satisfied": _boolean(info, "writeSatisfiedStatus", False),
                    "write_measure": _boolean(info, "writeNormalizedMeasure", False),
                }
            )
        found.append(
            {
                "id": _attribute(element, "objectiveID")[:255],
                "primary": kind == "primaryObjective",
                "maps": maps,
            }
        )
    return found


def _sequencing_rules(rules: Element) -> tuple[dict[str, list[dict]], list[str]]:
    """The rules Mentor enforces, by kind (``preconditions``: ``skip``, ``disabled``,
    ``hiddenFromChoice``; ``exit_rules``: ``exit``; ``postconditions``: ``continue``,
    ``previous``, ``exitParent``, ``exitAll``), each on satisfied / completed / attempted /
    …-known conditions with ``not`` and ``all`` / ``any``, in document order (the first
    rule that holds decides); and the names of those it does not enforce."""
    kept: dict[str, list[dict]] = {}
    unsupported: list[str] = []
    for rule in rules:
        kind = _local(rule.tag)
        if kind not in RULE_KINDS:
            continue
        key, actions = RULE_KINDS[kind]
        action_element = _child(rule, "ruleAction")
        action = _attribute(action_element, "action") if action_element is not None else ""
        conditions_element = _child(rule, "ruleConditions")
        conditions = []
        readable = action in actions and conditions_element is not None
        for condition in _children(conditions_element, "ruleCondition") if readable else []:
            name = _attribute(condition, "condition")
            if name not in RULE_CONDITIONS:
                readable = False
                break
            conditions.append(
                {
                    "condition": name,
                    "not": _attribute(condition, "operator") == "not",
                    "objective": _attribute(condition, "referencedObjective")[:255],
                }
            )
        if readable and conditions and len(kept.get(key, [])) < MAX_RULES:
            kept.setdefault(key, []).append(
                {
                    "action": action,
                    "all": _attribute(conditions_element, "conditionCombination") != "any",
                    "conditions": conditions,
                }
            )
        else:
            unsupported.append(f"{kind} {action or '?'}")
    return kept, sorted(set(unsupported))


def _prerequisite_ids(expression: str, where: str) -> set[str] | None:
    """The identifiers a 1.2 prerequisite expression names, or None when its syntax is not
    the simple AICC script Mentor evaluates (identifiers, ``&``, ``|``, ``~``, brackets)."""
    position, names = 0, set()
    while position < len(expression):
        match = _PREREQ_TOKEN.match(expression, position)
        if not match or match.end() == position:
            if expression[position:].strip() == "":
                break
            return None
        if match.group(1):
            names.add(match.group(1))
        position = match.end()
    return names


def _check_prerequisites(items: list[ItemSpec], warnings: list[str]) -> list[ItemSpec]:
    """Unknown identifiers in a prerequisite and cycles (A needs B, B needs A) are refused:
    the learner could never open those items."""
    known = {item.identifier for item in items}
    graph: dict[str, set[str]] = {}
    kept = []
    for item in items:
        if not item.prerequisites:
            kept.append(item)
            continue
        names = _prerequisite_ids(item.prerequisites, item.identifier)
        if names is None:
            warnings.append(
                _("Prérequis de « %(title)s » non pris en charge (« %(expr)s ») : ignoré.")
                % {"title": item.title[:100], "expr": item.prerequisites[:100]}
            )
            kept.append(ItemSpec(**{**item.__dict__, "prerequisites": ""}))
            continue
        unknown = sorted(names - known)
        if unknown:
            raise ScormImportError(
                _(
                    "Le prérequis de l’élément « %(item)s » désigne « %(name)s », qui n’existe "
                    "pas dans l’organisation."
                )
                % {"item": item.identifier[:100], "name": unknown[0][:100]}
            )
        graph[item.identifier] = names
        kept.append(item)
    # Depth-first search for a cycle.
    state: dict[str, int] = {}
    for start in graph:
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        state[start] = 1
        while stack:
            node, successors = stack[-1]
            following = next(successors, None)
            if following is None:
                state[node] = 2
                stack.pop()
                continue
            if state.get(following) == 1:
                raise ScormImportError(
                    _(
                        "Les prérequis du manifeste forment un cercle (« %(item)s » dépend de "
                        "lui-même par ses prérequis) : aucun de ces éléments ne pourrait être ouvert."
                    )
                    % {"item": following[:100]}
                )
            if state.get(following) is None:
                state[following] = 1
                stack.append((following, iter(sorted(graph.get(following, ())))))
    return kept


def _resource_href(root: Element, resources_element: Element | None, resource: Element) -> str:
    return _join_base(
        root.get(XML_BASE, "").strip(),
        resources_element.get(XML_BASE, "").strip() if resources_element is not None else "",
        resource.get(XML_BASE, "").strip(),
        resource.get("href", "").strip(),
    )


def _launch_path(href: str, item: Element, members: set[str]) -> str:
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
    return _with_parameters(launch_path, _attribute(item, "parameters"))[:500]


def _adlcp(item: Element, name: str) -> str:
    """An ADL extension child of an item (1.2: ``adlcp:masteryscore``…; 2004:
    ``adlcp:completionThreshold``, ``adlcp:dataFromLMS``…), by local name, any case."""
    for child in item:
        if _local(child.tag).lower() == name.lower():
            return (child.text or "").strip()
    return ""


def _tree(
    organization: Element,
    resources: dict[str, Element],
    *,
    href_of,
    members: set[str],
    is_2004: bool,
    warnings: list[str],
) -> list[ItemSpec]:
    """The items of the organization in document order, with their parents."""
    items: list[ItemSpec] = []
    seen: set[str] = set()
    stack = [(child, "", 0) for child in reversed(_children(organization, "item"))]
    while stack:
        item, parent, depth = stack.pop()
        if len(items) >= MAX_ITEMS:
            raise ScormImportError(
                _("L’organisation du paquet compte plus de %(max)s éléments : elle est refusée.")
                % {"max": MAX_ITEMS}
            )
        identifier = _attribute(item, "identifier")[:255] or f"ITEM-{len(items) + 1}"
        if identifier in seen:
            raise ScormImportError(
                _("L’identifiant d’élément « %(id)s » apparaît deux fois dans le manifeste.")
                % {"id": identifier[:100]}
            )
        seen.add(identifier)
        title = (_text(_child(item, "title")) or identifier)[:255]
        reference = _attribute(item, "identifierref")
        launch_path, is_sco = "", False
        if reference:
            resource = resources.get(reference)
            if resource is None:
                raise ScormImportError(
                    _(
                        "L’élément « %(item)s » renvoie vers la ressource « %(ref)s », absente "
                        "du manifeste."
                    )
                    % {"item": identifier[:100], "ref": reference[:100]}
                )
            href = href_of(resource)
            if href:
                launch_path = _launch_path(href, item, members)
                is_sco = _attribute(resource, "scormtype").lower() == "sco"
            else:
                warnings.append(
                    _(
                        "La ressource « %(ref)s » n’a pas de page de lancement : « %(title)s » est ignoré."
                    )
                    % {"ref": reference[:100], "title": title[:100]}
                )
        threshold = ""
        if is_2004:
            for child in item:
                if _local(child.tag) == "completionThreshold":
                    threshold = _completion_threshold(child)
        sequencing = _sequencing(item, warnings, title) if is_2004 else {}
        items.append(
            ItemSpec(
                identifier=identifier,
                parent=parent,
                title=title,
                depth=depth,
                launch_path=launch_path,
                is_sco=is_sco,
                visible=_attribute(item, "isvisible").lower() != "false",
                prerequisites="" if is_2004 else _adlcp(item, "prerequisites")[:500],
                mastery_score=""
                if is_2004
                else _decimal_text(_adlcp(item, "masteryscore"), 0, 100),
                max_time_allowed=(_adlcp(item, "maxtimeallowed") or _max_duration(item))[:30],
                time_limit_action=_adlcp(item, "timelimitaction")[:30].lower(),
                launch_data=_adlcp(item, "datafromlms")[:4096],
                completion_threshold=threshold,
                scaled_passing_score=sequencing.get("min_normalized_measure", ""),
                sequencing=sequencing,
            )
        )
        stack.extend((child, identifier, depth + 1) for child in reversed(_children(item, "item")))
    return items


def _completion_threshold(element: Element) -> str:
    """``adlcp:completionThreshold``: 3rd edition gives the threshold as text; 4th edition
    as ``minProgressMeasure``, used only with ``completedByMeasure="true"`` (its default
    is false: the SCO then decides its completion itself)."""
    text = (element.text or "").strip()
    if text:
        return _decimal_text(text, 0, 1)
    if _attribute(element, "completedByMeasure").lower() != "true":
        return ""
    return _decimal_text(_attribute(element, "minProgressMeasure") or "1.0", 0, 1)


def _max_duration(item: Element) -> str:
    for element in item.iter():
        if _local(element.tag) == "limitConditions":
            return _attribute(element, "attemptAbsoluteDurationLimit")
    return ""


def manifest_parse(content: bytes, *, members: set[str]) -> Manifest:
    """Version, title, organization tree and first launch page of a package.

    Parsed with defusedxml: entity declarations (billion laughs) and external references
    (XXE) are refused. ``members`` are the files of the package: every launch page must be
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
    is_2004 = version == ScormVersion.SCORM_2004

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
    warnings: list[str] = []
    if len(candidates) > 1:
        warnings.append(
            _("Le manifeste compte %(count)s organisations : seule « %(title)s » est utilisée.")
            % {
                "count": len(candidates),
                "title": (_text(_child(organization, "title")) or default_id)[:100],
            }
        )

    resources_element = _child(root, "resources")
    resources = {
        resource.get("identifier", "").strip(): resource
        for resource in (
            _children(resources_element, "resource") if resources_element is not None else []
        )
    }
    items = _tree(
        organization,
        resources,
        href_of=lambda resource: _resource_href(root, resources_element, resource),
        members=members,
        is_2004=is_2004,
        warnings=warnings,
    )
    if not is_2004:
        items = _check_prerequisites(items, warnings)
    first = next((item for item in items if item.launch_path and item.is_sco), None)
    if first is None:
        raise ScormImportError(
            _(
                "Le manifeste ne désigne aucune page de lancement : aucun élément de "
                "l’organisation ne renvoie vers une ressource de type « sco » avec un attribut href."
            )
        )
    title = _text(_child(organization, "title")) or first.title or _("Module SCORM sans titre")
    return Manifest(
        version=version,
        title=title[:255],
        launch_path=first.launch_path,
        items=tuple(items),
        sequencing=_sequencing(organization, warnings, title) if is_2004 else {},
        warnings=tuple(warnings),
    )


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
