"""Pages: the exercise catalogue (filter by muscle, mechanic, equipment; search by name) and
one exercise: the muscles it loads with role and share, its weak link, and its pairs.

Catalogue data, the same for everyone; like every page it needs a signed-in visitor.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.domain.exercises import Equipment, Mechanic
from exhaust.domain.methods import Method
from exhaust.domain.muscles import MuscleGroup, muscles_in
from exhaust.services import inputs, planning
from exhaust.services.catalogue import get_catalogue
from exhaust.web.deps import Csrf, PageUser
from exhaust.web.templating import redirect, render

router = APIRouter(dependencies=[Csrf])


@router.get("/exercises")
def exercises_page(
    request: Request,
    viewer: PageUser,
    muscle: Annotated[str | None, Query(max_length=40)] = None,
    mechanic: Annotated[str | None, Query(max_length=20)] = None,
    equipment: Annotated[list[str] | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=80)] = None,
) -> Response:
    error = ""
    found = []
    try:
        found = planning.search_exercises(
            inputs.muscle(muscle) if muscle else None,
            inputs.mechanic(mechanic),
            inputs.equipment(equipment),
            q,
        )
    except ExhaustError as exc:
        error = str(exc)
    context = {
        "found": found,
        "error": error,
        "muscle": muscle or "",
        "mechanic": mechanic or "",
        "equipment": set(equipment or ()),
        "q": q or "",
        "muscle_groups": [(g, muscles_in(g)) for g in MuscleGroup],
        "mechanics": list(Mechanic),
        "equipment_choices": list(Equipment),
        "filtered": bool(muscle or mechanic or equipment or q),
    }
    return render(request, "exercises.html", context, viewer=viewer, status_code=400 if error else 200)


@router.get("/exercises/{exercise_id}")
def exercise_page(request: Request, viewer: PageUser, exercise_id: str) -> Response:
    try:
        detail = planning.get_exercise(exercise_id)
    except UnknownExercise as exc:
        named = get_catalogue().lookup(exercise_id)  # a name or an alias typed into the address
        if named is not None:
            return redirect(request, f"/exercises/{named.id}")
        return render(
            request, "error.html", {"title": "No such exercise", "message": str(exc)}, viewer=viewer, status_code=404
        )
    pairs = planning.pairs_with(detail.exercise.id)
    context = {
        "e": detail.exercise,
        "w": detail.weak_link,
        "pairs": [
            (Method.PRE_EXHAUST, "Pre-exhaust", "isolation first, then the compound", pairs[Method.PRE_EXHAUST]),
            (
                Method.POST_EXHAUST,
                "Post-exhaust (and on the final set only)",
                "the compound first, then the isolation",
                pairs[Method.POST_EXHAUST],
            ),
            (
                Method.REVERSE_PRE_EXHAUST,
                "Reverse pre-exhaust",
                "an isolation for a synergist first, so the target works harder",
                pairs[Method.REVERSE_PRE_EXHAUST],
            ),
        ],
    }
    return render(request, "exercise.html", context, viewer=viewer)
