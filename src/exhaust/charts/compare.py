"""Methods compared on one lift: a small panel per metric, one row per method, a dot at the
mean and a line across its 95 % interval (a lone dot when there are too few values for one).

The reference method (traditional order when there is any) is the top row, named so, and a
dotted line at its mean runs down each panel so the other methods read against it.
"""

from __future__ import annotations

import math

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from exhaust.charts.style import (
    FONT,
    INK,
    SIZE,
    SMALL,
    TITLE,
    method_colour,
    method_label,
    narrow,
    new_figure,
    no_data,
    style_axes,
    wrap,
)
from exhaust.domain.analytics.compare import METRICS, Comparison, MethodStats, Metric


def _scale(metric: Metric, per_kg: float) -> float:
    return per_kg if metric.in_kg else 1.0


def axis_label(metric: Metric, comparison: Comparison, unit: str, per_kg: float) -> str:
    if metric.in_kg:
        return unit
    if metric.key == "reps_at_load" and comparison.load_kg is not None:
        low, high = comparison.load_kg
        return f"reps per set at {low * per_kg:.0f}–{high * per_kg:.0f} {unit}"
    if metric.key == "reps_at_load":
        return "reps per set"
    return metric.title


def compare_figure(
    comparison: Comparison,
    name: str,
    unit: str = "kg",
    per_kg: float = 1.0,
    *,
    size: tuple[float, float] = SIZE,
) -> Figure:
    """Each method's mean and 95 % interval on every metric that has data; weights in ``unit``."""
    fig = new_figure(size)
    title = f"{name}: methods compared"
    metrics = [m for m in METRICS if any(m.key in st.values for st in comparison.methods)]
    if not metrics:
        return no_data(fig, title, "No data: no tagged sessions to compare yet.")
    rows = _rows(comparison)
    columns = 1 if narrow(fig) else min(2, len(metrics))
    panels = fig.subplots(math.ceil(len(metrics) / columns), columns, squeeze=False)
    flat = [ax for row in panels for ax in row]
    for ax in flat[len(metrics) :]:
        ax.set_visible(False)
    for i, (ax, metric) in enumerate(zip(flat, metrics, strict=False)):
        _panel(ax, metric, rows, comparison, unit, per_kg, names=i % columns == 0)
    fig.suptitle(wrap(title, fig, TITLE), fontsize=TITLE)
    note = "dot: mean · line: 95 % interval · n: sessions (sets for reps and RPE) · dotted: reference mean"
    fig.supxlabel(wrap(note, fig, SMALL), fontsize=SMALL, color="#444444")
    return fig


def _rows(comparison: Comparison) -> list[MethodStats]:
    """Top to bottom: the reference, then the others as the comparison lists them."""
    ref = [st for st in comparison.methods if st.method == comparison.reference]
    return ref + [st for st in comparison.methods if st.method != comparison.reference]


def _panel(
    ax: Axes,
    metric: Metric,
    rows: list[MethodStats],
    comparison: Comparison,
    unit: str,
    per_kg: float,
    names: bool,
) -> None:
    style_axes(ax)
    ax.grid(False, axis="y")
    ax.grid(True, axis="x", color="#dddddd", linewidth=0.8)
    scale = _scale(metric, per_kg)
    ys = list(range(len(rows)))[::-1]  # the first row at the top
    ends: list[float] = []
    beside = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    for y, st in zip(ys, rows, strict=True):
        est = st.values.get(metric.key)
        if est is None:
            ax.text(0.02, y, "no data", transform=beside, va="center", fontsize=SMALL, color="#777777")
            continue
        colour = method_colour(st.method)
        value = est.value * scale
        ends.append(value)
        if est.low is not None and est.high is not None:
            low, high = est.low * scale, est.high * scale
            ends += [low, high]
            ax.plot(
                [low, high],
                [y, y],
                color=colour,
                linewidth=2.5,
                marker="|",
                markersize=9,
                solid_capstyle="butt",
                gid=f"interval-{metric.key}-{st.method}",
            )
        ax.plot(
            [value],
            [y],
            marker="o",
            markersize=7,
            color=colour,
            markeredgecolor=INK,
            markeredgewidth=0.6,
            linestyle="none",
            zorder=4,
            gid=f"mean-{metric.key}-{st.method}",
        )
        # n in a column right of the panel, clear of every interval
        ax.text(1.02, y, f"n={est.n}", transform=beside, ha="left", va="center", fontsize=SMALL)
        if st.method == comparison.reference:
            ax.axvline(value, color=INK, linestyle=":", linewidth=1, zorder=1, gid=f"reference-{metric.key}")
    ax.set_ylim(-0.6, len(rows) - 0.4)
    if ends:
        low, high = min(ends), max(ends)
        pad = max((high - low) * 0.12, abs(high) * 0.02, 0.5 * scale if metric.in_kg else 0.2)
        ax.set_xlim(low - pad, high + pad)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    if metric.in_kg:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_yticks(ys)
    labels = [method_label(st.method) + (" (ref.)" if st.method == comparison.reference else "") for st in rows]
    if names:  # the first panel of each row of panels names the methods; the rest line up with it
        ax.set_yticklabels(labels, fontsize=SMALL)
        for tick, st in zip(ax.get_yticklabels(), rows, strict=True):
            tick.set_color(method_colour(st.method))
            if st.method == comparison.reference:
                tick.set_fontweight("bold")
    else:
        ax.set_yticklabels([])
    ax.tick_params(axis="y", length=0)
    ax.set_title(metric.title + (f" ({unit})" if metric.in_kg else ""), fontsize=FONT)
    ax.set_xlabel(axis_label(metric, comparison, unit, per_kg), fontsize=SMALL)
