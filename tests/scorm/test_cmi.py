"""The SCORM data model in and out (``mentor.scorm.cmi``), without a database: what a commit
may say, and what the SCO is given back at launch."""

import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentor.scorm.cmi import (
    CommitData,
    CommitError,
    commit_normalise,
    launch_cmi,
    parse_duration,
    parse_time_12,
)


def _12(**core) -> dict:
    return {"cmi": {"core": core}}


class TestCommitNormalise12:
    def test_a_full_commit(self):
        data = commit_normalise(
            version="1.2",
            payload={
                "cmi": {
                    "core": {
                        "lesson_status": " Passed ",
                        "lesson_location": "p3",
                        "exit": "suspend",
                        "session_time": "00:01:30.5",
                        "score": {"raw": "40", "min": "20", "max": "60"},
                    },
                    "suspend_data": "page=3",
                },
                "attempt": "launch-1",
                "sequence": 4,
            },
        )

        assert data.lesson_status == "passed"
        assert (data.location, data.suspend_data, data.exit) == ("p3", "page=3", "suspend")
        assert data.session_seconds == Decimal("90.5")
        assert data.score_percent == Decimal("50.00")  # 40 between 20 and 60
        assert (data.attempt, data.sequence) == ("launch-1", 4)
        assert data.completed and data.passed

    def test_the_flattened_format(self):
        data = commit_normalise(
            version="1.2",
            payload={"cmi.core.lesson_status": "completed", "cmi.suspend_data": "x", "y": 1},
        )

        assert (data.lesson_status, data.suspend_data) == ("completed", "x")
        assert data.completed and not data.passed

    def test_an_empty_commit_says_nothing(self):
        data = commit_normalise(version="1.2", payload={})

        assert data == CommitData(cmi={})
        assert not data.completed

    @pytest.mark.parametrize(
        ("payload", "code"),
        [
            ([], 101),
            ({"cmi": "x"}, 101),
            ({"cmi.core": "x", "cmi.core.lesson_status": "passed"}, 101),
            (_12(lesson_status="fini"), 405),
            (_12(exit="quit"), 405),
            (_12(lesson_status=True), 405),
            (_12(lesson_status={"a": 1}), 405),
            (_12(score={"raw": "101"}), 405),
            (_12(score={"raw": "-1"}), 405),
            (_12(score={"raw": "abc"}), 405),
            (_12(score={"raw": "1e5"}), 405),
            (_12(score={"min": "50", "max": "10"}), 405),
            (_12(session_time="1:00:00"), 405),
            (_12(session_time="PT5S"), 405),
            (_12(lesson_location="x" * 1001), 405),
            ({"cmi": {"suspend_data": "x" * (64 * 1024 + 1)}}, 405),
        ],
    )
    def test_refusals_with_the_scorm_error_code(self, payload, code):
        with pytest.raises(CommitError) as refused:
            commit_normalise(version="1.2", payload=payload)

        assert refused.value.error_code == code
        assert str(refused.value)  # a French message to show


class TestCommitNormalise2004:
    def test_scaled_score_wins_over_raw(self):
        data = commit_normalise(
            version="2004",
            payload={
                "cmi": {
                    "completion_status": "completed",
                    "success_status": "passed",
                    "score": {"scaled": "0.9", "raw": "3", "max": "10"},
                    "session_time": "PT1M2S",
                    "location": "fin",
                    "exit": "normal",
                }
            },
        )

        assert data.score_percent == Decimal("90.00")
        assert data.session_seconds == Decimal(62)
        assert (data.location, data.exit) == ("fin", "normal")
        assert data.completed and data.passed

    def test_raw_counts_only_with_a_maximum(self):
        with_max = commit_normalise(
            version="2004", payload={"cmi": {"score": {"raw": "3", "max": "4"}}}
        )
        without = commit_normalise(version="2004", payload={"cmi": {"score": {"raw": "3"}}})

        assert with_max.score_percent == Decimal("75.00")
        assert without.score_percent is None

    @pytest.mark.parametrize(
        ("cmi", "code"),
        [
            ({"completion_status": "done"}, 406),
            ({"success_status": "ok"}, 406),
            ({"score": {"scaled": "1.5"}}, 407),
            ({"score": {"scaled": "x"}}, 406),
            ({"progress_measure": "2"}, 407),
            ({"session_time": "00:00:05"}, 406),
            ({"location": "x" * 1001}, 407),
        ],
    )
    def test_refusals_with_the_scorm_error_code(self, cmi, code):
        with pytest.raises(CommitError) as refused:
            commit_normalise(version="2004", payload={"cmi": cmi})

        assert refused.value.error_code == code


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=10,
)
_cmi_keys = st.sampled_from(
    [
        "cmi.core.lesson_status",
        "cmi.core.score.raw",
        "cmi.core.score.min",
        "cmi.core.score.max",
        "cmi.core.session_time",
        "cmi.core.exit",
        "cmi.suspend_data",
        "cmi.completion_status",
        "cmi.success_status",
        "cmi.score.scaled",
        "cmi.score.raw",
        "cmi.session_time",
        "cmi.location",
        "cmi",
        "cmi.core",
    ]
)


@settings(suppress_health_check=[HealthCheck.too_slow])  # generation, on a busy machine
@given(
    version=st.sampled_from(["1.2", "2004"]),
    payload=_json | st.dictionaries(_cmi_keys, _json, max_size=6),
)
def test_any_payload_is_accepted_or_refused_with_a_scorm_code(version, payload):
    """Whatever a browser sends (JSON): a normalised commit, or a refusal; never a crash."""
    try:
        data = commit_normalise(version=version, payload=payload)
    except CommitError as refused:
        assert refused.error_code in (101, 405, 406, 407)
        return
    assert data.score_percent is None or Decimal(0) <= data.score_percent <= Decimal(100)
    assert data.session_seconds >= 0
    json.dumps(data.cmi)  # what is stored stays JSON


@given(
    raw=st.decimals(min_value=-1000, max_value=1000, places=2),
    low=st.decimals(min_value=-1000, max_value=1000, places=2),
    span=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_a_2004_score_within_bounds_is_a_percentage(raw, low, span):
    high = low + span
    cmi = {"score": {"raw": str(raw), "min": str(low), "max": str(high)}}
    try:
        data = commit_normalise(version="2004", payload={"cmi": cmi})
    except CommitError:
        return
    assert data.score_percent is not None
    assert Decimal(0) <= data.score_percent <= Decimal(100)


@given(st.integers(min_value=0, max_value=9999 * 3600 + 3599))
def test_scorm_12_timespans_round_trip(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    assert parse_time_12(f"{hours:04d}:{minutes:02d}:{secs:02d}.50") == Decimal(seconds) + Decimal(
        "0.5"
    )


@given(
    st.integers(min_value=0, max_value=400),
    st.integers(min_value=0, max_value=23),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=59),
)
def test_iso_durations(days, hours, minutes, seconds):
    value = f"P{days}DT{hours}H{minutes}M{seconds}.25S"
    expected = Decimal(((days * 24 + hours) * 60 + minutes) * 60 + seconds) + Decimal("0.25")
    assert parse_duration(value) == expected


@pytest.mark.parametrize("value", ["P", "PT", "P1DT", "1H", "PT-5S", "PT1.234S", "PT1H2H"])
def test_invalid_iso_durations(value):
    assert parse_duration(value) is None


def _saved(**fields):
    values = {
        "cmi": {},
        "location": "",
        "suspend_data": "",
        "lesson_status": "",
        "completion_status": "",
        "success_status": "",
    }
    return SimpleNamespace(**{**values, **fields})


class TestLaunchCmi:
    def test_first_launch_of_a_12_sco(self):
        """No "not attempted" preloaded: scorm-again must see that the SCO set no status,
        to apply the RTE's rule at LMSFinish."""
        cmi = launch_cmi(version="1.2", runtime=None, learner_id="7", learner_name="Martin, Claire")

        assert cmi == {
            "core": {
                "student_id": "7",
                "student_name": "Martin, Claire",
                "credit": "credit",
                "lesson_mode": "normal",
                "entry": "ab-initio",
                "total_time": "00:00:00",
            }
        }

    def test_resume_of_a_12_sco_after_a_suspend(self):
        saved = _saved(
            cmi={
                "cmi": {"core": {"score": {"raw": "80", "max": "100"}}},
                "mentor": {"exit": "suspend", "total_seconds": 3725},
            },
            location="p3",
            suspend_data="page=3",
            lesson_status="incomplete",
        )

        cmi = launch_cmi(version="1.2", runtime=saved, learner_id="7", learner_name="")

        assert cmi["core"]["entry"] == "resume"
        assert cmi["core"]["lesson_location"] == "p3"
        assert cmi["core"]["lesson_status"] == "incomplete"
        assert cmi["core"]["total_time"] == "01:02:05"
        assert cmi["core"]["score"] == {"raw": "80", "max": "100"}
        assert cmi["suspend_data"] == "page=3"
        assert "student_name" not in cmi["core"]

    def test_a_2004_sco_after_a_normal_exit(self):
        saved = _saved(
            cmi={"cmi": {"score": {"scaled": "0.9"}}, "mentor": {"exit": "", "total_seconds": 62}},
            completion_status="completed",
            success_status="passed",
            location="fin",
        )

        cmi = launch_cmi(version="2004", runtime=saved, learner_id="7", learner_name="M, C")

        assert "entry" not in cmi  # "": not a resume, the SCO starts over
        assert (cmi["completion_status"], cmi["success_status"]) == ("completed", "passed")
        assert cmi["total_time"] == "PT0H1M2S"
        assert cmi["score"] == {"scaled": "0.9"}
        assert cmi["learner_id"] == "7"

    @given(st.integers(min_value=0, max_value=9999 * 3600))
    def test_total_time_given_back_reads_as_the_time_stored(self, seconds):
        saved = _saved(cmi={"mentor": {"total_seconds": seconds}})

        cmi_12 = launch_cmi(version="1.2", runtime=saved, learner_id="1", learner_name="")
        cmi_2004 = launch_cmi(version="2004", runtime=saved, learner_id="1", learner_name="")

        assert parse_time_12(cmi_12["core"]["total_time"]) == seconds
        assert parse_duration(cmi_2004["total_time"]) == seconds

    @pytest.mark.parametrize("stored", [None, "x", [], {"cmi": "x", "mentor": 3}])
    def test_damaged_saved_data_gives_a_clean_start(self, stored):
        cmi = launch_cmi(version="1.2", runtime=_saved(cmi=stored), learner_id="1", learner_name="")

        assert "entry" not in cmi["core"]  # not a resume
        assert cmi["core"]["total_time"] == "00:00:00"
