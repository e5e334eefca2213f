"""API: whole programmes (issue 8), the same service as `exhaust program --json` and the
programme page: a week, or a block of weeks, from days, minutes, goal, experience, lagging
muscles, joints to spare, equipment, weeks, method, split and a weekly-sets band.

The answer is `exhaust program --json`'s shape (services/programs.as_dict). A request the
service refuses (a value it does not know, or asks that no programme meets all at once) is a
422 whose `detail` says which asks clash and what to change.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from exhaust.domain.errors import BadInput, CannotPlan
from exhaust.domain.exercises import Equipment, Joint
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal, LoadKind, Phase, Recovery
from exhaust.domain.programs import DayKind, Split
from exhaust.domain.programs.request import MAX_DAYS, MAX_MINUTES, MAX_WEEKS, MIN_DAYS, MIN_MINUTES
from exhaust.domain.rules import Severity
from exhaust.services import programs
from exhaust.web.deps import ApiSubject, Csrf, Site, logbook_of


class ProgramErrors(APIRoute):
    """The service's refusals are about the request's values: 422, with the sentence that says
    which asks clash and what to change (other errors keep the API's 400)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except (BadInput, CannotPlan) as exc:
                return JSONResponse({"detail": str(exc)}, status_code=422)

        return handler


router = APIRouter(dependencies=[Csrf], route_class=ProgramErrors)


# --- what is asked ---------------------------------------------------------------------------------


class ProgramIn(BaseModel):
    days: int = Field(ge=MIN_DAYS, le=MAX_DAYS, strict=True, description="Training days a week.", examples=[3])
    minutes: int = Field(
        ge=MIN_MINUTES,
        le=MAX_MINUTES,
        strict=True,
        description="Minutes a session, warm-up and rests included.",
        examples=[75],
    )
    goal: Goal = Goal.HYPERTROPHY
    experience: Experience = Experience.INTERMEDIATE
    lagging: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list,
        max_length=len(Muscle),
        description="Muscles to prioritise (more weekly sets): chest, quads, 'side delts'…",
        examples=[["side-delts"]],
    )
    spare: list[Joint] = Field(
        default_factory=list, max_length=len(Joint), description="Joints to spare: no heavy lift loads them."
    )
    equipment: list[Equipment] | None = Field(
        default=None, max_length=len(Equipment), description="What you have; null or empty: a full gym."
    )
    weeks: int = Field(
        default=1, ge=1, le=MAX_WEEKS, strict=True, description="Weeks in the block; every 4th is a deload."
    )
    method: Literal["auto"] | Method | None = Field(
        default="auto",
        description="The ordering method of every session (GET /api/v1/methods); 'auto' or null: exhaust "
        "chooses per session.",
    )
    split: Split | None = Field(default=None, description="null: by days (2-3 full body, 4 upper/lower, …).")
    weekly_sets: str | None = Field(
        default=None,
        max_length=20,
        pattern=r"^\s*\d{1,2}\s*[-–]\s*\d{1,2}\s*$",
        description="The band of weekly hard sets per muscle, e.g. '10-20'; null: by goal and experience.",
        examples=["10-20"],
    )
    spotter: bool = Field(default=False, strict=True, description="A spotter is at hand (seed 000).")


# --- what comes back (services/programs.as_dict) ----------------------------------------------------


class LoadOut(BaseModel):
    kind: LoadKind
    low: float
    high: float | None = Field(description="The top of a range such as RIR 1-2; null: one value.")
    unit: str | None = Field(description="kg or lb, for a weight.")


class RepsOut(BaseModel):
    low: int
    high: int


class PrescriptionOut(BaseModel):
    exercise_id: str
    sets: int
    reps: RepsOut
    load: LoadOut | None
    rest_s: int | None = Field(description="Rest after each set, in seconds.")
    note: str
    line: int = Field(description="Its line in plan_file.")


class BlockOut(BaseModel):
    label: str = Field(description="A, B …; a linked pair's items are A1, A2.")
    items: list[PrescriptionOut]


class SessionOut(BaseModel):
    name: str
    method: Method | None
    targets: list[Muscle]
    blocks: list[BlockOut]
    notes: list[str]
    line: int


class ProgramPlanOut(BaseModel):
    name: str
    experience: Experience | None
    goal: Goal | None
    phase: Phase
    recovery: Recovery
    spotter: bool
    sessions: list[SessionOut] = Field(description="Every week's sessions, week 1 first.")
    notes: list[str]


class DayOut(BaseModel):
    name: str
    weekday: int = Field(description="0 = Monday.")
    kind: DayKind
    method: Method
    why: str = Field(description="Why this method on this day.")


class MinutesOut(BaseModel):
    session: str
    minutes: int = Field(description="About how long the session takes, warm-up and rests included.")


class WeeklySetsOut(BaseModel):
    muscle: Muscle
    sets: float = Field(description="Hard sets a week: 1 for a prime mover, 0.5 for a synergist.")
    low: float
    high: float
    lagging: bool


class SolverOut(BaseModel):
    optimal: bool = Field(description="Proven optimal, or the best found within the solver's budget.")
    objective: int


class FindingOut(BaseModel):
    rule: str = Field(description="The guardrail's id, e.g. PRE-ISO-REPS.")
    severity: Severity
    message: str
    source: str = Field(description="The seed article(s) stating the rule.")
    line: int = Field(description="The line of plan_file it is about.")
    session: str


class ProgramOut(BaseModel):
    plan: ProgramPlanOut
    plan_file: str = Field(description="The plan as a plan file (every week): `exhaust check` reads it.")
    split: Split
    sessions: list[DayOut] = Field(description="Week 1's training days.")
    minutes: list[MinutesOut] = Field(description="Week 1's sessions and their length.")
    weekly_sets: list[WeeklySetsOut] = Field(description="Each muscle trained (or banded) against its band.")
    explanations: list[str]
    solver: SolverOut
    findings: list[FindingOut]


class Refused(BaseModel):
    detail: str = Field(description="Which asks clash, or which value is not known, and what to change.")


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class Unprocessable(BaseModel):
    detail: str | list[FieldProblem] = Field(
        description="The service's refusal in a sentence (which asks clash, which value is not known, and what "
        "to change); for a body that does not match the schema, FastAPI's list of problems."
    )


@router.post(
    "/programs",
    tags=["plans"],
    responses={
        404: {"model": Refused, "description": "`athlete` is not one of yours."},
        422: {"model": Unprocessable, "description": "No programme meets every ask, or a value is not one we know."},
    },
)
def make_program(body: ProgramIn, subject: ApiSubject, site: Site) -> ProgramOut:
    """A week, or a block of weeks (every 4th a deload), solved under the split, the weekly
    sets per muscle, the minutes a session, rest days and the exhaust guardrails. A compound
    after a pre-exhaust gets its load from the lifter's own carry-over (a coach's
    `?athlete=ID`: the athlete's) where their logbook has one."""
    request = programs.request_from(
        days=body.days,
        minutes=body.minutes,
        goal=body.goal.value,
        experience=body.experience.value,
        lagging=body.lagging,
        spare=[j.value for j in body.spare],
        equipment=[e.value for e in body.equipment] if body.equipment else None,
        weeks=body.weeks,
        method=body.method.value if isinstance(body.method, Method) else None,
        split=body.split.value if body.split else None,
        weekly_sets=body.weekly_sets,
        spotter=body.spotter,
    )
    return ProgramOut.model_validate(programs.as_dict(programs.generate(request, logbook_of(site, subject))))
