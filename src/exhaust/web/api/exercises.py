"""API: the exercise catalogue, the ordering methods and the exhaust pairs.

Catalogue data, the same for everyone; like every API route it needs a signed-in caller.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field

from exhaust.domain.errors import UnknownExercise
from exhaust.domain.exercises import Equipment, Exercise, Mechanic
from exhaust.domain.methods import METHODS, Method
from exhaust.domain.pairing import Candidate
from exhaust.services import inputs, planning
from exhaust.web.deps import ApiUser, Csrf

router = APIRouter(dependencies=[Csrf], tags=["exercises"])


class ExerciseSummary(BaseModel):
    id: str
    name: str
    mechanic: str
    equipment: str
    prime_movers: list[str]
    intensity: int = Field(description="1 (least intense) to 10 (most intense); seed 001 orders by it.")
    spotter: bool = Field(description="A spotter is advised (seed 000).")

    @classmethod
    def of(cls, e: Exercise) -> ExerciseSummary:
        return cls(
            id=e.id,
            name=e.name,
            mechanic=e.mechanic.value,
            equipment=e.equipment.value,
            prime_movers=[m.value for m in e.prime_movers],
            intensity=e.intensity,
            spotter=e.spotter,
        )


class MuscleOut(BaseModel):
    muscle: str
    label: str
    group: str
    role: str = Field(description="prime, synergist or stabiliser.")
    share: float = Field(description="The share of the work this muscle does (the shares sum to 1).")
    demand: float | None = Field(description="share / the muscle's relative capacity; the highest gives out first.")


class WeakLinkOut(BaseModel):
    main_muscle: str
    limiter: str = Field(description="The muscle that gives out first.")
    limiting: list[str] = Field(description="Muscles that give out before the main muscle, most limiting first.")
    how_known: str
    stated_by: str | None = Field(description="The source that states the weak link outright, if one does.")


class PairOut(BaseModel):
    isolation: str
    isolation_name: str
    compound: str
    compound_name: str
    fatigued_muscle: str = Field(description="The muscle the isolation tires: the target, or for reverse a synergist.")
    target: str
    score: float
    classic_source: str | None
    why: str

    @classmethod
    def of(cls, c: Candidate) -> PairOut:
        return cls(
            isolation=c.isolation.id,
            isolation_name=c.isolation.name,
            compound=c.compound.id,
            compound_name=c.compound.name,
            fatigued_muscle=c.muscle.value,
            target=c.target.value,
            score=c.score,
            classic_source=c.classic.source if c.classic else None,
            why=c.why,
        )


class ExerciseOut(ExerciseSummary):
    aliases: list[str]
    force: str
    staple: bool
    joints: list[str]
    notes: str
    muscles: list[MuscleOut]
    weak_link: WeakLinkOut
    pairs: dict[str, list[PairOut]] = Field(
        description="The pairs it takes part in, by method (post-exhaust-final-set uses post-exhaust's)."
    )


class MethodOut(BaseModel):
    id: str
    title: str
    order: str
    good_for: list[str]
    against: list[str]
    sources: list[str]


@router.get("/exercises", responses={400: {"description": "An unknown muscle (the message lists the known ones)."}})
def list_exercises(
    account: ApiUser,
    muscle: Annotated[str | None, Query(max_length=40, description="Loads this muscle (or group).")] = None,
    mechanic: Mechanic | None = None,
    equipment: Annotated[list[Equipment] | None, Query(description="Any of these; repeat.")] = None,
    q: Annotated[str | None, Query(max_length=80, description="Words of the name or an alias.")] = None,
) -> list[ExerciseSummary]:
    found = planning.search_exercises(
        inputs.muscle(muscle) if muscle else None, mechanic, tuple(equipment) if equipment else None, q
    )
    return [ExerciseSummary.of(e) for e in found]


@router.get("/exercises/{exercise_id}", responses={404: {"description": "No such exercise."}})
def get_exercise(exercise_id: str, account: ApiUser) -> ExerciseOut:
    """One exercise: the muscles it loads with role and share, its weak link, and its pairs."""
    try:
        detail = planning.get_exercise(exercise_id)
    except UnknownExercise as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    e, w = detail.exercise, detail.weak_link
    summary = ExerciseSummary.of(e)
    return ExerciseOut(
        **summary.model_dump(),
        aliases=list(e.aliases),
        force=e.force.value,
        staple=e.staple,
        joints=[j.value for j in e.joints],
        notes=e.notes,
        muscles=[
            MuscleOut(
                muscle=m.muscle.value,
                label=m.muscle.label,
                group=m.muscle.group.value,
                role=m.role.value,
                share=m.share,
                demand=w.demand.get(m.muscle),
            )
            for m in e.muscles
        ],
        weak_link=WeakLinkOut(
            main_muscle=w.main_muscle.value,
            limiter=w.limiter.value,
            limiting=[m.value for m in w.limiting],
            how_known=w.how_known,
            stated_by=w.stated.source if w.stated else None,
        ),
        pairs={m.value: [PairOut.of(c) for c in found] for m, found in planning.pairs_with(e.id).items()},
    )


@router.get("/methods")
def list_methods(account: ApiUser) -> list[MethodOut]:
    """The six ordering methods: what each is for and against, with the seeds that say so."""
    return [
        MethodOut(
            id=m.value,
            title=i.title,
            order=i.order,
            good_for=list(i.good_for),
            against=list(i.against),
            sources=list(i.sources),
        )
        for m, i in METHODS.items()
    ]


@router.get("/pairs", responses={400: {"description": "Unknown muscle, or a method without pairs."}})
def list_pairs(
    account: ApiUser,
    muscle: Annotated[str, Query(max_length=40, description="The target muscle (or group).")],
    method: Method = Method.PRE_EXHAUST,
    equipment: Annotated[list[Equipment] | None, Query(description="What you have; omitted: a full gym.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[PairOut]:
    """Ranked (isolation, compound) pairs for a target muscle and a method, best first."""
    found = planning.pairs(inputs.muscle(muscle), method, tuple(equipment) if equipment else None)
    return [PairOut.of(c) for c in found[:limit]]
