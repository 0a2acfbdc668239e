"""IMS SS exit-condition rules (``exit``) and post-condition rules (``continue``,
``previous``, ``exitParent``, ``exitAll``), applied when the learner leaves a SCO by flow
(its own continue / previous, auto-continue, the previous / next buttons); ``retry`` and
``retryAll`` are reported at import and not enforced."""

import pytest

from mentor.scorm.manifest import manifest_parse
from tests.scorm.packages import build_zip, manifest_2004_of
from tests.scorm.test_sequencing import _current, _page
from tests.scorm.test_structure import _commit, _course

pytestmark = pytest.mark.django_db

NOT_SATISFIED = '<imsss:ruleCondition operator="not" condition="satisfied"/>'
ALWAYS = '<imsss:ruleCondition condition="always"/>'
LEFT_OUT = '<imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false"/>'


def _rule(kind: str, condition: str, action: str) -> str:
    return (
        f"<imsss:sequencingRules><imsss:{kind}><imsss:ruleConditions>{condition}"
        f'</imsss:ruleConditions><imsss:ruleAction action="{action}"/></imsss:{kind}>'
        "</imsss:sequencingRules>"
    )


def course(*, a: str = "", b: str = "", c: str = "", chapter: str = "", end: str = "") -> str:
    """A chapter holding A, B and C, then END; each with the sequencing given."""
    items = "".join(
        f'<item identifier="{name}" identifierref="R-{name}"><title>{name}</title>'
        f"<imsss:sequencing>{sequencing}</imsss:sequencing></item>"
        for name, sequencing in (("A", a), ("B", b), ("C", c))
    )
    return manifest_2004_of(
        identifier="RULES",
        title="Règles de sortie",
        items=f"""      <item identifier="CHAPTER"><title>Chapitre</title>{items}
        <imsss:sequencing>{chapter}</imsss:sequencing>
      </item>
      <item identifier="END" identifierref="R-END"><title>Fin</title>
        <imsss:sequencing>{end}</imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>""",
        scos={f"R-{n}": f"{n}.html" for n in ("A", "B", "C", "END")},
    )


def _package(manifest: str) -> bytes:
    return build_zip(
        {"imsmanifest.xml": manifest, **{f"{n}.html": n for n in "ABC"}, "END.html": "e"}
    )


def _leave(client, enrolment, activity, sco, nav: str = "continue") -> str:
    return _current(_page(client, enrolment, activity, f"&nav={nav}&from={sco.pk}"))


class TestParsing:
    def test_exit_and_post_rules_are_kept_and_retry_is_reported(self):
        manifest = course(
            a=_rule("postConditionRule", NOT_SATISFIED, "previous"),
            b=_rule("postConditionRule", ALWAYS, "retry"),
            chapter=_rule(
                "exitConditionRule", '<imsss:ruleCondition condition="completed"/>', "exit"
            ),
        )

        parsed = manifest_parse(
            manifest.encode(), members={"A.html", "B.html", "C.html", "END.html"}
        )

        items = {item.identifier: item.sequencing for item in parsed.items}
        assert items["A"]["postconditions"][0]["action"] == "previous"
        assert items["CHAPTER"]["exit_rules"][0]["action"] == "exit"
        assert "postconditions" not in items["B"]
        assert len(parsed.warnings) == 1
        assert "postConditionRule retry" in parsed.warnings[0]


class TestPostConditionRules:
    def test_previous_until_the_sco_is_passed(self, client):
        """A quiz that sends the learner back to the lesson before it until passed."""
        enrolment, activity, scos = _course(
            _package(course(b=_rule("postConditionRule", NOT_SATISFIED, "previous")))
        )
        quiz = scos["B"]
        _commit(enrolment, activity, quiz, {"success_status": "failed"}, terminate=True)

        assert _leave(client, enrolment, activity, quiz) == "A"

        _commit(enrolment, activity, quiz, {"success_status": "passed"}, terminate=True)
        assert _leave(client, enrolment, activity, quiz) == "C"

    def test_continue_replaces_previous(self, client):
        enrolment, activity, scos = _course(
            _package(course(b=_rule("postConditionRule", ALWAYS, "continue")))
        )

        assert _leave(client, enrolment, activity, scos["B"], "previous") == "C"

    def test_exit_parent_continues_after_the_chapter(self, client):
        enrolment, activity, scos = _course(
            _package(course(a=_rule("postConditionRule", ALWAYS, "exitParent")))
        )

        assert _leave(client, enrolment, activity, scos["A"]) == "END"

    def test_exit_parent_reads_the_rules_of_the_parent(self, client):
        enrolment, activity, scos = _course(
            _package(
                course(
                    a=_rule("postConditionRule", ALWAYS, "exitParent"),
                    chapter=_rule("postConditionRule", ALWAYS, "exitAll"),
                )
            )
        )

        html = _page(client, enrolment, activity, f"&nav=continue&from={scos['A'].pk}")

        assert _current(html) == ""  # the module's plan
        assert "data-scorm-frame" not in html

    def test_the_preview_ignores_the_rules(self, client, platform_admin):
        enrolment, activity, scos = _course(
            _package(course(a=_rule("postConditionRule", ALWAYS, "exitAll")))
        )
        client.force_login(platform_admin)

        html = client.get(
            f"/apprendre/conception/{activity.section.training.slug}/apercu/{activity.pk}/"
            f"?nav=continue&from={scos['A'].pk}"
        ).content.decode()

        assert _current(html) == "B"

    def test_a_choice_in_the_contents_is_not_replaced(self, client):
        enrolment, activity, scos = _course(
            _package(course(a=_rule("postConditionRule", ALWAYS, "exitAll")))
        )

        html = _page(client, enrolment, activity, f"&sco={scos['C'].pk}&from={scos['A'].pk}")

        assert _current(html) == "C"


class TestExitConditionRules:
    def test_a_satisfied_chapter_is_left_at_once(self, client):
        """The chapter's objective is A's (B and C are left out of its rollup): once A is
        passed, the chapter's exit rule ends it and flow goes on after it."""
        chapter_exit = _rule(
            "exitConditionRule", '<imsss:ruleCondition condition="satisfied"/>', "exit"
        )
        enrolment, activity, scos = _course(
            _package(course(b=LEFT_OUT, c=LEFT_OUT, chapter=chapter_exit))
        )
        lesson = scos["A"]
        _commit(enrolment, activity, lesson, {"success_status": "failed"}, terminate=True)
        assert _leave(client, enrolment, activity, lesson) == "B"

        _commit(enrolment, activity, lesson, {"success_status": "passed"}, terminate=True)

        assert _leave(client, enrolment, activity, lesson) == "END"

    def test_the_exited_chapters_post_rules_apply(self, client):
        rules = (
            "<imsss:sequencingRules>"
            '<imsss:exitConditionRule><imsss:ruleConditions><imsss:ruleCondition condition="attempted"/>'
            '</imsss:ruleConditions><imsss:ruleAction action="exit"/></imsss:exitConditionRule>'
            "<imsss:postConditionRule><imsss:ruleConditions>"
            '<imsss:ruleCondition operator="not" condition="completed"/>'
            '</imsss:ruleConditions><imsss:ruleAction action="exitAll"/></imsss:postConditionRule>'
            "</imsss:sequencingRules>"
        )
        enrolment, activity, scos = _course(_package(course(chapter=rules)))
        _commit(enrolment, activity, scos["A"], {"completion_status": "incomplete"})

        assert _leave(client, enrolment, activity, scos["A"]) == ""
