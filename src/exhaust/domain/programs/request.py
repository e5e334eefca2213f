"""What a lifter or coach asks a programme for, and the week it is laid out on.

The split templates and the weekdays are ours; the lower / push / pull split is seed 001's
sample week. Days are spread over the week so that a split whose days share no prime
mover never trains a muscle on two days running (the model still checks it, muscle by muscle).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from exhaust.domain.errors import BadInput
from exhaust.domain.exercises import Equipment, Joint
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal

MIN_DAYS, MAX_DAYS = 2, 6
MIN_MINUTES, MAX_MINUTES = 20, 240
MAX_WEEKS = 16
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Training days by days per week, as weekday numbers (0 = Monday): rest days spread out.
LAYOUT: dict[int, tuple[int, ...]] = {
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 4, 5),
    6: (0, 1, 2, 3, 4, 5),
}


class DayKind(StrEnum):
    FULL = "full body"
    UPPER = "upper body"
    LOWER = "lower body"
    PUSH = "upper body push"
    PULL = "upper body pull"
    LEGS = "legs"


_UPPER = frozenset(
    {
        Muscle.CHEST,
        Muscle.FRONT_DELTS,
        Muscle.SIDE_DELTS,
        Muscle.REAR_DELTS,
        Muscle.TRICEPS,
        Muscle.BICEPS,
        Muscle.FOREARMS,
        Muscle.LATS,
        Muscle.TRAPS,
        Muscle.UPPER_BACK,
    }
)
_LOWER = frozenset(Muscle) - _UPPER
# The muscles a day of each kind may train: an exercise fits a day when all its prime movers do.
DAY_MUSCLES: dict[DayKind, frozenset[Muscle]] = {
    DayKind.FULL: frozenset(Muscle),
    DayKind.UPPER: _UPPER,
    DayKind.LOWER: _LOWER,
    DayKind.PUSH: frozenset({Muscle.CHEST, Muscle.FRONT_DELTS, Muscle.SIDE_DELTS, Muscle.TRICEPS}),
    DayKind.PULL: frozenset(
        {Muscle.LATS, Muscle.UPPER_BACK, Muscle.TRAPS, Muscle.REAR_DELTS, Muscle.BICEPS, Muscle.FOREARMS}
    ),
    DayKind.LEGS: _LOWER,
}


class Split(StrEnum):
    FULL_BODY = "full-body"
    UPPER_LOWER = "upper-lower"
    PUSH_PULL_LEGS = "push-pull-legs"
    LOWER_PUSH_PULL = "lower-push-pull"  # seed 001's sample week
    UPPER_LOWER_PPL = "upper-lower-ppl"

    @property
    def cycle(self) -> tuple[DayKind, ...]:
        return _CYCLE[self]

    def days(self, count: int) -> tuple[DayKind, ...]:
        cycle = self.cycle
        return tuple(cycle[i % len(cycle)] for i in range(count))


_CYCLE: dict[Split, tuple[DayKind, ...]] = {
    Split.FULL_BODY: (DayKind.FULL,),
    Split.UPPER_LOWER: (DayKind.UPPER, DayKind.LOWER),
    Split.PUSH_PULL_LEGS: (DayKind.PUSH, DayKind.PULL, DayKind.LEGS),
    Split.LOWER_PUSH_PULL: (DayKind.LOWER, DayKind.PUSH, DayKind.PULL),
    Split.UPPER_LOWER_PPL: (DayKind.UPPER, DayKind.LOWER, DayKind.PUSH, DayKind.PULL, DayKind.LEGS),
}

# The split when none is asked for: every muscle twice a week where the days allow it (a
# frequency of two beats one for the same weekly sets: Schoenfeld, Ogborn & Krieger 2016,
# Sports Med 46:1689), full body while the days are few.
DEFAULT_SPLIT: dict[int, Split] = {
    2: Split.FULL_BODY,
    3: Split.FULL_BODY,
    4: Split.UPPER_LOWER,
    5: Split.UPPER_LOWER_PPL,
    6: Split.PUSH_PULL_LEGS,
}
SPLIT_WHY: dict[Split, str] = {
    Split.FULL_BODY: "full body on every day: with few days, it is the way to train each muscle more than once a week",
    Split.UPPER_LOWER: "upper / lower: each muscle twice a week with a day's rest for it in between",
    Split.PUSH_PULL_LEGS: "push / pull / legs: each muscle twice a week over six days, never two days running",
    Split.LOWER_PUSH_PULL: "lower / push / pull: the split of seed 001's sample week",
    Split.UPPER_LOWER_PPL: "upper / lower, then push / pull / legs: each muscle twice over five days",
}


@dataclass(frozen=True)
class ProgramRequest:
    days: int
    minutes: int
    goal: Goal
    experience: Experience
    equipment: tuple[Equipment, ...] | None = None  # None: a full gym
    lagging: tuple[Muscle, ...] = ()
    spare: tuple[Joint, ...] = ()
    method: Method | None = None  # None: let exhaust choose
    weeks: int = 1
    split: Split | None = None
    weekly_sets: tuple[int, int] | None = None  # the band of weekly hard sets; None: by goal and level
    spotter: bool = False
    name: str = ""

    def __post_init__(self) -> None:
        if not MIN_DAYS <= self.days <= MAX_DAYS:
            raise BadInput(f"days {self.days}: give {MIN_DAYS} to {MAX_DAYS} training days a week")
        if not MIN_MINUTES <= self.minutes <= MAX_MINUTES:
            raise BadInput(f"minutes {self.minutes}: give {MIN_MINUTES} to {MAX_MINUTES} minutes a session")
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise BadInput(f"weeks {self.weeks}: give 1 to {MAX_WEEKS} weeks")
        if self.weekly_sets is not None:
            low, high = self.weekly_sets
            if not 0 <= low <= high <= 40 or high < 1:
                raise BadInput(
                    f"weekly sets {low}-{high}: give a band of weekly hard sets per muscle such as 10-20 "
                    "(low at most high, high at most 40)"
                )

    @property
    def chosen_split(self) -> Split:
        return self.split or DEFAULT_SPLIT[self.days]

    @property
    def weekdays(self) -> tuple[int, ...]:
        return LAYOUT[self.days]
