"""API: the history of sets, page by page, the list of workouts, and one workout's detail.

Weights are numbers in the set's own unit (``weight``) and in kilograms (``weight_kg``);
times are UTC. ``since`` is a day in the server's time zone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from exhaust.services.history import MAX_PER_PAGE, PER_PAGE, History, WorkoutSummary, source_label
from exhaust.services.inputs import SystemZone
from exhaust.services.logbook import SetView
from exhaust.web.deps import ApiSubject, Csrf, Site, logbook_of

router = APIRouter(dependencies=[Csrf], tags=["history"])
ZONE = SystemZone()

PageQuery = Annotated[int, Query(ge=1, le=1_000_000, description="Which page, from 1 (newest first).")]
WorkoutId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The workout's id.")]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page, at most {MAX_PER_PAGE}.")]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class SetOut(BaseModel):
    id: int
    uid: str = Field(description="The set's id across devices (also the idempotency key it was logged with).")
    workout_id: int
    position: int = Field(description="The set's place in its workout, from 1.")
    logged_at: datetime
    exercise_id: str = Field(description="A catalogue id, or 'custom:<slug>' for the lifter's own exercise.")
    exercise: str
    block: str = Field(description="'A1', 'A2' for a linked pair, 'B' for a single block, '' for none.")
    set_type: str = Field(description="warmup, working, drop or failure.")
    weight: float | None = Field(description="In ``unit``; null for bodyweight.")
    unit: str
    weight_kg: float | None
    reps: int
    rpe: float | None
    rir: int | None
    rest_s: int | None = Field(description="Rest taken before the set, seconds.")
    notes: str
    method: str = Field(description="The exercise-order method of the set's block ('' untagged).")
    distance_m: float | None
    duration_s: int | None
    text: str = Field(description="The set in words, e.g. '80 kg × 8 @8'.")

    @classmethod
    def of(cls, s: SetView, workout_id: int) -> SetOut:
        return cls(**_fields(s, workout_id))


def _fields(s: SetView, workout_id: int) -> dict[str, Any]:
    return {
        "id": s.id,
        "uid": s.uid,
        "workout_id": workout_id,
        "position": s.position,
        "logged_at": s.logged_at,
        "exercise_id": s.exercise_id,
        "exercise": s.exercise,
        "block": s.block,
        "set_type": s.set_type,
        "weight": _number(s.weight),
        "unit": s.unit,
        "weight_kg": _number(s.weight_kg),
        "reps": s.reps,
        "rpe": _number(s.rpe),
        "rir": s.rir,
        "rest_s": s.rest_s,
        "notes": s.notes,
        "method": s.method,
        "distance_m": _number(s.distance_m),
        "duration_s": s.duration_s,
        "text": s.text,
    }


class HistorySetOut(SetOut):
    workout: str = Field(description="The workout's name.")
    workout_started_at: datetime
    workout_source: str = Field(description="'' logged in exhaust; strong, hevy or fitnotes when imported.")


class Paging(BaseModel):
    total: int = Field(description="How many items all pages hold.")
    page: int
    per_page: int
    pages: int


class HistoryOut(Paging):
    exercise_id: str | None = Field(description="The exercise the sets were narrowed to, if any.")
    sets: list[HistorySetOut]


class WorkoutSummaryOut(BaseModel):
    id: int
    name: str
    started_at: datetime
    ended_at: datetime | None
    source: str
    plan_name: str
    session_name: str
    sets: int
    volume: float = Field(description="Volume load (weight × reps) of the sets that are not warm-ups, in ``unit``.")
    unit: str

    @classmethod
    def of(cls, w: WorkoutSummary) -> WorkoutSummaryOut:
        return cls(
            id=w.id,
            name=w.name,
            started_at=w.started_at,
            ended_at=w.ended_at,
            source=w.source,
            plan_name=w.plan_name,
            session_name=w.session_name,
            sets=w.sets,
            volume=float(w.volume),
            unit=w.unit,
        )


class WorkoutsOut(Paging):
    workouts: list[WorkoutSummaryOut]


class ExerciseGroupOut(BaseModel):
    label: str
    exercise_id: str
    exercise: str
    method: str
    set_ids: list[int] = Field(description="The group's sets, in the order done (ids into ``sets``).")


class BlockOut(BaseModel):
    letter: str = Field(description="'A'; '' for sets logged outside any block.")
    linked: bool = Field(description="A pair or circuit: its exercises were done in turn.")
    exercises: list[ExerciseGroupOut]


class WorkoutOut(BaseModel):
    id: int
    uid: str
    name: str
    started_at: datetime
    ended_at: datetime | None
    duration_s: int | None
    notes: str
    plan_name: str
    session_name: str
    source: str
    source_label: str = Field(description="'imported from Strong', or '' when logged in exhaust.")
    volume: float = Field(description="Volume load of the sets that are not warm-ups, in ``unit``.")
    unit: str
    sets: list[SetOut] = Field(description="Every set, in the order done.")
    blocks: list[BlockOut] = Field(description="The sets grouped by block and exercise.")


def _history(site: Site, subject: ApiSubject) -> History:
    return History(logbook_of(site, subject), ZONE)


# async: the page is one quick indexed read; a thread-pool hop cost more than the read.
@router.get("/history")
async def history(
    site: Site,
    subject: ApiSubject,
    page: PageQuery = 1,
    per_page: PerPage = PER_PAGE,
    exercise: Annotated[
        str | None, Query(max_length=200, description="Only this exercise: a name, catalogue id or custom id.")
    ] = None,
    since: Annotated[date | None, Query(description="Only sets from this day on (YYYY-MM-DD).")] = None,
) -> HistoryOut:
    """Sets, newest first, a page at a time."""
    found = _history(site, subject).sets(page, per_page, exercise or None, since)
    return HistoryOut(
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        pages=found.pages,
        exercise_id=found.exercise_id,
        sets=[
            HistorySetOut(
                **_fields(h.set, h.workout_id),
                workout=h.workout_name,
                workout_started_at=h.workout_started_at,
                workout_source=h.workout_source,
            )
            for h in found.items
        ],
    )


@router.get("/workouts")
def workouts(site: Site, subject: ApiSubject, page: PageQuery = 1, per_page: PerPage = PER_PAGE) -> WorkoutsOut:
    """Workouts, newest first, a page at a time, each with its set count and volume load."""
    found = _history(site, subject).workouts(page, per_page)
    return WorkoutsOut(
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        pages=found.pages,
        workouts=[WorkoutSummaryOut.of(w) for w in found.items],
    )


@router.get("/workouts/{workout_id}", responses={404: {"description": "No such workout in this logbook."}})
def workout(workout_id: WorkoutId, site: Site, subject: ApiSubject) -> WorkoutOut:
    """One workout with every set, grouped by block."""
    detail = _history(site, subject).workout(workout_id)
    if detail is None:
        raise HTTPException(404, f"no workout {workout_id} in this logbook")
    w = detail.workout
    return WorkoutOut(
        id=w.id,
        uid=w.uid,
        name=w.name,
        started_at=w.started_at,
        ended_at=w.ended_at,
        duration_s=None if detail.duration is None else int(detail.duration.total_seconds()),
        notes=w.notes,
        plan_name=w.plan_name,
        session_name=w.session_name,
        source=w.source,
        source_label=source_label(w.source),
        volume=float(detail.volume),
        unit=detail.unit,
        sets=[SetOut.of(s, w.id) for s in w.sets],
        blocks=[
            BlockOut(
                letter=b.letter,
                linked=b.linked,
                exercises=[
                    ExerciseGroupOut(
                        label=g.label,
                        exercise_id=g.exercise_id,
                        exercise=g.exercise,
                        method=g.method,
                        set_ids=[s.id for s in g.sets],
                    )
                    for g in b.items
                ],
            )
            for b in detail.blocks
        ],
    )
