"""Today: the workout being trained, at the gym, phone in hand.

Without JavaScript every set row is a small form that POSTs here and comes back to the page
(at the next set). today.js takes the same forms over: it queues each set in the browser
with an idempotency key, sends it to the JSON API, and starts the rest timer.
"""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from exhaust.domain.errors import BadInput
from exhaust.domain.logbook import SetType, WeightUnit
from exhaust.services.logbook import SetEntry
from exhaust.services.training import DEFAULT_REST_S, Training, rest_words
from exhaust.web.deps import Csrf, PageSubject, PageUser, Site, logbook_of
from exhaust.web.templating import redirect, render

router = APIRouter(dependencies=[Csrf])

Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=50_000)]


def _number(text: str, what: str) -> Decimal | None:
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise BadInput(f"{what}: {text!r} is not a number") from None
    if not value.is_finite():
        raise BadInput(f"{what}: {text!r} is not a number")
    return value


def _whole(text: str, what: str) -> int | None:
    value = _number(text, what)
    if value is None:
        return None
    if value != value.to_integral_value() or abs(value) > 100_000:
        raise BadInput(f"{what}: {text.strip()!r} is not a whole number")
    return int(value)


def _clean(text: str, what: str) -> str:
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise BadInput(f"{what}: control characters are not allowed")
    return text.strip()


@router.get("/today")
def today(request: Request, site: Site, viewer: PageUser, subject: PageSubject) -> Response:
    training = Training(logbook_of(site, subject))
    view = training.today()
    own = subject.id == viewer.id
    page = render(
        request,
        "today.html",
        {
            "view": view,
            "own": own,
            "choices": training.choices() if own and view is None else [],
            "names": training.exercise_names() if own and view is not None else [],
            "rest_words": rest_words,
            "default_rest": DEFAULT_REST_S,
            "new_key": lambda: str(uuid.uuid4()),
            "units": [u.value for u in WeightUnit],
            "set_types": [t.value for t in SetType],
        },
        viewer=viewer,
        subject=subject,
    )
    page.headers["Cache-Control"] = "no-cache"
    return page


@router.post("/today/start")
def start(
    request: Request,
    site: Site,
    user: PageUser,
    template: Short = "",
    session: Short = "",
    name: Short = "",
    plan_text: Long = "",
) -> Response:
    """Start a workout: ``template`` (a saved template's name) or ``plan_text`` (a plan file's
    text, as the Plan page sends it), with ``session`` when it has several; or free."""
    view = Training(logbook_of(site, user)).start(
        template=_clean(template, "template") or None,
        plan_text=_clean(plan_text, "plan") or None,
        session=_clean(session, "session") or None,
        name=_clean(name, "name") or None,
    )
    return redirect(request, "/today", flash=("info", f"Started {view.workout.name}. Good training!"))


@router.post("/today/sets")
def log_set(
    request: Request,
    site: Site,
    user: PageUser,
    exercise: Short,
    reps: Short = "",
    weight: Short = "",
    unit: Short = "",
    rpe: Short = "",
    rir: Short = "",
    set_type: Short = "working",
    notes: Annotated[str, Form(max_length=2000)] = "",
    block: Short = "",
    key: Short = "",
    custom: Short = "",
) -> Response:
    if not exercise.strip():
        raise BadInput("exercise: type which exercise the set was")
    count = _whole(reps, "reps")
    if count is None:
        raise BadInput("reps: type how many reps you did")
    try:
        chosen_unit = WeightUnit(unit) if unit else None
        kind = SetType(set_type or "working")
    except ValueError:
        raise BadInput("the unit is kg or lb, and the set type working, warmup, drop or failure") from None
    clean_key = key.strip() or None
    if clean_key is not None and not (len(clean_key) <= 64 and clean_key.replace("-", "").replace("_", "").isalnum()):
        clean_key = None  # not one this page made; the set is still logged
    entry = SetEntry(
        _clean(exercise, "exercise"),
        _number(weight, "weight"),
        count,
        unit=chosen_unit,
        rpe=_number(rpe, "RPE"),
        rir=_whole(rir, "RIR"),
        set_type=kind,
        notes=_clean(notes, "notes"),
        block=_clean(block, "block") or None,
        key=clean_key,
        custom=custom == "1",
    )
    done = Training(logbook_of(site, user)).log(entry)
    s = done.set
    label = f"{s.block} " if s.block else ""
    message = f"Logged {label}{s.exercise}: {s.text}." if done.created else f"That set was logged already ({s.text})."
    return redirect(request, "/today#next", flash=("info", message))


@router.post("/today/finish")
def finish(request: Request, site: Site, user: PageUser, notes: Annotated[str, Form(max_length=5000)] = "") -> Response:
    done = Training(logbook_of(site, user)).finish(_clean(notes, "notes") or None)
    sets = len(done.sets)
    message = f"Finished {done.name}: {sets} set{'' if sets == 1 else 's'}, volume {done.volume_kg.normalize():f} kg."
    return redirect(request, f"/workouts/{done.id}", flash=("info", message))


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """The service worker (static/sw.js), served from the root so its scope can be the whole
    site: it keeps the Today page and its files for a reload without a connection."""
    script = files("exhaust.web").joinpath("static", "sw.js").read_text(encoding="utf-8")
    return Response(
        script,
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )
