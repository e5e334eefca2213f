"""Whole programmes (exhaust program, the web app's programme page): a request in, a plan out
that `exhaust check` accepts, solved by CP-SAT (solver/cpsat.py) over the domain's problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exhaust.domain.errors import CannotPlan, ExhaustError
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import Method
from exhaust.domain.pairing import Candidate
from exhaust.domain.planfile import format_plan, parse_plan
from exhaust.domain.plans import Block, Plan
from exhaust.domain.programs import (
    Program,
    ProgramRequest,
    Unsatisfiable,
    assemble,
    build_problem,
    explain_unsatisfiable,
    refusal,
    violations,
)
from exhaust.domain.rules import Finding, check_plan
from exhaust.domain.sessions import Request, post_block, pre_block
from exhaust.services.catalogue import find_exercise, get_catalogue

if TYPE_CHECKING:
    from exhaust.services.logbook import Logbook


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

    problem = build_problem(request, catalogue, pre, post)
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
    return GeneratedProgram(program, written, text, check_plan(written, catalogue))
