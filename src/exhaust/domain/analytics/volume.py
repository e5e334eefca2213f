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

from exhaust.domain.analytics.sets import SetGroup, week_of
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
        self.sets += share * sets
        self.reps += share * reps * sets
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


def weekly_volume(
    groups: Iterable[SetGroup],
    exercise: Callable[[str], Exercise | None],
    by: Grouping,
    name: Callable[[str], str] = str,
    first_week: date | None = None,
    last_week: date | None = None,
) -> VolumeReport:
    """Volume per week, by muscle, muscle group or exercise. ``exercise`` gives the catalogue
    entry for an exercise id (None for one we do not know), ``name`` its label."""
    rows: dict[str, dict[date, Cell]] = defaultdict(lambda: defaultdict(Cell))
    unattributed: dict[date, int] = defaultdict(int)
    # Where each exercise's sets go: (row key, share, direct); worked out once per exercise.
    targets: dict[str, list[tuple[str, float, bool]]] = {}
    isolation: dict[str, bool] = {}
    weeks_seen: set[date] = set()
    for g in groups:
        if not g.hard:
            continue
        week = week_of(g.day)
        weeks_seen.add(week)
        found = targets.get(g.exercise_id)
        if found is None:
            ex = exercise(g.exercise_id)
            isolation[g.exercise_id] = ex is not None and ex.is_isolation
            found = targets[g.exercise_id] = _targets(g.exercise_id, ex, by)
        if not found:
            unattributed[week] += g.sets
            continue
        exhaust_iso = isolation[g.exercise_id] and g.exhaust
        for key, share, direct in found:
            rows[key][week].add(share, g.sets, g.reps, g.load_kg, direct, exhaust_iso)
    weeks = _span(weeks_seen, first_week, last_week)
    ordered = sorted(rows, key=lambda k: (-sum(c.sets for c in rows[k].values()), k))
    labels = {k: _label(k, by, name) for k in ordered}
    return VolumeReport(by, weeks, {k: dict(rows[k]) for k in ordered}, labels, dict(unattributed))


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
