"""The rules that turn SCO statuses into an activity's result, with no database: 1.2
prerequisites, rollup of completion and score over the organization tree, grading over
attempts. Pure functions, tested directly (``tests/scorm/test_structure.py``)."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

_TOKEN = re.compile(r"\s*(?:([A-Za-z0-9_.:\-]+)|(&|\||~|\(|\)))")
TWO = Decimal("0.01")


@dataclass(frozen=True)
class ScoState:
    """What a learner's runtime data of one SCO says, in one attempt."""

    attempted: bool = False
    completed: bool = False
    passed: bool = False
    failed: bool = False
    score: Decimal | None = None  # percent

    @property
    def label(self) -> str:
        """passed, failed, completed, incomplete or not_attempted (shown in the plan)."""
        if self.passed:
            return "passed"
        if self.failed:
            return "failed"
        if self.completed:
            return "completed"
        return "incomplete" if self.attempted else "not_attempted"


def sco_state(
    *, lesson_status: str = "", completion_status: str = "", success_status: str = "", score
) -> ScoState:
    done_12 = lesson_status in ("completed", "passed", "failed")
    return ScoState(
        attempted=bool(lesson_status or completion_status or success_status),
        completed=done_12 or completion_status == "completed",
        passed=lesson_status == "passed" or success_status == "passed",
        failed=lesson_status == "failed" or success_status == "failed",
        score=score,
    )


@dataclass(frozen=True)
class Item:
    """What the rollup needs of a SCO record."""

    identifier: str
    launchable: bool
    visible: bool = True
    prerequisites: str = ""
    sequencing: dict | None = None


def prerequisites_met(expression: str, done: set[str]) -> bool:
    """Evaluate a 1.2 prerequisite (AICC script: identifiers, ``&``, ``|``, ``~``,
    brackets; an identifier is true once that item is completed or passed). An expression
    that cannot be read does not block the learner."""
    tokens: list[str] = []
    position = 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            if not expression[position:].strip():
                break
            return True
        tokens.append(match.group(1) or match.group(2))
        position = match.end()
    if not tokens:
        return True
    index = 0

    def parse_or() -> bool:
        nonlocal index
        value = parse_and()
        while index < len(tokens) and tokens[index] == "|":
            index += 1
            right = parse_and()
            value = value or right
        return value

    def parse_and() -> bool:
        nonlocal index
        value = parse_not()
        while index < len(tokens) and tokens[index] == "&":
            index += 1
            right = parse_not()
            value = value and right
        return value

    def parse_not() -> bool:
        nonlocal index
        if index < len(tokens) and tokens[index] == "~":
            index += 1
            return not parse_not()
        if index < len(tokens) and tokens[index] == "(":
            index += 1
            value = parse_or()
            if index < len(tokens) and tokens[index] == ")":
                index += 1
            return value
        if index < len(tokens):
            token = tokens[index]
            index += 1
            return token in done
        return True

    try:
        return parse_or()
    except RecursionError:  # pragma: no cover - the manifest limits the expression's size
        return True


@dataclass(frozen=True)
class Rollup:
    completed: bool
    passed: bool
    score: Decimal | None


ROLLUP_FLAGS = ("progress_rollup", "objective_rollup")


def counted_in_rollup(sco, by_pk: dict) -> dict:
    """The item's sequencing, with its rollup flags (``rollupProgressCompletion``,
    ``rollupObjectiveSatisfied``) false when a cluster above it does not count in its own
    parent's rollup: what a cluster leaves out, it leaves out with everything inside it.
    ``sco`` and ``by_pk``'s values have ``pk``, ``parent_id`` and ``sequencing``."""
    flags = {key: (sco.sequencing or {}).get(key, True) for key in ROLLUP_FLAGS}
    seen = {sco.pk}
    parent = by_pk.get(sco.parent_id)
    while parent is not None and parent.pk not in seen:
        seen.add(parent.pk)
        for key in ROLLUP_FLAGS:
            flags[key] = flags[key] and (parent.sequencing or {}).get(key, True)
        parent = by_pk.get(parent.parent_id)
    return {**(sco.sequencing or {}), **flags}


def _counts(item: Item, key: str) -> bool:
    return (item.sequencing or {}).get(key, True)


def rollup(items: list[Item], states: dict[str, ScoState]) -> Rollup:
    """The attempt's result from its SCOs (2004 rollup basics, 1.2 alike): completed when
    every launchable SCO that counts for completion is completed; passed when it is and no
    SCO that counts for the objective failed, at least one having passed or (none being
    graded) all completed; score the average of the SCO scores, weighted by 2004's
    ``objectiveMeasureWeight`` when given."""
    launchable = [item for item in items if item.launchable]
    if not launchable:
        return Rollup(False, False, None)
    for_completion = [i for i in launchable if _counts(i, "progress_rollup")] or launchable
    for_objective = [i for i in launchable if _counts(i, "objective_rollup")] or launchable
    empty = ScoState()
    completed = all(states.get(i.identifier, empty).completed for i in for_completion)
    objective = [states.get(i.identifier, empty) for i in for_objective]
    graded = [s for s in objective if s.passed or s.failed]
    passed = completed and not any(s.failed for s in graded)
    passed = passed and (bool(graded) or all(s.completed for s in objective))
    weighted: list[tuple[Decimal, Decimal]] = []
    for item in for_objective:
        score = states[item.identifier].score if item.identifier in states else None
        if score is not None:
            weighted.append((score, Decimal((item.sequencing or {}).get("measure_weight", "1"))))
    total_weight = sum((w for _s, w in weighted), Decimal(0))
    score = (
        (sum((s * w for s, w in weighted), Decimal(0)) / total_weight).quantize(TWO, ROUND_HALF_UP)
        if weighted and total_weight > 0
        else None
    )
    return Rollup(completed, passed, score)


def cluster_state(items: list[Item], states: dict[str, ScoState]) -> ScoState:
    """What sequencing rules read of a cluster: the rollup of the SCOs inside it
    (``items``), attempted once one of them is, failed when a SCO that counts for its
    objective failed."""
    result = rollup(items, states)
    empty = ScoState()
    inside = [states.get(item.identifier, empty) for item in items if item.launchable]
    counted = [
        states.get(item.identifier, empty)
        for item in items
        if item.launchable and _counts(item, "objective_rollup")
    ] or inside
    return ScoState(
        attempted=any(state.attempted for state in inside),
        completed=result.completed,
        passed=result.passed,
        failed=any(state.failed for state in counted),
        score=result.score,
    )


def grade(scores: list[Decimal | None], method: str) -> Decimal | None:
    """The activity's score from its attempts' scores, in attempt order: highest, average,
    first or last (attempts without a score are left out)."""
    known = [score for score in scores if score is not None]
    if not known:
        return None
    if method == "average":
        return (sum(known, Decimal(0)) / len(known)).quantize(TWO, ROUND_HALF_UP)
    if method == "first":
        return known[0]
    if method == "last":
        return known[-1]
    return max(known)


def counted_status(
    attempts: list[tuple[Decimal | None, bool, bool]], *, which: str, grading: str
) -> tuple[bool, bool]:
    """(completed, passed) of the activity from its attempts' (score, completed, passed),
    in attempt order, per the designer's choice of the attempt that counts: ``any``,
    ``first``, or ``graded`` (the attempt the grading method retains: highest score,
    first or last attempt; any attempt for the average)."""
    if not attempts:
        return False, False
    if which == "first":
        _score, completed, passed = attempts[0]
        return completed, passed
    if which == "graded" and grading in ("first", "last", "highest"):
        if grading == "first":
            chosen = attempts[0]
        elif grading == "last":
            chosen = attempts[-1]
        else:
            scored = [a for a in attempts if a[0] is not None]
            if not scored:
                chosen = attempts[-1]
            else:
                best = max(a[0] for a in scored)
                chosen = next(a for a in scored if a[0] == best)
        return chosen[1], chosen[2]
    return any(c for _s, c, _p in attempts), any(p for _s, _c, p in attempts)
