"""The plan file: what a person writes by hand reads back, and every mistake names its line."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import PlanFileError
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.planfile import format_plan, parse_load, parse_plan
from exhaust.domain.plans import Block, Experience, Goal, LoadKind, Plan, Prescription, RepRange, Session
from exhaust.services.catalogue import find_exercise


def parse(catalogue: Catalogue, text: str) -> Plan:
    return parse_plan(textwrap.dedent(text), lambda n: find_exercise(n, catalogue), source="p.plan")


def test_reads_settings_sessions_blocks_loads_and_rests(catalogue: Catalogue) -> None:
    plan = parse(
        catalogue,
        """
        # a comment
        plan: Chest
        experience: Intermediate
        goal: hypertrophy
        spotter: yes

        session: Monday
        method: pre-exhaust
        target: chest, Triceps
        A1. Cable Flyes        2 x 12-15  RIR 1-2   rest 45s   # squeeze
        A2) bench              3x6-10     62.5% 1RM rest 1:30
        B   DB Bench Press     3 × 8      @8        rest 2m
        C   Triceps Pushdown   3 x 12     20 kg
        """,
    )
    assert plan.name == "Chest" and plan.experience is Experience.INTERMEDIATE and plan.goal is Goal.HYPERTROPHY
    assert plan.spotter
    [session] = plan.sessions
    assert session.method is Method.PRE_EXHAUST and session.targets == (Muscle.CHEST, Muscle.TRICEPS)
    a, b, c = session.blocks
    assert a.linked and [i.exercise_id for i in a.items] == ["cable-fly", "bench-press"]
    fly, bench = a.items
    assert (fly.sets, fly.reps.low, fly.reps.high, fly.rest_s, fly.note) == (2, 12, 15, 45, "squeeze")
    assert fly.load is not None and (fly.load.kind, fly.load.low, fly.load.high) == (LoadKind.RIR, 1, 2)
    assert bench.load is not None and bench.load.kind is LoadKind.PERCENT_1RM and bench.load.low == 62.5
    assert bench.rest_s == 90 and bench.line == 12
    assert b.items[0].load is not None and b.items[0].load.kind is LoadKind.RPE and b.items[0].rest_s == 120
    assert c.items[0].load is not None and c.items[0].load.text == "20 kg"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("session: x\nA1 Bench Press 3 x 8\nA3 Cable Fly 2 x 12\n", 3, "expected A2"),
        ("session: x\nA Bench Press 3 x 8\nA Cable Fly 2 x 12\n", 3, "already has an exercise"),
        ("session: x\nA Bench Press 3 x 8\nB Cable Fly 2 x 12\nA Dips 3 x 8\n", 4, "appears twice"),
        ("session: x\nA Benchh Presss Machinee Zzz 3 x 8\n", 2, "No exercise called"),
        ("session: x\nA Bench Press 3 x 8 heavy-ish\n", 2, "cannot read 'heavy-ish'"),
        ("session: x\nA Bench Press 3 x 12-8\n", 2, "backwards"),
        ("session: x\nA Bench Press 3 x 8 RPE 11\n", 2, "between 1 and 10"),
        ("session: x\nA Bench Press 0 x 8\n", 2, "sets"),
        ("experience: expert\n", 1, "beginner | intermediate | advanced"),
        ("session: x\nmethod: pre-exhaustion-ish\nA Dips 3 x 8\n", 2, "not one of"),
        ("session: x\ntarget: wings\nA Dips 3 x 8\n", 2, "unknown muscle 'wings'"),
        ("session: x\nexperience: beginner\nA Dips 3 x 8\n", 2, "above the first 'session:'"),
        ("colour: red\n", 1, "unknown setting"),
        ("just some words\n", 1, "expected 'key: value'"),
        ("session: empty\n", 1, "has no exercises"),
        ("# nothing\n", 1, "no exercises"),
    ],
)
def test_mistakes_name_the_line_and_say_what_to_do(catalogue: Catalogue, text: str, line: int, words: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        parse_plan(text, lambda n: find_exercise(n, catalogue), source="p.plan")
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"p.plan:{line}: ")


def test_unknown_exercise_suggests_the_closest(catalogue: Catalogue) -> None:
    with pytest.raises(PlanFileError, match=r"Did you mean: .*Lateral Raise"):
        parse(catalogue, "A Laterl Raisse Thing 3 x 12\n")


def test_bom_and_crlf_are_read(catalogue: Catalogue) -> None:
    plan = parse_plan("\ufeffsession: x\r\nA Dips 3 x 8\r\n", lambda n: find_exercise(n, catalogue))
    assert plan.sessions[0].blocks[0].items[0].exercise_id == "dips"


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [("70%", LoadKind.PERCENT_1RM, 70, None), ("72.5 % 1RM", LoadKind.PERCENT_1RM, 72.5, None),
     ("RIR 0-1", LoadKind.RIR, 0, 1), ("@9.5", LoadKind.RPE, 9.5, None), ("185 lbs", LoadKind.WEIGHT, 185, None)],
)  # fmt: skip
def test_loads(text: str, kind: LoadKind, low: float, high: float | None) -> None:
    load = parse_load(text)
    assert load is not None and (load.kind, load.low, load.high) == (kind, low, high)


_EXERCISES = ["bench-press", "cable-fly", "dips", "squat", "leg-extension", "lateral-raise", "triceps-pushdown"]
_load_text = st.sampled_from(["", "70%", "RIR 2", "RIR 0-1", "RPE 8", "80 kg", "185 lb"])


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    sessions = []
    for s in range(draw(st.integers(1, 3))):
        blocks = []
        for b in range(draw(st.integers(1, 4))):
            items = []
            for _ in range(draw(st.integers(1, 3))):
                low = draw(st.integers(1, 20))
                load_text = draw(_load_text)
                items.append(
                    Prescription(
                        exercise_id=draw(st.sampled_from(_EXERCISES)),
                        sets=draw(st.integers(1, 6)),
                        reps=RepRange(low=low, high=low + draw(st.integers(0, 8))),
                        load=parse_load(load_text) if load_text else None,
                        rest_s=draw(st.one_of(st.none(), st.integers(0, 600))),
                        note=draw(st.sampled_from(["", "slow eccentric", "PRE-LOAD-DROP: 15% below"])),
                    )
                )
            blocks.append(Block(label="ABCDEFGH"[b], items=tuple(items)))
        sessions.append(
            Session(
                name=f"Day {s + 1}",
                method=draw(st.one_of(st.none(), st.sampled_from(list(Method)))),
                targets=tuple(draw(st.lists(st.sampled_from(list(Muscle)), max_size=3, unique=True))),
                blocks=tuple(blocks),
            )
        )
    return Plan(
        name=draw(st.sampled_from(["", "Block 1"])),
        experience=draw(st.one_of(st.none(), st.sampled_from(list(Experience)))),
        goal=draw(st.one_of(st.none(), st.sampled_from(list(Goal)))),
        spotter=draw(st.booleans()),
        sessions=tuple(sessions),
    )


def _without_lines(plan: Plan) -> Plan:
    return plan.model_copy(
        update={
            "sessions": tuple(
                s.model_copy(
                    update={
                        "line": 0,
                        "blocks": tuple(
                            b.model_copy(update={"items": tuple(i.model_copy(update={"line": 0}) for i in b.items)})
                            for b in s.blocks
                        ),
                    }
                )
                for s in plan.sessions
            )
        }
    )


@settings(max_examples=60, deadline=None)
@given(plan=plans())
def test_what_format_plan_writes_parse_plan_reads_back(catalogue: Catalogue, plan: Plan) -> None:
    text = format_plan(plan, lambda i: catalogue.get(i).name)
    again = parse_plan(text, lambda n: find_exercise(n, catalogue))
    assert _without_lines(again) == plan
