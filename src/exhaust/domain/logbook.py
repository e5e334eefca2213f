"""The logbook's value objects: a logged set, its weight in the lifter's unit, a workout.

Weights keep the unit the lifter logged in (their preference is kept) and a kilogram value
rounded to 0.01 kg; one pound is exactly 0.45359237 kg (the international avoirdupois pound,
1959), so a conversion never drifts by more than half a hundredth of a kilo.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from exhaust.domain.errors import ExhaustError

KG_PER_LB = Decimal("0.45359237")
HUNDREDTH = Decimal("0.01")
MAX_KG = Decimal("1000")  # nobody lifts a tonne; anything above is a typo
MAX_REPS = 100
MAX_DISTANCE_M = Decimal("1000000")  # 1000 km: a carry or a row, not a road trip (the column holds 10^8)
MAX_DURATION_S = 86_400  # a day
MAX_SOURCE = 16  # workouts.source
MAX_FINGERPRINT = 64  # workouts.fingerprint: a SHA-256 in hex


class LogError(ExhaustError):
    """A set or workout that cannot be logged as given; nothing was written."""


class WeightUnit(StrEnum):
    KG = "kg"
    LB = "lb"

    @property
    def per_kg(self) -> float:
        """How many of this unit make a kilogram: a weight kept in kg times this is in the unit."""
        return 1.0 if self is WeightUnit.KG else float(1 / KG_PER_LB)


class SetType(StrEnum):
    WARMUP = "warmup"
    WORKING = "working"
    DROP = "drop"
    FAILURE = "failure"


class OrderMethod(StrEnum):
    """Method tag: the exercise-order method a set's block was done in, as a logbook (or an
    imported history) records it. The values are those of ``methods.Method``; '' is untagged."""

    PRE = "pre-exhaust"
    POST = "post-exhaust"
    REVERSE = "reverse-pre-exhaust"
    TRADITIONAL = "traditional"
    NONE = ""


def parse_unit(text: str) -> WeightUnit:
    key = text.strip().lower()
    if key in ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"):
        return WeightUnit.KG
    if key in ("lb", "lbs", "pound", "pounds"):
        return WeightUnit.LB
    raise LogError(f"unknown weight unit {text!r}; use kg or lb")


def to_kg(value: Decimal, unit: WeightUnit) -> Decimal:
    kg = value if unit is WeightUnit.KG else value * KG_PER_LB
    return kg.quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)


def from_kg(kg: Decimal, unit: WeightUnit) -> Decimal:
    value = kg if unit is WeightUnit.KG else kg / KG_PER_LB
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)


def new_id() -> str:
    return str(uuid.uuid4())


class LoggedSet(BaseModel):
    """One set as logged. ``weight`` is in ``unit``; ``weight_kg`` is derived from it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str = Field(default_factory=new_id)
    exercise_id: str
    position: int = Field(ge=1)  # order within the workout
    block: str = ""  # 'A1', 'A2' for a linked pair or superset; '' for none
    set_type: SetType = SetType.WORKING
    weight: Decimal | None = None  # None: bodyweight / no load
    unit: WeightUnit = WeightUnit.KG
    reps: int = Field(ge=0, le=MAX_REPS)
    rpe: Decimal | None = None
    rir: int | None = Field(default=None, ge=0, le=10)
    rest_s: int | None = Field(default=None, ge=0, le=3600)
    notes: str = ""
    logged_at: datetime | None = None
    method: OrderMethod = OrderMethod.NONE  # the order method of the set's block; '' untagged
    distance_m: Decimal | None = None  # cardio, carries, sled: metres, to 0.01
    duration_s: int | None = Field(default=None, ge=0, le=MAX_DURATION_S)  # planks, timed sets
    imported_name: str = Field(default="", max_length=200)  # its name in another app's export

    @field_validator("weight")
    @classmethod
    def _weight(cls, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if value < 0:
            raise ValueError("a weight cannot be negative")
        if value != value.quantize(Decimal("0.001")):
            raise ValueError("weights are kept to 0.001 of a unit")
        return value

    @field_validator("distance_m")
    @classmethod
    def _distance(cls, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if value < 0:
            raise ValueError("a distance cannot be negative")
        if value > MAX_DISTANCE_M:
            raise ValueError(f"{value} m is over {MAX_DISTANCE_M} m; check the number")
        if value != value.quantize(HUNDREDTH):
            raise ValueError("distances are kept to 0.01 m")
        return value

    @field_validator("rpe")
    @classmethod
    def _rpe(cls, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if not Decimal(1) <= value <= Decimal(10) or (value * 2) % 1:
            raise ValueError("RPE runs from 1 to 10 in steps of 0.5")
        return value

    @model_validator(mode="after")
    def _sane(self) -> LoggedSet:
        if self.rpe is not None and self.rir is not None:
            raise ValueError("give RPE or RIR, not both")
        if self.weight_kg is not None and self.weight_kg > MAX_KG:
            raise ValueError(f"{self.weight} {self.unit.value} is over {MAX_KG} kg; check the number and the unit")
        return self

    @property
    def weight_kg(self) -> Decimal | None:
        return None if self.weight is None else to_kg(self.weight, self.unit)


class Workout(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    uid: str = Field(default_factory=new_id)
    name: str = ""
    started_at: datetime
    ended_at: datetime | None = None
    notes: str = ""
    plan_name: str = ""  # the plan and session it follows, if any
    session_name: str = ""
    source: str = Field(default="", max_length=MAX_SOURCE)  # '' logged in exhaust; 'strong', 'hevy', 'fitnotes'
    fingerprint: str = Field(default="", max_length=MAX_FINGERPRINT)  # an imported workout's content hash
    sets: tuple[LoggedSet, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Workout:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("a workout cannot end before it starts")
        return self


# --- the compact form: 'bench 80kg x 8 @8' ----------------------------------------------

_COMPACT = re.compile(
    r"^(?P<name>.+?)\s+(?P<weight>bw|bodyweight|-?\d+(?:[.,]\d+)?)\s*(?P<unit>kgs?|lbs?)?"
    r"\s*(?:x|×|\*|\s)\s*(?P<reps>\d+)(?:\s*(?:@|rpe\s*)(?P<rpe>\d+(?:[.,]5)?))?\s*$",
    re.IGNORECASE,
)


class CompactSet(BaseModel):
    name: str
    weight: Decimal | None
    unit: WeightUnit | None
    reps: int
    rpe: Decimal | None


def parse_compact(words: list[str]) -> CompactSet:
    """'bench 80kg x 8 @8', 'bench press 80 8', 'pull up bw x 10', 'squat 225 lb x 5'."""
    text = " ".join(words).strip()
    m = _COMPACT.match(text)
    if not m:
        raise LogError(
            f"cannot read {text!r}; write EXERCISE WEIGHT REPS, e.g. 'bench 80kg x 8 @8' or 'pull up bw x 10'"
        )
    raw_weight = m["weight"].lower()
    try:
        weight = None if raw_weight in ("bw", "bodyweight") else Decimal(raw_weight.replace(",", "."))
        rpe = Decimal(m["rpe"].replace(",", ".")) if m["rpe"] else None
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise LogError(f"cannot read the numbers in {text!r}") from None
    return CompactSet(
        name=m["name"].strip(),
        weight=weight,
        unit=parse_unit(m["unit"]) if m["unit"] else None,
        reps=int(m["reps"]),
        rpe=rpe,
    )
