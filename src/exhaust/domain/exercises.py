"""Exercises and the muscles they load, and how the weak link of a compound is derived.

Seeds 000, 002 and 004 say the bench press set ends when the triceps and front delts give
out, before the chest does. We derive that from data rather than assert it: each exercise
spreads its load over its muscles by *share*; each muscle has a relative *capacity*
(see the ``[muscles]`` table of the catalogue and the basis stated there). The muscle whose
demand ``share / capacity`` is highest gives out first. Where a source states the weak
link outright, the catalogue records it with the source, and a test checks that the
derived weak link agrees.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from exhaust.domain.muscles import Muscle

SHARE_TOLERANCE = 0.011
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Mechanic(StrEnum):
    COMPOUND = "compound"
    ISOLATION = "isolation"


class Force(StrEnum):
    PUSH = "push"
    PULL = "pull"
    STATIC = "static"


class Equipment(StrEnum):
    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    CABLE = "cable"
    MACHINE = "machine"
    SMITH_MACHINE = "smith-machine"
    BODYWEIGHT = "bodyweight"
    KETTLEBELL = "kettlebell"
    BAND = "band"
    EZ_BAR = "ez-bar"
    TRAP_BAR = "trap-bar"
    OTHER = "other"


class Role(StrEnum):
    PRIME = "prime"  # prime mover
    SYNERGIST = "synergist"
    STABILISER = "stabiliser"


class Joint(StrEnum):
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    SPINE = "spine"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MuscleLoad(_Strict):
    muscle: Muscle
    role: Role
    share: float = Field(gt=0, le=1)


class StatedWeakLink(_Strict):
    """A weak link a source states outright, kept with the source that states it."""

    muscles: tuple[Muscle, ...] = Field(min_length=1)
    source: str = Field(min_length=3)


class Exercise(_Strict):
    id: str
    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()
    mechanic: Mechanic
    equipment: Equipment
    force: Force
    muscles: tuple[MuscleLoad, ...] = Field(min_length=1)
    # 1 = least intense (a light single-joint move for a small muscle) .. 10 = most intense
    # (a heavy free-weight barbell lift for the legs and back). Seed 001 orders an
    # accessory-first session from least to most intense by this rank.
    intensity: int = Field(ge=1, le=10)
    # Seed 000: "a spotter with you ... for safety", for free-weight lifts that pin you.
    spotter: bool = False
    # A lift most programmes use; the session builder prefers staples when it picks.
    staple: bool = False
    joints: tuple[Joint, ...] = ()
    weak_link: StatedWeakLink | None = None
    notes: str = ""

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"id {value!r} is not a slug (lowercase words joined by '-')")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        total = sum(m.share for m in self.muscles)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            raise ValueError(f"muscle shares sum to {total:.3f}, not 1")
        seen = [m.muscle for m in self.muscles]
        if len(seen) != len(set(seen)):
            raise ValueError("a muscle is listed twice")
        if not any(m.role is Role.PRIME for m in self.muscles):
            raise ValueError("no prime mover")
        if self.weak_link is not None:
            missing = [m for m in self.weak_link.muscles if m not in seen]
            if missing:
                raise ValueError(f"weak_link names muscles the exercise does not load: {missing}")
        return self

    # -- questions the rest of the product asks -----------------------------------------

    @property
    def is_compound(self) -> bool:
        return self.mechanic is Mechanic.COMPOUND

    @property
    def is_isolation(self) -> bool:
        return self.mechanic is Mechanic.ISOLATION

    def muscles_with(self, *roles: Role) -> list[Muscle]:
        return [m.muscle for m in self.muscles if m.role in roles]

    @property
    def prime_movers(self) -> list[Muscle]:
        return self.muscles_with(Role.PRIME)

    @property
    def synergists(self) -> list[Muscle]:
        return self.muscles_with(Role.SYNERGIST)

    @property
    def main_muscle(self) -> Muscle:
        """The prime mover with the largest share."""
        primes = [m for m in self.muscles if m.role is Role.PRIME]
        return max(primes, key=lambda m: m.share).muscle

    def share_of(self, muscle: Muscle) -> float:
        return next((m.share for m in self.muscles if m.muscle is muscle), 0.0)

    def role_of(self, muscle: Muscle) -> Role | None:
        return next((m.role for m in self.muscles if m.muscle is muscle), None)

    def loads(self, muscle: Muscle) -> bool:
        return self.role_of(muscle) is not None


class WeakLink(BaseModel):
    """Which muscles give out before the exercise's main muscle, and how that is known."""

    model_config = ConfigDict(frozen=True)

    exercise_id: str
    main_muscle: Muscle
    limiting: tuple[Muscle, ...]  # most limiting first; empty when the main muscle limits
    demand: dict[Muscle, float]  # share / capacity for every prime mover and synergist
    stated: StatedWeakLink | None

    @property
    def limiter(self) -> Muscle:
        return self.limiting[0] if self.limiting else self.main_muscle

    @property
    def how_known(self) -> str:
        derived = "derived from the muscle shares and relative muscle capacities"
        if self.stated is None:
            return derived
        return (
            f"stated by {self.stated.source}; {derived} agrees"
            if self.agrees
            else (f"stated by {self.stated.source}; {derived} disagrees")
        )

    @property
    def agrees(self) -> bool:
        return self.stated is None or set(self.stated.muscles) <= set(self.limiting)


def weak_link(exercise: Exercise, capacity: dict[Muscle, float]) -> WeakLink:
    """Derive the weak link: muscles whose demand exceeds the main muscle's."""
    demand = {
        m.muscle: round(m.share / capacity[m.muscle], 4) for m in exercise.muscles if m.role is not Role.STABILISER
    }
    main = exercise.main_muscle
    limiting = sorted(
        (mus for mus, d in demand.items() if mus is not main and d > demand[main]),
        key=lambda mus: (-demand[mus], mus.value),
    )
    return WeakLink(
        exercise_id=exercise.id,
        main_muscle=main,
        limiting=tuple(limiting),
        demand=demand,
        stated=exercise.weak_link,
    )
