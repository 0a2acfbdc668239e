"""IMS Simple Sequencing (SCORM 2004) beyond the control modes, with no database:
objective statuses (local, or read from shared objectives), precondition rules, and what
a SCO's commit writes to shared objectives. Pure functions, tested directly
(``tests/scorm/test_sequencing.py``); the player (``selectors.launch_plan``) and the commit
(``services.runtime_commit``) apply them."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from mentor.scorm.rollup import ScoState

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Shared:
    """A shared objective's value for one learner (None: unknown)."""

    satisfied: bool | None = None
    measure: Decimal | None = None


def indexed(values) -> list[dict]:
    """``{"0": {...}, "1": {...}}`` (or a list) in index order, dicts only."""
    if isinstance(values, list):
        return [v for v in values if isinstance(v, dict)]
    if not isinstance(values, dict):
        return []
    keys = sorted((k for k in values if str(k).isdigit()), key=int)
    return [values[k] for k in keys if isinstance(values[k], dict)]


def _measure(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and -1 <= number <= 1 else None


def declared_objectives(sequencing: dict | None) -> list[dict]:
    objectives = (sequencing or {}).get("objectives")
    return [o for o in objectives if isinstance(o, dict)] if isinstance(objectives, list) else []


def _declared(sequencing: dict | None, objective_id: str) -> dict | None:
    """The item's objective named ``objective_id`` ("" or unknown: its primary one)."""
    objectives = declared_objectives(sequencing)
    if objective_id:
        found = next((o for o in objectives if o.get("id") == objective_id), None)
        if found is not None:
            return found
    return next((o for o in objectives if o.get("primary")), None)


def local_status(
    objective: dict | None, state: ScoState, cmi: dict | None
) -> tuple[bool | None, Decimal | None]:
    """What the SCO itself says of one of its objectives: the primary one is the SCO's
    success status and score; another one is ``cmi.objectives.n`` with the same id."""
    if objective is None or objective.get("primary"):
        satisfied = True if state.passed else False if state.failed else None
        measure = None if state.score is None else (state.score / HUNDRED)
        return satisfied, measure
    for raw in indexed((cmi or {}).get("objectives")):
        if str(raw.get("id", "")) == objective.get("id"):
            status = raw.get("success_status") or raw.get("status") or ""
            satisfied = True if status == "passed" else False if status == "failed" else None
            score = raw.get("score") if isinstance(raw.get("score"), dict) else {}
            return satisfied, _measure(score.get("scaled", ""))
    return None, None


def objective_status(
    sequencing: dict | None,
    objective_id: str,
    state: ScoState,
    cmi: dict | None,
    shared: dict[str, Shared],
) -> tuple[bool | None, Decimal | None]:
    """An objective's satisfied status and measure as sequencing sees them: read from a
    shared objective when the item maps it with read access and the shared value is known,
    else the SCO's own."""
    objective = _declared(sequencing, objective_id)
    satisfied, measure = local_status(objective, state, cmi)
    for mapping in (objective or {}).get("maps", []):
        value = shared.get(mapping.get("target", ""))
        if value is None:
            continue
        if mapping.get("read_satisfied") and value.satisfied is not None:
            satisfied = value.satisfied
        if mapping.get("read_measure") and value.measure is not None:
            measure = value.measure
    return satisfied, measure


def _condition(
    condition: dict, sequencing: dict, state: ScoState, cmi: dict | None, shared
) -> bool:
    name = condition.get("condition")
    if name == "always":
        value = True
    elif name == "completed":
        value = state.completed
    elif name in ("attempted", "activityProgressKnown"):
        value = state.attempted
    else:
        satisfied, measure = objective_status(
            sequencing, condition.get("objective", ""), state, cmi, shared
        )
        if name == "satisfied":
            value = satisfied is True
        elif name == "objectiveStatusKnown":
            value = satisfied is not None
        elif name == "objectiveMeasureKnown":
            value = measure is not None
        else:
            value = False
    return not value if condition.get("not") else value


def precondition_actions(
    sequencing: dict | None, state: ScoState, cmi: dict | None, shared: dict[str, Shared]
) -> set[str]:
    """The actions of the item's precondition rules that apply now: ``skip`` (flow passes
    over it), ``disabled`` (it cannot be delivered), ``hiddenFromChoice`` (not offered in
    the table of contents)."""
    return set(_holding(sequencing, "preconditions", state, cmi, shared))


def first_action(
    sequencing: dict | None,
    kind: str,
    state: ScoState,
    cmi: dict | None,
    shared: dict[str, Shared],
) -> str:
    """The action of the first rule of ``kind`` (``exit_rules``: ``exit``;
    ``postconditions``: ``continue``, ``previous``, ``exitParent``, ``exitAll``) whose
    conditions hold now, "" when none does (IMS SS evaluates them in order, the first that
    holds decides)."""
    return next(iter(_holding(sequencing, kind, state, cmi, shared)), "")


def _holding(sequencing, kind: str, state: ScoState, cmi, shared) -> list[str]:
    """The actions of the item's rules of ``kind`` whose conditions hold, in order."""
    sequencing = sequencing or {}
    actions = []
    for rule in sequencing.get(kind, []):
        conditions = rule.get("conditions", [])
        results = [_condition(c, sequencing, state, cmi, shared) for c in conditions]
        if results and (all(results) if rule.get("all", True) else any(results)):
            actions.append(rule.get("action", ""))
    return actions


def writes(
    sequencing: dict | None, state: ScoState, cmi: dict | None
) -> dict[str, tuple[bool | None, Decimal | None]]:
    """What a SCO's data writes to shared objectives: ``{target: (satisfied, measure)}``,
    None where the map does not write it or the SCO does not know it."""
    found: dict[str, tuple[bool | None, Decimal | None]] = {}
    for objective in declared_objectives(sequencing):
        satisfied, measure = local_status(objective, state, cmi)
        for mapping in objective.get("maps", []):
            target = mapping.get("target", "")
            value = (
                satisfied if mapping.get("write_satisfied") else None,
                measure if mapping.get("write_measure") else None,
            )
            if target and value != (None, None):
                found[target] = value
    return found


def reads(
    sequencing: dict | None, shared: dict[str, Shared]
) -> list[tuple[str, bool | None, Decimal | None]]:
    """The objectives to give the SCO at launch from shared objectives it reads:
    ``(objective id, satisfied, measure)`` for each one known."""
    found = []
    for objective in declared_objectives(sequencing):
        satisfied = measure = None
        for mapping in objective.get("maps", []):
            value = shared.get(mapping.get("target", ""))
            if value is None:
                continue
            if mapping.get("read_satisfied") and value.satisfied is not None:
                satisfied = value.satisfied
            if mapping.get("read_measure") and value.measure is not None:
                measure = value.measure
        if objective.get("id") and (satisfied is not None or measure is not None):
            found.append((objective["id"], satisfied, measure))
    return found
