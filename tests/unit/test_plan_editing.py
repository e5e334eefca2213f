"""Editing a plan's text: numbers, swaps that keep pairs valid, and refusals that say why."""

from __future__ import annotations

import pytest

from exhaust.domain.errors import ExhaustError, PlanFileError
from exhaust.domain.exercises import Equipment, Mechanic, Role
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal
from exhaust.services import plan_editing
from exhaust.services.catalogue import get_catalogue
from exhaust.services.plan_editing import ItemEdit, apply_edits, read_plan_text
from exhaust.services.planning import plan_session

GYM = (Equipment.CABLE, Equipment.BARBELL, Equipment.DUMBBELL)

PRE = """plan: Chest
experience: intermediate
goal: hypertrophy

session: Chest
method: pre-exhaust
target: chest

A1  Cable Fly              2 x 12-15  RIR 2      rest 60s
A2  Bench Press (Barbell)  3 x 6-10   62.5% 1RM  rest 2m   # lighter after the Cable Fly
B   Triceps Pushdown       3 x 10-15  RIR 1      rest 75s
"""

REVERSE = """plan: Quads
session: Legs
method: reverse-pre-exhaust
target: quads

A1  Seated Leg Curl  2 x 12-15  RIR 2      rest 60s
A2  Squat            3 x 6-10   62.5% 1RM  rest 2m
"""

TWO = """session: Upper
A  Bench Press  3 x 5  rest 3m
session: Lower
A  Squat  3 x 5  rest 3m
"""


def rules(text: str) -> set[str]:
    return {f.rule for f in plan_editing.check_text(text).findings}


def item(text: str, label: str, session: int = 0) -> tuple[str, int, int, int, int | None, str | None, str]:
    plan = read_plan_text(text)
    for block in plan.sessions[session].blocks:
        for i, it in enumerate(block.items):
            if block.item_label(i) == label:
                load = it.load.text if it.load else None
                return it.exercise_id, it.sets, it.reps.low, it.reps.high, it.rest_s, load, it.note
    raise AssertionError(f"no {label}")


def test_numbers_change_and_the_text_reads_back_to_the_same_plan() -> None:
    edited = apply_edits(PRE, [ItemEdit("A2", sets=4, reps_low=8, reps_high=12, rest_s=150, load="60%")])
    assert item(edited.text, "A2") == ("bench-press", 4, 8, 12, 150, "60% 1RM", "lighter after the Cable Fly")
    assert item(edited.text, "A1") == item(PRE, "A1")  # the rest of the plan is untouched
    assert read_plan_text(edited.text) == edited.plan


def test_isolation_reps_outside_10_to_15_bring_pre_iso_reps_and_going_back_clears_it() -> None:
    assert "PRE-ISO-REPS" not in rules(PRE)
    edited = apply_edits(PRE, [ItemEdit("A1", reps_low=5, reps_high=8)])
    found = [f for f in edited.findings if f.rule == "PRE-ISO-REPS"]
    assert found and edited.label_of(found[0].line) == "A1"
    assert "PRE-ISO-REPS" not in {
        f.rule for f in apply_edits(edited.text, [ItemEdit("A1", reps_low=12, reps_high=15)]).findings
    }


def test_a_compound_as_heavy_as_fresh_after_pre_exhaust_brings_pre_load_drop() -> None:
    edited = apply_edits(PRE, [ItemEdit("A2", load="75%")])
    hit = next(f for f in edited.findings if f.rule == "PRE-LOAD-DROP")
    assert edited.label_of(hit.line) == "A2" and "Lower it 10–20 %" in hit.message


def test_an_empty_load_removes_it_and_an_empty_note_clears_it() -> None:
    edited = apply_edits(PRE, [ItemEdit("A2", load="", note="")])
    assert item(edited.text, "A2")[5:] == (None, "")


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (ItemEdit("A1", sets=0), "A1: sets"),
        (ItemEdit("A1", reps_low=16), "runs backwards"),
        (ItemEdit("A1", load="heavy"), "cannot read the load 'heavy'"),
        (ItemEdit("A1", load="120%"), "between 1 and 100"),
        (ItemEdit("A1", rest_s=1000), "rest (seconds)"),
        (ItemEdit("Z1", sets=2), "no item 'Z1'; its items are A1, A2, B"),
    ],
)
def test_impossible_numbers_are_refused_naming_the_item_and_the_field(edit: ItemEdit, words: str) -> None:
    with pytest.raises(ExhaustError) as caught:
        apply_edits(PRE, [edit])
    assert words in str(caught.value)


def test_edits_apply_all_or_none() -> None:
    with pytest.raises(ExhaustError):
        apply_edits(PRE, [ItemEdit("A1", sets=3), ItemEdit("A2", exercise="triceps-pushdown")])
    # nothing kept: the service returns no half-edited text, and the input is unchanged
    assert item(PRE, "A1")[1] == 2


def test_only_isolations_for_the_compounds_prime_mover_are_offered_for_a1() -> None:
    catalogue = get_catalogue()
    found = plan_editing.alternatives(read_plan_text(PRE), "A1", equipment=GYM)
    assert found.paired and found.partners == ("A2",)
    ids = [a.exercise.id for a in found.alternatives]
    assert ids and "cable-fly" not in ids
    for ex_id in ids:
        ex = catalogue.get(ex_id)
        assert ex.mechanic is Mechanic.ISOLATION and ex.equipment in GYM
        assert any(catalogue.get("bench-press").role_of(m) is Role.PRIME for m in ex.prime_movers)
    assert "triceps-pushdown" not in ids  # triceps are only a synergist of the bench press


def test_every_offered_swap_is_accepted_and_keeps_the_pair_valid() -> None:
    plan = read_plan_text(PRE)
    for label in ("A1", "A2", "B"):
        for alt in plan_editing.alternatives(plan, label, equipment=GYM).alternatives:
            edited = apply_edits(PRE, [ItemEdit(label, exercise=alt.exercise.id)], GYM)
            assert item(edited.text, label)[0] == alt.exercise.id
            assert "PAIR-SAME-MUSCLE" not in {f.rule for f in edited.findings}


def test_a_swap_that_breaks_the_pair_is_refused_with_the_reason_and_the_valid_ones() -> None:
    with pytest.raises(ExhaustError) as caught:
        apply_edits(PRE, [ItemEdit("A1", exercise="Triceps Pushdown")])
    message = str(caught.value)
    assert "breaks the pair A1/A2" in message and "PAIR-SAME-MUSCLE" in message
    assert "works the triceps" in message and "Valid swaps for A1:" in message and "Chest Fly (Dumbbell)" in message


def test_a_swap_keeps_the_mechanic_and_the_equipment_chosen() -> None:
    with pytest.raises(ExhaustError, match="a swap keeps an isolation for an isolation"):
        apply_edits(PRE, [ItemEdit("A1", exercise="dips")])
    with pytest.raises(ExhaustError, match="needs a machine, which is not among the equipment chosen"):
        apply_edits(PRE, [ItemEdit("A1", exercise="pec-deck")], GYM)
    assert item(apply_edits(PRE, [ItemEdit("A1", exercise="pec-deck")]).text, "A1")[0] == "pec-deck"  # a full gym


def test_a_lone_item_swaps_for_the_same_mechanic_with_the_same_prime_mover() -> None:
    catalogue = get_catalogue()
    found = plan_editing.alternatives(read_plan_text(PRE), "B")
    assert not found.paired and found.alternatives
    assert all(a.exercise.is_isolation and a.exercise.role_of(Muscle.TRICEPS) is Role.PRIME for a in found.alternatives)
    with pytest.raises(ExhaustError, match="does not train the triceps as a prime mover"):
        apply_edits(PRE, [ItemEdit("B", exercise="lateral-raise")])
    assert catalogue.get("rope-pushdown") in [a.exercise for a in found.alternatives]


def test_an_exercise_already_in_the_session_is_not_offered_twice() -> None:
    found = plan_editing.alternatives(read_plan_text(PRE.replace("Triceps Pushdown", "Dips")), "A2")
    assert "dips" not in [a.exercise.id for a in found.alternatives]
    with pytest.raises(ExhaustError, match=r"Dips is already in this session \(B\)"):
        apply_edits(PRE.replace("Triceps Pushdown", "Dips"), [ItemEdit("A2", exercise="dips")])


def test_swapping_both_exercises_of_a_block_together_for_another_valid_pair() -> None:
    plan = read_plan_text(PRE)
    edits = plan_editing.pair_edits(plan, 0, "A", "leg-extension", "squat")
    assert [(e.item, e.exercise) for e in edits] == [("A1", "leg-extension"), ("A2", "squat")]
    edited = apply_edits(PRE, edits)
    assert (item(edited.text, "A1")[0], item(edited.text, "A2")[0]) == ("leg-extension", "squat")


def test_a_swap_carries_the_exercise_name_into_the_notes() -> None:
    edited = apply_edits(PRE, [ItemEdit("A1", exercise="dumbbell-fly")])
    assert item(edited.text, "A2")[6] == "lighter after the Chest Fly (Dumbbell)"


def test_the_builders_note_on_the_pair_follows_a_swap() -> None:
    planned = plan_session(Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY, GYM)
    assert any(n.startswith("Block A: Cable Fly") for n in planned.plan.sessions[0].notes)
    edited = apply_edits(planned.text, [ItemEdit("A1", exercise="dumbbell-fly")], GYM)
    notes = edited.plan.sessions[0].notes
    assert any(n.startswith("Block A: Chest Fly (Dumbbell) loads the chest") for n in notes)
    assert not any("Cable Fly" in n for n in notes)


def test_reverse_pre_exhaust_swaps_keep_a_synergist_of_the_compound() -> None:
    catalogue = get_catalogue()
    found = plan_editing.alternatives(read_plan_text(REVERSE), "A1")
    assert found.alternatives
    for alt in found.alternatives:
        assert catalogue.get("squat").role_of(alt.exercise.main_muscle) is Role.SYNERGIST
    with pytest.raises(ExhaustError, match="reverse pre-exhaust pair A1/A2"):
        apply_edits(REVERSE, [ItemEdit("A1", exercise="leg-extension")])


def test_labels_that_repeat_across_sessions_need_the_session() -> None:
    with pytest.raises(ExhaustError, match="2 sessions have an item A; say which session"):
        apply_edits(TWO, [ItemEdit("A", sets=4)])
    edited = apply_edits(TWO, [ItemEdit("A", session=1, sets=4)])
    assert item(edited.text, "A", 1)[1] == 4 and item(edited.text, "A", 0)[1] == 3


def test_broken_text_is_refused_with_its_line() -> None:
    with pytest.raises(PlanFileError) as caught:
        apply_edits(PRE.replace("A2  Bench Press (Barbell)  3 x 6-10", "A2  Bench Press (Barbell)  three sets"), [])
    assert caught.value.line == 10
    assert plan_editing.error_text(caught.value).startswith("line 10 of the plan text: ")


def test_overlong_text_is_refused_before_it_is_read() -> None:
    with pytest.raises(PlanFileError, match="the most accepted is"):
        read_plan_text("# " + "x" * plan_editing.MAX_PLAN_TEXT)


def test_pair_options_rank_pairs_and_say_which_block_each_fits() -> None:
    planned = plan_session(Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY, GYM)
    [(target, options)] = plan_editing.pair_options(planned.plan, 0, GYM)
    assert target is Muscle.CHEST and options
    assert [o for o in options if o.current] == [options[0]] and options[0].block == "A"
    for option in options[1:]:
        if option.block is not None:
            edits = plan_editing.pair_edits(
                planned.plan, 0, "A", option.candidate.isolation.id, option.candidate.compound.id
            )
            apply_edits(planned.text, edits, GYM)  # accepted
