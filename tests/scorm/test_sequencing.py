"""IMS Simple Sequencing beyond the control modes: flow="false", choiceExit, precondition
rules (skip, disabled, hiddenFromChoice) and shared (global) objectives, with manifests
written like the public ADL SCORM 2004 sequencing examples (forced sequential order,
pre-test that skips the content, objectives mapped to global objectives)."""

import re
from decimal import Decimal

import pytest

from mentor.scorm import sequencing
from mentor.scorm.manifest import manifest_parse
from mentor.scorm.models import SharedObjective
from mentor.scorm.rollup import ScoState
from tests.scorm.factories import EnrolmentFactory
from tests.scorm.packages import NS_2004, build_zip
from tests.scorm.test_attempts_review import _cmi
from tests.scorm.test_structure import _commit, _course

pytestmark = pytest.mark.django_db

PREFIX = "com.scorm.golfsamples.sequencing"


def _disabled_unless(objective: str) -> str:
    """The ADL "forced sequential" rule: disabled while the referenced objective is not
    satisfied or not known."""
    return f"""
        <imsss:sequencingRules>
          <imsss:preConditionRule>
            <imsss:ruleConditions conditionCombination="any">
              <imsss:ruleCondition referencedObjective="{objective}" operator="not" condition="satisfied"/>
              <imsss:ruleCondition referencedObjective="{objective}" operator="not" condition="objectiveStatusKnown"/>
            </imsss:ruleConditions>
            <imsss:ruleAction action="disabled"/>
          </imsss:preConditionRule>
        </imsss:sequencingRules>"""


def _writes(objective: str, target: str) -> str:
    return f"""
        <imsss:objectives>
          <imsss:primaryObjective objectiveID="{objective}" satisfiedByMeasure="false">
            <imsss:mapInfo targetObjectiveID="{target}" readSatisfiedStatus="false" writeSatisfiedStatus="true" writeNormalizedMeasure="true"/>
          </imsss:primaryObjective>
        </imsss:objectives>"""


def _reads(primary: str, objective: str, target: str) -> str:
    return f"""
        <imsss:objectives>
          <imsss:primaryObjective objectiveID="{primary}"/>
          <imsss:objective objectiveID="{objective}">
            <imsss:mapInfo targetObjectiveID="{target}" readSatisfiedStatus="true" writeSatisfiedStatus="false"/>
          </imsss:objective>
        </imsss:objectives>"""


def forced_sequential(*, org_control: str = 'choice="true" flow="true"') -> str:
    """Playing → Etiquette (disabled until Playing is satisfied) → a pre-test whose success
    skips the handicapping lessons (skip when the pre-test's global objective is satisfied)
    → a post-test hidden from the contents once attempted."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{PREFIX}.forcedsequential" version="1" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="golf_sample_default_org">
    <organization identifier="golf_sample_default_org" adlseq:objectivesGlobalToSystem="false">
      <title>Golf Explained - Sequencing Forced Sequential Order</title>
      <item identifier="playing_item" identifierref="playing_resource"><title>Playing the Game</title>
        <imsss:sequencing>{_writes("playing_satisfied", PREFIX + ".playing_satisfied")}
        </imsss:sequencing>
      </item>
      <item identifier="etiquette_item" identifierref="etiquette_resource"><title>Etiquette</title>
        <imsss:sequencing>{_disabled_unless("previous_sco_satisfied")}{_reads("etiquette_satisfied", "previous_sco_satisfied", PREFIX + ".playing_satisfied")}
        </imsss:sequencing>
      </item>
      <item identifier="pretest_item" identifierref="pretest_resource"><title>Pre-test</title>
        <imsss:sequencing>{_writes("pretest_satisfied", PREFIX + ".pretest_satisfied")}
        </imsss:sequencing>
      </item>
      <item identifier="handicapping_item" identifierref="handicapping_resource"><title>Handicapping</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions>
                <imsss:ruleCondition referencedObjective="pretest_passed" condition="satisfied"/>
              </imsss:ruleConditions>
              <imsss:ruleAction action="skip"/>
            </imsss:preConditionRule>
            <imsss:postConditionRule>
              <imsss:ruleConditions><imsss:ruleCondition condition="always"/></imsss:ruleConditions>
              <imsss:ruleAction action="continue"/>
            </imsss:postConditionRule>
          </imsss:sequencingRules>{_reads("handicapping_satisfied", "pretest_passed", PREFIX + ".pretest_satisfied")}
        </imsss:sequencing>
      </item>
      <item identifier="posttest_item" identifierref="posttest_resource"><title>Post-test</title>
        <imsss:sequencing>
          <imsss:sequencingRules>
            <imsss:preConditionRule>
              <imsss:ruleConditions><imsss:ruleCondition condition="attempted"/></imsss:ruleConditions>
              <imsss:ruleAction action="hiddenFromChoice"/>
            </imsss:preConditionRule>
          </imsss:sequencingRules>
        </imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode {org_control}/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
{"".join(f'    <resource identifier="{n}_resource" type="webcontent" adlcp:scormType="sco" href="{n}.html"><file href="{n}.html"/></resource>{chr(10)}' for n in ("playing", "etiquette", "pretest", "handicapping", "posttest"))}  </resources>
</manifest>
"""


PAGES = {f"{n}.html": n for n in ("playing", "etiquette", "pretest", "handicapping", "posttest")}
MEMBERS = set(PAGES)


def _package(manifest: str) -> bytes:
    return build_zip({"imsmanifest.xml": manifest, **PAGES})


def choice_exit_and_flow() -> str:
    """A cluster the learner cannot leave by choice (choiceExit="false"), and a cluster
    played from the contents only (flow="false")."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="CHOICE-EXIT" version="1" {NS_2004}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG"><title>Exam</title>
      <item identifier="EXAM"><title>Examen</title>
        <item identifier="Q1" identifierref="R1"><title>Question 1</title></item>
        <item identifier="Q2" identifierref="R2"><title>Question 2</title></item>
        <imsss:sequencing><imsss:controlMode choice="true" choiceExit="false" flow="true"/></imsss:sequencing>
      </item>
      <item identifier="LIBRE"><title>Ressources libres</title>
        <item identifier="L1" identifierref="R3"><title>Ressource 1</title></item>
        <item identifier="L2" identifierref="R4"><title>Ressource 2</title></item>
        <imsss:sequencing><imsss:controlMode choice="true" flow="false"/></imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="R1" type="webcontent" adlcp:scormType="sco" href="q1.html"><file href="q1.html"/></resource>
    <resource identifier="R2" type="webcontent" adlcp:scormType="sco" href="q2.html"><file href="q2.html"/></resource>
    <resource identifier="R3" type="webcontent" adlcp:scormType="sco" href="l1.html"><file href="l1.html"/></resource>
    <resource identifier="R4" type="webcontent" adlcp:scormType="sco" href="l2.html"><file href="l2.html"/></resource>
  </resources>
</manifest>
"""


def _page(client, enrolment, activity, query: str = "") -> str:
    client.force_login(enrolment.user)
    return client.get(
        f"/apprendre/{enrolment.pk}/{activity.pk}/?tentative=1{query}"
    ).content.decode()


def _current(html: str) -> str:
    """The identifier of the item the page plays (the active entry of the contents)."""
    match = re.search(r'fr-sidemenu__item--active" data-sco="([^"]+)"', html)
    return match.group(1) if match else ""


def _toc_link(html: str, identifier: str) -> bool:
    entry = html.split(f'data-sco="{identifier}"', 1)[1].split("</li>", 1)[0]
    return "<a " in entry


class TestParsing:
    def test_rules_and_objective_maps_are_read(self):
        manifest = manifest_parse(forced_sequential().encode(), members=MEMBERS)
        items = {item.identifier: item for item in manifest.items}

        etiquette = items["etiquette_item"].sequencing
        assert etiquette["preconditions"] == [
            {
                "action": "disabled",
                "all": False,
                "conditions": [
                    {"condition": "satisfied", "not": True, "objective": "previous_sco_satisfied"},
                    {
                        "condition": "objectiveStatusKnown",
                        "not": True,
                        "objective": "previous_sco_satisfied",
                    },
                ],
            }
        ]
        assert etiquette["objectives"][1] == {
            "id": "previous_sco_satisfied",
            "primary": False,
            "maps": [
                {
                    "target": f"{PREFIX}.playing_satisfied",
                    "read_satisfied": True,
                    "read_measure": True,
                    "write_satisfied": False,
                    "write_measure": False,
                }
            ],
        }
        assert items["posttest_item"].sequencing["preconditions"][0]["action"] == "hiddenFromChoice"
        assert items["handicapping_item"].sequencing["postconditions"] == [
            {
                "action": "continue",
                "all": True,
                "conditions": [{"condition": "always", "not": False, "objective": ""}],
            }
        ]
        # Only what is not enforced is reported: here, nothing.
        assert not manifest.warnings

    def test_flow_is_kept_only_when_the_manifest_declares_a_control_mode(self):
        manifest = manifest_parse(
            choice_exit_and_flow().encode(), members={"q1.html", "q2.html", "l1.html", "l2.html"}
        )
        items = {item.identifier: item for item in manifest.items}

        assert items["EXAM"].sequencing["choice_exit"] is False
        assert items["LIBRE"].sequencing["flow"] is False
        assert "flow" not in items["Q1"].sequencing


class TestRules:
    RULE = {
        "preconditions": [
            {
                "action": "skip",
                "all": True,
                "conditions": [{"condition": "satisfied", "not": False, "objective": "pre"}],
            }
        ],
        "objectives": [
            {"id": "main", "primary": True, "maps": []},
            {
                "id": "pre",
                "primary": False,
                "maps": [
                    {
                        "target": "g",
                        "read_satisfied": True,
                        "read_measure": True,
                        "write_satisfied": False,
                        "write_measure": False,
                    }
                ],
            },
        ],
    }

    def test_a_rule_reads_a_shared_objective(self):
        state = ScoState()
        assert sequencing.precondition_actions(self.RULE, state, {}, {}) == set()
        shared = {"g": sequencing.Shared(satisfied=True)}
        assert sequencing.precondition_actions(self.RULE, state, {}, shared) == {"skip"}

    def test_else_the_scos_own_objective(self):
        cmi = {"objectives": {"0": {"id": "pre", "success_status": "passed"}}}
        assert sequencing.precondition_actions(self.RULE, ScoState(), cmi, {}) == {"skip"}

    def test_a_known_shared_status_wins_over_the_local_one(self):
        cmi = {"objectives": {"0": {"id": "pre", "success_status": "passed"}}}
        shared = {"g": sequencing.Shared(satisfied=False)}
        assert sequencing.precondition_actions(self.RULE, ScoState(), cmi, shared) == set()

    def test_the_primary_objective_is_the_scos_success_and_score(self):
        writes = {
            "objectives": [
                {
                    "id": "main",
                    "primary": True,
                    "maps": [
                        {"target": "g", "write_satisfied": True, "write_measure": True},
                        {"target": "h", "write_satisfied": False, "write_measure": False},
                    ],
                }
            ]
        }
        state = ScoState(attempted=True, completed=True, passed=True, score=Decimal("80"))
        assert sequencing.writes(writes, state, {}) == {"g": (True, Decimal("0.8"))}
        assert sequencing.writes(writes, ScoState(attempted=True), {}) == {}


class TestForcedSequentialOrder:
    def test_disabled_until_the_shared_objective_is_satisfied(self, client):
        enrolment, activity, scos = _course(_package(forced_sequential()))
        playing, etiquette = scos["playing_item"], scos["etiquette_item"]

        html = _page(client, enrolment, activity)
        assert _current(html) == "playing_item"
        assert not _toc_link(html, "etiquette_item")
        refused = _page(client, enrolment, activity, f"&sco={etiquette.pk}")
        assert "pas encore accessible" in refused
        assert _current(_page(client, enrolment, activity, f"&nav=continue&from={playing.pk}")) == (
            "pretest_item"  # flow passes over a disabled item
        )

        _commit(
            enrolment,
            activity,
            playing,
            {
                "completion_status": "completed",
                "success_status": "passed",
                "score": {"scaled": "0.9"},
            },
            terminate=True,
        )

        shared = SharedObjective.objects.get(enrolment=enrolment, activity=activity)
        assert (shared.target, shared.satisfied, shared.measure) == (
            f"{PREFIX}.playing_satisfied",
            True,
            Decimal("0.9000"),
        )
        html = _page(client, enrolment, activity, f"&sco={etiquette.pk}")
        assert _current(html) == "etiquette_item"
        objectives = _cmi(html, activity)["objectives"]
        assert list(objectives.values()) == [
            {"id": "previous_sco_satisfied", "success_status": "passed", "score": {"scaled": "0.9"}}
        ]

    def test_a_failed_objective_keeps_it_disabled_and_a_later_success_opens_it(self, client):
        enrolment, activity, scos = _course(_package(forced_sequential()))
        playing, etiquette = scos["playing_item"], scos["etiquette_item"]
        _commit(enrolment, activity, playing, {"success_status": "failed"})
        assert "pas encore accessible" in _page(client, enrolment, activity, f"&sco={etiquette.pk}")

        _commit(enrolment, activity, playing, {"success_status": "unknown"})  # unknown: kept
        assert SharedObjective.objects.get().satisfied is False
        _commit(enrolment, activity, playing, {"success_status": "passed"})

        assert (
            _current(_page(client, enrolment, activity, f"&sco={etiquette.pk}")) == "etiquette_item"
        )

    def test_a_passed_pretest_skips_the_lesson_in_flow_but_not_in_choice(self, client):
        enrolment, activity, scos = _course(_package(forced_sequential()))
        pretest, lesson = scos["pretest_item"], scos["handicapping_item"]
        continue_from_pretest = f"&nav=continue&from={pretest.pk}"
        assert _current(_page(client, enrolment, activity, continue_from_pretest)) == (
            "handicapping_item"
        )

        _commit(enrolment, activity, pretest, {"success_status": "passed"}, terminate=True)

        assert (
            _current(_page(client, enrolment, activity, continue_from_pretest)) == "posttest_item"
        )
        chosen = _page(client, enrolment, activity, f"&sco={lesson.pk}")
        assert _current(chosen) == "handicapping_item"  # skip applies to flow only

    def test_hidden_from_choice_once_attempted(self, client):
        enrolment, activity, scos = _course(_package(forced_sequential()))
        posttest = scos["posttest_item"]
        assert _toc_link(_page(client, enrolment, activity), "posttest_item")

        _commit(enrolment, activity, posttest, {"completion_status": "incomplete"})

        html = _page(client, enrolment, activity, "&vue=plan")
        assert not _toc_link(html, "posttest_item")
        assert "pas encore accessible" in _page(client, enrolment, activity, f"&sco={posttest.pk}")

    def test_shared_objectives_are_the_learners_own_and_outlive_the_attempt(self, client):
        enrolment, activity, scos = _course(_package(forced_sequential()))
        _commit(enrolment, activity, scos["playing_item"], {"success_status": "passed"})
        other = EnrolmentFactory(session=enrolment.session)

        assert "pas encore accessible" in _page(
            client, other, activity, f"&sco={scos['etiquette_item'].pk}"
        )
        assert SharedObjective.objects.filter(enrolment=other).count() == 0

    def test_the_preview_enforces_no_rule(self, client, platform_admin):
        _enrolment, activity, scos = _course(_package(forced_sequential()))
        client.force_login(platform_admin)

        html = client.get(
            f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/"
            f"?sco={scos['etiquette_item'].pk}"
        ).content.decode()

        assert _current(html) == "etiquette_item"


class TestChoiceExitAndFlow:
    def test_choice_exit_keeps_the_learner_inside_the_cluster(self, client):
        enrolment, activity, scos = _course(
            build_zip(
                {
                    "imsmanifest.xml": choice_exit_and_flow(),
                    **{f: f for f in ("q1.html", "q2.html", "l1.html", "l2.html")},
                }
            )
        )
        q1, q2, l1 = scos["Q1"], scos["Q2"], scos["L1"]

        html = _page(client, enrolment, activity)
        assert _current(html) == "Q1"
        assert _toc_link(html, "Q2") and not _toc_link(html, "L1")
        assert "pas encore accessible" in _page(
            client, enrolment, activity, f"&sco={l1.pk}&from={q1.pk}"
        )
        assert _current(_page(client, enrolment, activity, f"&sco={q2.pk}&from={q1.pk}")) == "Q2"
        # From the plan (no active item), every item may be chosen.
        assert _current(_page(client, enrolment, activity, f"&sco={l1.pk}")) == "L1"

    def test_flow_false_offers_no_previous_or_next(self, client):
        enrolment, activity, scos = _course(
            build_zip(
                {
                    "imsmanifest.xml": choice_exit_and_flow(),
                    **{f: f for f in ("q1.html", "q2.html", "l1.html", "l2.html")},
                }
            )
        )
        l1 = scos["L1"]

        html = _page(client, enrolment, activity, f"&sco={l1.pk}")
        assert "Élément suivant" not in html
        moved = _page(client, enrolment, activity, f"&nav=continue&from={l1.pk}")
        assert _current(moved) == ""
        assert "se parcourt depuis son sommaire" in moved
        # Flow from the exam cluster does not enter it either.
        into = _page(client, enrolment, activity, f"&nav=continue&from={scos['Q2'].pk}")
        assert _current(into) == ""

    def test_rows_stored_before_flow_was_enforced_keep_flowing(self, client):
        enrolment, activity, scos = _course(
            build_zip(
                {
                    "imsmanifest.xml": choice_exit_and_flow(),
                    **{f: f for f in ("q1.html", "q2.html", "l1.html", "l2.html")},
                }
            )
        )
        cluster = scos["LIBRE"]
        cluster.sequencing = {k: v for k, v in cluster.sequencing.items() if k != "control_mode"}
        cluster.save()

        moved = _page(client, enrolment, activity, f"&nav=continue&from={scos['L1'].pk}")

        assert _current(moved) == "L2"
