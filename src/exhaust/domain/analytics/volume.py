"""Weekly volume per exercise, per muscle and per muscle group (seed 002).

For each week: hard sets, reps, and volume load (sets x reps x weight, seed 002's measure).
A set counts toward every muscle its exercise loads by that muscle's share, so a bench press
set is 0.5 of a chest set and a fraction of a triceps and a front-delt set (fractional sets),
and, separately, as one *direct* set for each of its prime movers. The isolation work of an
exhaust pair counts toward its muscle like any other set (seed 002: "count the isolation as
additional volume"); the report also shows how much of a muscle's direct work it was.
Exercises with no known muscles (a lifter's own, say) are counted apart, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Protocol

from exhaust.domain.analytics.sets import week_of
from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.muscles import Muscle


class Grouping(StrEnum):
    MUSCLE = "muscle"
    GROUP = "group"
    EXERCISE = "exercise"


@dataclass
class Cell:
    """One row's work in one week. For exercises ``sets`` equals ``direct_sets``."""

    sets: float = 0.0  # hard sets, fractional by share
    direct_sets: int = 0  # hard sets where this is a prime mover
    reps: float = 0.0  # by share
    volume_kg: float = 0.0  # sets x reps x weight, by share
    exhaust_isolation_sets: int = 0  # direct sets that were the isolation of an exhaust pair

    def add(self, share: float, sets: int, reps: int, load_kg: float, direct: bool, exhaust_iso: bool) -> None:
        """``sets`` hard sets of ``reps`` reps in all, ``load_kg`` weight x reps in all."""
        self.sets += share * sets
        self.reps += share * reps
        self.volume_kg += share * load_kg
        if direct:
            self.direct_sets += sets
            if exhaust_iso:
                self.exhaust_isolation_sets += sets


@dataclass
class VolumeReport:
    by: Grouping
    weeks: list[date]  # Mondays, oldest first, every week in the span (empty weeks too)
    rows: dict[str, dict[date, Cell]]  # row key -> week -> cell; keys sorted by total sets, most first
    labels: dict[str, str]  # row key -> what to print
    unattributed: dict[date, int] = field(default_factory=dict)  # hard sets of exercises with no muscles

    def total(self, key: str) -> Cell:
        out = Cell()
        for cell in self.rows[key].values():
            out.sets += cell.sets
            out.direct_sets += cell.direct_sets
            out.reps += cell.reps
            out.volume_kg += cell.volume_kg
            out.exhaust_isolation_sets += cell.exhaust_isolation_sets
        return out


class Work(Protocol):
    """What the volume needs of a row: a ``SetGroup`` (a few sets) or a ``Workload`` (a workout's)."""

    @property
    def day(self) -> date: ...
    @property
    def exercise_id(self) -> str: ...
    @property
    def exhaust(self) -> bool: ...
    @property
    def hard_sets(self) -> int: ...
    @property
    def hard_reps(self) -> int: ...
    @property
    def hard_load_kg(self) -> float: ...


def weekly_volume(
    rows: Iterable[Work],
    exercise: Callable[[str], Exercise | None],
    by: Grouping,
    name: Callable[[str], str] = str,
    first_week: date | None = None,
    last_week: date | None = None,
) -> VolumeReport:
    """Volume per week, by muscle, muscle group or exercise. ``exercise`` gives the catalogue
    entry for an exercise id (None for one we do not know), ``name`` its label."""
    # First per week and exercise (a history has a few thousand of those), then spread over
    # the muscles: a million sets are a few hundred thousand rows but only that many spreads.
    totals: dict[tuple[date, str, bool], list[float]] = {}
    weeks_of: dict[date, date] = {}
    for g in rows:
        if not g.hard_sets:
            continue
        week = weeks_of.get(g.day)
        if week is None:
            week = weeks_of[g.day] = week_of(g.day)
        at = (week, g.exercise_id, g.exhaust)
        held = totals.get(at)
        if held is None:
            totals[at] = [g.hard_sets, g.hard_reps, g.hard_load_kg]
        else:
            held[0] += g.hard_sets
            held[1] += g.hard_reps
            held[2] += g.hard_load_kg
    rows_out: dict[str, dict[date, Cell]] = defaultdict(lambda: defaultdict(Cell))
    unattributed: dict[date, int] = defaultdict(int)
    # Where each exercise's sets go: (row key, share, direct); worked out once per exercise.
    targets: dict[str, list[tuple[str, float, bool]]] = {}
    isolation: dict[str, bool] = {}
    for (week, exercise_id, exhaust), (sets, reps, load) in totals.items():
        found = targets.get(exercise_id)
        if found is None:
            ex = exercise(exercise_id)
            isolation[exercise_id] = ex is not None and ex.is_isolation
            found = targets[exercise_id] = _targets(exercise_id, ex, by)
        if not found:
            unattributed[week] += int(sets)
            continue
        exhaust_iso = isolation[exercise_id] and exhaust
        for key, share, direct in found:
            rows_out[key][week].add(share, int(sets), int(reps), load, direct, exhaust_iso)
    weeks = _span(set(weeks_of.values()), first_week, last_week)
    ordered = sorted(rows_out, key=lambda k: (-sum(c.sets for c in rows_out[k].values()), k))
    labels = {k: _label(k, by, name) for k in ordered}
    return VolumeReport(by, weeks, {k: dict(rows_out[k]) for k in ordered}, labels, dict(unattributed))


def _targets(exercise_id: str, ex: Exercise | None, by: Grouping) -> list[tuple[str, float, bool]]:
    if by is Grouping.EXERCISE:
        return [(exercise_id, 1.0, True)]
    if ex is None:
        return []
    if by is Grouping.MUSCLE:
        return [(m.muscle.value, m.share, m.role is Role.PRIME) for m in ex.muscles]
    shares: dict[str, float] = defaultdict(float)
    prime: dict[str, bool] = defaultdict(bool)
    for m in ex.muscles:  # a squat set is one direct legs set, though quads and glutes both lead
        shares[m.muscle.group.value] += m.share
        prime[m.muscle.group.value] |= m.role is Role.PRIME
    return [(key, share, prime[key]) for key, share in shares.items()]


def _label(key: str, by: Grouping, name: Callable[[str], str]) -> str:
    if by is Grouping.MUSCLE:
        return Muscle(key).label
    if by is Grouping.GROUP:
        return key
    return name(key)


def _span(seen: set[date], first: date | None, last: date | None) -> list[date]:
    if not seen and (first is None or last is None):
        return []
    start = first if first is not None else min(seen)
    end = last if last is not None else max(seen)
    start, end = week_of(start), week_of(end)
    weeks = []
    while start <= end:
        weeks.append(start)
        start = date.fromordinal(start.toordinal() + 7)
    return weeks
