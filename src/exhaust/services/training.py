"""Training at the gym: the open workout as the Today page and the workout API show it.

A planned workout is its session's blocks; each exercise of a block has one slot per planned
set, pre-filled with what to lift (the plan's load, a %1RM of the lifter's estimated 1RM, or
last time's top set, as ``Logbook._suggest`` works it out) and filled in as sets are logged.
A linked block (A1/A2) is trained round by round: A1 set 1, A2 set 1, A1 set 2, … The rest
after a set follows the plan (domain/plans.py): inside a round it is the exercise's own rest,
before the next exercise of the block; after a round's last set it is the rest between
rounds, the block's last exercise's rest.

A workout without a plan is free logging: its sets grouped by exercise, each group ready for
another set like its last one.

A compound that follows a pre-exhaust isolation in its block (A1 fly, A2 bench press) carries
what to expect on it (services/prediction.py, issue 7): "after the Cable Fly, expect 6–7 reps
at 72.5 kg", at the weight the lifter is shown for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.domain.exercises import Equipment
from exhaust.domain.logbook import SetType
from exhaust.domain.plans import Block, Session
from exhaust.services import prediction
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import (
    CUSTOM_PREFIX,
    Logbook,
    Logged,
    SessionNeeded,
    SetEntry,
    SetView,
    Started,
    Suggestion,
    TemplateChoice,
    WorkoutView,
)
from exhaust.services.prediction import Expectation

DEFAULT_REST_S = 90  # the timer's rest after a set when the plan gives none


class RestKind(StrEnum):
    PAIR = "pair"  # inside a round of a linked block: before its next exercise
    ROUND = "round"  # after a linked block's round
    SET = "set"  # between the sets of a single exercise


def rest_words(seconds: int | None) -> str:
    """'0 s', '45 s', '2 min', '1 min 30 s'."""
    if seconds is None:
        return "not given"
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min" if rest == 0 else f"{minutes} min {rest} s"


@dataclass(frozen=True)
class SetSlot:
    """One planned set of an exercise (or one logged beyond the plan, with ``order`` 0)."""

    number: int  # 1, 2, … within its exercise
    order: int  # its place in the session's round-by-round order, from 1; 0: beyond the plan
    rest_s: int  # the rest after it, for the timer
    rest_kind: RestKind
    rest_planned: bool  # False: the plan gives no rest here and the timer uses DEFAULT_REST_S
    then: str  # what follows the rest, e.g. 'A2 Bench Press, set 1'; '' after the last set
    weight: Decimal | None  # pre-filled; None with reps: bodyweight
    reps: int | None  # pre-filled
    unit: str
    logged: SetView | None = None

    @property
    def done(self) -> bool:
        return self.logged is not None

    @property
    def rest_text(self) -> str:
        what = {RestKind.PAIR: "then", RestKind.ROUND: "between rounds, then", RestKind.SET: "then"}[self.rest_kind]
        words = _rest_phrase(self.rest_s) + ("" if self.rest_planned else " (no rest in the plan)")
        return words + (f", {what} {self.then}" if self.then else "")


def _rest_phrase(seconds: int | None) -> str:
    """'no rest' (a superset, as the Plan page says it), else 'rest 90 s'."""
    return "no rest" if seconds == 0 else f"rest {rest_words(seconds)}"


@dataclass(frozen=True)
class TodayItem:
    """One exercise of a planned block, A1 or B."""

    label: str
    exercise_id: str
    exercise: str
    sets: int
    reps_text: str  # '6-10'
    load_text: str  # '62.5% 1RM', 'RIR 2', '80 kg'; '' when the plan gives none
    rest_s: int | None  # as planned (see the module docstring)
    note: str
    weight: Decimal | None  # what to lift, worked out as ``basis`` says
    unit: str
    basis: str
    last_time: list[SetView]
    slots: list[SetSlot]
    warmups: list[SetView] = field(default_factory=list)
    loaded: bool = True  # lifted with a weight (not bodyweight or a band): the weight is asked for

    @property
    def done(self) -> int:
        return sum(1 for s in self.slots if s.done)


@dataclass(frozen=True)
class TodayBlock:
    label: str
    linked: bool
    items: list[TodayItem]
    expect: Mapping[str, Expectation] = field(default_factory=dict)  # by item label: A2

    @property
    def rest_summary(self) -> str:
        """'rest 0 s between, 2 min between rounds'; for one exercise 'rest 90 s between sets'."""
        if not self.linked:
            return f"{_rest_phrase(self.items[0].rest_s)} between sets"
        inside = [_rest_phrase(i.rest_s if i.rest_s is not None else 0) for i in self.items[:-1]]
        between = inside[0] if len(set(inside)) == 1 else " / ".join(inside)
        return f"{between} between, {_rest_phrase(self.items[-1].rest_s)} between rounds"

    @property
    def title(self) -> str:
        """'A1 Cable Fly ↔ A2 Bench Press', 'B Dips'."""
        return " ↔ ".join(f"{i.label} {i.exercise}" for i in self.items)


@dataclass(frozen=True)
class FreeItem:
    """An exercise logged outside the plan (or in a free workout): its sets and the next one
    pre-filled like the last."""

    exercise_id: str
    exercise: str
    sets: list[SetView]
    weight: Decimal | None
    reps: int | None
    unit: str

    @property
    def log_name(self) -> str:
        """What the log form sends: the catalogue id, or a custom exercise's own name."""
        return self.exercise if self.exercise_id.startswith(CUSTOM_PREFIX) else self.exercise_id


@dataclass(frozen=True)
class NextSet:
    label: str
    exercise: str
    number: int
    order: int


@dataclass(frozen=True)
class TodayView:
    workout: WorkoutView  # with its sets
    blocks: list[TodayBlock]
    others: list[FreeItem]  # sets not in the plan, by exercise
    next: NextSet | None
    planned_sets: int

    @property
    def planned(self) -> bool:
        return bool(self.blocks)

    @property
    def done_sets(self) -> int:
        """Planned sets logged so far (sets beyond the plan not counted)."""
        return sum(min(i.done, i.sets) for b in self.blocks for i in b.items)


# --- building the view (pure) -----------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    block: int
    item: int
    number: int


def _steps(blocks: tuple[Block, ...]) -> list[_Step]:
    """Every planned set in the order they are done: a linked block round by round."""
    out: list[_Step] = []
    for b, block in enumerate(blocks):
        for number in range(1, max(i.sets for i in block.items) + 1):
            out.extend(_Step(b, i, number) for i, item in enumerate(block.items) if item.sets >= number)
    return out


def _rest_after(blocks: tuple[Block, ...], step: _Step, following: _Step | None) -> tuple[int, RestKind, bool]:
    block = blocks[step.block]
    item = block.items[step.item]
    if block.linked and following is not None and (following.block, following.number) == (step.block, step.number):
        return (item.rest_s or 0), RestKind.PAIR, item.rest_s is not None
    planned = block.items[-1].rest_s if block.linked else item.rest_s
    kind = RestKind.ROUND if block.linked else RestKind.SET
    return (planned if planned is not None else DEFAULT_REST_S), kind, planned is not None


def _match(session: Session, sets: list[SetView]) -> tuple[dict[tuple[int, int], list[SetView]], list[SetView]]:
    """Each logged set to the planned exercise it belongs to: by its block label and exercise,
    else the first planned use of its exercise; sets of other exercises are left over."""
    by_label: dict[str, tuple[int, int]] = {}
    by_exercise: dict[str, tuple[int, int]] = {}
    for b, block in enumerate(session.blocks):
        for i, item in enumerate(block.items):
            by_label[block.item_label(i)] = (b, i)
            by_exercise.setdefault(item.exercise_id, (b, i))
    matched: dict[tuple[int, int], list[SetView]] = {}
    others: list[SetView] = []
    for s in sets:
        place = by_label.get(s.block)
        if place is None or session.blocks[place[0]].items[place[1]].exercise_id != s.exercise_id:
            place = by_exercise.get(s.exercise_id)
        if place is None:
            others.append(s)
        else:
            matched.setdefault(place, []).append(s)
    return matched, others


def _free_items(sets: list[SetView]) -> list[FreeItem]:
    groups: dict[str, list[SetView]] = {}
    for s in sets:
        groups.setdefault(s.exercise_id, []).append(s)
    out = []
    for exercise_id, group in groups.items():
        last = next((s for s in reversed(group) if s.set_type != SetType.WARMUP), group[-1])
        out.append(FreeItem(exercise_id, group[0].exercise, group, last.weight, last.reps, last.unit))
    return out


def _loaded(exercise_id: str) -> bool:
    catalogue = get_catalogue()
    if exercise_id not in catalogue:
        return False
    return catalogue.get(exercise_id).equipment not in (Equipment.BODYWEIGHT, Equipment.BAND, Equipment.OTHER)


def build_today(
    workout: WorkoutView,
    session: Session | None,
    suggestions: list[list[Suggestion]],
    expect: Sequence[Mapping[str, Expectation]] = (),
) -> TodayView:
    """The Today view of ``workout``, following ``session`` (None: free logging); ``expect``:
    per block, what to expect on its compounds (``expectations``)."""
    if session is None or not session.blocks:
        return TodayView(workout, [], _free_items(workout.sets), None, 0)
    matched, others = _match(session, workout.sets)
    steps = _steps(session.blocks)
    order = {(s.block, s.item, s.number): k for k, s in enumerate(steps, start=1)}
    rests = {
        (s.block, s.item, s.number): _rest_after(session.blocks, s, steps[k + 1] if k + 1 < len(steps) else None)
        for k, s in enumerate(steps)
    }
    names = {(b, i): sug.exercise for b, block in enumerate(suggestions) for i, sug in enumerate(block)}

    def then(k: int) -> str:
        if k >= len(steps):
            return ""
        s = steps[k]
        return f"{session.blocks[s.block].item_label(s.item)} {names[(s.block, s.item)]}, set {s.number}"

    blocks: list[TodayBlock] = []
    next_set: NextSet | None = None
    for b, block in enumerate(session.blocks):
        items: list[TodayItem] = []
        for i, (item, sug) in enumerate(zip(block.items, suggestions[b], strict=True)):
            logged = matched.get((b, i), [])
            warmups = [s for s in logged if s.set_type == SetType.WARMUP]
            working = [s for s in logged if s.set_type != SetType.WARMUP]
            # After a logged set, the next ones start from what was just lifted.
            weight, reps, unit = sug.weight, item.reps.low, sug.unit
            if working:
                weight, reps, unit = working[-1].weight, working[-1].reps, working[-1].unit
            slots = []
            for number in range(1, max(item.sets, len(working)) + 1):
                key = (b, i, number)
                done = working[number - 1] if number <= len(working) else None
                if key in order:
                    rest, kind, planned = rests[key]
                    follows = then(order[key])
                else:  # logged beyond the plan
                    rest, kind, planned = rests[(b, i, item.sets)]
                    follows = ""
                slots.append(SetSlot(number, order.get(key, 0), rest, kind, planned, follows, weight, reps, unit, done))
            items.append(
                TodayItem(
                    label=block.item_label(i),
                    exercise_id=item.exercise_id,
                    exercise=sug.exercise,
                    sets=item.sets,
                    reps_text=item.reps.text,
                    load_text=item.load.text if item.load else "",
                    rest_s=item.rest_s,
                    note=item.note,
                    weight=sug.weight,
                    unit=sug.unit,
                    basis=sug.basis,
                    last_time=sug.last_time,
                    slots=slots,
                    warmups=warmups,
                    loaded=_loaded(item.exercise_id),
                )
            )
        blocks.append(TodayBlock(block.label, block.linked, items, expect[b] if b < len(expect) else {}))
    for s in steps:
        slot = blocks[s.block].items[s.item].slots[s.number - 1]
        if not slot.done:
            item_view = blocks[s.block].items[s.item]
            next_set = NextSet(item_view.label, item_view.exercise, s.number, order[(s.block, s.item, s.number)])
            break
    return TodayView(workout, blocks, _free_items(others), next_set, len(steps))


# --- what to expect after a pre-exhaust -------------------------------------------------


def expectations(logbook: Logbook, block: Block, suggestions: Sequence[Suggestion]) -> dict[str, Expectation]:
    """What to expect on each compound of ``block`` that follows its isolation, by label, at
    the weight the lifter is shown for it (the suggestion's: the plan's, a %1RM of their e1RM
    or last time's). A block the model cannot read (e.g. a rep target no load reaches after
    that pre-fatigue) gets none: the workout goes on without it."""
    weights = {s.label: (s.weight, s.unit) for s in suggestions if s.weight is not None and s.weight > 0}
    try:
        return prediction.expectations(logbook, block, weights)
    except (ExhaustError, ValueError):
        return {}


def first_expectations(logbook: Logbook, started: Started) -> dict[str, Expectation]:
    """``expectations`` for the block a workout just started shows first (Logbook.start)."""
    if started.block is None:
        return {}
    return expectations(logbook, started.block, started.first_block)


def expectation_dict(e: Expectation) -> dict[str, Any]:
    """An expectation as the CLI's --json and the workout API give it."""
    co = e.carry_over
    return {
        "text": e.text,
        "why": e.why,
        "exercise_id": e.exercise_id,
        "after": e.after,
        "reps": list(e.reps),
        "weight": e.weight,
        "unit": e.unit,
        "percent": e.percent,
        "limiting": e.limiting.value,
        "limiting_fresh": e.limiting_fresh.value,
        "carry_over": {"mean": round(co.mean, 4), "sd": round(co.sd, 4), "n": co.n, "personal": co.personal},
    }


# --- the use cases ----------------------------------------------------------------------


class Training:
    """The Today page's and the workout API's use cases, on one user's logbook."""

    def __init__(self, logbook: Logbook) -> None:
        self.logbook = logbook

    def choices(self) -> list[TemplateChoice]:
        return self.logbook.template_choices()

    def exercise_names(self) -> list[str]:
        """Every exercise a set can be logged as: the catalogue's and the lifter's own."""
        return sorted({*(e.name for e in get_catalogue().exercises), *self.logbook.own_exercises()})

    def today(self) -> TodayView | None:
        """The open workout as it is trained; None when no workout is open."""
        current = self.logbook.current()
        if current is None:
            return None
        blocks = current.session.blocks if current.session is not None else ()
        expect = [expectations(self.logbook, b, s) for b, s in zip(blocks, current.suggestions, strict=True)]
        return build_today(current.workout, current.session, current.suggestions, expect)

    def start(
        self,
        *,
        template: str | None = None,
        plan_text: str | None = None,
        session: str | None = None,
        name: str | None = None,
        now: datetime | None = None,
    ) -> TodayView:
        """Start a workout from a saved template, from a plan's text (one of its sessions), or
        free (neither)."""
        try:
            self.logbook.start(template=template, plan_text=plan_text, session_name=session, name=name, now=now)
        except SessionNeeded as exc:
            names = ", ".join(repr(n) for n in exc.sessions)
            raise ExhaustError(f"{exc.where} has {len(exc.sessions)} sessions; choose the session: {names}") from None
        view = self.today()
        if view is None:  # pragma: no cover - finished by another request in between
            raise ExhaustError("the workout was finished as it started; start it again")
        return view

    def log(self, entry: SetEntry) -> Logged:
        """Log one set to the open workout; a repeated ``entry.key`` returns the set it stored."""
        return self.submit(entry).result()

    def submit(self, entry: SetEntry) -> Future[Logged]:
        """``log`` for a server: checked now, stored by the database's writer (Logbook.submit_set)."""
        try:
            return self.logbook.submit_set(entry)
        except UnknownExercise as exc:
            names = [s for s in exc.suggestions if not s.startswith("(")]
            raise UnknownExercise(
                exc.name,
                [*names, "(or keep it as your own exercise: tick 'my own exercise', or send \"custom\": true)"],
            ) from None

    def finish(self, notes: str | None = None) -> WorkoutView:
        return self.logbook.finish(notes=notes)
