"""One lift's progress: each session's best e1RM over time, over bands that show which method
each week used.

Dots are session bests; the line through them is a rolling mean over ROLLING_DAYS days
either side (just the dots joined when there are too few sessions for one). The dashed
line is the recent trend the domain fitted, and a star marks the best session. Behind the
data, every run of consecutive weeks done with one method is a band in that method's
colour; a week whose sessions were untagged has none.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from exhaust.charts.style import (
    BAND_ALPHA,
    FONT,
    INK,
    METHOD_ORDER,
    SIZE,
    date_axis,
    day_label,
    day_number,
    legend_below,
    method_colour,
    method_label,
    new_figure,
    no_data,
    style_axes,
    titles,
)
from exhaust.domain.analytics.progress import TREND_WEEKS, Progress, SessionBest
from exhaust.domain.analytics.sets import week_of

ROLLING_DAYS = 14  # the rolling mean takes sessions within two weeks either side
ROLLING_MIN = 4  # fewer sessions with an e1RM than this: join the dots instead
TREND_MIN_SESSIONS = 4  # the domain's trend line is drawn from this many sessions ...
TREND_MIN_DAYS = 21  # ... spread over three weeks; a slope from fewer is noise
BEST_COLOUR = "#E69F00"  # orange
TREND_COLOUR = "#7B2CBF"  # purple: apart from the dark rolling mean it often runs along


@dataclass(frozen=True)
class Band:
    """Weeks ``start`` (a Monday) up to, not including, ``end`` done with ``method``."""

    method: str
    start: date
    end: date


def method_bands(sessions: list[SessionBest]) -> list[Band]:
    """Runs of consecutive weeks with one method. A week's method is the tag most of its
    sessions carried (the latest session's on a tie); untagged sessions do not count, and a
    week with no tagged session, or none at all, ends a run."""
    by_week: dict[date, Counter[str]] = {}
    latest: dict[date, dict[str, date]] = {}
    for s in sessions:
        if not s.method:
            continue
        by_week.setdefault(s.week, Counter())[s.method] += 1
        latest.setdefault(s.week, {})[s.method] = max(s.day, latest.get(s.week, {}).get(s.method, s.day))
    bands: list[Band] = []
    for week in sorted(by_week):
        counts = by_week[week]
        method = max(counts, key=lambda m: (counts[m], latest[week][m], m))
        end = week + timedelta(days=7)
        if bands and bands[-1].method == method and bands[-1].end == week:
            bands[-1] = Band(method, bands[-1].start, end)
        else:
            bands.append(Band(method, week, end))
    return bands


def rolling_mean(days: list[date], values: list[float], half_window: int = ROLLING_DAYS) -> list[float]:
    """For each day, the mean of the values within ``half_window`` days either side."""
    out = []
    for day in days:
        near = [v for d, v in zip(days, values, strict=True) if abs((d - day).days) <= half_window]
        out.append(sum(near) / len(near))
    return out


def progress_figure(
    progress: Progress,
    name: str,
    unit: str = "kg",
    per_kg: float = 1.0,
    *,
    size: tuple[float, float] = SIZE,
) -> Figure:
    """Session-best e1RM of one lift over time, in ``unit`` (kg values times ``per_kg``)."""
    fig = new_figure(size)
    title = f"{name}: estimated 1RM ({progress.formula.label})"
    read = [s for s in progress.sessions if s.e1rm is not None]
    if not read:
        what = "no sessions logged yet" if not progress.sessions else "no set that gives an e1RM (1–12 reps, loaded)"
        return no_data(fig, title, f"No data: {what}.")
    ax = fig.add_subplot()
    style_axes(ax)
    handles: list[Artist] = []
    labels: list[str] = []

    bands = method_bands(progress.sessions)
    for band in bands:
        ax.axvspan(
            day_number(band.start),
            day_number(band.end),
            facecolor=method_colour(band.method),
            alpha=BAND_ALPHA,
            linewidth=0,
            zorder=0,
            gid=f"band-{band.method}-{band.start.isoformat()}",
        )

    days = [s.day for s in read]
    xs = [day_number(d) + 0.5 for d in days]  # midday: a dot sits inside its day
    ys = [(s.e1rm or 0.0) * per_kg for s in read]
    dots = ax.scatter(xs, ys, s=16, color=INK, alpha=0.55, linewidths=0, zorder=3, gid="sessions")
    handles.append(dots)
    labels.append("session best")
    if len(read) >= ROLLING_MIN:
        (line,) = ax.plot(xs, rolling_mean(days, ys), color=INK, linewidth=1.8, zorder=4, gid="rolling-mean")
        handles.append(line)
        labels.append(f"{2 * ROLLING_DAYS // 7}-week rolling mean")
    elif len(read) > 1:
        ax.plot(xs, ys, color=INK, linewidth=1, alpha=0.6, zorder=2, gid="joined")

    trend = progress.trend
    end = read[-1].day
    recent = [s.day for s in read if (end - s.day).days < TREND_WEEKS * 7]
    if trend is not None and len(recent) >= TREND_MIN_SESSIONS and (end - recent[0]).days >= TREND_MIN_DAYS:
        wx = [(recent[0] - end).days / 7, 0.0]
        (dashed,) = ax.plot(
            [day_number(recent[0]) + 0.5, day_number(end) + 0.5],
            [trend.at(w) * per_kg for w in wx],
            color=TREND_COLOUR,
            linestyle=(0, (3, 1.5)),
            linewidth=2.2,
            zorder=5,
            gid="trend",
        )
        handles.append(dashed)
        labels.append(f"last {TREND_WEEKS} weeks: {trend.slope.value * per_kg:+.1f} {unit}/week")

    best = progress.best
    if best is not None and best.e1rm is not None:
        star = ax.scatter(
            [day_number(best.day) + 0.5],
            [best.e1rm * per_kg],
            s=150,
            marker="*",
            color=BEST_COLOUR,
            edgecolors=INK,
            linewidths=0.8,
            zorder=6,
            gid="best",
        )
        handles.append(star)
        labels.append(f"best {best.e1rm * per_kg:.1f} {unit}, {day_label(best.day)}")

    used = {b.method for b in bands}
    for method in METHOD_ORDER:
        if method in used:
            handles.append(Patch(facecolor=method_colour(method), alpha=BAND_ALPHA + 0.12, linewidth=0))
            labels.append(method_label(method))

    first, last = days[0], days[-1]
    if (last - first).days < 28:  # one session, or a few close together: show a month around them
        middle = first + (last - first) / 2
        first, last = middle - timedelta(days=14), middle + timedelta(days=14)
    left = min([first, *(b.start for b in bands)])
    right = max([last + timedelta(days=1), *(b.end for b in bands)])
    ax.set_xlim(day_number(left) - 2, day_number(right) + 2)
    low, high = min(ys), max(ys)
    pad = max((high - low) * 0.08, high * 0.02, 1.0 * per_kg)
    ax.set_ylim(low - pad, high + pad)
    date_axis(ax, fig)
    ax.set_ylabel(f"estimated 1RM ({unit})", fontsize=FONT)
    sessions = len(progress.sessions)
    subtitle = f"{sessions} session{'s' if sessions != 1 else ''}, {first_to_last(days)}; bands: method in use"
    if not bands:
        subtitle = f"{sessions} session{'s' if sessions != 1 else ''}, {first_to_last(days)}; no method tagged"
    titles(fig, title, ax, subtitle)
    legend_below(fig, handles, labels)
    return fig


def first_to_last(days: list[date]) -> str:
    if days[0] == days[-1]:
        return day_label(days[0])
    weeks = (week_of(days[-1]) - week_of(days[0])).days // 7 + 1
    return f"{day_label(days[0])} to {day_label(days[-1])} ({weeks} weeks)"
