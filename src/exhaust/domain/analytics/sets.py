"""The analytics' input: alike sets of one exercise in one workout, and which of them count.

A *hard set* (seed 002 counts volume in hard sets) is any set that is not a warm-up, unless
its logged effort says it was easy: RPE under 6, or more than 4 reps in reserve. On the
RIR-based RPE scale (Zourdos et al. 2016, J Strength Cond Res 30(1):267-275) RPE 5-6 is
"4-6 reps in reserve" and below that "light effort"; we draw the line at 4 in reserve, the
near end of that band, so a set further from failure counts as practice, not stimulus.
Sets with no effort logged are taken as hard: most lifters log only their working sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from exhaust.domain.logbook import OrderMethod

EASY_RIR = 4  # more reps in reserve than this: not a hard set

EXHAUST_METHODS = frozenset({OrderMethod.PRE.value, OrderMethod.POST.value, OrderMethod.REVERSE.value})


@dataclass(frozen=True, slots=True)
class SetGroup:
    """``sets`` non-warm-up sets of one exercise in one workout with the same reps, effort and
    method tag. ``load_kg`` is their summed weight x reps; ``top_kg`` the heaviest of them."""

    workout: int
    day: date  # the workout's day, in the lifter's time zone
    exercise_id: str
    method: str  # an OrderMethod value; '' untagged
    reps: int
    rpe: float | None
    rir: int | None
    sets: int
    load_kg: float
    top_kg: float | None

    @property
    def hard(self) -> bool:
        if self.rir is not None:
            return self.rir <= EASY_RIR
        if self.rpe is not None:
            return self.rpe >= 10 - EASY_RIR
        return True

    @property
    def exhaust(self) -> bool:
        return self.method in EXHAUST_METHODS

    @property
    def hard_sets(self) -> int:
        return self.sets if self.hard else 0

    @property
    def hard_reps(self) -> int:
        return self.sets * self.reps if self.hard else 0

    @property
    def hard_load_kg(self) -> float:
        return self.load_kg if self.hard else 0.0


class Workload(NamedTuple):
    """One exercise's work in one workout under one method tag, folded by the store: what the
    weekly volume and the e1RM overview need of a history of a million sets. Hard sets are
    decided by the rule above (the store is given EASY_RIR); ``e1rm`` is the best estimate of
    any non-warm-up set (``e1rm.factors``). A NamedTuple: several hundred thousand are built."""

    workout: int
    day: date
    exercise_id: str
    method: str
    hard_sets: int
    hard_reps: int
    hard_load_kg: float
    e1rm: float | None

    @property
    def exhaust(self) -> bool:
        return self.method in EXHAUST_METHODS


def week_of(day: date) -> date:
    """The Monday that starts the ISO week of ``day``."""
    return day - timedelta(days=day.weekday())
