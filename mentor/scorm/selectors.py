"""Reads for SCORM: a package's files, what the player needs to launch and resume a SCO."""

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from mentor.catalog.models import Session
from mentor.core.permissions import can
from mentor.core.prepared import Prepared
from mentor.enrolments.models import Enrolment
from mentor.learning.models import Activity, ActivityKind
from mentor.learning.selectors import outline_activity
from mentor.scorm import commit_tokens, content, sequencing
from mentor.scorm import rollup as rules
from mentor.scorm.cmi import launch_cmi
from mentor.scorm.manifest import safe_member_name
from mentor.scorm.models import (
    ACTIVITY_PACKAGE,
    Attempt,
    Package,
    Runtime,
    Sco,
    SharedObjective,
)
from mentor.scorm.models import activity_package as _stored_package
from mentor.scorm.rollup import ScoState


def _learning(user):
    return Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE)


def activity_package(activity: Activity) -> Package | None:
    """The SCORM package an activity plays (no query when the outline loaded it)."""
    return _stored_package(activity)


def package_scos(*, activity: Activity) -> list[Sco]:
    """The items of the activity's package, in the organization's order."""
    package = activity_package(activity=activity)
    return scos_of(package) if package is not None else []


# A package's SCOs in the organization's order, built once (``core.prepared``): the
# player's navigation and every commit that moves an attempt's result read them.
_SCOS = Prepared(
    lambda *, package_id: Sco.objects.filter(package_id=package_id).order_by("position", "pk")
)


def scos_of(package: Package) -> list[Sco]:
    """The package's SCOs in the organization's order."""
    return _SCOS(package_id=package.pk)


def package_file_name(*, package: Package, path: str) -> str | None:
    """The storage name of a file of the package from a URL path, or None when the path
    tries to leave the package folder (``..``, absolute, backslashes)."""
    clean = safe_member_name(path)
    if clean is None:
        return None
    name = posixpath.normpath(f"{package.storage_prefix}/{clean}")
    if not name.startswith(package.storage_prefix.rstrip("/") + "/"):
        return None
    return name


def sco_launch_path(*, package: Package, sco_id: int | None) -> str | None:
    """The launch page of one of the package's items (its first SCO when ``sco_id`` is
    None), or None when the item is not the package's or has no launch page."""
    if sco_id is None:
        return package.launch_path
    return (
        Sco.objects.filter(package=package, pk=sco_id)
        .exclude(launch_path="")
        .values_list("launch_path", flat=True)
        .first()
    )


def package_sco(*, package_id: int | None, sco_id: int) -> Sco | None:
    """A launchable item of the package."""
    if package_id is None:
        return None
    return Sco.objects.filter(package_id=package_id, pk=sco_id).exclude(launch_path="").first()


#: How long the first launchable item of a package is kept (retired at once when an item
#: of the package changes: ``forget_launch_sco``).
LAUNCH_SCO_SECONDS = 3600


def launch_sco_key(package_id: int) -> str:
    return f"scorm:launch-sco:{package_id}"


def launch_sco(package: Package) -> Sco | None:
    """The item a commit writes to when its URL names none (a single-SCO package): the
    first launchable one. Cached per package, as every learner of a module commits to it
    every few seconds; any change to the package's items retires it (``kinds.register``)."""
    key = launch_sco_key(package.pk)
    sco = cache.get(key)
    if sco is None:
        sco = package.scos.exclude(launch_path="").order_by("position").first()
        if sco is not None:
            cache.set(key, sco, LAUNCH_SCO_SECONDS)
    return sco


def runtime_target(
    *, user, enrolment_id: int, activity_id: int
) -> tuple[Enrolment, Activity] | None:
    """The learner's own active enrolment and a SCORM activity of its training, or None."""
    if not user.is_authenticated:
        return None
    enrolment = _learning(user).filter(pk=enrolment_id).select_related("session__training").first()
    if enrolment is None:
        return None
    enrolment.user = user
    activity = (
        Activity.objects.select_related(ACTIVITY_PACKAGE)
        .filter(
            pk=activity_id,
            kind=ActivityKind.SCORM,
            scorm_package_link__isnull=False,
            section__training_id=enrolment.session.training_id,
        )
        .first()
    )
    if activity is None:
        return None
    return enrolment, activity


def commit_enrolment(
    *, user_id: int | None, enrolment_id: int, session_epoch: int | None = None
) -> Enrolment | None:
    """The enrolment a commit writes to, locked (``SELECT … FOR UPDATE`` of its row: call
    inside a transaction), when it is the active one of ``user_id``, an active account;
    else None. ``commit_training_id`` holds its training. One statement: a commit comes
    every few seconds per learner, authenticated by a signed token that names the user
    without loading it (``commit_tokens``); ``session_epoch``: the token's, still the
    user's (not signed out everywhere since). The activity is the training's
    (``commit_activity``)."""
    if user_id is None:
        return None
    if session_epoch is None:
        return _COMMIT_ENROLMENT.first(enrolment_id=enrolment_id, user_id=user_id)
    return _COMMIT_ENROLMENT_OF_EPOCH.first(
        enrolment_id=enrolment_id, user_id=user_id, session_epoch=session_epoch
    )


def _own_enrolment(*, enrolment_id: int, user_id: int) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .filter(
            pk=enrolment_id,
            user_id=user_id,
            user__is_active=True,
            status=Enrolment.Status.ACTIVE,
        )
        .annotate(commit_training_id=F("session__training_id"))
    )


# Built once (``core.prepared``): every commit of every learner runs one of them.
_COMMIT_ENROLMENT = Prepared(_own_enrolment)
_COMMIT_ENROLMENT_OF_EPOCH = Prepared(
    lambda *, enrolment_id, user_id, session_epoch: _own_enrolment(
        enrolment_id=enrolment_id, user_id=user_id
    ).filter(user__session_epoch=session_epoch)
)


def commit_activity(*, training_id: int, activity_id: int) -> Activity | None:
    """The SCORM activity of the training a commit writes to, with its package and options,
    from the training's cached outline (no query when cached); None when the training
    has no such SCORM activity, or its package is gone."""
    activity = outline_activity(training_id=training_id, activity_id=activity_id)
    if activity is None or activity.kind != ActivityKind.SCORM:
        return None
    return activity if _stored_package(activity) is not None else None


def package_by_id(*, package_id: int) -> Package | None:
    """A package as the content origin needs it (its files, its launch page): access was
    checked when the signed URL was given."""
    return (
        Package.objects.only("id", "title", "version", "launch_path", "storage_prefix")
        .filter(pk=package_id)
        .first()
    )


@dataclass
class TocEntry:
    sco: Sco
    state: ScoState
    available: bool
    current: bool = False
    url: str = ""


@dataclass
class Launch:
    """Which SCO a page plays, and the table of contents around it."""

    toc: list[TocEntry]
    current: Sco | None
    attempt_number: int | None
    notice: str = ""
    flow: bool = True  # previous / next offered (the parent's flow control mode)


def _states(runtimes) -> dict[str, ScoState]:
    return {
        r.sco.identifier: rules.sco_state(
            lesson_status=r.lesson_status,
            completion_status=r.completion_status,
            success_status=r.success_status,
            score=None if r.score_scaled is None else r.score_scaled * 100,
        )
        for r in runtimes
        if r.sco_id
    }


def _control(sco: Sco, by_pk: dict[int, Sco], package: Package, mode: str, default: bool) -> bool:
    """A 2004 control mode of the item's parent (or of the organization at the top)."""
    parent = by_pk.get(sco.parent_id) if sco.parent_id is not None else None
    sequencing = parent.sequencing if parent is not None else package.sequencing
    return (sequencing or {}).get(mode, default)


def _choice_allowed(sco: Sco, by_pk: dict[int, Sco], package: Package) -> bool:
    """2004 ``controlMode choice="false"`` on the parent (or the organization) keeps the
    learner from opening the item from the table of contents."""
    return _control(sco, by_pk, package, "choice", True)


def _ancestors(sco: Sco, by_pk: dict[int, Sco]) -> list[Sco]:
    """The item and its parents, up to the top of the organization."""
    chain, seen = [], set()
    node: Sco | None = sco
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        chain.append(node)
        node = by_pk.get(node.parent_id) if node.parent_id is not None else None
    return chain


def _inside(sco: Sco, cluster: Sco, by_pk: dict[int, Sco]) -> bool:
    return any(node.pk == cluster.pk for node in _ancestors(sco, by_pk))


def launch_plan(
    *,
    package: Package,
    runtimes: list[Runtime],
    query: dict,
    base_url: str,
    attempt_number: int | None,
    preview: bool = False,
    review: bool = False,
    shared: dict[str, sequencing.Shared] | None = None,
    earlier: dict[int, set[int]] | None = None,
) -> Launch:
    """Resolve the page's navigation request (``query``: ``sco`` chosen in the table of
    contents, ``nav`` = continue / previous / choice with ``from`` and ``cible``, ``vue``
    = plan) against the package's tree and the attempt's statuses. ``preview``: nothing is
    stored, so prerequisites and rules are not enforced (every item may be opened).

    SCORM 2004 sequencing enforced: control modes of the parent (``choice``, ``flow``,
    ``forwardOnly``) and ``choiceExit`` of the active item and its parents; precondition
    rules ``skip`` (flow passes over the item), ``disabled`` (never delivered) and
    ``hiddenFromChoice`` (not offered in the contents), whose conditions read the SCOs'
    statuses and objectives, local or ``shared`` (global objectives); ``attemptLimit`` of
    an item or cluster (``earlier``: the learner's earlier attempts of the activity in
    which each SCO was played, see :func:`earlier_sco_attempts`): once the item was
    attempted that many times, it is disabled; exit-condition and post-condition rules
    when a SCO is left by flow (``nav`` continue / previous from it)."""
    shared = shared or {}
    earlier = earlier or {}
    scos = scos_of(package)
    by_pk = {sco.pk: sco for sco in scos}
    states = _states(runtimes)
    cmis = {
        r.sco.identifier: (r.cmi.get("cmi") if isinstance(r.cmi, dict) else None)
        for r in runtimes
        if r.sco is not None
    }
    done = {identifier for identifier, state in states.items() if state.completed or state.passed}
    launchable = [sco for sco in scos if sco.launchable]
    clusters: dict[int, ScoState] = {}

    def node_state(node: Sco) -> ScoState:
        """A SCO's state, or a cluster's: the rollup of the SCOs inside it."""
        if node.launchable:
            return states.get(node.identifier, ScoState())
        if node.pk not in clusters:
            inside = [
                rules.Item(sco.identifier, True, sequencing=sco.sequencing)
                for sco in launchable
                if _inside(sco, node, by_pk)
            ]
            clusters[node.pk] = rules.cluster_state(inside, states)
        return clusters[node.pk]

    def first_action(node: Sco, kind: str) -> str:
        return sequencing.first_action(
            node.sequencing, kind, node_state(node), cmis.get(node.identifier), shared
        )

    def ended_by_rules(active: Sco) -> tuple[Sco, str]:
        """IMS SS exit of the active SCO: exit-condition rules of its clusters (from the
        top, the first one whose ``exit`` rule holds ends there), then post-condition
        rules of what ended (``exitParent`` ends the parent too and reads its rules).
        The item that ended, and the request its rules make ("" when none)."""
        ended = active
        for node in _ancestors(active, by_pk)[:0:-1]:
            if first_action(node, "exit_rules") == "exit":
                ended = node
                break
        seen: set[int] = set()
        while ended.pk not in seen:
            seen.add(ended.pk)
            action = first_action(ended, "postconditions")
            if action == "exitParent" and ended.parent_id in by_pk:
                ended = by_pk[ended.parent_id]
                continue
            return ended, action if action in ("continue", "previous", "exitAll") else ""
        return ended, ""  # pragma: no cover - the tree has no cycle

    actions = {
        sco.pk: set()
        if preview or not (sco.sequencing or {}).get("preconditions")
        else sequencing.precondition_actions(
            sco.sequencing, node_state(sco), cmis.get(sco.identifier), shared
        )
        for sco in scos
    }

    exhausted = {} if preview else _limits_reached(scos, by_pk, earlier)

    def blocked(sco: Sco) -> bool:
        """Disabled by a precondition of the item or of one of its parents, or by their
        attempt limit."""
        return any(
            "disabled" in actions[node.pk] or exhausted.get(node.pk, False)
            for node in _ancestors(sco, by_pk)
        )

    def available(sco: Sco) -> bool:
        return sco.launchable and (
            preview or (rules.prerequisites_met(sco.prerequisites, done) and not blocked(sco))
        )

    def in_flow(sco: Sco) -> bool:
        return available(sco) and (
            preview or not any("skip" in actions[node.pk] for node in _ancestors(sco, by_pk))
        )

    def flows(sco: Sco) -> bool:
        """The parent's flow control mode, when the manifest declared one (rows stored
        before it was enforced have no ``control_mode``: played with flow until
        ``scorm_restructure`` reads their manifest again)."""
        parent = by_pk.get(sco.parent_id) if sco.parent_id is not None else None
        control = (parent.sequencing if parent is not None else package.sequencing) or {}
        return preview or not (control.get("control_mode") and control.get("flow") is False)

    def choosable(sco: Sco, active: Sco | None) -> bool:
        if not available(sco) or not _choice_allowed(sco, by_pk, package):
            return False
        if preview:
            return True
        if any("hiddenFromChoice" in actions[node.pk] for node in _ancestors(sco, by_pk)):
            return False
        if active is not None:
            # choiceExit="false" on the active item or a parent: stay inside it.
            for node in _ancestors(active, by_pk):
                if not (node.sequencing or {}).get("choice_exit", True) and not _inside(
                    sco, node, by_pk
                ):
                    return False
        return True

    suffix = query_suffix(attempt_number, review=review)
    current, notice = None, ""
    nav = str(query.get("nav", ""))
    origin = by_pk.get(_int(query.get("from")))
    # Leaving a SCO by flow (its own continue / previous, auto-continue, the buttons):
    # its exit and post-condition rules may end more than it and replace the request.
    ended, request = origin, nav
    if nav in ("continue", "previous") and origin is not None and origin in launchable:
        if not preview:
            ended, override = ended_by_rules(origin)
            request = override or nav
    refused = _("Cet élément n’est pas encore accessible : terminez d’abord ses prérequis.")
    used_up = _("Vous avez utilisé toutes les tentatives que ce module permet pour cet élément.")

    def refusal(sco: Sco | None) -> str:
        if sco is not None and any(exhausted.get(n.pk) for n in _ancestors(sco, by_pk)):
            return used_up
        return refused

    if query.get("vue") == "plan":
        current = None
    elif query.get("sco"):
        chosen = by_pk.get(_int(query.get("sco")))
        if chosen is not None and choosable(chosen, origin):
            current = chosen
        else:
            notice = refusal(chosen)
    elif (
        nav in ("continue", "previous")
        and origin is not None
        and origin in launchable
        and request == "exitAll"
    ):
        current = None  # a post-condition rule ends the module: back to its plan
    elif (
        request == "previous"
        and ended is not None
        and _control(ended, by_pk, package, "forward_only", False)
    ):
        notice = _("Ce module ne permet pas de revenir en arrière.")
    elif request in ("continue", "previous") and ended is not None and not flows(ended):
        notice = _("Ce module se parcourt depuis son sommaire : choisissez-y l’élément suivant.")
    elif request in ("continue", "previous") and ended is not None and origin in launchable:
        inside = [sco for sco in launchable if _inside(sco, ended, by_pk)]
        first, last = launchable.index(inside[0]), launchable.index(inside[-1])
        candidates = launchable[last + 1 :] if request == "continue" else launchable[:first][::-1]
        current = next((sco for sco in candidates if in_flow(sco) and flows(sco)), None)
    elif nav == "choice":
        target = next((sco for sco in scos if sco.identifier == query.get("cible")), None)
        current = target if target is not None and choosable(target, origin) else None
        notice = "" if current is not None else refusal(target)
    else:
        latest = max(
            (r for r in runtimes if r.sco is not None and r.sco.pk in by_pk),
            key=lambda r: r.updated_at,
            default=None,
        )
        if (
            latest is not None
            and latest.sco is not None
            and not states.get(latest.sco.identifier, ScoState()).completed
            and available(by_pk[latest.sco.pk])
        ):
            current = by_pk[latest.sco.pk]
        startable = [s for s in launchable if in_flow(s) and flows(s)]
        current = current or next((s for s in startable if s.identifier not in done), None)
        current = current or next(iter(startable), None)
        if current is None and not review and any(choosable(s, None) for s in launchable):
            notice = _("Choisissez un élément dans le sommaire du module.")
    toc = [
        TocEntry(
            sco=sco,
            state=states.get(sco.identifier, ScoState()),
            available=choosable(sco, current),
            current=current is not None and sco.pk == current.pk,
            url=(
                f"{base_url}?sco={sco.pk}{suffix}"
                + (f"&from={current.pk}" if current is not None else "")
            )
            if sco.launchable
            else "",
        )
        for sco in scos
        if sco.visible
    ]
    return Launch(
        toc=toc,
        current=current,
        attempt_number=attempt_number,
        notice=notice,
        flow=current is not None and flows(current),
    )


def _limits_reached(
    scos: list[Sco], by_pk: dict[int, Sco], earlier: dict[int, set[int]]
) -> dict[int, bool]:
    """IMS SS limit conditions: the items (SCOs or clusters) whose ``attemptLimit`` the
    learner's earlier attempts used up. An item was attempted in an earlier attempt of the
    activity when it, or one of the SCOs inside it, was played there (each attempt of the
    activity is one attempt of the items it played; moving between SCOs inside an attempt
    is not a new one)."""
    reached: dict[int, bool] = {}
    for node in scos:
        limit = (node.sequencing or {}).get("attempt_limit")
        if not isinstance(limit, int) or limit <= 0:
            continue
        used: set[int] = set()
        for sco in scos:
            if sco.pk in earlier and _inside(sco, node, by_pk):
                used |= earlier[sco.pk]
        reached[node.pk] = len(used) >= limit
    return reached


def earlier_sco_attempts(*, package: Package, attempt: Attempt | None) -> dict[int, set[int]]:
    """For packages whose items have an ``attemptLimit``: the learner's attempts of the
    activity before ``attempt`` in which each SCO was played (``{sco id: {attempt ids}}``).
    No query for the others."""
    if attempt is None or attempt.number <= 1:
        return {}
    scos = scos_of(package)
    if not any((sco.sequencing or {}).get("attempt_limit") for sco in scos):
        return {}
    found: dict[int, set[int]] = {}
    for attempt_id, sco_id in Runtime.objects.filter(
        attempt__enrolment_id=attempt.enrolment_id,
        attempt__activity_id=attempt.activity_id,
        attempt__number__lt=attempt.number,
        sco__isnull=False,
    ).values_list("attempt_id", "sco_id"):
        found.setdefault(sco_id, set()).add(attempt_id)
    return found


def query_suffix(attempt_number: int | None, *, review: bool = False) -> str:
    """What every link of the player keeps: the attempt played, and review mode."""
    suffix = f"&tentative={attempt_number}" if attempt_number else ""
    return suffix + ("&revoir=1" if review else "")


# A learner's reads at every launch of the player and every commit, built once
# (``core.prepared``).
_ATTEMPTS = Prepared(
    lambda *, enrolment_id, activity_id: Attempt.objects.filter(
        enrolment_id=enrolment_id, activity_id=activity_id
    ).order_by("number")
)
_ATTEMPT_RUNTIMES = Prepared(
    lambda *, attempt_id: Runtime.objects.select_related("sco").filter(attempt_id=attempt_id)
)
_SHARED_OBJECTIVES = Prepared(
    lambda *, enrolment_id, activity_id: SharedObjective.objects.filter(
        enrolment_id=enrolment_id, activity_id=activity_id
    )
)


def learner_attempts(*, enrolment_id: int, activity_id: int) -> list[Attempt]:
    """A learner's attempts at a SCORM activity, in order."""
    return _ATTEMPTS(enrolment_id=enrolment_id, activity_id=activity_id)


def attempt_runtimes(*, attempt_id: int) -> list[Runtime]:
    """An attempt's runtimes (one per SCO played), each with its SCO."""
    return _ATTEMPT_RUNTIMES(attempt_id=attempt_id)


def shared_objectives(*, enrolment: Enrolment, activity: Activity) -> dict[str, sequencing.Shared]:
    """The learner's shared (global) objectives in a SCORM activity, by target id."""
    return {
        shared.target: sequencing.Shared(satisfied=shared.satisfied, measure=shared.measure)
        for shared in _SHARED_OBJECTIVES(enrolment_id=enrolment.pk, activity_id=activity.pk)
    }


def _int(value) -> int:
    """A query parameter as an id (0, which no row has, when it is not one)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _decimal_text(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _item_data(sco: Sco | None) -> dict:
    if sco is None:
        return {}
    return {
        "launch_data": sco.launch_data,
        "mastery_score": _decimal_text(sco.mastery_score),
        "completion_threshold": _decimal_text(sco.completion_threshold),
        "scaled_passing_score": _decimal_text(sco.scaled_passing_score),
        "max_time_allowed": sco.max_time_allowed,
        "time_limit_action": sco.time_limit_action,
    }


def player_context(
    *,
    enrolment: Enrolment | None,
    activity: Activity,
    app_origin: str,
    query: dict | None = None,
    base_url: str = "",
    attempt: Attempt | None = None,
    user=None,
    review: bool = False,
) -> dict:
    """What ``templates/scorm/player.html`` needs, for the enrolment's own learner on the
    page at ``app_origin`` (the only origin the package's launcher will talk to). Without
    an enrolment: the designer's preview (``user``), whose API stores nothing (SCORM mode
    "browse"). ``review``: the learner re-opens a finished attempt (mode "review"): its data
    as it was, every item open, no commit address."""
    package = activity_package(activity)
    assert package is not None  # noqa: S101  (the SCORM kind registers this for packaged activities only)
    if attempt is None and enrolment is not None:
        attempts = learner_attempts(enrolment_id=enrolment.pk, activity_id=activity.pk)
        attempt = attempts[-1] if attempts else None
    runtimes = attempt_runtimes(attempt_id=attempt.pk) if attempt is not None else []
    shared = (
        shared_objectives(enrolment=enrolment, activity=activity) if enrolment is not None else {}
    )
    launch = launch_plan(
        shared=shared,
        earlier=earlier_sco_attempts(package=package, attempt=attempt)
        if enrolment is not None and not review
        else {},
        package=package,
        runtimes=runtimes,
        query=query or {},
        base_url=base_url,
        attempt_number=attempt.number if attempt else None,
        preview=enrolment is None or review,
        review=review,
    )
    mode = "browse" if enrolment is None else "review" if review else "normal"
    sco = launch.current
    runtime = next((r for r in runtimes if sco is not None and r.sco_id == sco.pk), None)
    person = enrolment.user if enrolment is not None else user
    token = content.grant_token(package_id=package.pk, user_id=person.pk, app_origin=app_origin)
    context: dict[str, Any] = {
        "title": activity.title or package.title,
        "version": package.version,
        "toc": launch.toc,
        "current": sco,
        "notice": launch.notice,
        "attempt": attempt,
        "preview": enrolment is None,
        "review": review,
        "mode": mode,
        "query_suffix": query_suffix(attempt.number if attempt else None, review=review),
        "base_url": base_url,
        "content_origin": content.content_origin(),
        "cmi_id": f"scorm-cmi-{activity.pk}",
        "many": sum(1 for entry in launch.toc if entry.sco.launchable) > 1,
        "flow": launch.flow,
    }
    if sco is None:
        return context
    context.update(
        {
            "launcher_url": content.launcher_url(token=token, sco_id=sco.pk),
            "commit_url": (
                reverse(
                    "scorm:commit_sco",
                    kwargs={
                        "enrolment_id": enrolment.pk,
                        "activity_id": activity.pk,
                        "sco_id": sco.pk,
                        "attempt": attempt.number if attempt else 1,
                    },
                )
                if enrolment is not None and not review
                else ""
            ),
            "commit_token": (
                commit_tokens.commit_token(
                    user_id=enrolment.user_id,
                    session_epoch=person.session_epoch,
                    enrolment_id=enrolment.pk,
                    activity_id=activity.pk,
                    attempt_number=attempt.number if attempt else 1,
                )
                if enrolment is not None and not review
                else ""
            ),
            "commit_token_renew": settings.SCORM_COMMIT_TOKEN_MAX_AGE // 2,
            "cmi": launch_cmi(
                version=package.version,
                runtime=runtime,
                learner_id=str(person.pk),
                learner_name=", ".join(
                    part for part in (person.last_name, person.first_name) if part
                ),
                item={**_item_data(sco), "objectives": sequencing.reads(sco.sequencing, shared)},
                mode=mode,
            ),
            "location": runtime.location if runtime else "",
            "suspend_data": runtime.suspend_data if runtime else "",
        }
    )
    return context


# --- Tutors' report ---------------------------------------------------------------------------

REPORT_PAGE_SIZE = 50


@dataclass
class ScoRow:
    sco: Sco
    runtime: Runtime | None
    state: ScoState
    seconds: int
    interactions: list[dict]
    objectives: list[dict]


@dataclass
class AttemptRow:
    enrolment: Enrolment
    attempt: Attempt
    scos: list[ScoRow]
    #: The learner's shared (global) objectives, on their last attempt's row only (they
    #: belong to the learner, across attempts).
    shared: list[dict] | None = None


def _indexed(values) -> list[dict]:
    """``{"0": {...}, "1": {...}}`` (or a list) in index order, dicts only."""
    if isinstance(values, list):
        return [v for v in values if isinstance(v, dict)]
    if not isinstance(values, dict):
        return []
    keys = sorted((k for k in values if str(k).isdigit()), key=int)
    return [values[k] for k in keys if isinstance(values[k], dict)]


def _interaction(version: str, raw: dict) -> dict:
    response = raw.get("learner_response" if version == "2004" else "student_response", "")
    correct = [c.get("pattern", "") for c in _indexed(raw.get("correct_responses"))]
    return {
        "id": str(raw.get("id", "")),
        "type": str(raw.get("type", "")),
        "description": str(raw.get("description", "")),
        "response": str(response),
        "correct": " ; ".join(str(c) for c in correct if c),
        "result": str(raw.get("result", "")),
        "weighting": str(raw.get("weighting", "")),
        "latency": str(raw.get("latency", "")),
        "time": str(raw.get("timestamp" if version == "2004" else "time", "")),
        "objectives": ", ".join(str(o.get("id", "")) for o in _indexed(raw.get("objectives"))),
    }


def _objective(version: str, raw: dict) -> dict:
    score: dict = raw["score"] if isinstance(raw.get("score"), dict) else {}
    if version == "2004":
        status = " / ".join(
            s for s in (raw.get("completion_status", ""), raw.get("success_status", "")) if s
        )
    else:
        status = str(raw.get("status", ""))
    return {
        "id": str(raw.get("id", "")),
        "status": status,
        "score": str(score.get("scaled") or score.get("raw") or ""),
    }


def _shared_objective(objective: SharedObjective) -> dict:
    satisfied = objective.satisfied
    status = "unknown" if satisfied is None else ("passed" if satisfied else "failed")
    return {
        "id": objective.target,
        "status": status,
        "score": "" if objective.measure is None else format(objective.measure.normalize(), "f"),
    }


def _learners(session):
    return (
        Enrolment.objects.filter(session=session, status=Enrolment.Status.ACTIVE)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )


def _report_rows(enrolments: list[Enrolment], activity: Activity) -> list[AttemptRow]:
    """The report's rows of these learners (three queries whatever their number)."""
    package = activity_package(activity=activity)
    scos = [s for s in package.scos.all() if s.launchable] if package else []
    by_id = {e.pk: e for e in enrolments}
    attempts = list(
        Attempt.objects.filter(activity=activity, enrolment_id__in=by_id).order_by(
            "enrolment_id", "number"
        )
    )
    runtimes: dict[tuple[int | None, int | None], Runtime] = {
        (r.attempt_id, r.sco_id): r
        for r in Runtime.objects.filter(attempt__in=attempts).exclude(sco=None)
    }
    version = package.version if package else ""
    order = {e.pk: i for i, e in enumerate(enrolments)}
    shared: dict[int, list[dict]] = {}
    for objective in SharedObjective.objects.filter(
        activity=activity, enrolment_id__in=by_id
    ).order_by("target"):
        shared.setdefault(objective.enrolment_id, []).append(_shared_objective(objective))
    last_attempt = {a.enrolment_id: a.pk for a in attempts}  # attempts come in number order
    rows = []
    for attempt in sorted(attempts, key=lambda a: (order[a.enrolment_id], a.number)):
        sco_rows = []
        for sco in scos:
            runtime = runtimes.get((attempt.pk, sco.pk))
            cmi = (
                runtime.cmi.get("cmi") if runtime and isinstance(runtime.cmi, dict) else {}
            ) or {}
            mentor = (
                runtime.cmi.get("mentor") if runtime and isinstance(runtime.cmi, dict) else {}
            ) or {}
            sco_rows.append(
                ScoRow(
                    sco=sco,
                    runtime=runtime,
                    state=rules.sco_state(
                        lesson_status=runtime.lesson_status,
                        completion_status=runtime.completion_status,
                        success_status=runtime.success_status,
                        score=None if runtime.score_scaled is None else runtime.score_scaled * 100,
                    )
                    if runtime
                    else ScoState(),
                    seconds=mentor.get("total_seconds", 0) if isinstance(mentor, dict) else 0,
                    interactions=[
                        _interaction(version, i) for i in _indexed(cmi.get("interactions"))
                    ],
                    objectives=[_objective(version, o) for o in _indexed(cmi.get("objectives"))],
                )
            )
        rows.append(
            AttemptRow(
                enrolment=by_id[attempt.enrolment_id],
                attempt=attempt,
                scos=sco_rows,
                shared=shared.get(attempt.enrolment_id)
                if last_attempt[attempt.enrolment_id] == attempt.pk
                else None,
            )
        )
    return rows


@dataclass
class TutorReport:
    rows: list[AttemptRow]
    page: Page


def tutor_report(
    *, session, activity: Activity, page=1, per_page: int = REPORT_PAGE_SIZE
) -> TutorReport:
    """One page of the session's learners (alphabetical), each attempt with its SCOs'
    status, score, time, interactions and objectives: the same number of queries whatever
    the number of learners and the page."""
    page_obj = Paginator(_learners(session), per_page).get_page(page)
    enrolments = list(page_obj.object_list)
    return TutorReport(rows=_report_rows(enrolments, activity), page=page_obj)


def tutor_report_all(*, session, activity: Activity, chunk: int = 200) -> Iterator[AttemptRow]:
    """Every learner's rows (the CSV export), read ``chunk`` learners at a time."""
    last = None
    learners = _learners(session)
    while True:
        enrolments = list(
            learners[:chunk] if last is None else learners.filter(_after(last))[:chunk]
        )
        if not enrolments:
            return
        yield from _report_rows(enrolments, activity)
        if len(enrolments) < chunk:
            return
        last = enrolments[-1]


def _after(enrolment: Enrolment) -> Q:
    """Learners after this one in the report's order (last name, first name, id)."""
    user = enrolment.user
    return (
        Q(user__last_name__gt=user.last_name)
        | Q(user__last_name=user.last_name, user__first_name__gt=user.first_name)
        | Q(user__last_name=user.last_name, user__first_name=user.first_name, pk__gt=enrolment.pk)
    )


def tutored_scorm_activity(*, user, session_id: int, activity_id: int):
    """The session (tutored by ``user``) and one of its training's SCORM activities, or None."""
    session = Session.objects.select_related("training").filter(pk=session_id).first()
    if session is None or not can(user, "learning.tutor_session", session):
        return None
    activity = (
        Activity.objects.select_related(ACTIVITY_PACKAGE)
        .filter(
            pk=activity_id,
            kind=ActivityKind.SCORM,
            scorm_package_link__isnull=False,
            section__training_id=session.training_id,
        )
        .first()
    )
    return (session, activity) if activity is not None else None
