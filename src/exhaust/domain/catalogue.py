"""The exercise catalogue: parsed from our TOML text, validated loudly, queried by name.

The text lives in ``exhaust/data/catalogue.toml`` (package data, reviewable in a diff);
this module only parses a string, so it stays free of I/O.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from exhaust.domain.errors import CatalogueError
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, WeakLink, weak_link
from exhaust.domain.muscles import Muscle

FORMAT_VERSION = 1


class ClassicPair(BaseModel):
    """A pairing the seeds name (SPEC 'Classic pairs'); ranked first by pairing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    isolation: str
    compound: str
    muscle: Muscle
    source: str = Field(min_length=3)


_WORD_FIXES = {
    "flyes": "fly",
    "flies": "fly",
    "flys": "fly",
    "db": "dumbbell",
    "dumbell": "dumbbell",
    "bb": "barbell",
    "ohp": "overhead press",
    "rdl": "romanian deadlift",
    "sldl": "stiff leg deadlift",
    "tricep": "triceps",
    "bicep": "biceps",
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """A name folded so 'Flyes (DB)' and 'db fly' compare equal."""
    words: list[str] = []
    for word in _NON_WORD.sub(" ", name.lower()).split():
        word = _WORD_FIXES.get(word, word)
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "ps")):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True)
class Catalogue:
    exercises: tuple[Exercise, ...]
    capacity: dict[Muscle, float]
    capacity_basis: str
    classic_pairs: tuple[ClassicPair, ...]
    _by_id: dict[str, Exercise] = field(init=False, repr=False, compare=False)
    _by_name: dict[str, Exercise] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.exercises})
        by_name: dict[str, Exercise] = {}
        for e in self.exercises:
            for n in (e.id, e.name, *e.aliases):
                by_name.setdefault(normalise_name(n), e)
        object.__setattr__(self, "_by_name", by_name)

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def get(self, exercise_id: str) -> Exercise:
        return self._by_id[exercise_id]

    def lookup(self, name: str) -> Exercise | None:
        """Exact match on id, name or alias, after folding case, plurals and punctuation."""
        return self._by_id.get(name) or self._by_name.get(normalise_name(name))

    def names(self) -> dict[str, str]:
        """Every folded name (display names and aliases) and the exercise id it means."""
        return {n: e.id for n, e in self._by_name.items()}

    def weak_link(self, exercise: Exercise) -> WeakLink:
        return weak_link(exercise, self.capacity)

    def filter(
        self,
        muscle: Muscle | None = None,
        mechanic: Mechanic | None = None,
        equipment: Iterable[Equipment] | None = None,
    ) -> list[Exercise]:
        allowed = set(equipment) if equipment is not None else None
        return [
            e
            for e in self.exercises
            if (muscle is None or e.loads(muscle))
            and (mechanic is None or e.mechanic is mechanic)
            and (allowed is None or e.equipment in allowed)
        ]

    def is_classic(self, isolation: str, compound: str) -> ClassicPair | None:
        return next(
            (p for p in self.classic_pairs if p.isolation == isolation and p.compound == compound),
            None,
        )


def _entry_error(where: str, exc: ValidationError) -> CatalogueError:
    problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors())
    return CatalogueError(f"catalogue {where}: {problems}")


def parse_catalogue(text: str, source: str = "catalogue.toml") -> Catalogue:
    """Parse and validate the catalogue; any broken entry fails with its name."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{source}: not valid TOML: {exc}") from exc
    if raw.get("format") != FORMAT_VERSION:
        raise CatalogueError(f"{source}: expected 'format = {FORMAT_VERSION}'")

    capacity: dict[Muscle, float] = {}
    for key, value in raw.get("capacity", {}).items():
        if key not in Muscle._value2member_map_:
            raise CatalogueError(f"{source}: [capacity] names unknown muscle {key!r}")
        if not isinstance(value, int | float) or value <= 0:
            raise CatalogueError(f"{source}: [capacity] {key} must be a positive number")
        capacity[Muscle(key)] = float(value)
    missing = [m.value for m in Muscle if m not in capacity]
    if missing:
        raise CatalogueError(f"{source}: [capacity] lacks {', '.join(missing)}")

    exercises: list[Exercise] = []
    for index, entry in enumerate(raw.get("exercise", []), start=1):
        name = entry.get("id") or entry.get("name") or f"#{index}"
        try:
            exercises.append(Exercise.model_validate(entry))
        except ValidationError as exc:
            raise _entry_error(f"exercise {name!r} (entry {index})", exc) from exc

    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for e in exercises:
        if e.id in seen_ids:
            raise CatalogueError(f"catalogue exercise {e.id!r}: id used twice")
        seen_ids.add(e.id)
        for n in (e.name, *e.aliases):
            key = normalise_name(n)
            other = seen_names.setdefault(key, e.id)
            if other != e.id:
                raise CatalogueError(f"catalogue exercise {e.id!r}: name or alias {n!r} already means {other!r}")

    pairs: list[ClassicPair] = []
    for index, entry in enumerate(raw.get("classic_pair", []), start=1):
        try:
            pair = ClassicPair.model_validate(entry)
        except ValidationError as exc:
            raise _entry_error(f"classic_pair entry {index}", exc) from exc
        for ex_id in (pair.isolation, pair.compound):
            if ex_id not in seen_ids:
                raise CatalogueError(f"catalogue classic_pair {index}: unknown exercise {ex_id!r}")
        pairs.append(pair)

    return Catalogue(
        exercises=tuple(exercises),
        capacity=capacity,
        capacity_basis=str(raw.get("capacity_basis", "")),
        classic_pairs=tuple(pairs),
    )
