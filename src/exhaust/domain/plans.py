"""Plans: sessions of blocks; a block is one exercise or a linked pair/superset (A1/A2).

``rest_s`` on an exercise is the rest taken after each of its sets: inside a linked block
it is the rest before the next exercise of the block, on the block's last exercise it is
the rest between rounds.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle


class Experience(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Goal(StrEnum):
    HYPERTROPHY = "hypertrophy"
    STRENGTH = "strength"
    GENERAL = "general"


class Phase(StrEnum):
    NORMAL = "normal"
    PEAKING = "peaking"  # powerlifting peaking (POST-NOT-FOR, seed 004)
    DELOAD = "deload"


class Recovery(StrEnum):
    GOOD = "good"
    COMPROMISED = "compromised"  # POST-NOT-FOR, seed 004


class LoadKind(StrEnum):
    PERCENT_1RM = "%1RM"
    RIR = "RIR"
    RPE = "RPE"
    WEIGHT = "weight"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Load(_Frozen):
    kind: LoadKind
    low: float
    high: float | None = None  # a range such as 'RIR 0-1'
    unit: str | None = None  # kg or lb, for WEIGHT

    @model_validator(mode="after")
    def _sane(self) -> Load:
        top = self.high if self.high is not None else self.low
        if self.high is not None and self.high < self.low:
            raise ValueError(f"load range {self.low}-{self.high} runs backwards")
        limits = {
            LoadKind.PERCENT_1RM: (1, 100),
            LoadKind.RIR: (0, 10),
            LoadKind.RPE: (1, 10),
            LoadKind.WEIGHT: (0, 2000),
        }[self.kind]
        if not (limits[0] <= self.low and top <= limits[1]):
            raise ValueError(f"{self.kind.value} must be between {limits[0]} and {limits[1]}")
        return self

    @property
    def text(self) -> str:
        def num(x: float) -> str:
            return f"{x:g}"

        span = num(self.low) if self.high is None else f"{num(self.low)}-{num(self.high)}"
        if self.kind is LoadKind.PERCENT_1RM:
            return f"{span}% 1RM"
        if self.kind is LoadKind.WEIGHT:
            return f"{span} {self.unit or 'kg'}"
        return f"{self.kind.value} {span}"


class RepRange(_Frozen):
    low: int = Field(ge=1, le=100)
    high: int = Field(ge=1, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> RepRange:
        if self.high < self.low:
            raise ValueError(f"rep range {self.low}-{self.high} runs backwards")
        return self

    @property
    def text(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def within(self, low: int, high: int) -> bool:
        return low <= self.low and self.high <= high


class Prescription(_Frozen):
    """One exercise line of a plan: what to lift, how many sets and reps, how heavy, rest."""

    exercise_id: str
    sets: int = Field(ge=1, le=20)
    reps: RepRange
    load: Load | None = None
    rest_s: int | None = Field(default=None, ge=0, le=900)
    note: str = ""
    line: int = 0  # where it stands in a plan file (0: not from a file)


class Block(_Frozen):
    label: str  # 'A', 'B' ...: items are A1, A2 when linked
    items: tuple[Prescription, ...] = Field(min_length=1)

    @property
    def linked(self) -> bool:
        return len(self.items) > 1

    def item_label(self, index: int) -> str:
        return f"{self.label}{index + 1}" if self.linked else self.label


class Session(_Frozen):
    name: str
    method: Method | None = None
    targets: tuple[Muscle, ...] = ()
    blocks: tuple[Block, ...] = ()
    notes: tuple[str, ...] = ()
    line: int = 0

    @property
    def exercises(self) -> list[Prescription]:
        return [item for block in self.blocks for item in block.items]


class Plan(_Frozen):
    name: str = ""
    experience: Experience | None = None
    goal: Goal | None = None
    phase: Phase = Phase.NORMAL
    recovery: Recovery = Recovery.GOOD
    spotter: bool = False  # the lifter has a spotter (quiets PRE-SPOTTER)
    sessions: tuple[Session, ...] = ()
    notes: tuple[str, ...] = ()
