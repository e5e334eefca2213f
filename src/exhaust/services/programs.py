"""Whole programmes (exhaust program, the web app's programme page): a request in, a plan out
that `exhaust check` accepts, solved by CP-SAT (solver/cpsat.py) over the domain's problem."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from exhaust.domain.errors import BadInput, CannotPlan, ExhaustError
from exhaust.domain.exercises import Joint
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import Method
from exhaust.domain.pairing import Candidate
from exhaust.domain.planfile import format_plan, parse_plan
from exhaust.domain.plans import Block, Plan
from exhaust.domain.programs import (
    Program,
    ProgramRequest,
    Split,
    Unsatisfiable,
    assemble,
    build_problem,
    explain_unsatisfiable,
    refusal,
    violations,
)
from exhaust.domain.rules import Finding, check_plan
from exhaust.domain.sessions import Request, post_block, pre_block
from exhaust.services import inputs
from exhaust.services.catalogue import find_exercise, get_catalogue

if TYPE_CHECKING:
    from exhaust.services.logbook import Logbook


def request_from(
    *,
    days: int,
    minutes: int,
    goal: str,
    experience: str,
    lagging: Iterable[str] = (),
    spare: Iterable[str] = (),
    equipment: Iterable[str] | None = None,
    weeks: int = 1,
    method: str | None = None,
    split: str | None = None,
    weekly_sets: str | None = None,
    spotter: bool = False,
) -> ProgramRequest:
    """A request from what a person types (the CLI's options, the web form's fields); BadInput
    names the value that is not one we know and lists the choices."""
    aim, level = inputs.goal(goal), inputs.experience(experience)
    if aim is None or level is None:
        raise BadInput("give a goal (hypertrophy, strength or general) and an experience level")
    chosen = None
    if method and method.strip().lower() not in ("auto", "let-exhaust-choose", "any"):
        chosen = inputs.method(method)
    band = None
    if weekly_sets:
        found = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", weekly_sets)
        if found is None:
            raise BadInput(f"weekly sets {weekly_sets!r}: give a band such as 10-20")
        band = (int(found[1]), int(found[2]))
    return ProgramRequest(
        days=days,
        minutes=minutes,
        goal=aim,
        experience=level,
        equipment=inputs.equipment(equipment),
        lagging=tuple(dict.fromkeys(inputs.muscle(m) for v in lagging for m in v.split(",") if m.strip())),
        spare=tuple(dict.fromkeys(inputs.choice(Joint, j, "joint") for v in spare for j in v.split(",") if j.strip())),
        method=chosen,
        weeks=weeks,
        split=inputs.choice(Split, split, "split") if split else None,
        weekly_sets=band,
        spotter=spotter,
    )


@dataclass(frozen=True)
class GeneratedProgram:
    program: Program
    plan: Plan  # as read back from ``text``, so findings point at its lines
    text: str  # the plan file
    findings: list[Finding]


def generate(request: ProgramRequest, logbook: Logbook | None = None) -> GeneratedProgram:
    """The programme for ``request``; CannotPlan says which asks cannot all be met. With a
    ``logbook``, a compound after a pre-exhaust gets the lifter's own carry-over (issue 7)."""
    from exhaust.services.planning import exercise_name
    from exhaust.solver import cpsat

    if request.method is not None:
        reason = refusal(request.method, request.goal, request.experience)
        if reason is not None:
            raise CannotPlan(reason)
    catalogue = get_catalogue()
    carry: Mapping[str, CarryOver] = {}
    if logbook is not None:
        from exhaust.services.prediction import carry_overs

        carry = carry_overs(logbook)
    session_request = Request(
        request.method or Method.TRADITIONAL, (), request.experience, request.goal, request.equipment
    )

    def pre(candidate: Candidate) -> Block:
        return pre_block(session_request, "A", candidate, catalogue, carry.get(candidate.compound.id))[0]

    def post(candidate: Candidate, final_set: bool) -> Block:
        return post_block(session_request, "A", candidate, final_set)

    problem = build_problem(request, catalogue, pre, post, familiar=carry.keys())
    try:
        solution = cpsat.solve(problem)
    except Unsatisfiable as exc:
        raise CannotPlan(explain_unsatisfiable(problem, exc)) from None
    program = assemble(problem, solution)
    broken = violations(program)
    if broken:  # the solver and the domain disagree on a constraint: a bug, never hand it out
        raise ExhaustError("the programme came out breaking its own constraints: " + "; ".join(broken))
    text = format_plan(program.plan, exercise_name)
    written = parse_plan(text, lambda n: find_exercise(n, catalogue), source="<programme>")
    return GeneratedProgram(program, written, text, check_plan(written, catalogue, carry_over=carry))


def as_dict(generated: GeneratedProgram) -> dict[str, Any]:
    """The programme for scripts (`exhaust program --json`, the API): the plan, its file, the
    weekly sets per muscle against their bands, each session's minutes, the reasons, the findings."""
    program = generated.program
    problem = program.problem
    return {
        "plan": generated.plan.model_dump(mode="json"),
        "plan_file": generated.text,
        "split": problem.request.chosen_split.value,
        "sessions": [
            {
                "name": day.name,
                "weekday": day.weekday,
                "kind": day.kind.value,
                "method": day.method.value,
                "why": day.why,
            }
            for day in problem.days
        ],
        "minutes": [{"session": name, "minutes": minutes} for name, minutes in program.minutes],
        "weekly_sets": [
            {
                "muscle": band.muscle.value,
                "sets": sets,
                "low": band.low,
                "high": band.high,
                "lagging": band.lagging,
            }
            for band, sets in program.trained
        ],
        "explanations": list(program.explanations),
        "solver": {"optimal": program.solution.optimal, "objective": program.solution.objective},
        "findings": [f.as_dict() for f in generated.findings],
    }
