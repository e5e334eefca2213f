"""History read from another app's export, before it meets our catalogue or database.

A parsed file is a list of workouts, each with its sets in the order the file gives them
(which is the order they were done). Names stay as the file writes them; mapping them to
the catalogue is the service's job. Times are aware UTC.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from exhaust.domain.catalogue import normalise_name
from exhaust.domain.errors import ExhaustError
from exhaust.domain.logbook import SetType, WeightUnit, to_kg

TENTH = Decimal("0.1")


class SourceApp(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"


class ImportFileError(ExhaustError):
    """A file that cannot be imported, with where in it: file, line, column and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        line: int | None = None,
        column: int | None = None,
        column_name: str = "",
        usage: bool = False,
    ) -> None:
        self.message = message
        self.usage = usage  # the command needs another option (--unit), rather than a fixed file
        self.source = source
        self.line = line
        self.column = column
        self.column_name = column_name
        where = source
        if line is not None:
            where += f": line {line}"
        if column is not None:
            where += f", column {column}" + (f" ({column_name})" if column_name else "")
        super().__init__(f"{where}: {message}; nothing was imported")


@dataclass(slots=True)
class ImportedSet:
    line: int  # where the set's row starts in the file
    exercise: str  # as the file writes it
    set_type: SetType
    weight: Decimal | None  # in ``unit``; None: no load given (bodyweight)
    unit: WeightUnit
    reps: int
    rpe: Decimal | None = None
    distance_m: Decimal | None = None
    duration_s: int | None = None
    notes: str = ""
    superset: str = ""  # the file's group id for exercises done as a superset; '' for none
    rest_s: int | None = None  # rest taken before this set (a Strong rest-timer row before it)


@dataclass(slots=True)
class ImportedWorkout:
    line: int  # the first row of the workout
    name: str
    started_at: datetime
    ended_at: datetime | None
    notes: str = ""
    sets: list[ImportedSet] = field(default_factory=list)

    def fingerprint(self) -> str:
        """What the workout *did*, so a second import of it (from this export or a newer one,
        in either weight unit) is recognised: exercises, set types, reps, load to 0.1 kg,
        distance and time. Names of workouts, notes and rest are left out: editing a note in
        the other app does not make it another workout."""
        parts = []
        for s in self.sets:
            load = _load_text(s.weight, s.unit._value_) if s.weight else ""  # 0 kg and none: no load
            distance = "" if s.distance_m is None else str(s.distance_m)
            duration = "" if s.duration_s is None else str(s.duration_s)
            parts.append(f"{_folded(s.exercise)}|{s.set_type._value_}|{load}|{s.reps}|{distance}|{duration}\n")
        return hashlib.sha256("".join(parts).encode()).hexdigest()


# A history names a few hundred exercises and loads over and over: fold each once.
_folded = lru_cache(maxsize=4096)(normalise_name)


@lru_cache(maxsize=65536)
def _load_text(weight: Decimal, unit: str) -> str:
    return str(to_kg(weight, WeightUnit(unit)).quantize(TENTH))


@dataclass
class Skipped:
    """Rows that are not sets, by reason, with the first few lines for the report."""

    lines: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, reason: str, line: int) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        shown = self.lines.setdefault(reason, [])
        if len(shown) < 5:
            shown.append(line)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class ParsedHistory:
    app: SourceApp
    variant: str  # which shape of the app's export, in words
    rows: int  # data rows read (not counting the header)
    workouts: list[ImportedWorkout]  # oldest first
    skipped: Skipped
    rest_rows: int = 0  # Strong rest-timer rows, kept as the rest before the next set
    categories: dict[str, str] = field(default_factory=dict)  # FitNotes: exercise name → its category

    @property
    def sets(self) -> int:
        return sum(len(w.sets) for w in self.workouts)
