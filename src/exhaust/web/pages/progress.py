"""Pages: Progress (every compound lift, the PROGRESS-WATCH warnings, weekly volume per muscle,
what the fatigue model expected after a pre-exhaust against what was done) and one lift's page
(session bests, rep records, trend, its warning, methods compared, expected against actual).

Charts are separate ``image/svg+xml`` responses that the pages show with ``<img>``, not SVG
markup inlined in the HTML: the page itself answers after one read of the history, without
waiting for matplotlib (a chart takes a tenth of a second or more to draw); the browser
fetches the charts in parallel and lazily, caches them (their URL carries a version of the
data they show, so a new session gives a new URL); and SVG in an ``<img>`` runs no script
and loads nothing, which the strict Content-Security-Policy wants anyway. A ``<picture>``
asks for the phone-shaped figure on narrow screens.

Weeks and days are the server's time zone's (SystemZone), as the CLI's are the computer's.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from exhaust.domain.analytics.compare import METRICS
from exhaust.domain.analytics.stats import Estimate, Line
from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.services.accounts import Account, NotAllowed
from exhaust.services.analytics import Analytics
from exhaust.services.catalogue import get_catalogue
from exhaust.services.expected import Review, review
from exhaust.services.history import History
from exhaust.services.inputs import SystemZone
from exhaust.web.deps import Csrf, Installation, PageSubject, PageUser, Site, logbook_of
from exhaust.web.templating import render, with_athlete

router = APIRouter(dependencies=[Csrf])

ZONE = SystemZone()
VOLUME_WEEKS = 12
SHOWN_WEEKS = 4  # weeks of the volume table shown one by one (the rest only in the average)
CHART_CACHE_S = 3600  # a versioned chart URL is kept this long by the browser
EXPECTED_SHOWN = 12  # sessions of the expected-against-actual table shown, newest first

# Figure sizes in inches: the charts module lays a figure under 6 in out for a phone.
Size = Literal["wide", "phone"]
SIZE_NAMES: tuple[Size, ...] = ("wide", "phone")
SIZES: dict[str, dict[str, tuple[float, float]]] = {
    "progress": {"wide": (8.0, 4.5), "phone": (4.0, 4.6)},
    "volume": {"wide": (8.0, 4.8), "phone": (4.0, 5.6)},
    "compare": {"wide": (8.0, 6.0), "phone": (4.0, 9.0)},
}
SizeParam = Annotated[Size, Query(description="'phone' draws the narrow figure for a 390 px screen.")]
VersionParam = Annotated[str, Query(max_length=40, description="Changes with the data; lets the browser cache.")]


class Shown:
    """Kilograms in the lifter's unit, as text."""

    def __init__(self, unit: str, per_kg: float) -> None:
        self.unit, self.per_kg = unit, per_kg

    def kg(self, value: float | None, places: int = 1) -> str:
        return "–" if value is None else f"{value * self.per_kg:,.{places}f}"

    def trend(self, line: Line | None) -> str:
        """'+1.2 ± 0.4' (unit per week, with half its 95 % interval)."""
        if line is None:
            return "–"
        slope = line.slope
        text = f"{slope.value * self.per_kg:+.1f}"
        if slope.low is not None and slope.high is not None:
            text += f" ± {(slope.high - slope.low) / 2 * self.per_kg:.1f}"
        return text

    def estimate(self, est: Estimate | None, in_kg: bool = True, places: int = 1) -> str:
        """'82.5 (80.1 to 84.9) n=6'."""
        if est is None:
            return "–"
        k = self.per_kg if in_kg else 1.0
        if est.low is None or est.high is None:
            return f"{est.value * k:.{places}f} (n={est.n})"
        return f"{est.value * k:.{places}f} ({est.low * k:.{places}f} to {est.high * k:.{places}f}) n={est.n}"


def _expected(analytics: Analytics, exercise_id: str) -> Review | None:
    """Expected against actual after a pre-exhaust on this lift; None for one the fatigue model
    does not know (an isolation, one of the lifter's own exercises)."""
    catalogue = get_catalogue()
    if exercise_id not in catalogue or not catalogue.get(exercise_id).is_compound:
        return None
    return review(analytics.logbook, ZONE, exercise_id)


def analytics_of(site: Installation, subject: Account) -> Analytics:
    return Analytics(logbook_of(site, subject), ZONE)


def version(subject: Account, *parts: object) -> str:
    """A short digest of what a chart shows (and whose it is), for its URL."""
    text = "|".join(str(p) for p in (subject.id, *parts))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def svg(data: bytes, v: str) -> Response:
    """A chart; cached by the browser only when its URL is versioned."""
    cache = f"private, max-age={CHART_CACHE_S}" if v else "private, no-cache"
    return Response(data, media_type="image/svg+xml", headers={"Cache-Control": cache})


def resolve(site: Installation, subject: Account, exercise: str) -> tuple[str, str]:
    """The exercise's id and the name the analytics know it by (a lifter's own exercise by its
    name). An unknown name is a 404 that lists close names."""
    logbook = logbook_of(site, subject)
    try:
        exercise_id = History(logbook, ZONE).exercise_id(exercise)
    except UnknownExercise as exc:
        raise NotAllowed(str(exc)) from None
    return exercise_id, logbook.exercise_name(exercise_id)


# --- charts -------------------------------------------------------------------------------


@router.get("/progress/charts/volume.svg", include_in_schema=False)
def volume_chart(site: Site, subject: PageSubject, size: SizeParam = "wide", v: VersionParam = "") -> Response:
    from exhaust.charts import render as draw
    from exhaust.charts import volume_figure

    analytics = analytics_of(site, subject)
    report = analytics.volume(weeks=VOLUME_WEEKS)
    figure = volume_figure(report, analytics.unit, analytics.per_kg, size=SIZES["volume"][size])
    return svg(draw(figure, "svg"), v)


@router.get("/progress/charts/{exercise}.svg", include_in_schema=False)
def lift_chart(
    site: Site, subject: PageSubject, exercise: str, size: SizeParam = "wide", v: VersionParam = ""
) -> Response:
    from exhaust.charts import progress_figure
    from exhaust.charts import render as draw

    _, name = resolve(site, subject, exercise)
    analytics = analytics_of(site, subject)
    found = analytics.progress(name)
    figure = progress_figure(found.progress, found.name, analytics.unit, analytics.per_kg, size=SIZES["progress"][size])
    return svg(draw(figure, "svg"), v)


@router.get("/progress/charts/{exercise}/compare.svg", include_in_schema=False)
def compare_chart(
    site: Site, subject: PageSubject, exercise: str, size: SizeParam = "wide", v: VersionParam = ""
) -> Response:
    from exhaust.charts import compare_figure
    from exhaust.charts import render as draw

    _, name = resolve(site, subject, exercise)
    analytics = analytics_of(site, subject)
    shown, comparison = analytics.compare(name)
    figure = compare_figure(comparison, shown, analytics.unit, analytics.per_kg, size=SIZES["compare"][size])
    return svg(draw(figure, "svg"), v)


# --- pages --------------------------------------------------------------------------------


def _charts(subject: Account, viewer: Account, path: str, v: str) -> dict[str, str]:
    """The wide and the phone figure's URLs (a coach's keep the athlete)."""
    return {size: with_athlete(f"{path}?{urlencode({'size': size, 'v': v})}", subject, viewer) for size in SIZE_NAMES}


@router.get("/progress")
def progress_page(request: Request, site: Site, viewer: PageUser, subject: PageSubject) -> Response:
    analytics = analytics_of(site, subject)
    report = analytics.report(weeks=VOLUME_WEEKS)
    show = Shown(analytics.unit, analytics.per_kg)
    volume = report.volume
    weeks = len(volume.weeks) or 1
    rows = []
    for key, cells in volume.rows.items():
        total = volume.total(key)
        rows.append(
            {
                "label": volume.labels[key],
                "weeks": [cells[w].sets if w in cells else None for w in volume.weeks[-SHOWN_WEEKS:]],
                "average": total.sets / weeks,
                "direct": total.direct_sets / weeks,
                "exhaust_isolation": total.exhaust_isolation_sets,
                "load": show.kg(total.volume_kg / weeks, 0),
            }
        )
    volume_v = version(
        subject, "volume", analytics.unit, [(k, round(volume.total(k).sets, 2)) for k in volume.rows], volume.weeks
    )
    lifts: list[dict[str, Any]] = []
    for s in report.lifts:
        v = version(subject, s.exercise_id, s.sessions, s.last.workout, s.last.e1rm, s.best.e1rm, analytics.unit)
        lifts.append(
            {
                "summary": s,
                "url": f"/progress/{quote(s.exercise_id, safe='')}",
                "chart": _charts(subject, viewer, f"/progress/charts/{quote(s.exercise_id, safe='')}.svg", v),
            }
        )
    context: dict[str, Any] = {
        "report": report,
        "show": show,
        "formula": analytics.formula,
        "lifts": lifts,
        "volume_rows": rows,
        "volume_weeks": volume.weeks[-SHOWN_WEEKS:],
        "unattributed": sum(volume.unattributed.values()),
        "volume_chart": _charts(subject, viewer, "/progress/charts/volume.svg", volume_v),
        "lift_urls": {s.name: f"/progress/{quote(s.exercise_id, safe='')}" for s in report.lifts},
        "zone": ZONE.tzname(None) or "the server's",
        "empty": not report.lifts and not volume.rows and not volume.unattributed,
        "expected": review(analytics.logbook, ZONE),
        "shown": EXPECTED_SHOWN,
    }
    return render(request, "progress.html", context, viewer=viewer, subject=subject)


@router.get("/progress/{exercise}")
def lift_page(request: Request, site: Site, viewer: PageUser, subject: PageSubject, exercise: str) -> Response:
    exercise_id, name = resolve(site, subject, exercise)
    analytics = analytics_of(site, subject)
    show = Shown(analytics.unit, analytics.per_kg)
    try:
        found = analytics.progress(name)
    except ExhaustError:
        empty: dict[str, Any] = {"name": name, "exercise_id": exercise_id, "found": None}
        return render(request, "progress_lift.html", empty, viewer=viewer, subject=subject)
    _, comparison = analytics.compare(name)
    p = found.progress
    path = f"/progress/charts/{quote(exercise_id, safe='')}"
    last = p.sessions[-1] if p.sessions else None
    v = version(subject, exercise_id, len(p.sessions), last and last.workout, last and last.e1rm, analytics.unit)
    context: dict[str, Any] = {
        "name": found.name,
        "exercise_id": exercise_id,
        "in_catalogue": not exercise_id.startswith("custom:"),
        "found": found,
        "p": p,
        "sessions": list(reversed(p.sessions[-20:])),
        "comparison": comparison,
        "metrics": [m for m in METRICS if any(m.key in st.values for st in comparison.methods)],
        "show": show,
        "e1rm_chart": _charts(subject, viewer, f"{path}.svg", v),
        "compare_chart": _charts(subject, viewer, f"{path}/compare.svg", v),
        "expected": _expected(analytics, exercise_id),
        "shown": EXPECTED_SHOWN,
    }
    return render(request, "progress_lift.html", context, viewer=viewer, subject=subject)
