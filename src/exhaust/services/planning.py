"""Use cases for planning: browse exercises, pair, build a session, check a plan file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import ExhaustError, PlanFileError
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, WeakLink
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate, candidate_pairs
from exhaust.domain.planfile import format_plan, parse_plan
from exhaust.domain.plans import Experience, Goal, Plan
from exhaust.domain.rules import Finding, Severity, check_plan
from exhaust.domain.sessions import Request, build_session
from exhaust.services.catalogue import find_exercise, get_catalogue


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


def check_file(path: Path, experience: Experience | None = None, goal: Goal | None = None) -> CheckResult:
    catalogue = get_catalogue()
    plan = read_plan(path, catalogue)
    return CheckResult(str(path), plan, check_plan(plan, catalogue, experience, goal))
