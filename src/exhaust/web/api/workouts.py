"""API: the workout being trained: start it, read it, log sets into it, finish it.

Sets are only ever logged into the signed-in user's own open workout. Logging a set is the
hot path of the app (a gym full of phones): a plain ``def`` route on the threadpool, a few
indexed queries, and the stored set as the answer, never the whole workout.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Body, Header, HTTPException, Response, status
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from exhaust.domain.logbook import SetType, WeightUnit
from exhaust.services.logbook import KeyConflict, NoOpenWorkout, SetEntry, SetView, WorkoutStillOpen, WorkoutView
from exhaust.services.training import (
    FreeItem,
    NextSet,
    SetSlot,
    TodayBlock,
    TodayItem,
    TodayView,
    Training,
    expectation_dict,
)
from exhaust.web.api.history import SetOut
from exhaust.web.deps import ApiSubject, ApiUser, Csrf, Site, logbook_of

router = APIRouter(dependencies=[Csrf], tags=["workouts"])

IDEMPOTENCY_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
NO_WORKOUT = "no workout is open; start one with POST /api/v1/workouts (or Start on the Today page)"


def _printable(value: str | None) -> str | None:
    if value is not None and any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise ValueError("control characters are not allowed")
    return value


Text = Annotated[str, AfterValidator(_printable)]


# --- bodies ------------------------------------------------------------------------------


class StartWorkoutIn(BaseModel):
    template: Text | None = Field(None, max_length=120, description="Start from this saved template (its name).")
    plan_text: Text | None = Field(
        None, max_length=50_000, description="Or from a plan in the plan-file format (the Plan page's text)."
    )
    session: Text | None = Field(
        None, max_length=200, description="Which session of the template or plan; needed when it has several."
    )
    name: Text | None = Field(None, max_length=200, description="The workout's name (default: the session's).")


class LogSetIn(BaseModel):
    exercise: Text = Field(
        min_length=1, max_length=200, description="The exercise: catalogue id, name or alias ('bench press')."
    )
    weight: Decimal | None = Field(
        None, ge=0, le=2500, description="The weight lifted, in `unit`, to 0.001; null: bodyweight / no load."
    )
    unit: WeightUnit | None = Field(None, description="kg or lb; null: the lifter's preferred unit.")
    reps: int = Field(ge=0, le=100, description="Repetitions done.")
    rpe: Decimal | None = Field(None, ge=1, le=10, description="Rate of perceived exertion, 1-10 in halves.")
    rir: int | None = Field(None, ge=0, le=10, description="Reps in reserve (give RPE or RIR, not both).")
    set_type: SetType = Field(SetType.WORKING, description="working, warmup, drop or failure.")
    rest_s: int | None = Field(None, ge=0, le=3600, description="Rest taken before this set, in seconds.")
    notes: Text = Field("", max_length=2000, description="Pump quality, perceived exhaustion…")
    block: Text | None = Field(
        None,
        max_length=8,
        pattern=r"^[A-Za-z0-9]*$",
        description="Block label (A, A1, A2…); null: the plan's label for this exercise.",
    )
    logged_at: AwareDatetime | None = Field(
        None,
        description=(
            "When the set was done, with its time zone (sets sent late from an offline queue). Up to 5 minutes "
            "ahead of the server's clock reads as now, further ahead is refused (400); a time before the "
            "workout started reads as its start. Null: now."
        ),
    )
    custom: bool = Field(False, description="Not in the catalogue: keep the exercise as your own, by this name.")


class FinishWorkoutIn(BaseModel):
    notes: Text | None = Field(None, max_length=5000, description="Notes on the whole workout.")


# --- answers -----------------------------------------------------------------------------


class WorkoutSetsOut(BaseModel):
    id: int
    uid: str
    name: str
    started_at: datetime
    ended_at: datetime | None
    notes: str
    plan: str
    session: str
    volume_kg: float = Field(description="Working sets' weight × reps.")
    sets: list[SetOut]


class TodaySlotOut(BaseModel):
    number: int = Field(description="Set 1, 2… of its exercise.")
    order: int = Field(description="Its place in the session's round-by-round order, from 1; 0: beyond the plan.")
    rest_s: int = Field(description="The rest after this set, in seconds (the timer's).")
    rest_kind: str = Field(description="pair: before the block's next exercise; round: between rounds; set.")
    rest_planned: bool = Field(description="False: the plan gives no rest and the timer uses a default.")
    then: str = Field(description="What follows the rest.")
    weight: float | None = Field(description="Pre-filled weight.")
    reps: int | None = Field(description="Pre-filled reps.")
    unit: str
    done: bool
    set: SetOut | None = Field(description="The set logged in this slot.")


class TodayItemOut(BaseModel):
    label: str = Field(description="A1, A2, B…")
    exercise_id: str
    exercise: str
    sets: int
    reps: str = Field(description="The planned rep range, '6-10'.")
    load: str = Field(description="The planned load, '62.5% 1RM', 'RIR 2', '80 kg'; '' if none.")
    rest_s: int | None = Field(description="Planned rest after each set (in a linked block, see rest_kind).")
    note: str
    weight: float | None = Field(description="What to lift, as `basis` says.")
    unit: str
    basis: str
    last_time: list[SetOut]
    warmups: list[SetOut]
    slots: list[TodaySlotOut]


class CarryOverOut(BaseModel):
    mean: float
    sd: float
    n: int = Field(description="Logged sets it was learnt from; 0: the published default.")
    personal: bool = Field(description="Learnt from this lifter's logbook.")


class ExpectationOut(BaseModel):
    text: str = Field(description="'after the Cable Fly, expect 6–7 reps at 72.5 kg'.")
    why: str = Field(description="The muscle that gives out first, and where the carry-over comes from.")
    exercise_id: str
    after: str = Field(description="The isolation before it.")
    reps: list[int] = Field(min_length=2, max_length=2, description="[low, high] reps to failure to expect.")
    weight: float | None = Field(description="In `unit`; null when the lifter has no e1RM (see `percent`).")
    unit: str
    percent: float = Field(description="The load as a percentage of the lifter's 1RM.")
    limiting: str = Field(description="The muscle expected to end the set (the weak link).")
    limiting_fresh: str = Field(description="The one that would end it fresh.")
    carry_over: CarryOverOut


class TodayBlockOut(BaseModel):
    label: str
    linked: bool = Field(description="A pair or superset (A1/A2), trained round by round.")
    title: str
    rest_summary: str
    items: list[TodayItemOut]
    expect: dict[str, ExpectationOut] = Field(
        description="By item label (A2): what to expect on a compound after its pre-exhaust isolation (issue 7)."
    )


class TodayOtherOut(BaseModel):
    exercise_id: str
    exercise: str
    log_name: str = Field(description="What to send as `exercise` for another set of it.")
    weight: float | None
    reps: int | None
    unit: str
    sets: list[SetOut]


class NextSetOut(BaseModel):
    label: str
    exercise: str
    number: int
    order: int


class TodayOut(BaseModel):
    workout: WorkoutSetsOut
    planned: bool = Field(description="Follows a plan session; false: free logging.")
    planned_sets: int
    blocks: list[TodayBlockOut]
    others: list[TodayOtherOut] = Field(description="Sets of exercises outside the plan, by exercise.")
    next: NextSetOut | None = Field(description="The next planned set to do; null when all are done.")


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def set_out(s: SetView) -> SetOut:
    """The same shape as the history API's sets (api/history.py)."""
    return SetOut.of(s, s.workout_id)


def workout_out(w: WorkoutView) -> WorkoutSetsOut:
    return WorkoutSetsOut(
        id=w.id,
        uid=w.uid,
        name=w.name,
        started_at=w.started_at,
        ended_at=w.ended_at,
        notes=w.notes,
        plan=w.plan_name,
        session=w.session_name,
        volume_kg=float(w.volume_kg),
        sets=[set_out(s) for s in w.sets],
    )


def _slot(s: SetSlot) -> TodaySlotOut:
    return TodaySlotOut(
        number=s.number,
        order=s.order,
        rest_s=s.rest_s,
        rest_kind=s.rest_kind.value,
        rest_planned=s.rest_planned,
        then=s.then,
        weight=_num(s.weight),
        reps=s.reps,
        unit=s.unit,
        done=s.done,
        set=set_out(s.logged) if s.logged else None,
    )


def _item(i: TodayItem) -> TodayItemOut:
    return TodayItemOut(
        label=i.label,
        exercise_id=i.exercise_id,
        exercise=i.exercise,
        sets=i.sets,
        reps=i.reps_text,
        load=i.load_text,
        rest_s=i.rest_s,
        note=i.note,
        weight=_num(i.weight),
        unit=i.unit,
        basis=i.basis,
        last_time=[set_out(s) for s in i.last_time],
        warmups=[set_out(s) for s in i.warmups],
        slots=[_slot(s) for s in i.slots],
    )


def _block(b: TodayBlock) -> TodayBlockOut:
    return TodayBlockOut(
        label=b.label,
        linked=b.linked,
        title=b.title,
        rest_summary=b.rest_summary,
        items=[_item(i) for i in b.items],
        expect={label: ExpectationOut.model_validate(expectation_dict(e)) for label, e in b.expect.items()},
    )


def _free(f: FreeItem) -> TodayOtherOut:
    return TodayOtherOut(
        exercise_id=f.exercise_id,
        exercise=f.exercise,
        log_name=f.log_name,
        weight=_num(f.weight),
        reps=f.reps,
        unit=f.unit,
        sets=[set_out(s) for s in f.sets],
    )


def _next(n: NextSet | None) -> NextSetOut | None:
    return None if n is None else NextSetOut(label=n.label, exercise=n.exercise, number=n.number, order=n.order)


def today_out(view: TodayView) -> TodayOut:
    return TodayOut(
        workout=workout_out(view.workout),
        planned=view.planned,
        planned_sets=view.planned_sets,
        blocks=[_block(b) for b in view.blocks],
        others=[_free(f) for f in view.others],
        next=_next(view.next),
    )


# --- routes ------------------------------------------------------------------------------

_ERRORS: dict[int | str, dict[str, str]] = {
    400: {"description": "Not possible as asked; `detail` says why and what to do."},
    401: {"description": "Not signed in."},
}


@router.post(
    "/workouts",
    status_code=status.HTTP_201_CREATED,
    responses={**_ERRORS, 409: {"description": "A workout is open already; finish it first."}},
)
def start_workout(site: Site, user: ApiUser, body: StartWorkoutIn) -> TodayOut:
    """Start a workout: from a saved `template`, from a plan's text (`plan_text`), or free
    (neither). Answers the workout as the Today page shows it."""
    try:
        view = Training(logbook_of(site, user)).start(
            template=body.template, plan_text=body.plan_text, session=body.session, name=body.name
        )
    except WorkoutStillOpen as exc:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            f"workout {exc.workout_id} ({exc.name or 'unnamed'}, started {exc.started_at:%Y-%m-%d %H:%M} UTC) "
            "is still open; finish it first with POST /api/v1/workouts/current/finish (or Finish on the Today page)",
        ) from None
    return today_out(view)


@router.get("/workouts/current", responses={**_ERRORS, 404: {"description": "No workout is open."}})
def current_workout(site: Site, subject: ApiSubject) -> TodayOut:
    """The open workout as it is trained: its plan's blocks (A1/A2 linked, trained round by
    round) with each set pre-filled, the sets logged so far, and the next set to do."""
    view = Training(logbook_of(site, subject)).today()
    if view is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NO_WORKOUT)
    return today_out(view)


@router.post(
    "/workouts/current/sets",
    status_code=status.HTTP_201_CREATED,
    response_model=SetOut,
    responses={
        200: {"description": "This Idempotency-Key stored a set already: that set, unchanged.", "model": SetOut},
        **_ERRORS,
        404: {"description": "No workout is open."},
        409: {"description": "The Idempotency-Key is in use by a set that is not yours."},
    },
)
async def log_set(
    site: Site,
    user: ApiUser,
    body: LogSetIn,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=IDEMPOTENCY_PATTERN,
            description=(
                "1 to 64 letters, digits, '-' or '_', new for every set (a UUID). Send the same key again "
                "(a retry after a lost answer) and the set is stored once: 201 the first time, then 200 "
                "with the same set. Without a key a retry may store the set twice."
            ),
        ),
    ] = None,
) -> Response:
    """Log one set into your open workout (201). A set sent again with its Idempotency-Key
    is not stored twice (200, the stored set)."""
    # On the event loop: the checks are quick and the database writer does the storing, many
    # requests to one transaction (Database.submit); no thread-pool hop, no convoy at the gate.
    try:
        done = await asyncio.wrap_future(
            Training(logbook_of(site, user)).submit(
                SetEntry(
                    body.exercise,
                    body.weight,
                    body.reps,
                    unit=body.unit,
                    rpe=body.rpe,
                    rir=body.rir,
                    set_type=body.set_type,
                    rest_s=body.rest_s,
                    notes=body.notes,
                    block=body.block,
                    key=idempotency_key,
                    logged_at=body.logged_at,
                    custom=body.custom,
                )
            )
        )
    except NoOpenWorkout:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NO_WORKOUT) from None
    except KeyConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    # Serialised here: a returned model would be validated once more, on another thread hop.
    return Response(
        set_out(done.set).model_dump_json(),
        status_code=status.HTTP_201_CREATED if done.created else status.HTTP_200_OK,
        media_type="application/json",
    )


@router.post("/workouts/current/finish", responses={**_ERRORS, 404: {"description": "No workout is open."}})
def finish_workout(site: Site, user: ApiUser, body: Annotated[FinishWorkoutIn | None, Body()] = None) -> WorkoutSetsOut:
    """Finish your open workout; answers it with all its sets."""
    try:
        done = Training(logbook_of(site, user)).finish(body.notes if body else None)
    except NoOpenWorkout:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, "no workout is open; nothing to finish (start one with POST /api/v1/workouts)"
        ) from None
    return workout_out(done)
