"""Every guardrail of SPEC.md: a plan that makes it fire and one that keeps it quiet."""

from __future__ import annotations

import textwrap

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.planfile import parse_plan
from exhaust.domain.plans import Experience
from exhaust.domain.rules import RULES, Finding, Severity, check_plan
from exhaust.services.catalogue import find_exercise

SPEC_RULE_IDS = {
    "PRE-ONE-GROUP", "PRE-EARLY", "PRE-ISO-SETS", "PRE-ISO-REPS", "PRE-REST", "PRE-SUPPORTING",
    "PRE-SPOTTER", "PRE-STRENGTH-GOAL", "PRE-BEGINNER", "PRE-LOAD-DROP", "PAIR-SAME-MUSCLE",
    "POST-REST", "POST-COMPOUND-LOAD", "POST-ISO-PRESCRIPTION", "POST-PAIRS-BY-LEVEL",
    "POST-NOT-EVERYTHING", "POST-NOT-FOR", "ORDER-INTENSITY", "PROGRESS-WATCH",
}  # fmt: skip

GOOD_PRE = """
    experience: intermediate
    goal: hypertrophy
    spotter: yes
    session: chest
    method: pre-exhaust
    target: chest
    A1 Cable Fly             2 x 12-15 RIR 2    rest 45s
    A2 Bench Press (Barbell) 3 x 6-10  62.5%    rest 2m
    B  Triceps Pushdown      3 x 10-15 RIR 1    rest 60s
"""

GOOD_POST = """
    experience: intermediate
    goal: hypertrophy
    session: chest and back
    method: post-exhaust
    target: chest, lats
    A1 Bench Press (Barbell) 4 x 6-10  80%      rest 60s
    A2 Cable Fly             4 x 12-15 RIR 0-1  rest 2m
    B1 Barbell Row           3 x 8     80%      rest 60s
    B2 Straight-Arm Pulldown 3 x 15    RIR 1    rest 2m
    C  Biceps Curl           3 x 10-12 RIR 1
"""

GOOD_ACCESSORY = """
    experience: intermediate
    goal: hypertrophy
    spotter: yes
    session: legs
    method: accessory-first
    target: quads, hamstrings
    A Leg Extension      3 x 15-20
    B Lying Leg Curl     3 x 15-20
    C Leg Press          3 x 10-12 RIR 2
    D Back Squat         3 x 6-8 RIR 2
"""


def check(catalogue: Catalogue, text: str, **kw: object) -> list[Finding]:
    plan = parse_plan(textwrap.dedent(text), lambda n: find_exercise(n, catalogue))
    return check_plan(plan, catalogue, **kw)  # type: ignore[arg-type]


def fired(catalogue: Catalogue, text: str, rule: str, **kw: object) -> list[Finding]:
    return [f for f in check(catalogue, text, **kw) if f.rule == rule]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


# rule id -> (plan that fires it, plan that keeps it quiet, expected severity, line it names)
CASES: dict[str, tuple[str, str, Severity, int]] = {
    "PRE-ONE-GROUP": (
        GOOD_PRE
        + """
    C1 Lateral Raise     2 x 12-15 RIR 2  rest 30s
    C2 Overhead Press    3 x 8-10  RIR 2
""",
        GOOD_PRE,
        Severity.ERROR,
        12,
    ),
    "PRE-EARLY": (
        edit(GOOD_PRE, "    A1 Cable Fly", "    Z Dips 3 x 8 RIR 2\n    A1 Cable Fly"),
        GOOD_PRE,
        Severity.WARNING,
        9,
    ),
    "PRE-ISO-SETS": (edit(GOOD_PRE, "2 x 12-15 RIR 2", "4 x 12-15 RIR 2"), GOOD_PRE, Severity.WARNING, 8),
    "PRE-ISO-REPS": (edit(GOOD_PRE, "2 x 12-15 RIR 2", "2 x 6-8 RIR 2"), GOOD_PRE, Severity.WARNING, 8),
    "PRE-REST": (edit(GOOD_PRE, "rest 45s", "rest 20s"), GOOD_PRE, Severity.WARNING, 8),
    "PRE-SUPPORTING": (
        edit(GOOD_PRE, "A1 Cable Fly             2 x 12-15 RIR 2", "A1 Triceps Pushdown 2 x 12-15 RIR 2"),
        edit(
            edit(GOOD_PRE, "A1 Cable Fly             2 x 12-15 RIR 2", "A1 Triceps Pushdown 2 x 12-15 RIR 2"),
            "target: chest",
            "target: chest, triceps",
        ),
        Severity.WARNING,
        9,
    ),
    "PRE-SPOTTER": (edit(GOOD_PRE, "spotter: yes\n", ""), GOOD_PRE, Severity.WARNING, 8),
    "PRE-STRENGTH-GOAL": (edit(GOOD_PRE, "goal: hypertrophy", "goal: strength"), GOOD_PRE, Severity.WARNING, 8),
    "PRE-BEGINNER": (edit(GOOD_PRE, "intermediate", "beginner"), GOOD_PRE, Severity.WARNING, 8),
    "PRE-LOAD-DROP": (edit(GOOD_PRE, "62.5%", "80%"), GOOD_PRE, Severity.WARNING, 9),
    "PAIR-SAME-MUSCLE": (
        edit(GOOD_PRE, "A1 Cable Fly             2 x 12-15 RIR 2", "A1 Leg Extension 2 x 12-15 RIR 2"),
        GOOD_PRE,
        Severity.ERROR,
        8,
    ),
    "POST-REST": (
        edit(GOOD_POST, "80%      rest 60s\n    A2", "80%      rest 2m\n    A2"),
        GOOD_POST,
        Severity.WARNING,
        7,
    ),
    "POST-COMPOUND-LOAD": (edit(GOOD_POST, "4 x 6-10  80%", "4 x 6-10  60%"), GOOD_POST, Severity.WARNING, 7),
    "POST-ISO-PRESCRIPTION": (edit(GOOD_POST, "4 x 12-15 RIR 0-1", "2 x 8 RIR 3"), GOOD_POST, Severity.WARNING, 8),
    "POST-PAIRS-BY-LEVEL": (edit(GOOD_POST, "intermediate", "beginner"), GOOD_POST, Severity.ERROR, 9),
    "POST-NOT-EVERYTHING": (
        edit(GOOD_POST, "    C  Biceps Curl           3 x 10-12 RIR 1\n", ""),
        GOOD_POST,
        Severity.WARNING,
        9,
    ),
    "POST-NOT-FOR": (edit(GOOD_POST, "goal: hypertrophy", "goal: strength"), GOOD_POST, Severity.WARNING, 7),
    "ORDER-INTENSITY": (
        edit(
            GOOD_ACCESSORY,
            "C Leg Press          3 x 10-12 RIR 2\n    D Back Squat         3 x 6-8 RIR 2",
            "C Back Squat 3 x 6-8 RIR 2\n    D Leg Press 3 x 10-12 RIR 2",
        ),
        GOOD_ACCESSORY,
        Severity.WARNING,
        11,
    ),
}


def test_every_spec_rule_is_implemented_once_with_source_and_summary() -> None:
    assert set(RULES) == SPEC_RULE_IDS
    for r in RULES.values():
        assert r.source and r.summary


def test_every_plan_rule_has_a_firing_and_a_quiet_case() -> None:
    plan_rules = {rid for rid, r in RULES.items() if r.check is not None}
    assert plan_rules == set(CASES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(catalogue: Catalogue, rule_id: str) -> None:
    bad, _, severity, line = CASES[rule_id]
    hits = fired(catalogue, bad, rule_id)
    assert hits, f"{rule_id} did not fire"
    assert hits[0].severity is severity
    assert hits[0].line == line
    assert hits[0].source == RULES[rule_id].source


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_stays_quiet(catalogue: Catalogue, rule_id: str) -> None:
    _, good, _, _ = CASES[rule_id]
    assert fired(catalogue, good, rule_id) == []


@pytest.mark.parametrize("text", [GOOD_PRE, GOOD_POST, GOOD_ACCESSORY])
def test_good_plans_have_no_findings_at_all(catalogue: Catalogue, text: str) -> None:
    assert check(catalogue, text) == []


def test_pre_rest_message_names_both_sources(catalogue: Catalogue) -> None:
    [hit] = fired(catalogue, edit(GOOD_PRE, "rest 45s", "rest 2m"), "PRE-REST")
    assert "seed 002" in hit.message and "seed 000" in hit.message
    for seconds in ("0s", "30s", "60s", "75s", "90s"):
        assert fired(catalogue, edit(GOOD_PRE, "rest 45s", f"rest {seconds}"), "PRE-REST") == []


def test_post_pairs_by_level_shows_where_004_disagrees_with_itself(catalogue: Catalogue) -> None:
    three = GOOD_POST + "    D1 Leg Press 4 x 8-12 75% rest 60s\n    D2 Leg Extension 4 x 15-20 RIR 0\n"
    [hit] = fired(catalogue, three, "POST-PAIRS-BY-LEVEL")
    assert hit.severity is Severity.WARNING and "FAQ" in hit.message
    assert fired(catalogue, three, "POST-PAIRS-BY-LEVEL", experience=Experience.ADVANCED) == []


def test_command_line_experience_overrides_the_plan(catalogue: Catalogue) -> None:
    assert fired(catalogue, GOOD_PRE, "PRE-BEGINNER", experience=Experience.BEGINNER)


def test_post_not_for_peaking_and_poor_recovery_are_errors(catalogue: Catalogue) -> None:
    peaking = edit(GOOD_POST, "goal: hypertrophy", "goal: hypertrophy\n    phase: peaking\n    recovery: compromised")
    hits = fired(catalogue, peaking, "POST-NOT-FOR")
    assert [h.severity for h in hits] == [Severity.ERROR, Severity.ERROR]


def test_order_intensity_isolation_after_compound_is_an_error(catalogue: Catalogue) -> None:
    text = GOOD_ACCESSORY + "    E Leg Extension 2 x 20\n"
    hits = fired(catalogue, text, "ORDER-INTENSITY")
    assert hits and hits[-1].severity is Severity.ERROR


def test_reverse_pre_exhaust_supporting_is_info_and_pair_rule_checks_synergist(catalogue: Catalogue) -> None:
    reverse = """
        experience: advanced
        goal: hypertrophy
        spotter: yes
        session: quads
        method: reverse-pre-exhaust
        target: quads
        A1 Lying Leg Curl  2 x 12-15 RIR 2 rest 30s
        A2 Back Squat      3 x 6-10  62.5% rest 2m
    """
    found = check(catalogue, reverse)
    assert [(f.rule, f.severity) for f in found] == [("PRE-SUPPORTING", Severity.INFO)]
    assert "seed 000" in found[0].message and "seed 003" in found[0].message
    wrong = reverse.replace("Lying Leg Curl", "Biceps Curl")
    assert fired(catalogue, wrong, "PAIR-SAME-MUSCLE")
