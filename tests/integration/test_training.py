"""Training: the Today view built from a workout and its plan session (the order sets are
done in, a linked block round by round; the rest after each set; which logged set fills
which slot; what comes next), and on a real database: a workout's plan is parsed once, not on
every set logged, and a set is stored whole or not at all."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from exhaust.domain import planfile
from exhaust.domain.errors import ExhaustError
from exhaust.domain.plans import Block, Load, LoadKind, Prescription, RepRange, Session
from exhaust.services import logbook as logbook_module
from exhaust.services.logbook import (
    Logbook,
    NoOpenWorkout,
    SetEntry,
    SetView,
    Suggestion,
    WorkoutStillOpen,
    WorkoutView,
    parsed_plan,
)
from exhaust.services.training import DEFAULT_REST_S, RestKind, TodayView, Training, build_today, rest_words

T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)


def item(exercise_id: str, sets: int, low: int, high: int, rest: int | None, load: Load | None = None) -> Prescription:
    return Prescription(exercise_id=exercise_id, sets=sets, reps=RepRange(low=low, high=high), rest_s=rest, load=load)


def logged(n: int, exercise_id: str, block: str, weight: str | None, reps: int, set_type: str = "working") -> SetView:
    return SetView(
        id=n,
        uid=f"u{n}",
        position=n,
        exercise_id=exercise_id,
        exercise=exercise_id.replace("-", " ").title(),
        block=block,
        set_type=set_type,
        weight=None if weight is None else Decimal(weight),
        unit="kg",
        weight_kg=None if weight is None else Decimal(weight),
        reps=reps,
        rpe=None,
        rir=None,
        rest_s=None,
        notes="",
        logged_at=T0,
        workout_id=1,
    )


def workout(*sets: SetView) -> WorkoutView:
    return WorkoutView(1, "w1", "Chest", T0, None, "", "Plan", "Monday", list(sets))


def suggest(session: Session, weights: dict[str, str] | None = None) -> list[list[Suggestion]]:
    weights = weights or {}
    return [
        [
            Suggestion(
                label=b.item_label(i),
                exercise_id=p.exercise_id,
                exercise=p.exercise_id.replace("-", " ").title(),
                prescription=p,
                weight=Decimal(weights[p.exercise_id]) if p.exercise_id in weights else None,
                unit="kg",
                basis="from the plan" if p.exercise_id in weights else "",
                last_time=[],
            )
            for i, p in enumerate(b.items)
        ]
        for b in session.blocks
    ]


PAIR = Block(
    label="A",
    items=(item("cable-fly", 2, 12, 15, 0), item("bench-press", 3, 6, 10, 120, Load(kind=LoadKind.WEIGHT, low=80))),
)
SINGLE = Block(label="B", items=(item("dips", 2, 8, 12, 90),))
SESSION = Session(name="Monday", blocks=(PAIR, SINGLE))


def view_of(*sets: SetView, session: Session = SESSION) -> TodayView:
    return build_today(workout(*sets), session, suggest(session, {"bench-press": "80"}))


def test_a_linked_block_is_done_round_by_round_and_a_longer_exercise_finishes_alone() -> None:
    view = view_of()
    fly, bench = view.blocks[0].items
    (dips,) = view.blocks[1].items
    assert [s.order for s in fly.slots] == [1, 3]
    assert [s.order for s in bench.slots] == [2, 4, 5]
    assert [s.order for s in dips.slots] == [6, 7]
    assert view.planned_sets == 7 and view.done_sets == 0
    assert view.next is not None and (view.next.label, view.next.number) == ("A1", 1)


def test_the_rest_after_a_set_is_the_pair_rest_inside_a_round_and_the_round_rest_after_it() -> None:
    view = view_of()
    fly, bench = view.blocks[0].items
    (dips,) = view.blocks[1].items
    assert [(s.rest_s, s.rest_kind) for s in fly.slots] == [(0, RestKind.PAIR)] * 2
    assert [(s.rest_s, s.rest_kind) for s in bench.slots] == [(120, RestKind.ROUND)] * 3
    assert [(s.rest_s, s.rest_kind) for s in dips.slots] == [(90, RestKind.SET)] * 2
    assert [s.then for s in bench.slots] == ["A1 Cable Fly, set 2", "A2 Bench Press, set 3", "B Dips, set 1"]
    assert dips.slots[-1].then == ""
    assert fly.slots[0].rest_text == "no rest, then A2 Bench Press, set 1"
    assert bench.slots[0].rest_text == "rest 2 min, between rounds, then A1 Cable Fly, set 2"
    assert view.blocks[0].rest_summary == "no rest between, rest 2 min between rounds"
    assert view.blocks[1].rest_summary == "rest 1 min 30 s between sets"
    assert view.blocks[0].title == "A1 Cable Fly ↔ A2 Bench Press"


def test_rests_the_plan_leaves_out_are_none_inside_a_pair_and_the_default_after_a_round() -> None:
    pair = Block(label="A", items=(item("cable-fly", 2, 12, 15, None), item("bench-press", 2, 6, 10, None)))
    session = Session(name="S", blocks=(pair,))
    fly, bench = build_today(workout(), session, suggest(session)).blocks[0].items
    assert (fly.slots[0].rest_s, fly.slots[0].rest_planned) == (0, False)
    assert (bench.slots[0].rest_s, bench.slots[0].rest_planned) == (DEFAULT_REST_S, False)
    assert bench.slots[0].rest_text.startswith("rest 1 min 30 s (no rest in the plan), between rounds")


def test_logged_sets_fill_their_exercises_slots_and_the_next_set_moves_on() -> None:
    view = view_of(
        logged(1, "bench-press", "", "60", 10, "warmup"),
        logged(2, "cable-fly", "A1", "20", 12),
        logged(3, "bench-press", "", "82.5", 7),  # no label (logged by name): the plan's first use
    )
    fly, bench = view.blocks[0].items
    assert [s.done for s in fly.slots] == [True, False]
    assert [s.done for s in bench.slots] == [True, False, False]
    assert [w.id for w in bench.warmups] == [1]  # shown, not counted as a planned set
    assert view.done_sets == 2
    assert view.next is not None and (view.next.label, view.next.number, view.next.order) == ("A1", 2, 3)
    # The next sets start from what was just lifted, not from the plan's load.
    assert (bench.slots[1].weight, bench.slots[1].reps) == (Decimal("82.5"), 7)
    assert (fly.slots[1].weight, fly.slots[1].reps) == (Decimal(20), 12)
    assert (bench.weight, bench.basis) == (Decimal(80), "from the plan")


def test_sets_beyond_the_plan_and_of_other_exercises_are_kept_apart() -> None:
    sets = [logged(i, "dips", "B", None, 10) for i in range(1, 4)]
    view = view_of(*sets, logged(4, "lateral-raise", "", "8", 15), logged(5, "lateral-raise", "", "8", 14))
    (dips,) = view.blocks[1].items
    assert [(s.number, s.order, s.done) for s in dips.slots] == [(1, 6, True), (2, 7, True), (3, 0, True)]
    assert view.done_sets == 2  # the third is beyond the plan
    (raise_,) = view.others
    assert [s.id for s in raise_.sets] == [4, 5]
    assert (raise_.weight, raise_.reps, raise_.log_name) == (Decimal(8), 14, "lateral-raise")


def test_every_planned_set_done_leaves_nothing_next() -> None:
    sets = []
    n = 0
    for label, exercise, count in (("A1", "cable-fly", 2), ("A2", "bench-press", 3), ("B", "dips", 2)):
        for _ in range(count):
            n += 1
            sets.append(logged(n, exercise, label, "10", 10))
    view = view_of(*sets)
    assert view.next is None and view.done_sets == view.planned_sets == 7


def test_a_workout_without_a_plan_groups_its_sets_by_exercise() -> None:
    view = build_today(
        workout(
            logged(1, "bench-press", "", "60", 10),
            logged(2, "custom:zottman", "", "12", 10),
            logged(3, "bench-press", "", "70", 8),
            logged(4, "bench-press", "", "40", 12, "warmup"),
        ),
        None,
        [],
    )
    assert not view.planned and view.blocks == [] and view.next is None
    bench, zottman = view.others
    assert [s.id for s in bench.sets] == [1, 3, 4]
    assert (bench.weight, bench.reps) == (Decimal(70), 8)  # the last working set, not the warm-up
    assert zottman.log_name == "Custom:Zottman"  # a custom exercise is sent by its name


def test_rest_words() -> None:
    words = ["0 s", "45 s", "1 min", "1 min 30 s", "2 min", "2 min 30 s"]
    assert [rest_words(s) for s in (0, 45, 60, 90, 120, 150)] == words
    assert rest_words(None) == "not given"


# --- on a database ------------------------------------------------------------------

PLAN = """plan: Chest
session: Monday - chest
A1  Cable Fly     2 x 12-15  RIR 2  rest 0s
A2  Bench Press   3 x 6-10   62.5%  rest 2m
"""


def test_logging_sets_does_not_parse_the_plan_again(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(text: str, *args: Any, **kw: Any) -> Any:
        calls.append(text)
        return planfile.parse_plan(text, *args, **kw)

    monkeypatch.setattr(logbook_module, "parse_plan", counting)
    parsed_plan.cache_clear()
    training = Training(Logbook.open(db_url, "anna"))
    training.start(plan_text=PLAN)
    training.log(SetEntry("cable fly", Decimal(20), 12))
    parses = len(calls)
    assert parses <= 2  # the text given, and the one session stored with the workout
    for _ in range(5):
        training.log(SetEntry("bench press", Decimal(80), 8))
        training.today()
    assert len(calls) == parses


def test_the_today_view_follows_the_sets_and_works_out_a_percent_of_the_e1rm(db_url: str) -> None:
    book = Logbook.open(db_url, "anna")
    training = Training(book)
    training.start(name="Before")
    training.log(SetEntry("bench press", Decimal(100), 5))  # Epley: 116.7 kg
    training.finish()

    view = training.start(plan_text=PLAN)
    bench = view.blocks[0].items[1]
    assert bench.weight == Decimal("72.5")  # 62.5 % of 116.7, to a 2.5 kg plate
    day = bench.last_time[0].logged_at.strftime("%Y-%m-%d")
    assert bench.basis == f"62.5% 1RM of your estimated 1RM 116.7 kg (Epley, {day})"
    assert [s.text for s in bench.last_time] == ["100 kg × 5"]
    done = training.log(SetEntry("bench press", Decimal("72.5"), 9, key="set-1"))
    assert done.created and done.set.block == "A2"
    again = training.log(SetEntry("bench press", Decimal("72.5"), 9, key="set-1"))
    assert not again.created and again.set.id == done.set.id

    today = training.today()
    assert today is not None
    bench = today.blocks[0].items[1]
    assert bench.done == 1 and bench.weight == Decimal("72.5")  # this workout's sets do not move the e1RM
    assert [s.text for s in bench.last_time] == ["100 kg × 5"]  # 'last time' is still the last workout


def test_the_open_and_the_missing_workout_say_so(db_url: str) -> None:
    training = Training(Logbook.open(db_url, "anna"))
    assert training.today() is None
    with pytest.raises(NoOpenWorkout):
        training.log(SetEntry("bench press", Decimal(80), 8))
    training.start(name="Push")
    with pytest.raises(WorkoutStillOpen, match=r"workout \d+ \(Push, started .*\) is still open"):
        training.start(plan_text=PLAN)
    with pytest.raises(ExhaustError, match="the plan:2: cannot read this line"):
        Training(Logbook.open(db_url, "bob")).start(plan_text="session: x\nnot a line\n")


class Boom(RuntimeError):
    """A fault injected after the set's INSERT reached the database."""


def _sets(book: Logbook) -> list[tuple[int, str]]:
    return [(s.position, s.exercise_id) for s in book.show().sets]


def test_a_set_failing_after_its_insert_or_while_its_answer_is_built_is_not_stored(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exhaust.store.repository import Repository

    book = Logbook.open(db_url, "anna")
    book.start(name="Push")
    book.log("bench press", Decimal(80), 8)
    inserted: list[int] = []
    original = Repository.insert_set

    def insert_then_fail(self: Repository, values: dict[str, Any]) -> int:
        inserted.append(original(self, values))
        raise Boom("after the insert")

    with monkeypatch.context() as patch:
        patch.setattr(Repository, "insert_set", insert_then_fail)
        with pytest.raises(Boom):
            book.log_set(SetEntry("squat", Decimal(100), 5, key="k-1"))
    assert inserted, "the fault must come after the INSERT for this test to mean anything"
    assert _sets(book) == [(1, "bench-press")]

    def broken_view(*_: object, **__: object) -> Any:
        raise Boom("while building the answer")

    with monkeypatch.context() as patch:
        patch.setattr(Logbook, "_values_view", broken_view)
        with pytest.raises(Boom):
            book.log_set(SetEntry("squat", Decimal(100), 5, key="k-1"))
    assert _sets(book) == [(1, "bench-press")]

    done = book.log_set(SetEntry("squat", Decimal(100), 5, key="k-1"))  # the key was never used: a new set
    assert done.created and done.set.position == 2
    assert _sets(book) == [(1, "bench-press"), (2, "squat")]
