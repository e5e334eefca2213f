"""Pages: the Plan page. Build a session, see its pairs and the checker's findings, edit it,
swap exercises for ones that keep the pairs valid, save it as a template, start it.

The plan text travels with every form (a hidden field), so the server keeps no draft. An
edit is a POST that answers with the page itself rather than a redirect: the plan text can
run to kilobytes, too long to carry in a URL, and re-sending the same edit (a reload) gives
the same plan, so the browser's "send again?" does no harm. Saving a template does
redirect (POST-redirect-GET): the saved template reloads the page by its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from exhaust.domain.errors import ExhaustError
from exhaust.domain.exercises import Equipment, Exercise
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import METHODS, Method
from exhaust.domain.muscles import Muscle, MuscleGroup, muscles_in
from exhaust.domain.plans import Block, Experience, Goal, Plan, Prescription
from exhaust.domain.rules import Finding, Severity
from exhaust.services import inputs, plan_editing, prediction
from exhaust.services.accounts import Account
from exhaust.services.catalogue import get_catalogue
from exhaust.services.plan_editing import (
    MAX_PLAN_TEXT,
    CheckedPlan,
    ItemAlternatives,
    ItemEdit,
    PairOption,
    TemplateExists,
    TemplateNotFound,
)
from exhaust.web.deps import Csrf, PageSubject, PageUser, Site, logbook_of
from exhaust.web.templating import redirect, render, with_athlete

router = APIRouter(dependencies=[Csrf])

Short = Annotated[str, Form(max_length=200)]
Number = Annotated[str, Form(max_length=8)]
Text = Annotated[str, Form(max_length=MAX_PLAN_TEXT)]
Choices = Annotated[list[str] | None, Form(max_length=40)]


# --- what the template is given ---------------------------------------------------------------


@dataclass
class BuildForm:
    """The build form's values (from the query, or read back from a loaded plan)."""

    method: str = Method.PRE_EXHAUST.value
    targets: set[str] = field(default_factory=set)
    experience: str = Experience.INTERMEDIATE.value
    goal: str = Goal.HYPERTROPHY.value
    equipment: set[str] = field(default_factory=set)
    spotter: bool = False

    @classmethod
    def of(cls, plan: Plan, equipment: tuple[Equipment, ...] | None) -> BuildForm:
        first = plan.sessions[0] if plan.sessions else None
        return cls(
            method=(first.method.value if first and first.method else Method.TRADITIONAL.value),
            targets={m.value for m in first.targets} if first else set(),
            experience=(plan.experience or Experience.INTERMEDIATE).value,
            goal=(plan.goal or Goal.HYPERTROPHY).value,
            equipment={e.value for e in equipment or ()},
            spotter=plan.spotter,
        )


@dataclass
class ItemView:
    session: int
    label: str
    exercise: Exercise
    item: Prescription
    alternatives: ItemAlternatives
    findings: list[Finding]
    last: bool  # the block's last item: its rest is between rounds

    @property
    def key(self) -> str:
        return f"{self.session}:{self.label}"


@dataclass
class BlockView:
    block: Block
    items: list[ItemView]


@dataclass
class SessionView:
    index: int
    name: str
    method: Method | None
    targets: tuple[Muscle, ...]
    notes: tuple[str, ...]
    blocks: list[BlockView]
    pairs: list[tuple[Muscle, list[PairOption]]]


def rest_text(seconds: int | None) -> str:
    if seconds is None:
        return "rest as needed"
    if seconds == 0:
        return "no rest"
    if seconds < 60:
        return f"rest {seconds} s"
    minutes, secs = divmod(seconds, 60)
    return f"rest {minutes} min" if not secs else f"rest {minutes}:{secs:02d} min"


def seeds(source: str) -> str:
    several = "," in source or " and " in source
    return f"seed{'s' if several else ''} {source}"


def _sessions(result: CheckedPlan, equipment: tuple[Equipment, ...] | None) -> list[SessionView]:
    catalogue = get_catalogue()
    alternatives = plan_editing.all_alternatives(result.plan, equipment)
    by_line: dict[int, list[Finding]] = {}
    for f in result.findings:
        by_line.setdefault(f.line, []).append(f)
    out = []
    for s, session in enumerate(result.plan.sessions):
        blocks = [
            BlockView(
                block,
                [
                    ItemView(
                        s,
                        block.item_label(i),
                        catalogue.get(item.exercise_id),
                        item,
                        alternatives[(s, block.item_label(i))],
                        by_line.get(item.line, []),
                        i == len(block.items) - 1,
                    )
                    for i, item in enumerate(block.items)
                ],
            )
            for block in session.blocks
        ]
        out.append(
            SessionView(
                s,
                session.name,
                session.method,
                session.targets,
                session.notes,
                blocks,
                plan_editing.pair_options(result.plan, s, equipment),
            )
        )
    return out


def _page(
    request: Request,
    viewer: Account,
    subject: Account,
    site: Site,
    *,
    form: BuildForm,
    result: CheckedPlan | None = None,
    text: str = "",
    equipment: tuple[Equipment, ...] | None = None,
    error: str = "",
    template_name: str = "",
    status_code: int = 200,
) -> Response:
    labels = plan_editing.line_labels(result.plan) if result else {}
    counts = {s.value: sum(f.severity is s for f in result.findings) for s in Severity} if result else {}
    context: dict[str, Any] = {
        "form": form,
        "methods": [(m, METHODS[m]) for m in Method],
        "muscle_groups": [(g, muscles_in(g)) for g in MuscleGroup],
        "experiences": list(Experience),
        "goals": list(Goal),
        "equipment_choices": list(Equipment),
        "result": result,
        "sessions": _sessions(result, equipment) if result else [],
        "labels": labels,
        "counts": counts,
        "text": result.text if result else text,
        "equipment": [e.value for e in equipment or ()],
        "error": error,
        "templates": plan_editing.list_templates(site.db, subject.id),
        "template_name": template_name or (result.plan.name if result else ""),
        "own": subject.id == viewer.id,
        "rest_text": rest_text,
        "seeds": seeds,
        "MAX_PLAN_TEXT": MAX_PLAN_TEXT,
    }
    return render(request, "plan.html", context, viewer=viewer, subject=subject, status_code=status_code)


def _equipment(values: list[str] | None) -> tuple[Equipment, ...] | None:
    return inputs.equipment(values)


def _number(value: str, what: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ExhaustError(f"{what}: {value!r} is not a whole number") from None


# --- routes ---------------------------------------------------------------------------------


@router.get("/plan")
def plan_page(
    request: Request,
    site: Site,
    viewer: PageUser,
    subject: PageSubject,
    method: Annotated[str | None, Query(max_length=40)] = None,
    target: Annotated[list[str] | None, Query(max_length=40)] = None,
    experience: Annotated[str | None, Query(max_length=20)] = None,
    goal: Annotated[str | None, Query(max_length=20)] = None,
    equipment: Annotated[list[str] | None, Query(max_length=40)] = None,
    spotter: bool = False,
    template: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The build form; with a method and targets, the session built from them; with
    ``template``, one of the subject's templates loaded for editing."""
    form = BuildForm(
        method=method or Method.PRE_EXHAUST.value,
        targets=set(target or ()),
        experience=experience or Experience.INTERMEDIATE.value,
        goal=goal or Goal.HYPERTROPHY.value,
        equipment=set(equipment or ()),
        spotter=spotter,
    )
    try:
        equip = _equipment(equipment)
        if template:
            saved = plan_editing.get_template(site.db, subject.id, template)
            return _text_page(request, viewer, subject, site, saved.text, equip, template_name=saved.name)
        if method is None and not target:
            return _page(request, viewer, subject, site, form=form)
        if not target:
            raise ExhaustError("tick at least one target muscle")
        level, aim = inputs.experience(form.experience), inputs.goal(form.goal)
        assert level is not None and aim is not None
        # The subject's logbook (an athlete's, for their coach): a compound after a pre-exhaust
        # gets the load of their own carry-over on it where they have logged some.
        planned = prediction.plan_session(
            logbook_of(site, subject),
            inputs.method(form.method),
            tuple(inputs.muscle(t) for t in target),
            level,
            aim,
            equip,
            spotter=spotter,
        )
    except TemplateNotFound as exc:
        return _page(request, viewer, subject, site, form=form, error=str(exc), status_code=404)
    except ExhaustError as exc:
        return _page(request, viewer, subject, site, form=form, error=str(exc), status_code=400)
    result = CheckedPlan(planned.plan, planned.text, planned.findings)
    return _page(request, viewer, subject, site, form=form, result=result, equipment=equip)


def _carry_over(site: Site, subject: Account) -> dict[str, CarryOver]:
    """The subject's own carry-over per lift: a plan built with it is judged with it (PRE-LOAD-DROP)."""
    return prediction.carry_overs(logbook_of(site, subject))


def _text_page(
    request: Request,
    viewer: Account,
    subject: Account,
    site: Site,
    text: str,
    equip: tuple[Equipment, ...] | None,
    error: str = "",
    status_code: int = 200,
    template_name: str = "",
) -> Response:
    """The page for a plan text: a saved template, or the plan as it was before a refused
    change (with ``error``, why). A text that does not read is shown with its line."""
    try:
        result = plan_editing.check_text(text, carry_over=_carry_over(site, subject))
    except ExhaustError as exc:
        message = plan_editing.error_text(exc)
        return _page(
            request,
            viewer,
            subject,
            site,
            form=BuildForm(equipment={e.value for e in equip or ()}),
            text=text,
            equipment=equip,
            error=message if error in ("", message) else f"{error} ({message})",
            status_code=status_code,
        )
    return _page(
        request,
        viewer,
        subject,
        site,
        form=BuildForm.of(result.plan, equip),
        result=result,
        equipment=equip,
        error=error,
        status_code=status_code,
        template_name=template_name,
    )


@router.post("/plan/edit")
def edit(
    request: Request,
    site: Site,
    viewer: PageUser,
    subject: PageSubject,
    plan_text: Text,
    item: Short = "",
    session: Number = "0",
    sets: Number = "",
    reps_low: Number = "",
    reps_high: Number = "",
    rest_s: Number = "",
    load: Short = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    exercise: Short = "",
    pair_block: Short = "",
    pair_isolation: Short = "",
    pair_compound: Short = "",
    whole: Short = "",
    equipment: Choices = None,
) -> Response:
    """One item's new numbers and maybe a swap, or a whole pair put into a block. The page's
    item form sends every field (``whole``), so an emptied load or note removes it; a form
    without ``whole`` leaves the fields it does not fill as they are."""
    equip: tuple[Equipment, ...] | None = None
    try:
        equip = _equipment(equipment)
        index = _number(session, "session") or 0
        if pair_block:
            plan = plan_editing.read_plan_text(plan_text)
            edits = plan_editing.pair_edits(plan, index, pair_block, pair_isolation, pair_compound)
        else:
            edits = [
                ItemEdit(
                    item=item,
                    session=index,
                    sets=_number(sets, "sets"),
                    reps_low=_number(reps_low, "reps (low)"),
                    reps_high=_number(reps_high, "reps (high)"),
                    rest_s=_number(rest_s, "rest"),
                    load=load if load or whole else None,
                    note=note if note or whole else None,
                    exercise=exercise or None,
                )
            ]
        result = plan_editing.apply_edits(plan_text, edits, equip, carry_over=_carry_over(site, subject))
    except ExhaustError as exc:
        return _text_page(request, viewer, subject, site, plan_text, equip, plan_editing.error_text(exc), 400)
    return _page(request, viewer, subject, site, form=BuildForm.of(result.plan, equip), result=result, equipment=equip)


@router.post("/plan/check")
def check(
    request: Request,
    site: Site,
    viewer: PageUser,
    subject: PageSubject,
    plan_text: Text,
    experience: Annotated[str, Form(max_length=20)] = "",
    goal: Annotated[str, Form(max_length=20)] = "",
    equipment: Choices = None,
) -> Response:
    """A pasted plan text: its findings by line, and the plan loaded for editing."""
    equip: tuple[Equipment, ...] | None = None
    try:
        equip = _equipment(equipment)
        result = plan_editing.check_text(
            plan_text, inputs.experience(experience), inputs.goal(goal), _carry_over(site, subject)
        )
    except ExhaustError as exc:
        return _page(
            request,
            viewer,
            subject,
            site,
            form=BuildForm(equipment={e.value for e in equip or ()}),
            text=plan_text,
            equipment=equip,
            error=plan_editing.error_text(exc),
            status_code=400,
        )
    return _page(request, viewer, subject, site, form=BuildForm.of(result.plan, equip), result=result, equipment=equip)


@router.post("/plan/save")
def save(
    request: Request,
    site: Site,
    viewer: PageUser,
    subject: PageSubject,
    plan_text: Text,
    name: Short = "",
    replace: Annotated[str, Form(max_length=10)] = "",
    equipment: Choices = None,
) -> Response:
    """Keep the plan as a template in the subject's logbook: your own, or as a coach an
    athlete's (the one write a coach may make for an athlete)."""
    equip: tuple[Equipment, ...] | None = None
    try:
        equip = _equipment(equipment)
        saved = plan_editing.save_template(site.db, subject.id, name, plan_text, replace=bool(replace))
    except TemplateExists as exc:
        return _text_page(request, viewer, subject, site, plan_text, equip, str(exc), 409, template_name=name)
    except ExhaustError as exc:
        return _text_page(request, viewer, subject, site, plan_text, equip, plan_editing.error_text(exc), 400, name)
    whose = "your" if subject.id == viewer.id else f"{subject.name}'s"
    query = urlencode([("template", saved.name), *(("equipment", e.value) for e in equip or ())])
    return redirect(
        request,
        with_athlete(f"/plan?{query}", subject, viewer),
        flash=("info", f"Saved the template {saved.name!r} in {whose} logbook."),
    )
