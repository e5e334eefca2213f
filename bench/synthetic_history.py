"""A generated two-year training history of one lifter, written as a Strong CSV export.

The story (seed 002: pre-exhaust costs the compound reps): three sessions a week for 104 weeks,
bench press, squat, deadlift and Romanian deadlift, overhead press, rows, pull-ups and lat
pulldowns, with isolation work (flyes and pec deck, leg extension, leg curls, lateral raises,
curls, pushdowns, calf raises). Compounds get warm-up sets (Set Order W), every exercise 3-5
working sets of 5-12 reps, loads in 2.5 kg steps, RPE on some sets, a rest timer now and then.

- Weeks 0 to PRE_EXHAUST_WEEK - 1: *traditional* order. Bench press comes first; the flyes come
  later in the session with an isolation between (curls, leg curls), so no pair forms. The
  bench's true 1RM rises steadily.
- From PRE_EXHAUST_WEEK on: *pre-exhaust for chest*. In every session with bench press the
  flyes (Chest Fly (Dumbbell) on Upper A, Pec Deck (Machine) on Upper B) come immediately before
  it. The bench suffers at once (about 2 reps fewer at the same load, from the pre-fatigue) and
  its true 1RM drifts down 0.5 % a week to the end, so the session-best e1RM ends some 25 %
  below where it stood.
- Every other lift stays traditional (no other isolation sits next to a compound sharing a prime
  mover or fatiguing a synergist, per exhaust.domain.methodtags) and progresses, then levels off.

How sets come about: each lift has a true 1RM on a curve over the weeks; on the day it is off
by ~2 % of noise; the lifter picks loads by double progression (more weight once the first set
reaches the top of the rep range, 10 % less when it falls short of the range twice running;
the rest of a session's sets 10 % lighter when one would be under 5 reps) and each set's
reps are Epley inverted, reps = 30 * (1RM / weight - 1), rounded down, less the reps kept in
reserve and the fatigue of the sets before, clipped to 1-12.

Deterministic for a seed. Dates are local times (Strong writes the phone's time; import with
--tz Europe/Berlin), evenings on Monday, Wednesday and Friday, now and then a day later, a
session missed here and there, no training in ISO weeks 32 and 52 (holidays).

Scaling (`--sets N`, `workouts(sets=N)`): the same lifter trains for as many more weeks as N
sets need, added *before* the story, so the history still ends on the same day with the same
last (WEEKS - PRE_EXHAUST_WEEK) weeks of pre-exhaust bench, starting on the same Monday; the lifts
level off at their caps in the long years before. The total is exactly N: the oldest workout
is cut short. 1,000,000 sets are ~240 years of training (starting in the 18th century: import
those with --tz UTC, or accept Berlin's local mean time before 1893).

Run: python bench/synthetic_history.py --out history.csv [--seed 2] [--weeks 104]
     [--start 2024-11-25] [--sets 1000000] [--no-rest-timers]

Import: exhaust import history.csv --unit kg --tz Europe/Berlin
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from exhaust.domain.logbook import SetType
from exhaust.services.backup import SET_ORDER_MARK, STRONG_HEADER, duration_text

WEEKS = 104  # two years
PRE_EXHAUST_WEEK = 60  # the first week (from 0) with flyes right before every bench press
DEFAULT_START = date(2024, 11, 25)  # a Monday
DEFAULT_SEED = 2
HEADER = list(STRONG_HEADER)  # what Strong writes, as our own exporter writes it
WARMUP = SET_ORDER_MARK[SetType.WARMUP]  # 'W'
REST_TIMER = "Rest Timer"  # Strong's Set Order of a rest row (Seconds: the rest before the next set)

NOISE = 0.02  # day-to-day spread of the 1RM
PRE_FATIGUE = 0.93  # bench's 1RM on the day right after flyes: ~2 reps fewer at a working load
DECLINE = 0.005  # the bench's true 1RM lost per week of pre-exhaust
FLOOR = 0.7  # ... down to at most this share of where it stood
MAX_REPS = 12
FATIGUE = 0.015  # of the day's 1RM lost with each working set before
BACK_OFF = 5  # fewer reps than this after the first set: the lifter takes 10 % off
STALLS = 2  # sessions running short of the rep range before the lifter takes 10 % off the load
HOLIDAY_WEEKS = (32, 52)  # ISO weeks without training

BENCH = "Bench Press (Barbell)"
SQUAT = "Squat (Barbell)"
DEADLIFT = "Deadlift (Barbell)"
RDL = "Romanian Deadlift (Barbell)"
OHP = "Overhead Press (Barbell)"
ROW = "Bent Over Row (Barbell)"
PULL_UP = "Pull Up"
PULLDOWN = "Lat Pulldown (Cable)"
SEATED_ROW = "Seated Row (Cable)"
FLY = "Chest Fly (Dumbbell)"
PEC_DECK = "Pec Deck (Machine)"
LEG_EXTENSION = "Leg Extension (Machine)"
LYING_CURL = "Lying Leg Curl (Machine)"
SEATED_CURL = "Seated Leg Curl (Machine)"
LATERAL = "Lateral Raise (Dumbbell)"
CURL = "Bicep Curl (Barbell)"
HAMMER = "Hammer Curl (Dumbbell)"
PUSHDOWN = "Triceps Pushdown (Cable - Straight Bar)"
CALF = "Standing Calf Raise (Machine)"
CHEST_ISOLATION = (FLY, PEC_DECK)  # the flyes that move in front of the bench press


@dataclass(frozen=True)
class Lift:
    """How one exercise goes for this lifter. For a bodyweight lift the '1RM' is the most reps."""

    start: float  # true 1RM in kg in week 0 of the history
    cap: float  # where it levels off
    tau: float  # weeks to close ~63 % of the gap
    reps: tuple[int, int]  # the rep range the lifter works in (double progression)
    working: tuple[int, int]  # working sets, fewest and most
    warmups: tuple[float, ...] = ()  # warm-up sets as shares of the working load (20 kg bar at least)
    step: float = 2.5  # load added once every set reaches the top of the range
    compound: bool = True
    bodyweight: bool = False


LIFTS: dict[str, Lift] = {
    BENCH: Lift(85, 125, 160, (6, 10), (3, 5), (0.0, 0.5, 0.75)),
    SQUAT: Lift(110, 160, 120, (6, 10), (3, 5), (0.0, 0.5, 0.75), step=5),
    DEADLIFT: Lift(140, 190, 120, (5, 8), (3, 4), (0.4, 0.6, 0.8), step=5),
    RDL: Lift(110, 145, 100, (8, 12), (3, 4), (0.5,)),
    OHP: Lift(52, 65, 80, (6, 10), (3, 5), (0.0, 0.6)),
    ROW: Lift(85, 110, 120, (8, 12), (3, 4), (0.5,)),
    PULL_UP: Lift(10, 15, 100, (6, 12), (3, 4), bodyweight=True),
    PULLDOWN: Lift(75, 95, 100, (8, 12), (3, 4), (0.5,)),
    SEATED_ROW: Lift(80, 100, 100, (8, 12), (3, 4)),
    FLY: Lift(22, 30, 100, (8, 12), (3, 4), compound=False),
    PEC_DECK: Lift(70, 90, 100, (10, 12), (3, 4), compound=False),
    LEG_EXTENSION: Lift(80, 100, 100, (10, 12), (3, 4), compound=False),
    LYING_CURL: Lift(60, 75, 100, (8, 12), (3, 4), compound=False),
    SEATED_CURL: Lift(65, 80, 100, (8, 12), (3, 4), compound=False),
    LATERAL: Lift(15, 19, 120, (10, 12), (3, 4), compound=False),
    CURL: Lift(45, 55, 100, (8, 12), (3, 4), compound=False),
    HAMMER: Lift(24, 30, 100, (8, 12), (3, 4), compound=False),
    PUSHDOWN: Lift(45, 55, 100, (10, 12), (3, 4), compound=False),
    CALF: Lift(120, 150, 100, (10, 12), (3, 4), compound=False),
}
EXERCISES = tuple(LIFTS)  # every name the file uses: Strong's names, each an exact catalogue alias

# The week: (weekday, workout name, exercises in traditional order, ones that may be left out
# at the end of a long day). The flyes sit two isolations away from the bench press.
DAYS: tuple[tuple[int, str, tuple[str, ...], frozenset[str]], ...] = (
    (0, "Upper A", (BENCH, ROW, OHP, CURL, FLY, PUSHDOWN, LATERAL), frozenset({PUSHDOWN, LATERAL})),
    (2, "Lower", (SQUAT, RDL, PULLDOWN, LEG_EXTENSION, LYING_CURL, CALF), frozenset({CALF})),
    (4, "Upper B", (DEADLIFT, BENCH, PULL_UP, SEATED_ROW, SEATED_CURL, PEC_DECK, HAMMER), frozenset({HAMMER})),
)
MISSED = 0.04  # a session that did not happen
LATER = 0.1  # Monday's or Wednesday's session done the day after
SKIP_OPTIONAL = 0.12  # an optional exercise left out
REST_ROW = 0.15  # a rest timer row before a working set of a compound
RPE_LOGGED = 0.3  # RPE written on a working set of a compound
SET_NOTES = ("", "belt", "paused reps", "grip felt off", "easy, go up next time", "shoulder a bit cranky, kept it")


def pre_exhaust_monday(start: date = DEFAULT_START, pre_exhaust_week: int = PRE_EXHAUST_WEEK) -> date:
    """The Monday the pre-exhaust bench starts, for a history starting on ``start`` (a Monday)."""
    return start + timedelta(weeks=pre_exhaust_week)


def plate(kg: float, step: float = 2.5) -> float:
    """A load as the gym has it: a multiple of 2.5 kg, never below ``step`` (the lift's smallest jump)."""
    return max(step, round(kg / 2.5) * 2.5)


def epley(weight: float, reps: int) -> float:
    """Epley's e1RM of a set, the estimate the story is told in."""
    return weight * (1 + reps / 30)


def true_one_rep_max(exercise: str, week: int, pre_exhaust_week: int | None = PRE_EXHAUST_WEEK) -> float:
    """The lifter's true 1RM (most reps for a bodyweight lift) in ``week`` of the history, before the
    day's noise and without the pre-fatigue of flyes just done."""
    lift = LIFTS[exercise]
    if exercise == BENCH and pre_exhaust_week is not None and week > pre_exhaust_week:
        peak = true_one_rep_max(exercise, max(0, pre_exhaust_week), None)  # a short history may start after it
        return peak * max(FLOOR, (1 - DECLINE) ** (week - pre_exhaust_week))
    return lift.cap - (lift.cap - lift.start) * math.exp(-week / lift.tau)


def _first_load(exercise: str, pre_exhaust_week: int) -> float:
    """The load the lifter starts the history with: a couple of reps in hand in the middle of the range."""
    lift = LIFTS[exercise]
    middle = sum(lift.reps) / 2
    return plate(true_one_rep_max(exercise, 0, pre_exhaust_week) / (1 + (middle + 2) / 30), lift.step)


# --- the plan: which sessions, which exercises, how many sets (known before any load) ---------


@dataclass
class Planned:
    """One session as planned: its sets are counted before any load is known, so a history of
    N sets can be laid out (backwards from its last week) before it is simulated."""

    week: int  # 0 = the history's first week once laid out; negative while planning backwards
    day: int  # index into DAYS
    started: datetime  # local time
    exercises: list[tuple[str, int, int]]  # (name, warm-up sets, working sets), in traditional order

    @property
    def sets(self) -> int:
        return sum(w + n for _, w, n in self.exercises)


def _plan_week(rng: random.Random, monday: date, week: int) -> list[Planned]:
    if monday.isocalendar().week in HOLIDAY_WEEKS:
        return []
    planned = []
    for day, (weekday, _, order, optional) in enumerate(DAYS):
        if rng.random() < MISSED:
            continue
        shift = 1 if weekday < 4 and rng.random() < LATER else 0
        clock = timedelta(hours=rng.randint(17, 19), minutes=rng.randint(0, 59), seconds=rng.randint(0, 59))
        started = datetime.combine(monday + timedelta(days=weekday + shift), datetime.min.time()) + clock
        exercises = []
        for name in order:
            if name in optional and rng.random() < SKIP_OPTIONAL:
                continue
            lift = LIFTS[name]
            exercises.append((name, len(lift.warmups), rng.randint(*lift.working)))
        planned.append(Planned(week, day, started, exercises))
    return planned


def plan(
    seed: int = DEFAULT_SEED, weeks: int = WEEKS, start: date = DEFAULT_START, sets: int | None = None
) -> tuple[date, int, list[Planned]]:
    """(first Monday, pre-exhaust week, sessions) of a history of ``weeks`` weeks from ``start``;
    with ``sets``, of exactly that many sets ending where those weeks end (earlier weeks added or,
    for a small N, the oldest dropped). Planned backwards from the last week, so every history of
    one seed ends in the same sessions."""
    if start.weekday() != 0:
        raise ValueError(f"the history starts on a Monday, not on {start:%A %Y-%m-%d}")
    rng = random.Random(f"exhaust-synthetic-plan-{seed}")
    last_monday = start + timedelta(weeks=weeks - 1)
    backwards: list[list[Planned]] = []
    total, back = 0, 0
    while (back < weeks) if sets is None else (total < sets):
        week = _plan_week(rng, last_monday - timedelta(weeks=back), -back)
        backwards.append(week)
        total += sum(p.sets for p in week)
        back += 1
    first_monday = last_monday - timedelta(weeks=back - 1)
    sessions = [p for week in reversed(backwards) for p in week]
    for p in sessions:
        p.week += back - 1
    if sets is not None:  # exactly N: drop the oldest sessions, then cut the oldest one short
        excess = total - sets
        while sessions and sessions[0].sets <= excess:
            excess -= sessions.pop(0).sets
        if excess:
            _cut(sessions[0], sessions[0].sets - excess)
    pre_week = (pre_exhaust_monday(start) - first_monday).days // 7
    return first_monday, pre_week, sessions


def _cut(session: Planned, keep: int) -> None:
    """Keep only the first ``keep`` sets of a session (the lifter logged no more of it)."""
    kept: list[tuple[str, int, int]] = []
    for name, warm, work in session.exercises:
        if keep <= 0:
            break
        w = min(warm, keep)
        n = min(work, keep - w)
        kept.append((name, w, n))
        keep -= w + n
    session.exercises = kept


# --- the simulation ------------------------------------------------------------------------


@dataclass
class Workout:
    """One workout as written: its rows are (exercise, set order, weight, reps, seconds, notes, RPE)."""

    started: datetime  # local time, as Strong writes it
    name: str
    minutes: int
    notes: str
    week: int
    pre_exhaust: bool  # flyes right before the bench press
    rows: list[tuple[str, str, str, str, str, str, str]] = field(default_factory=list)

    @property
    def sets(self) -> int:
        return sum(1 for r in self.rows if r[1] != REST_TIMER)

    @property
    def exercises(self) -> list[str]:
        """The exercises in the order done."""
        seen: list[str] = []
        for r in self.rows:
            if not seen or seen[-1] != r[0]:
                seen.append(r[0])
        return seen


def session_order(exercises: list[tuple[str, int, int]], pre_exhaust: bool) -> list[tuple[str, int, int]]:
    """The order done: traditional, or with the chest isolation moved right before the bench press."""
    names = [e[0] for e in exercises]
    if not pre_exhaust or BENCH not in names:
        return exercises
    fly = next((e for e in exercises if e[0] in CHEST_ISOLATION), None)
    if fly is None:
        return exercises
    rest = [e for e in exercises if e is not fly]
    at = next(i for i, e in enumerate(rest) if e[0] == BENCH)
    return [*rest[:at], fly, *rest[at:]]


class _Lifter:
    """The loads the lifter works with, moved by double progression."""

    def __init__(self, rng: random.Random, pre_exhaust_week: int) -> None:
        self.rng = rng
        self.load = {name: _first_load(name, pre_exhaust_week) for name in LIFTS}
        self.stalls: dict[str, int] = {}  # sessions running with the first set short of the range

    def exercise(
        self, workout: Workout, name: str, warmups: int, working: int, best: float, rest_timers: bool
    ) -> float:
        """Append the exercise's rows; returns its minutes."""
        rng = self.rng
        lift = LIFTS[name]
        rows = workout.rows
        load = self.load[name]
        minutes = 0.0
        for share in lift.warmups[:warmups]:
            kg = 20.0 if share == 0 else min(plate(load * share), load)
            rows.append((name, WARMUP, f"{kg:g}", str(10 if share == 0 else 5 if share < 0.7 else 3), "0", "", ""))
            minutes += 1.5
        done: list[int] = []
        kg = 0.0 if lift.bodyweight else load
        for k in range(working):
            if k and rest_timers and lift.compound and rng.random() < REST_ROW:
                rows.append((name, REST_TIMER, "0", "0", "0", "", str(rng.choice((90, 120, 150, 180, 240)))))
            rir = rng.choice((0, 1, 1, 2)) if lift.compound else rng.choice((0, 1))
            today = best * (1 - FATIGUE * k)  # the sets before tire the lifter
            reps = math.floor(today if lift.bodyweight else 30 * (today / kg - 1)) - rir
            if k and reps < BACK_OFF and not lift.bodyweight and kg > lift.step:
                kg = plate(kg * 0.9)  # too heavy today: the rest of the sets 10 % lighter
                reps = math.floor(30 * (today / kg - 1)) - rir
            reps = min(MAX_REPS, max(1, reps))
            done.append(reps)
            rpe = f"{10 - rir:g}" if lift.compound and rng.random() < RPE_LOGGED else ""
            notes = rng.choice(SET_NOTES) if rng.random() < 0.01 else ""
            rows.append((name, str(k + 1), f"{kg:g}", str(reps), "0", notes, rpe))
            minutes += 3.0 if lift.compound else 2.0
        low, high = lift.reps
        if done and not lift.bodyweight:  # double progression, judged by the first set
            self.stalls[name] = self.stalls.get(name, 0) + 1 if done[0] < low else 0
            if done[0] >= high:
                self.load[name] = load + lift.step
            elif self.stalls[name] >= STALLS:  # short of the range twice running: 10 % off
                self.load[name] = plate(load * 0.9) if lift.compound else plate(load - lift.step)
                self.stalls[name] = 0
        return minutes


def workouts(
    seed: int = DEFAULT_SEED,
    weeks: int = WEEKS,
    start: date = DEFAULT_START,
    *,
    sets: int | None = None,
    rest_timers: bool = True,
) -> Iterator[Workout]:
    """The history's workouts, oldest first (see plan() for ``sets``)."""
    _, pre_week, sessions = plan(seed, weeks, start, sets)
    rng = random.Random(f"exhaust-synthetic-lifts-{seed}")
    lifter = _Lifter(rng, pre_week)
    announced = False
    for p in sessions:
        name = DAYS[p.day][1]
        pre = p.week >= pre_week and any(e[0] == BENCH for e in p.exercises)
        form = 1 + rng.gauss(0, NOISE * 0.6)  # the whole day's form; each lift adds its own
        notes = ""
        if pre and not announced:
            notes, announced = "Trying pre-exhaust for chest: flyes right before bench", True
        elif form < 0.975 and rng.random() < 0.3:
            notes = rng.choice(("Slept badly", "Long day at work, felt flat", "Bit of a cold"))
        workout = Workout(p.started, name if rng.random() < 0.95 else "Evening Workout", 0, notes, p.week, pre)
        minutes = 5.0
        previous = ""
        for exercise, warm, work in session_order(p.exercises, pre):
            day_max = true_one_rep_max(exercise, p.week, pre_week) * (form + rng.gauss(0, NOISE * 0.8))
            if exercise == BENCH and previous in CHEST_ISOLATION:
                day_max *= PRE_FATIGUE
            minutes += lifter.exercise(workout, exercise, warm, work, day_max, rest_timers)
            previous = exercise
        workout.minutes = round(minutes * rng.uniform(0.9, 1.15))
        yield workout


def workout_rows(w: Workout) -> Iterator[list[str]]:
    """A workout's rows in the Strong export (HEADER's columns)."""
    started = w.started.strftime("%Y-%m-%d %H:%M:%S")
    duration = duration_text(w.started, w.started + timedelta(minutes=w.minutes))
    for exercise, order, weight, reps, seconds, notes, rpe in w.rows:
        yield [started, w.name, duration, exercise, order, weight, reps, "0", seconds, notes, w.notes, rpe]


def strong_rows(
    seed: int = DEFAULT_SEED,
    weeks: int = WEEKS,
    start: date = DEFAULT_START,
    *,
    sets: int | None = None,
    rest_timers: bool = True,
) -> Iterator[list[str]]:
    """The data rows of the Strong export, oldest workout first."""
    for w in workouts(seed, weeks, start, sets=sets, rest_timers=rest_timers):
        yield from workout_rows(w)


@dataclass(frozen=True)
class Summary:
    path: Path
    workouts: int
    sets: int  # rows that are sets (rest timer rows not counted)
    rest_rows: int
    first: datetime
    last: datetime
    pre_exhaust_from: date
    seconds: float


def write_csv(
    path: Path,
    seed: int = DEFAULT_SEED,
    weeks: int = WEEKS,
    start: date = DEFAULT_START,
    *,
    sets: int | None = None,
    rest_timers: bool = True,
) -> Summary:
    """Write the export to ``path``; what was written."""
    t0 = time.perf_counter()
    count = total = rests = 0
    first = last = None
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for w in workouts(seed, weeks, start, sets=sets, rest_timers=rest_timers):
            writer.writerows(workout_rows(w))
            rest = sum(1 for r in w.rows if r[1] == REST_TIMER)
            rests += rest
            total += len(w.rows) - rest
            count += 1
            first = first or w.started
            last = w.started
    if first is None or last is None:
        raise ValueError("the history is empty")
    return Summary(path, count, total, rests, first, last, pre_exhaust_monday(start), time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--weeks", type=int, default=WEEKS, help=f"weeks of training (default {WEEKS})")
    parser.add_argument(
        "--start",
        type=date.fromisoformat,
        default=DEFAULT_START,
        help=f"the first Monday, YYYY-MM-DD (default {DEFAULT_START}); the pre-exhaust bench starts "
        f"{PRE_EXHAUST_WEEK} weeks later",
    )
    parser.add_argument(
        "--sets", type=int, help="exactly this many sets (e.g. 1000000): more weeks before the story, same end"
    )
    parser.add_argument("--no-rest-timers", action="store_true", help="no Rest Timer rows")
    args = parser.parse_args(argv)
    if args.weeks < 1 or (args.sets is not None and args.sets < 1):
        parser.error("--weeks and --sets must be at least 1")
    try:
        rest_timers = not args.no_rest_timers
        done = write_csv(args.out, args.seed, args.weeks, args.start, sets=args.sets, rest_timers=rest_timers)
    except ValueError as exc:
        parser.error(str(exc))
    size = args.out.stat().st_size / 1e6
    print(
        f"Wrote {done.path}: {done.sets:,} sets ({done.rest_rows:,} rest timer rows besides) in {done.workouts:,} "
        f"workouts, {done.first:%Y-%m-%d} to {done.last:%Y-%m-%d}, {size:.1f} MB, in {done.seconds:.1f} s (seed "
        f"{args.seed}). Pre-exhaust bench (flyes first) from {done.pre_exhaust_from} on."
    )
    print(f"Import: exhaust import {done.path} --unit kg --tz Europe/Berlin")
    return 0


if __name__ == "__main__":
    sys.exit(main())
