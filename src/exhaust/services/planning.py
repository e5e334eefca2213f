"""Use cases for planning: browse exercises, pair, build a session, check a plan file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from exhaust.domain.catalogue import Catalogue, normalise_name
from exhaust.domain.errors import ExhaustError, PlanFileError, UnknownExercise
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, Role, WeakLink
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate, candidate_pairs
from exhaust.domain.planfile import format_plan, parse_plan
from exhaust.domain.plans import Experience, Goal, Plan
from exhaust.domain.rules import Finding, Severity, check_plan
from exhaust.domain.sessions import Request, build_session
from exhaust.services.catalogue import find_exercise, get_catalogue, suggest


def list_exercises(
    muscle: Muscle | None = None,
    mechanic: Mechanic | None = None,
    equipment: tuple[Equipment, ...] | None = None,
) -> list[Exercise]:
    return get_catalogue().filter(muscle=muscle, mechanic=mechanic, equipment=equipment)


@dataclass(frozen=True)
class ExerciseDetail:
    exercise: Exercise
    weak_link: WeakLink


def describe_exercise(name: str) -> ExerciseDetail:
    catalogue = get_catalogue()
    exercise = find_exercise(name, catalogue)
    return ExerciseDetail(exercise, catalogue.weak_link(exercise))


def pairs(muscle: Muscle, method: Method, equipment: tuple[Equipment, ...] | None = None) -> list[Candidate]:
    if method in (Method.TRADITIONAL,):
        raise ExhaustError(
            "traditional order has no exhaust pairs; pick pre-exhaust, post-exhaust, "
            "post-exhaust-final-set, reverse-pre-exhaust or accessory-first"
        )
    return candidate_pairs(get_catalogue(), muscle, method, equipment)


@dataclass(frozen=True)
class PlannedSession:
    plan: Plan
    text: str  # the plan file
    findings: list[Finding]


def exercise_name(exercise_id: str) -> str:
    return get_catalogue().get(exercise_id).name


def plan_session(
    method: Method,
    targets: tuple[Muscle, ...],
    experience: Experience,
    goal: Goal,
    equipment: tuple[Equipment, ...] | None = None,
    spotter: bool = False,
) -> PlannedSession:
    catalogue = get_catalogue()
    plan = build_session(Request(method, targets, experience, goal, equipment), catalogue)
    plan = plan.model_copy(update={"spotter": spotter})
    text = format_plan(plan, exercise_name)
    # Check the file as written, so findings point at its lines.
    written = parse_plan(text, lambda n: find_exercise(n, catalogue), source="<plan>")
    return PlannedSession(written, text, check_plan(written, catalogue))


def write_plan(path: Path, text: str, overwrite: bool = False) -> None:
    """Write all or nothing: a temporary file renamed over the target."""
    if path.exists() and not overwrite:
        raise ExhaustError(f"{path} exists; choose another --out or pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def read_plan(path: Path, catalogue: Catalogue | None = None) -> Plan:
    catalogue = catalogue or get_catalogue()
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ExhaustError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise ExhaustError(f"{source}: is a directory, not a plan file") from None
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PlanFileError("not UTF-8 text; save the plan file as UTF-8", line, source) from None
    return parse_plan(text, lambda n: find_exercise(n, catalogue), source=source)


@dataclass(frozen=True)
class CheckResult:
    path: str
    plan: Plan
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)


def check_file(
    path: Path,
    experience: Experience | None = None,
    goal: Goal | None = None,
    carry_over: Mapping[str, CarryOver] | None = None,
) -> CheckResult:
    """Every guardrail over a plan file; a plan built with the lifter's own carry-over
    (prediction.carry_overs) is judged with it."""
    catalogue = get_catalogue()
    plan = read_plan(path, catalogue)
    return CheckResult(str(path), plan, check_plan(plan, catalogue, experience, goal, carry_over))


# --- browsing the catalogue (the web's exercise pages) ----------------------------------------


def search_exercises(
    muscle: Muscle | None = None,
    mechanic: Mechanic | None = None,
    equipment: tuple[Equipment, ...] | None = None,
    query: str | None = None,
) -> list[Exercise]:
    """The catalogue filtered; ``query`` keeps exercises whose name or an alias holds every
    word of it ('db fly' finds 'Chest Fly (Dumbbell)'), in catalogue order."""
    found = list_exercises(muscle, mechanic, equipment)
    words = normalise_name(query or "").split()
    if not words:
        return found

    def matches(e: Exercise) -> bool:
        names = [normalise_name(n) for n in (e.name, *e.aliases)] + [e.id.replace("-", " ")]
        return any(all(w in n for w in words) for n in names)

    return [e for e in found if matches(e)]


def get_exercise(exercise_id: str) -> ExerciseDetail:
    """One exercise by its catalogue id (an unknown id is refused with suggestions)."""
    catalogue = get_catalogue()
    if exercise_id not in catalogue:
        raise UnknownExercise(exercise_id, suggest(exercise_id, catalogue))
    exercise = catalogue.get(exercise_id)
    return ExerciseDetail(exercise, catalogue.weak_link(exercise))


# The methods built from (isolation, compound) pairs; accessory-first and traditional are not.
# Post-exhaust on the final set only uses post-exhaust's pairs.
PAIR_METHODS = (Method.PRE_EXHAUST, Method.POST_EXHAUST, Method.REVERSE_PRE_EXHAUST)


@lru_cache(maxsize=256)
def pairs_with(exercise_id: str, limit: int = 12) -> dict[Method, tuple[Candidate, ...]]:
    """The ranked pairs an exercise takes part in, for each pair method: as the isolation, for
    the muscles it can pre- or post-exhaust; as the compound, for each of its prime movers."""
    catalogue = get_catalogue()
    exercise = catalogue.get(exercise_id)
    out: dict[Method, tuple[Candidate, ...]] = {}
    for method in PAIR_METHODS:
        reverse = method is Method.REVERSE_PRE_EXHAUST
        if exercise.is_compound:
            targets = list(exercise.prime_movers)
        elif reverse:
            # the targets of compounds this isolation's muscle is a synergist of
            targets = list(
                dict.fromkeys(
                    t
                    for c in catalogue.filter(muscle=exercise.main_muscle, mechanic=Mechanic.COMPOUND)
                    if c.role_of(exercise.main_muscle) is Role.SYNERGIST
                    for t in c.prime_movers
                )
            )
        else:
            targets = [exercise.main_muscle]
        best: dict[tuple[str, str], Candidate] = {}
        for t in targets:
            for c in candidate_pairs(catalogue, t, method):
                key = (c.isolation.id, c.compound.id)
                if exercise_id in key and (key not in best or c.score > best[key].score):
                    best[key] = c
        found = sorted(best.values(), key=lambda c: (-c.score, c.isolation.id, c.compound.id))
        out[method] = tuple(found[:limit])
    return out
