"""Weekly volume as stacked bars: one segment per muscle, muscle group or exercise.

The ``top`` rows with the most work over the whole span get their own colours, the rest are
summed as "other", and hard sets of exercises whose muscles are not known (counted apart by
the domain, never guessed) are a segment of their own, so a week's bar is all of its work.
By muscle or group, a set counts toward each muscle by its share (fractional sets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from exhaust.charts.style import (
    FONT,
    SIZE,
    SMALL,
    date_axis,
    day_label,
    day_number,
    legend_below,
    narrow,
    new_figure,
    no_data,
    style_axes,
    titles,
)
from exhaust.domain.analytics.volume import Cell, Grouping, VolumeReport

Measure = Literal["sets", "load"]

# Colours for the named rows (matplotlib's tab10 without its grey, then tab20's light shades).
ROW_COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5",
)  # fmt: skip
OTHER_COLOUR = "#8c8c8c"
UNKNOWN_COLOUR = "#d0d0d0"
OTHER = "other"
UNKNOWN = "muscles unknown"
LABEL_CHARS = 28  # longer names are cut short in the legend
_NOUNS = {Grouping.MUSCLE: "muscle", Grouping.GROUP: "muscle group", Grouping.EXERCISE: "exercise"}


@dataclass(frozen=True)
class Segment:
    """One colour of the stacked bars: a row of the report (``key``), or OTHER_KEY for the rows
    past ``top`` summed, or UNKNOWN_KEY for the sets of exercises with no known muscles."""

    key: str
    label: str
    values: list[float]  # one per week of the report


OTHER_KEY = "__other__"
UNKNOWN_KEY = "__unknown__"


def _amount(cell: Cell, measure: Measure, per_kg: float) -> float:
    return cell.sets if measure == "sets" else cell.volume_kg * per_kg


def _short(label: str, most: int = LABEL_CHARS) -> str:
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def stacks(report: VolumeReport, top: int = 8, measure: Measure = "sets", per_kg: float = 1.0) -> list[Segment]:
    """The bar segments, bottom first: the ``top`` biggest rows over the whole span, then
    "other (n …)" for the rest when there are any, then the sets of exercises with no known
    muscles (in sets only: with no muscles there is no share to count a load by)."""
    if top < 1:
        raise ValueError(f"a volume chart shows at least one row on its own, not top={top}")
    empty = Cell()
    totals = {key: sum(_amount(c, measure, per_kg) for c in cells.values()) for key, cells in report.rows.items()}
    keys = sorted(report.rows, key=lambda k: (-totals[k], k))
    shown, rest = keys[:top], keys[top:]
    out = []
    for key in shown:
        cells = report.rows[key]
        values = [_amount(cells.get(w, empty), measure, per_kg) for w in report.weeks]
        out.append(Segment(key, _short(report.labels.get(key, key)), values))
    if rest:
        noun = _NOUNS[report.by] + ("s" if len(rest) != 1 else "")
        values = [sum(_amount(report.rows[k].get(w, empty), measure, per_kg) for k in rest) for w in report.weeks]
        out.append(Segment(OTHER_KEY, f"{OTHER} ({len(rest)} {noun})", values))
    if measure == "sets" and any(report.unattributed.get(w, 0) for w in report.weeks):
        out.append(Segment(UNKNOWN_KEY, UNKNOWN, [float(report.unattributed.get(w, 0)) for w in report.weeks]))
    return out


def volume_figure(
    report: VolumeReport,
    unit: str = "kg",
    per_kg: float = 1.0,
    top: int = 8,
    *,
    measure: Measure = "sets",
    size: tuple[float, float] = SIZE,
) -> Figure:
    """Hard sets per week (``measure="sets"``) or volume load per week in ``unit``
    (``measure="load"``: sets x reps x weight, kg times ``per_kg``), stacked by row."""
    fig = new_figure(size)
    noun = _NOUNS[report.by]
    title = f"Weekly volume by {noun}"
    segments = stacks(report, top, measure, per_kg)
    if not report.weeks or not any(any(seg.values) for seg in segments):
        return no_data(fig, title, "No data: no hard sets in this span.")
    ax = fig.add_subplot()
    style_axes(ax)
    starts = [day_number(w) for w in report.weeks]
    lefts = [x + 0.5 for x in starts]
    bottom = [0.0] * len(report.weeks)
    handles: list[Artist] = []
    labels: list[str] = []
    edge = 0.3 if len(report.weeks) <= 30 else 0.0  # a hairline between segments while bars are wide
    for i, seg in enumerate(segments):
        colour = {OTHER_KEY: OTHER_COLOUR, UNKNOWN_KEY: UNKNOWN_COLOUR}.get(seg.key, ROW_COLOURS[i % len(ROW_COLOURS)])
        ax.bar(
            lefts,
            seg.values,
            width=6.0,  # Monday to Sunday, with a day's gap between weeks
            bottom=bottom,
            align="edge",
            color=colour,
            edgecolor="white",
            linewidth=edge,
            label=seg.label,
        )
        handles.append(Patch(facecolor=colour))
        labels.append(seg.label)
        bottom = [b + v for b, v in zip(bottom, seg.values, strict=True)]
    ax.set_xlim(starts[0] - 3, starts[-1] + 10)
    ax.set_ylim(0, max(bottom) * 1.05)
    date_axis(ax, fig)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=measure == "sets"))
    if measure == "sets":
        ax.set_ylabel("hard sets per week", fontsize=FONT)
        how = "fractional sets by muscle share" if report.by in (Grouping.MUSCLE, Grouping.GROUP) else "hard sets"
    else:
        ax.set_ylabel(f"volume load per week ({unit})", fontsize=FONT)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        how = f"sets x reps x weight in {unit}" + (", by muscle share" if report.by is not Grouping.EXERCISE else "")
    weeks = len(report.weeks)
    subtitle = f"{how}; {weeks} week{'s' if weeks != 1 else ''} from {day_label(report.weeks[0])}"
    titles(fig, title, ax, subtitle)
    # Read top-down like the stack: the biggest row, at the bottom of the bars, last.
    if narrow(fig):
        legend_below(fig, handles, labels, columns=2)
    else:
        fig.legend(
            handles[::-1],
            labels[::-1],
            loc="outside right upper",
            fontsize=SMALL,
            frameon=False,
            handlelength=1.2,
        )
    return fig
