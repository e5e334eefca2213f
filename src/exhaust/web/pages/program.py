"""Pages: whole programmes (issue 8). A form asks for days, minutes, goal, experience, lagging
muscles, joints to spare, equipment, weeks, method, split and a weekly-sets band; the service
(services/programs.py, CP-SAT) answers with a week, or a block of weeks, which the page shows
session by session with the weekly sets per muscle against their bands, each session's minutes
against the limit, the reasons and the checker's findings.

Generating changes nothing, but the form is a POST (as the brief of the page asks) that answers
with the page itself; sending it again gives the same programme (the solver is deterministic).
The download is a POST of the same fields: the programme is made again and sent as a `.plan`
file, so what is downloaded is always what the service makes, never text from the browser.
Week 1 goes on to the Plan page's own forms (/plan/check to edit and start it, /plan/save to
keep a session or the week as a template): nothing of theirs is done again here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from exhaust.domain.errors import BadInput, ExhaustError
from exhaust.domain.exercises import Equipment, Exercise, Joint
from exhaust.domain.methods import METHODS, Method
from exhaust.domain.muscles import Muscle, MuscleGroup, muscles_in
from exhaust.domain.planfile import format_plan
from exhaust.domain.plans import Block, Experience, Goal, Plan, Prescription, Session
from exhaust.domain.programs.request import (
    DEFAULT_SPLIT,
    MAX_DAYS,
    MAX_MINUTES,
    MAX_WEEKS,
    MIN_DAYS,
    MIN_MINUTES,
    SPLIT_WHY,
    ProgramRequest,
    Split,
)
from exhaust.domain.rules import Severity
from exhaust.services import plan_editing, programs
from exhaust.services.accounts import Account
from exhaust.services.catalogue import get_catalogue
from exhaust.services.programs import GeneratedProgram
from exhaust.web.deps import Csrf, PageSubject, PageUser, Site, logbook_of
from exhaust.web.pages.plan import rest_text, seeds
from exhaust.web.templating import render

router = APIRouter(dependencies=[Csrf])

Short = Annotated[str, Form(max_length=40)]
Choices = Annotated[list[str] | None, Form(max_length=40)]
AUTO = "auto"


# --- the form ---------------------------------------------------------------------------------


@dataclass
class ProgramForm:
    """The form's values as typed (kept as text, so a refused request shows them again)."""

    days: str = "3"
    minutes: str = "75"
    goal: str = Goal.HYPERTROPHY.value
    experience: str = Experience.INTERMEDIATE.value
    lagging: list[str] = field(default_factory=list)
    spare: list[str] = field(default_factory=list)
    equipment: list[str] = field(default_factory=list)
    weeks: str = "1"
    method: str = AUTO
    split: str = ""
    weekly_sets: str = ""
    spotter: bool = False

    def request(self) -> ProgramRequest:
        return programs.request_from(
            days=_whole(self.days, "days", MIN_DAYS, MAX_DAYS, "training days a week"),
            minutes=_whole(self.minutes, "minutes", MIN_MINUTES, MAX_MINUTES, "minutes a session"),
            goal=self.goal,
            experience=self.experience,
            lagging=self.lagging,
            spare=self.spare,
            equipment=self.equipment or None,
            weeks=_whole(self.weeks, "weeks", 1, MAX_WEEKS, "weeks") if self.weeks.strip() else 1,
            method=self.method or AUTO,
            split=self.split or None,
            weekly_sets=self.weekly_sets or None,
            spotter=self.spotter,
        )

    def fields(self) -> list[tuple[str, str]]:
        """The values as (name, value) pairs: the download form sends them again."""
        pairs = [
            ("days", self.days),
            ("minutes", self.minutes),
            ("goal", self.goal),
            ("experience", self.experience),
            *(("lagging", m) for m in self.lagging),
            *(("spare", j) for j in self.spare),
            *(("equipment", e) for e in self.equipment),
            ("weeks", self.weeks),
            ("method", self.method),
            ("split", self.split),
            ("weekly_sets", self.weekly_sets),
        ]
        return [*pairs, ("spotter", "true")] if self.spotter else pairs


def _whole(value: str, what: str, low: int, high: int, unit: str) -> int:
    """A whole number in its bounds, or what the form expects (an empty or written-out value never
    reaches the service, which takes numbers)."""
    value = value.strip()
    if re.fullmatch(r"\d{1,4}", value) and low <= int(value) <= high:
        return int(value)
    hint = f"give {low} to {high} {unit}"
    raise BadInput(f"{what} {value!r}: {hint}" if value else f"{what}: {hint}")


async def program_form(
    days: Short = "",
    minutes: Short = "",
    goal: Short = "",
    experience: Short = "",
    lagging: Choices = None,
    spare: Choices = None,
    equipment: Choices = None,
    weeks: Short = "",
    method: Short = "",
    split: Short = "",
    weekly_sets: Short = "",
    spotter: Short = "",
) -> ProgramForm:
    return ProgramForm(
        days=days,
        minutes=minutes,
        goal=goal,
        experience=experience,
        lagging=[v for v in lagging or () if v],
        spare=[v for v in spare or () if v],
        equipment=[v for v in equipment or () if v],
        weeks=weeks,
        method=method or AUTO,
        split=split,
        weekly_sets=weekly_sets,
        spotter=bool(spotter),
    )


FormValues = Annotated[ProgramForm, Depends(program_form)]


# --- what the template is given -----------------------------------------------------------------


@dataclass
class ItemView:
    label: str
    exercise: Exercise
    item: Prescription
    last: bool  # the block's last item: its rest is between rounds


@dataclass
class BlockView:
    block: Block
    items: list[ItemView]


@dataclass
class SessionView:
    session: Session
    blocks: list[BlockView]
    minutes: int
    text: str  # this session alone, as a plan file (to keep as a template)


@dataclass
class BandView:
    muscle: Muscle
    sets: float
    low: float
    high: float
    lagging: bool

    @property
    def status(self) -> str:
        if self.sets < self.low:
            return "below"
        return "above" if self.sets > self.high else "in band"


def _text(plan: Plan) -> str:
    return format_plan(plan, plan_editing.exercise_name)


def _sessions(generated: GeneratedProgram) -> list[SessionView]:
    catalogue = get_catalogue()
    week = generated.program.first_week
    out = []
    for session, (_, minutes) in zip(week.sessions, generated.program.minutes, strict=True):
        blocks = [
            BlockView(
                block,
                [
                    ItemView(block.item_label(i), catalogue.get(item.exercise_id), item, i == len(block.items) - 1)
                    for i, item in enumerate(block.items)
                ],
            )
            for block in session.blocks
        ]
        alone = week.model_copy(update={"name": session.name, "sessions": (session,)})
        out.append(SessionView(session, blocks, minutes, _text(alone)))
    return out


def _bands(generated: GeneratedProgram) -> list[BandView]:
    return [BandView(band.muscle, sets, band.low, band.high, band.lagging) for band, sets in generated.program.trained]


def filename(generated: GeneratedProgram) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", generated.plan.name.lower()).strip("-")
    return f"{slug or 'programme'}.plan"


def _page(
    request: Request,
    viewer: Account,
    subject: Account,
    *,
    form: ProgramForm,
    generated: GeneratedProgram | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "form": form,
        "error": error,
        "methods": [(m, METHODS[m]) for m in Method],
        "splits": [(s, SPLIT_WHY[s]) for s in Split],
        "default_splits": [(days, split) for days, split in sorted(DEFAULT_SPLIT.items())],
        "muscle_groups": [(g, muscles_in(g)) for g in MuscleGroup],
        "joints": list(Joint),
        "experiences": list(Experience),
        "goals": list(Goal),
        "equipment_choices": list(Equipment),
        "limits": {
            "days": (MIN_DAYS, MAX_DAYS),
            "minutes": (MIN_MINUTES, MAX_MINUTES),
            "weeks": (1, MAX_WEEKS),
        },
        "own": subject.id == viewer.id,
        "generated": generated,
        "rest_text": rest_text,
        "seeds": seeds,
    }
    if generated is not None:
        program = generated.program
        asked = program.problem.request
        week = program.first_week
        context.update(
            plan=generated.plan,
            split=asked.chosen_split,
            weeks=asked.weeks,
            weeks_note=program.weeks_note,
            limit=asked.minutes,
            sessions=_sessions(generated),
            bands=_bands(generated),
            explanations=program.explanations,
            progression=[n for n in generated.plan.notes if n.startswith("Double progression")],
            findings=generated.findings,
            labels=plan_editing.line_labels(generated.plan),
            counts={s.value: sum(f.severity is s for f in generated.findings) for s in Severity},
            plan_file=generated.text,
            week_text=_text(week),
            week_name=week.name,
            filename=filename(generated),
        )
    return render(request, "program.html", context, viewer=viewer, subject=subject, status_code=status_code)


def _generate(site: Site, subject: Account, form: ProgramForm) -> GeneratedProgram:
    request = form.request()
    # The subject's logbook (an athlete's, for their coach): a compound after a pre-exhaust
    # gets the load of their own carry-over where they have logged some.
    return programs.generate(request, logbook_of(site, subject))


# --- routes -----------------------------------------------------------------------------------


@router.get("/plan/program")
def program_page(request: Request, viewer: PageUser, subject: PageSubject) -> Response:
    """The programme form."""
    return _page(request, viewer, subject, form=ProgramForm())


@router.post("/plan/program")
def generate(request: Request, site: Site, viewer: PageUser, subject: PageSubject, form: FormValues) -> Response:
    """The programme for the form's asks; when none meets them all, the form again with what
    clashes and what to change (422)."""
    try:
        generated = _generate(site, subject, form)
    except ExhaustError as exc:  # CannotPlan, BadInput: said in the form, the values kept
        return _page(request, viewer, subject, form=form, error=str(exc), status_code=422)
    return _page(request, viewer, subject, form=form, generated=generated)


@router.post("/plan/program/download")
def download(request: Request, site: Site, viewer: PageUser, subject: PageSubject, form: FormValues) -> Response:
    """The programme's plan file (every week), as a download that `exhaust check` reads."""
    try:
        generated = _generate(site, subject, form)
    except ExhaustError as exc:
        return _page(request, viewer, subject, form=form, error=str(exc), status_code=422)
    return Response(
        generated.text,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename(generated)}"'},
    )
