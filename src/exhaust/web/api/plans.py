"""API: build a session, check and edit plan text, the valid swaps of an item, and templates.

The plan text (the plan file format) is what a client keeps between calls: every call that
changes a plan takes the text and answers with the new text, its structure and the
checker's findings. Text that cannot be read is refused with 400 and the line at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from exhaust.domain.errors import PlanFileError
from exhaust.domain.exercises import Equipment
from exhaust.domain.methods import Method
from exhaust.domain.plans import Experience, Goal, Plan
from exhaust.domain.rules import Finding
from exhaust.services import inputs, plan_editing, prediction
from exhaust.services.catalogue import get_catalogue
from exhaust.services.plan_editing import MAX_PLAN_TEXT, CheckedPlan, ItemAlternatives, TemplateExists, TemplateNotFound
from exhaust.web.deps import ApiSubject, ApiUser, Csrf, Site, logbook_of


class PlanErrors(APIRoute):
    """Routes whose errors carry more than a message: a plan text's line (400), a template
    that exists (409) or is not there (404)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await handle(request)
            except PlanFileError as exc:
                return JSONResponse({"detail": plan_editing.error_text(exc), "line": exc.line}, status_code=400)
            except TemplateExists as exc:
                return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_409_CONFLICT)
            except TemplateNotFound as exc:
                return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_404_NOT_FOUND)

        return handler


router = APIRouter(dependencies=[Csrf], route_class=PlanErrors)

EXAMPLE_PLAN = (
    "session: Chest\nmethod: pre-exhaust\ntarget: chest\n\n"
    "A1  Cable Fly    2 x 12-15  RIR 2  rest 60s\nA2  Bench Press  3 x 6-10   62.5%  rest 2m\n"
)
PlanText = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_PLAN_TEXT,
        description="A plan in the plan file format (`exhaust plan --out`, or what a previous call returned).",
        examples=[EXAMPLE_PLAN],
    ),
]


class PlanTextError(BaseModel):
    detail: str = Field(description="What is wrong and what to do (naming the line, when it is the text's fault).")
    line: int | None = Field(
        default=None, description="The line of the plan text at fault (1 is the first); absent for a refused edit."
    )


class Message(BaseModel):
    detail: str


PLAN_TEXT_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": PlanTextError, "description": "The plan text cannot be read, or an edit was refused."}
}


# --- what comes back ---------------------------------------------------------------------------


class FindingOut(BaseModel):
    rule: str = Field(description="The guardrail's id, e.g. PRE-ISO-REPS.")
    severity: str = Field(description="error, warning or info.")
    message: str = Field(description="What is wrong and what to change, with the source that says so.")
    source: str = Field(description="The seed article(s) stating the rule, e.g. '000, 002'.")
    line: int = Field(description="The line of the plan text it is about.")
    session: str
    item: str | None = Field(description="The item on that line (A1, B…), if it is an exercise line.")


class ItemOut(BaseModel):
    label: str = Field(description="A, B … alone; A1, A2 … inside a linked block.")
    exercise_id: str
    exercise: str
    mechanic: str
    sets: int
    reps_low: int
    reps_high: int
    reps: str = Field(description="The rep range as written: '12-15' or '8'.")
    load: str | None = Field(description="'62.5% 1RM', 'RIR 2', 'RPE 8', '80 kg'; null: none prescribed.")
    rest_s: int | None = Field(
        description="Rest after each set: inside a linked block, before its next exercise; on a block's last "
        "item, between rounds."
    )
    note: str
    line: int


class BlockOut(BaseModel):
    label: str
    linked: bool = Field(description="A linked pair or superset (A1/A2), done back to back.")
    items: list[ItemOut]
    rest_between_rounds_s: int | None = Field(description="The rest after the block's last item.")


class SessionOut(BaseModel):
    index: int = Field(description="0 for the first session; say it in an edit when labels repeat.")
    name: str
    method: str | None
    targets: list[str]
    notes: list[str]
    blocks: list[BlockOut]


class PlanOut(BaseModel):
    name: str
    experience: str | None
    goal: str | None
    spotter: bool
    notes: list[str]
    sessions: list[SessionOut]


class CheckedOut(BaseModel):
    plan_text: str = Field(description="Send this text with the next edit.")
    plan: PlanOut
    findings: list[FindingOut]
    errors: int = Field(description="How many findings are errors.")


def findings_out(found: list[Finding], labels: dict[int, str]) -> list[FindingOut]:
    return [
        FindingOut(
            rule=f.rule,
            severity=f.severity.value,
            message=f.message,
            source=f.source,
            line=f.line,
            session=f.session,
            item=labels.get(f.line),
        )
        for f in found
    ]


def plan_out(plan: Plan) -> PlanOut:
    catalogue = get_catalogue()
    sessions = []
    for index, session in enumerate(plan.sessions):
        blocks = []
        for block in session.blocks:
            items = []
            for i, item in enumerate(block.items):
                ex = catalogue.get(item.exercise_id)
                items.append(
                    ItemOut(
                        label=block.item_label(i),
                        exercise_id=ex.id,
                        exercise=ex.name,
                        mechanic=ex.mechanic.value,
                        sets=item.sets,
                        reps_low=item.reps.low,
                        reps_high=item.reps.high,
                        reps=item.reps.text,
                        load=item.load.text if item.load else None,
                        rest_s=item.rest_s,
                        note=item.note,
                        line=item.line,
                    )
                )
            blocks.append(
                BlockOut(
                    label=block.label, linked=block.linked, items=items, rest_between_rounds_s=block.items[-1].rest_s
                )
            )
        sessions.append(
            SessionOut(
                index=index,
                name=session.name,
                method=session.method.value if session.method else None,
                targets=[m.value for m in session.targets],
                notes=list(session.notes),
                blocks=blocks,
            )
        )
    return PlanOut(
        name=plan.name,
        experience=plan.experience.value if plan.experience else None,
        goal=plan.goal.value if plan.goal else None,
        spotter=plan.spotter,
        notes=list(plan.notes),
        sessions=sessions,
    )


def checked_out(result: CheckedPlan) -> CheckedOut:
    return CheckedOut(
        plan_text=result.text,
        plan=plan_out(result.plan),
        findings=findings_out(result.findings, plan_editing.line_labels(result.plan)),
        errors=result.errors,
    )


# --- building -------------------------------------------------------------------------------------


class PlanIn(BaseModel):
    method: Method = Field(description="The ordering method (GET /api/v1/methods).")
    targets: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=1,
        max_length=8,
        description="Target muscles or groups: chest, quads, lats, 'front delts', legs…",
        examples=[["chest"]],
    )
    experience: Experience = Experience.INTERMEDIATE
    goal: Goal = Goal.HYPERTROPHY
    equipment: list[Equipment] | None = Field(
        default=None, max_length=len(Equipment), description="What you have; null: a full gym."
    )
    spotter: bool = Field(
        default=False, strict=True, description="A spotter is at hand (quiets PRE-SPOTTER, seed 000)."
    )


def _equipment(given: list[Equipment] | None) -> tuple[Equipment, ...] | None:
    return tuple(dict.fromkeys(given)) if given else None


@router.post("/plans", tags=["plans"], responses={400: {"model": Message}})
def build_plan(body: PlanIn, subject: ApiSubject, site: Site) -> CheckedOut:
    """Build a session for a method and targets, with sets, reps, load and rest, and check it.
    A compound after a pre-exhaust gets its load from the lifter's own carry-over on it (a
    coach's `?athlete=ID`: the athlete's) where their logbook has one, else the published one."""
    planned = prediction.plan_session(
        logbook_of(site, subject),
        body.method,
        tuple(inputs.muscle(t) for t in body.targets),
        body.experience,
        body.goal,
        _equipment(body.equipment),
        spotter=body.spotter,
    )
    return checked_out(CheckedPlan(planned.plan, planned.text, planned.findings))


# --- checking and editing --------------------------------------------------------------------------


class CheckIn(BaseModel):
    plan_text: PlanText
    experience: Experience | None = Field(default=None, description="Judge as this level instead of the plan's.")
    goal: Goal | None = Field(default=None, description="Judge for this goal instead of the plan's.")


class CheckOut(BaseModel):
    findings: list[FindingOut]
    errors: int
    warnings: int


@router.post("/plans/check", tags=["plans"], responses=PLAN_TEXT_ERRORS)
def check_plan_text(body: CheckIn, account: ApiUser) -> CheckOut:
    """Every guardrail over a plan text; findings point at its lines."""
    result = plan_editing.check_text(body.plan_text, body.experience, body.goal)
    found = findings_out(result.findings, plan_editing.line_labels(result.plan))
    return CheckOut(findings=found, errors=result.errors, warnings=sum(f.severity == "warning" for f in found))


class EditIn(BaseModel):
    model_config = ConfigDict(strict=True)  # a number is a number: `true` is not 1 set

    item: str = Field(min_length=1, max_length=4, description="The item's label: A1, A2, B …", examples=["A1"])
    session: int | None = Field(default=None, ge=0, le=100, description="0 = the first; only when labels repeat.")
    sets: int | None = Field(default=None, ge=1, le=20)
    reps_low: int | None = Field(default=None, ge=1, le=100)
    reps_high: int | None = Field(default=None, ge=1, le=100)
    rest_s: int | None = Field(default=None, ge=0, le=900, description="Rest after each set, in seconds.")
    load: str | None = Field(
        default=None, max_length=40, description="'70%', 'RIR 2', 'RPE 8', '80kg'; an empty string removes it."
    )
    note: str | None = Field(default=None, max_length=300, description="An empty string removes the note.")
    exercise: str | None = Field(
        default=None,
        max_length=120,
        description="Swap the exercise (a catalogue id or name); it must be one of the item's alternatives.",
    )


class EditsIn(BaseModel):
    plan_text: PlanText
    edits: list[EditIn] = Field(min_length=1, max_length=50, description="Applied in order, all or none.")
    equipment: list[Equipment] | None = Field(
        default=None, max_length=len(Equipment), description="What a swap may use; null: a full gym."
    )
    experience: Experience | None = None
    goal: Goal | None = None


@router.post("/plans/edit", tags=["plans"], responses=PLAN_TEXT_ERRORS)
def edit_plan_text(body: EditsIn, account: ApiUser) -> CheckedOut:
    """Change items' sets, reps, load, rest or note, or swap an exercise for one that keeps its
    pair valid. A swap that would break a pair is refused (400) with the reason and the valid ones."""
    edits = [plan_editing.ItemEdit(**e.model_dump()) for e in body.edits]
    result = plan_editing.apply_edits(body.plan_text, edits, _equipment(body.equipment), body.experience, body.goal)
    return checked_out(result)


class AlternativeOut(BaseModel):
    exercise_id: str
    name: str
    equipment: str
    why: str = Field(description="Why it keeps the block valid.")
    classic_source: str | None = Field(description="The seeds that name this pair a classic, if they do.")


class AlternativesOut(BaseModel):
    session: int
    item: str
    exercise_id: str
    exercise: str
    paired_with: list[str] = Field(description="The items it forms a pair with (empty: it stands alone).")
    alternatives: list[AlternativeOut] = Field(description="Valid swaps, best first.")


class AlternativesIn(BaseModel):
    plan_text: PlanText
    item: str = Field(min_length=1, max_length=4, examples=["A1"])
    session: int | None = Field(default=None, ge=0, le=100)
    equipment: list[Equipment] | None = Field(default=None, max_length=len(Equipment))


def alternatives_out(found: ItemAlternatives) -> AlternativesOut:
    return AlternativesOut(
        session=found.session,
        item=found.label,
        exercise_id=found.exercise.id,
        exercise=found.exercise.name,
        paired_with=list(found.partners),
        alternatives=[
            AlternativeOut(
                exercise_id=a.exercise.id,
                name=a.exercise.name,
                equipment=a.exercise.equipment.value,
                why=a.why,
                classic_source=a.classic,
            )
            for a in found.alternatives
        ],
    )


@router.post("/plans/alternatives", tags=["plans"], responses=PLAN_TEXT_ERRORS)
def alternatives(body: AlternativesIn, account: ApiUser) -> AlternativesOut:
    """The exercises an item may be swapped for: in a pair, the same mechanic that keeps the pair
    valid (PAIR-SAME-MUSCLE); alone, the same mechanic with the same prime mover."""
    plan = plan_editing.read_plan_text(body.plan_text)
    return alternatives_out(plan_editing.alternatives(plan, body.item, body.session, _equipment(body.equipment)))


@router.get("/plans/alternatives", tags=["plans"], responses=PLAN_TEXT_ERRORS)
def alternatives_by_query(
    account: ApiUser,
    plan_text: Annotated[str, Query(min_length=1, max_length=MAX_PLAN_TEXT)],
    item: Annotated[str, Query(min_length=1, max_length=4)],
    session: Annotated[int | None, Query(ge=0, le=100)] = None,
    equipment: Annotated[list[Equipment] | None, Query()] = None,
) -> AlternativesOut:
    """As POST /plans/alternatives, for a plan text short enough for a URL."""
    plan = plan_editing.read_plan_text(plan_text)
    return alternatives_out(plan_editing.alternatives(plan, item, session, _equipment(equipment)))


# --- templates -------------------------------------------------------------------------------------


class TemplateInfo(BaseModel):
    name: str
    exercises: int | None = Field(description="Exercises in it; null when its text no longer reads as a plan.")
    created_at: datetime


class TemplateOut(TemplateInfo):
    plan_text: str


class TemplateIn(BaseModel):
    name: str = Field(min_length=1, max_length=plan_editing.MAX_TEMPLATE_NAME, examples=["Chest day"])
    plan_text: PlanText
    replace: bool = Field(default=False, description="Overwrite a template of that name (else 409).")


def _template_out(t: plan_editing.Template) -> TemplateOut:
    return TemplateOut(name=t.name, exercises=t.exercises, created_at=t.created_at, plan_text=t.text)


NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"model": Message, "description": "No such template, or `athlete` is not one of yours."}
}


@router.get("/templates", tags=["templates"], responses=NOT_YOURS)
def list_templates(subject: ApiSubject, site: Site) -> list[TemplateInfo]:
    """Your templates (a coach: `?athlete=ID` for an athlete's)."""
    return [
        TemplateInfo(name=t.name, exercises=t.exercises, created_at=t.created_at)
        for t in plan_editing.list_templates(site.db, subject.id)
    ]


@router.post(
    "/templates",
    tags=["templates"],
    status_code=status.HTTP_201_CREATED,
    responses={
        **PLAN_TEXT_ERRORS,
        **NOT_YOURS,
        409: {"model": Message, "description": "A template of that name exists."},
    },
)
def save_template(body: TemplateIn, subject: ApiSubject, site: Site) -> TemplateOut:
    """Keep a plan as a template, to start workouts from. A coach may save one into an athlete's
    logbook with `?athlete=ID`."""
    saved = plan_editing.save_template(site.db, subject.id, body.name, body.plan_text, body.replace)
    return _template_out(saved)


@router.get("/templates/{name:path}", tags=["templates"], responses=NOT_YOURS)
def get_template(name: str, subject: ApiSubject, site: Site) -> TemplateOut:
    return _template_out(plan_editing.get_template(site.db, subject.id, name))
