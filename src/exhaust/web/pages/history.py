"""Pages: the history of sets, the list of workouts, and one workout's detail.

A coach reads an athlete's with ``?athlete=ID`` (PageSubject); every lookup is scoped to
the subject's user id, so another lifter's workout id is a 404. Days and the ``since``
filter are in the server's time zone (SystemZone), as the CLI's are in the computer's.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from exhaust.domain.errors import ExhaustError
from exhaust.services.accounts import NotAllowed
from exhaust.services.history import PER_PAGE, History, source_label
from exhaust.services.inputs import SystemZone
from exhaust.web.deps import Csrf, PageSubject, PageUser, Site, logbook_of
from exhaust.web.templating import render

router = APIRouter(dependencies=[Csrf])

ZONE = SystemZone()  # the server's: days and times on these pages, and the 'since' filter
WorkoutId = Annotated[int, Path(ge=1, le=2**31 - 1)]
PageNumber = Annotated[int, Query(ge=1, le=1_000_000, description="Which page, from 1.")]


def history_of(site: Site, subject: PageSubject) -> History:
    return History(logbook_of(site, subject), ZONE)


def parse_day(text: str | None) -> date | None:
    """A date from a form field: empty means none; anything else must be YYYY-MM-DD."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExhaustError(f"'since' {text.strip()!r} is not a date; write it as YYYY-MM-DD") from None


def pager(base: str, page: int, pages: int, params: dict[str, str]) -> dict[str, str | int | None]:
    """The previous and next pages' URLs (None at either end), keeping the filters."""

    def url(n: int) -> str:
        query = urlencode({**{k: v for k, v in params.items() if v}, "page": n})
        return f"{base}?{query}"

    return {
        "page": page,
        "pages": pages,
        "prev": url(page - 1) if 1 < page <= pages + 1 else None,
        "next": url(page + 1) if page < pages else None,
        "first": url(1) if page > 2 else None,
        "last": url(pages) if page < pages - 1 else None,
    }


# async: the page is one quick indexed read; a thread-pool hop cost more than the read.
@router.get("/history")
async def history_page(
    request: Request,
    site: Site,
    viewer: PageUser,
    subject: PageSubject,
    page: PageNumber = 1,
    exercise: Annotated[str | None, Query(max_length=200)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    history = history_of(site, subject)
    error = ""
    found = None
    try:
        found = history.sets(page, PER_PAGE, exercise.strip() if exercise else None, parse_day(since))
    except ExhaustError as exc:
        error = str(exc)
    context = {
        "view": "sets",
        "zone": ZONE,
        "found": found,
        "error": error,
        "exercise": exercise or "",
        "since": since or "",
        "pager": pager(
            "/history", page, found.pages if found else 1, {"exercise": exercise or "", "since": since or ""}
        ),
    }
    return render(request, "history.html", context, viewer=viewer, subject=subject, status_code=400 if error else 200)


@router.get("/workouts")
def workouts_page(
    request: Request, site: Site, viewer: PageUser, subject: PageSubject, page: PageNumber = 1
) -> Response:
    found = history_of(site, subject).workouts(page)
    context = {
        "view": "workouts",
        "found": found,
        "pager": pager("/workouts", page, found.pages, {}),
        "source_label": source_label,
        "zone": ZONE,
    }
    return render(request, "history.html", context, viewer=viewer, subject=subject)


@router.get("/workouts/{workout_id}")
def workout_page(
    request: Request, site: Site, viewer: PageUser, subject: PageSubject, workout_id: WorkoutId
) -> Response:
    detail = history_of(site, subject).workout(workout_id)
    if detail is None:
        raise NotAllowed(f"There is no workout {workout_id} in this logbook.")
    context = {"detail": detail, "w": detail.workout, "source": source_label(detail.workout.source), "zone": ZONE}
    return render(request, "workout.html", context, viewer=viewer, subject=subject)
