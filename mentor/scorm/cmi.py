"""The SCORM data model (CMI) in and out, with no database: what a commit may say, checked
and normalised before anything is stored, and the CMI given back to the SCO at launch.

Pure functions of their arguments, so that the rules of SCORM 1.2 and 2004 are tested
directly (``tests/scorm/test_cmi.py``) and every caller (the commit endpoint, a future
preview or import of attempts) applies the same ones.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Protocol

from django.utils.translation import gettext as _

from mentor.core.errors import Refusal

__all__ = [
    "CommitData",
    "CommitError",
    "cmi_merge",
    "commit_normalise",
    "launch_cmi",
    "status_rules",
    "parse_duration",
    "parse_time_12",
]

VERSION_2004 = "2004"  # mentor.scorm.models.ScormVersion.SCORM_2004

# --- In: commits ----------------------------------------------------------------------------

#: SCORM 2004 SPM of suspend_data; 1.2 says 4,096, but real 1.2 packages write more and
#: scorm-again accepts it: both are kept up to 64,000 characters.
SUSPEND_DATA_MAX = 64000
NAV_REQUESTS = {"continue", "previous", "exit", "exitall", "suspendall", "abandon", "abandonall"}
_CHOICE = re.compile(r"^\{target=([^}\s]{1,255})\}(?:choice|jump)$")
LOCATION_MAX = 1000
LESSON_STATUSES = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_STATUSES = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_STATUSES = {"passed", "failed", "unknown"}
EXITS_12 = {"", "time-out", "suspend", "logout"}
EXITS_2004 = {"", "timeout", "time-out", "suspend", "logout", "normal"}
_DECIMAL = re.compile(r"^[+-]?(?:\d{1,12}(?:\.\d{0,10})?|\.\d{1,10})$")
_TIME_12 = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.(\d{1,2}))?$")
_DURATION = re.compile(
    r"^P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})D)?"
    r"(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,9}(?:\.\d{1,2})?)S)?)?$"
)
HUNDRED = Decimal(100)


class CommitError(Refusal):
    """A commit refused: nothing was stored. ``error_code`` is the SCORM error to report
    (1.2: 405 incorrect data type; 2004: 406 type mismatch, 407 out of range)."""

    def __init__(self, message: str, error_code: int = 405):
        super().__init__(message)
        self.error_code = error_code


@dataclass(frozen=True)
class CommitData:
    """What a commit says, validated and normalised."""

    cmi: dict
    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""
    location: str = ""
    suspend_data: str = ""
    exit: str = ""
    score_percent: Decimal | None = None
    session_seconds: Decimal = Decimal(0)
    attempt: str = ""
    sequence: int | None = None
    terminate: bool = False
    nav_request: str = ""  # continue, previous, exit, exitall, suspendall, choice:<id>
    progress_measure: Decimal | None = None
    score_scaled: Decimal | None = None
    score_raw: Decimal | None = None

    @property
    def completed(self) -> bool:
        return (
            self.lesson_status in ("completed", "passed") or self.completion_status == "completed"
        )

    @property
    def passed(self) -> bool:
        return self.lesson_status == "passed" or self.success_status == "passed"


def _unflatten(payload: dict) -> dict:
    """``{"cmi.core.lesson_status": "x"}`` (scorm-again's "flattened" format) → nested."""
    root: dict = {}
    for key, value in payload.items():
        if not isinstance(key, str) or not key.startswith("cmi."):
            continue
        node = root
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise CommitError(_("Données SCORM mal formées."), 101)
        node[leaf] = value
    return root.get("cmi", {})


class _Reader:
    """Typed access to the received CMI tree, with the version's error codes."""

    def __init__(self, cmi: dict, version: str):
        self.cmi = cmi
        self.is_2004 = version == VERSION_2004
        self.type_code = 406 if self.is_2004 else 405
        self.range_code = 407 if self.is_2004 else 405

    def text(self, path: str) -> str:
        node = self.cmi
        for part in path.split("."):
            if not isinstance(node, dict):
                return ""
            node = node.get(part)
        if node is None:
            return ""
        if isinstance(node, bool) or not isinstance(node, str | int | float):
            raise CommitError(
                _("La valeur de « cmi.%(path)s » n’est pas du bon type.") % {"path": path},
                self.type_code,
            )
        return str(node)

    def token(self, path: str, vocabulary: set[str]) -> str:
        value = " ".join(self.text(path).split()).lower()
        if value and value not in vocabulary:
            raise CommitError(
                _("« %(value)s » n’est pas une valeur autorisée pour « cmi.%(path)s ».")
                % {"value": value[:50], "path": path},
                self.type_code,
            )
        return value

    def bounded(self, path: str, limit: int) -> str:
        value = self.text(path)
        if len(value) > limit:
            raise CommitError(
                _("« cmi.%(path)s » dépasse %(limit)s caractères.")
                % {"path": path, "limit": limit},
                self.range_code,
            )
        return value

    def number(self, path: str, low: Decimal | None = None, high: Decimal | None = None):
        value = self.text(path).strip()
        if not value:
            return None
        if not _DECIMAL.match(value):
            raise CommitError(
                _("« cmi.%(path)s » doit être un nombre (reçu « %(value)s »).")
                % {"path": path, "value": value[:30]},
                self.type_code,
            )
        try:
            number = Decimal(value)
        except InvalidOperation as exc:  # pragma: no cover - the pattern already guards
            raise CommitError(_("Nombre invalide."), self.type_code) from exc
        if (low is not None and number < low) or (high is not None and number > high):
            raise CommitError(
                _("« cmi.%(path)s » est hors des limites autorisées (reçu %(value)s).")
                % {"path": path, "value": value[:30]},
                self.range_code,
            )
        return number

    def duration(self, path: str) -> Decimal:
        value = self.text(path).strip()
        if not value:
            return Decimal(0)
        seconds = parse_duration(value) if self.is_2004 else parse_time_12(value)
        if seconds is None:
            raise CommitError(
                _("« cmi.%(path)s » n’est pas une durée valide (reçu « %(value)s »).")
                % {"path": path, "value": value[:30]},
                self.type_code,
            )
        return seconds


def parse_time_12(value: str) -> Decimal | None:
    """SCORM 1.2 CMITimespan ``HHHH:MM:SS.SS`` → seconds."""
    match = _TIME_12.match(value)
    if not match:
        return None
    hours, minutes, seconds, hundredths = match.groups()
    fraction = Decimal(f"0.{hundredths}") if hundredths else Decimal(0)
    return Decimal(int(hours) * 3600 + int(minutes) * 60 + int(seconds)) + fraction


def parse_duration(value: str) -> Decimal | None:
    """SCORM 2004 ISO 8601 duration (``P1DT2H3M4.5S``, ``PT90S``) → seconds."""
    match = _DURATION.match(value)
    if not match or value in ("P", "PT") or value.endswith("T"):
        return None
    years, months, days, hours, minutes, seconds = (
        Decimal(g) if g else Decimal(0) for g in match.groups()
    )
    return ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + seconds


def _percent(raw: Decimal | None, low: Decimal | None, high: Decimal | None) -> Decimal | None:
    if raw is None:
        return None
    low = Decimal(0) if low is None else low
    if high is not None and high > low:
        percent = (raw - low) * HUNDRED / (high - low)
    else:
        percent = raw
    return min(max(percent, Decimal(0)), HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _check_raw(reader: _Reader, prefix: str, *, default_high: Decimal | None):
    """Score raw/min/max of 1.2 (``core.score``) or 2004 (``score``): raw within min..max
    when given, else within 0..100 in 1.2."""
    low = reader.number(f"{prefix}.min")
    high = reader.number(f"{prefix}.max")
    if low is not None and high is not None and low > high:
        raise CommitError(_("Le score minimal dépasse le score maximal."), reader.range_code)
    bottom = low if low is not None else (Decimal(0) if default_high is not None else None)
    top = high if high is not None else default_high
    raw = reader.number(f"{prefix}.raw", bottom, top)
    return raw, low, high


def commit_normalise(*, version: str, payload) -> CommitData:
    """Validate a commit as scorm-again sends it (``{"cmi": {...}}``, or flattened) and
    keep what Mentor stores. Raises :class:`CommitError` on any malformed or out-of-range
    value, so that nothing of a bad commit is stored."""
    if not isinstance(payload, dict):
        raise CommitError(_("Données SCORM mal formées."), 101)
    cmi = payload.get("cmi") if "cmi" in payload else _unflatten(payload)
    if not isinstance(cmi, dict):
        raise CommitError(_("Données SCORM mal formées."), 101)
    # Sent by static/mentor/scorm-player.js: one key per launch of the SCO, and the number
    # of each commit in it (late or replayed commits must not overwrite newer data).
    attempt = payload.get("attempt", "")
    attempt = attempt[:64] if isinstance(attempt, str) else ""
    sequence = payload.get("sequence")
    sequence = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else None
    terminate = payload.get("terminate") is True
    nav_request = _nav_request(payload.get("nav_request"))
    reader = _Reader(cmi, version)
    suspend_data = reader.bounded("suspend_data", SUSPEND_DATA_MAX)
    if reader.is_2004:
        raw, low, high = _check_raw(reader, "score", default_high=None)
        scaled = reader.number("score.scaled", Decimal(-1), Decimal(1))
        progress = reader.number("progress_measure", Decimal(0), Decimal(1))
        percent = (
            _percent(scaled * HUNDRED, None, None)
            if scaled is not None
            else (_percent(raw, low, high) if high is not None else None)
        )
        return CommitData(
            cmi=cmi,
            completion_status=reader.token("completion_status", COMPLETION_STATUSES),
            success_status=reader.token("success_status", SUCCESS_STATUSES),
            location=reader.bounded("location", LOCATION_MAX),
            suspend_data=suspend_data,
            exit=reader.token("exit", EXITS_2004),
            score_percent=percent,
            session_seconds=reader.duration("session_time"),
            attempt=attempt,
            sequence=sequence,
            terminate=terminate,
            nav_request=nav_request,
            progress_measure=progress,
            score_scaled=scaled,
            score_raw=raw,
        )
    raw, low, high = _check_raw(reader, "core.score", default_high=HUNDRED)
    return CommitData(
        cmi=cmi,
        lesson_status=reader.token("core.lesson_status", LESSON_STATUSES),
        location=reader.bounded("core.lesson_location", LOCATION_MAX),
        suspend_data=suspend_data,
        exit=reader.token("core.exit", EXITS_12),
        score_percent=_percent(raw, low, high),
        session_seconds=reader.duration("core.session_time"),
        attempt=attempt,
        sequence=sequence,
        terminate=terminate,
        nav_request=nav_request,
        score_raw=raw,
    )


def _nav_request(value) -> str:
    """The navigation request the SCO left at its exit (2004 ``adl.nav.request``, 1.2
    ``cmi.nav.event`` of scorm-again), normalised: "" when none or unknown."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    choice = _CHOICE.match(value)
    if choice:
        return f"choice:{choice.group(1)}"
    value = value.lstrip("_").lower()
    return value if value in NAV_REQUESTS else ""


def cmi_merge(stored: dict, received: dict) -> dict:
    """The stored CMI updated with a commit: what the commit did not send is kept (an
    interaction, an objective, a comment given at launch and not sent back), what it sent
    replaces the stored value."""
    merged = dict(stored) if isinstance(stored, dict) else {}
    for key, value in received.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = cmi_merge(merged[key], value)
        elif isinstance(value, list) and isinstance(merged.get(key), dict):
            merged[key] = cmi_merge(merged[key], {str(i): v for i, v in enumerate(value)})
        elif value in ("", None) and merged.get(key) not in ("", None):
            continue  # an empty default sent by the API never erases a stored value
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Statuses:
    lesson_status: str = ""
    completion_status: str = ""
    success_status: str = ""


def status_rules(
    *,
    version: str,
    data: CommitData,
    previous_lesson_status: str = "",
    previous_completion_status: str = "",
    previous_success_status: str = "",
    mastery_score: Decimal | None = None,
    completion_threshold: Decimal | None = None,
    scaled_passing_score: Decimal | None = None,
    force_completed: bool = False,
    completion_set_by_content: bool = True,
    objective_set_by_content: bool = True,
) -> Statuses:
    """The statuses the LMS records for a commit, per the RTE.

    1.2: at LMSFinish, a SCO that never set ``lesson_status`` is "completed" (the
    browser's scorm-again applies the same rule; the server does not trust it was run);
    with a mastery score and a raw score in credit mode, the status is "passed" or "failed".
    2004: a completion threshold decides completion from ``progress_measure``, a scaled
    passing score decides success from ``score.scaled`` (RTE 4.2.4.1 and 4.2.22).
    ``force_completed``: the designer's option, a SCO that exits is completed.

    2004 delivery controls (``completionSetByContent`` / ``objectiveSetByContent``, false
    by default in the manifest): when the attempt ends (Terminate, not suspended) and the
    SCO left its completion (or its success, with no passing score to measure it against)
    unknown, the LMS sets it to "completed" ("passed"), as the End Attempt Process of IMS
    SS says (SN UP.4).
    """
    if version == VERSION_2004:
        # A commit that does not send a status keeps the one stored.
        completion = data.completion_status or previous_completion_status
        success = data.success_status or previous_success_status
        if completion_threshold is not None and data.progress_measure is not None:
            completion = (
                "completed" if data.progress_measure >= completion_threshold else "incomplete"
            )
        elif completion_threshold is not None and completion in ("", "unknown") and data.terminate:
            completion = "incomplete"
        if scaled_passing_score is not None and data.score_scaled is not None:
            success = "passed" if data.score_scaled >= scaled_passing_score else "failed"
        if force_completed and data.terminate and completion != "completed":
            completion = "completed"
        ends = data.terminate and data.exit != "suspend" and data.nav_request != "suspendall"
        if ends and not completion_set_by_content and completion in ("", "unknown"):
            completion = "completed"
        if (
            ends
            and not objective_set_by_content
            and scaled_passing_score is None
            and success in ("", "unknown")
        ):
            success = "passed"
        return Statuses(completion_status=completion, success_status=success)
    status = data.lesson_status
    if (
        data.terminate
        and status in ("", "not attempted")
        and previous_lesson_status
        in (
            "",
            "not attempted",
        )
    ):
        status = "completed"
    elif status == "" and previous_lesson_status:
        status = previous_lesson_status
    if (
        mastery_score is not None
        and data.score_raw is not None
        and status
        in (
            "completed",
            "passed",
            "failed",
            "incomplete",
        )
    ):
        if data.terminate or status != "incomplete":
            status = "passed" if data.score_raw >= mastery_score else "failed"
    if (
        force_completed
        and data.terminate
        and status in ("", "not attempted", "incomplete", "browsed")
    ):
        status = "completed"
    return Statuses(lesson_status=status)


# --- Out: the CMI given back at launch ------------------------------------------------------


class SavedRuntime(Protocol):
    """What the last commits saved (``mentor.scorm.models.Runtime`` has these)."""

    cmi: dict
    location: str
    suspend_data: str
    lesson_status: str
    completion_status: str
    success_status: str


def _hms(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{min(hours, 9999):02d}:{minutes:02d}:{seconds:02d}"


def _iso_duration(seconds: int) -> str:
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"PT{hours}H{minutes}M{seconds}S"


def _non_empty(values: dict) -> dict:
    return {key: value for key, value in values.items() if value not in ("", None, {})}


def _score(stored: dict, keys: tuple[str, ...]) -> dict:
    score = stored.get("score") if isinstance(stored.get("score"), dict) else {}
    return _non_empty({key: str(score.get(key, "")) for key in keys if key in score})


#: What the LMS owns or the SCO may only write: never given back from a commit.
_LMS_OWNED_2004 = {
    "learner_id",
    "learner_name",
    "credit",
    "mode",
    "entry",
    "total_time",
    "session_time",
    "exit",
    "launch_data",
    "completion_threshold",
    "scaled_passing_score",
    "max_time_allowed",
    "time_limit_action",
    "_version",
    "_children",
    "_count",
    "comments_from_lms",
}
_LMS_OWNED_12_CORE = {
    "student_id",
    "student_name",
    "credit",
    "lesson_mode",
    "entry",
    "total_time",
    "session_time",
    "exit",
    "_children",
}
_LMS_OWNED_12 = {"launch_data", "student_data", "comments_from_lms", "_version", "_children"}


def _without(values: dict, keys: set[str]) -> dict:
    return {key: value for key, value in values.items() if key not in keys}


def _clean(values):
    """Drop the counters and empty values a commit carried (scorm-again recomputes them)."""
    if isinstance(values, dict):
        cleaned = {
            key: _clean(value)
            for key, value in values.items()
            if key not in ("_count", "_children") and value not in ("", None)
        }
        return {key: value for key, value in cleaned.items() if value != {}}
    return values


def _read_objectives(given: dict, reads: list) -> None:
    """Objectives read from shared (global) objectives at launch: each one's success status
    and scaled score, in the SCO's ``cmi.objectives`` entry of the same id (added when the
    SCO has none yet)."""
    if not reads:
        return
    objectives = given.get("objectives")
    if isinstance(objectives, list):
        objectives = {str(n): value for n, value in enumerate(objectives)}
    objectives = objectives if isinstance(objectives, dict) else {}
    by_id = {
        str(value.get("id", "")): key
        for key, value in objectives.items()
        if isinstance(value, dict) and str(key).isdigit()
    }
    for objective_id, satisfied, measure in reads:
        key = by_id.get(objective_id)
        if key is None:
            key = str(len(objectives))
            objectives[key] = {"id": objective_id}
            by_id[objective_id] = key
        entry = objectives[key]
        if satisfied is not None:
            entry["success_status"] = "passed" if satisfied else "failed"
        if measure is not None:
            score = entry.get("score") if isinstance(entry.get("score"), dict) else {}
            entry["score"] = {**score, "scaled": format(measure.normalize(), "f")}
    given["objectives"] = objectives


def launch_cmi(
    *,
    version: str,
    runtime: SavedRuntime | None,
    learner_id: str,
    learner_name: str,
    item: dict | None = None,
    mode: str = "normal",
) -> dict:
    """The CMI to preload with scorm-again's ``loadFromJSON`` before the SCO starts: who the
    learner is, what the manifest says of the SCO (``item``: mastery score, completion
    threshold, launch data…), and every element the SCO stored in this attempt
    (interactions, objectives, comments, preferences, location, suspend data), with entry
    "resume" after a suspend. ``runtime``: what the last commits saved (None at the first
    launch of the attempt).

    1.2: ``lesson_status`` is given back only when the SCO set one; left empty, scorm-again
    knows the SCO set nothing and applies the RTE's rule at LMSFinish.

    ``mode``: "normal"; "review" (a finished attempt re-opened: its data as it was, nothing
    stored) or "browse" (the designer's preview): both with ``credit`` "no-credit"."""
    item = item or {}
    mode = mode if mode in ("normal", "review", "browse") else "normal"
    credit = "credit" if mode == "normal" else "no-credit"
    saved = runtime.cmi if runtime is not None and isinstance(runtime.cmi, dict) else {}
    mentor = saved.get("mentor") if isinstance(saved.get("mentor"), dict) else {}
    stored = saved.get("cmi") if isinstance(saved.get("cmi"), dict) else {}
    total = mentor.get("total_seconds", 0)
    total = total if isinstance(total, int) else 0
    if runtime is None:
        entry = "ab-initio"
    elif mentor.get("exit") == "suspend":
        entry = "resume"
    else:
        entry = ""
    if version == VERSION_2004:
        given = _clean(_without(stored, _LMS_OWNED_2004))
        given.update(
            _non_empty(
                {
                    "learner_id": learner_id,
                    "learner_name": learner_name,
                    "credit": credit,
                    "mode": mode,
                    "entry": entry,
                    "location": runtime.location if runtime else "",
                    "suspend_data": runtime.suspend_data if runtime else "",
                    "completion_status": runtime.completion_status if runtime else "",
                    "success_status": runtime.success_status if runtime else "",
                    "total_time": _iso_duration(total),
                    "launch_data": item.get("launch_data", ""),
                    "completion_threshold": item.get("completion_threshold", ""),
                    "scaled_passing_score": item.get("scaled_passing_score", ""),
                    "max_time_allowed": item.get("max_time_allowed", ""),
                    "time_limit_action": item.get("time_limit_action", ""),
                }
            )
        )
        _read_objectives(given, item.get("objectives") or [])
        if given.get("completion_status") == "unknown":
            del given["completion_status"]
        if given.get("success_status") == "unknown":
            del given["success_status"]
        return given
    core = stored.get("core") if isinstance(stored.get("core"), dict) else {}
    status = runtime.lesson_status if runtime else ""
    given = _clean(_without(stored, _LMS_OWNED_12))
    given["core"] = _non_empty(
        {
            **_clean(_without(core, _LMS_OWNED_12_CORE)),
            "student_id": learner_id,
            "student_name": learner_name,
            "credit": credit,
            "lesson_mode": mode,
            "entry": entry,
            "lesson_location": runtime.location if runtime else "",
            "lesson_status": "" if status == "not attempted" else status,
            "total_time": _hms(total),
        }
    )
    given["suspend_data"] = runtime.suspend_data if runtime else ""
    given["launch_data"] = item.get("launch_data", "")
    given["student_data"] = _non_empty(
        {
            "mastery_score": item.get("mastery_score", ""),
            "max_time_allowed": item.get("max_time_allowed", ""),
            "time_limit_action": item.get("time_limit_action", ""),
        }
    )
    return _non_empty(given)
