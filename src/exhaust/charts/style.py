"""What every chart shares: size, fonts, the colour of each method, date axes, legends below
the plot, and the "no data" panel.

Figures are made with the object-oriented API (``Figure()``, never pyplot), so nothing here
touches matplotlib's global figure list and the web app may draw from many threads. Sizes
are in inches: the default 8 x 4.5 renders at 1200 x 675 px at PNG_DPI; pass a narrower
``size`` (say 4 x 5) for a phone-width page and the date ticks and legends adapt.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date, datetime

import matplotlib.dates as mdates
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from exhaust.domain.logbook import OrderMethod

SIZE = (8.0, 4.5)  # inches
PNG_DPI = 150
FONT = 10.0  # points: labels, legends
SMALL = 9.0  # points: ticks, notes; nothing is drawn smaller
TITLE = 12.0
NARROW = 6.0  # inches: a figure narrower than this is laid out for a phone

# One colour per method tag on every chart (Okabe & Ito's palette, told apart with colour blindness).
METHOD_COLOURS: dict[str, str] = {
    OrderMethod.TRADITIONAL.value: "#0072B2",  # blue
    OrderMethod.PRE.value: "#D55E00",  # vermillion
    OrderMethod.POST.value: "#009E73",  # bluish green
    OrderMethod.REVERSE.value: "#CC79A7",  # reddish purple
    OrderMethod.NONE.value: "#999999",  # grey: untagged
}
METHOD_ORDER = tuple(METHOD_COLOURS)  # legends list methods in this order
BAND_ALPHA = 0.18
INK = "#222222"  # data drawn over method bands: dark, so it reads on every band colour
GRID = "#dddddd"


def method_colour(method: str) -> str:
    return METHOD_COLOURS.get(method, "#666666")


def method_label(method: str) -> str:
    return method or "untagged"


def day_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def new_figure(size: tuple[float, float] = SIZE) -> Figure:
    """A blank figure with constrained layout (titles, labels and outside legends get room)."""
    width, height = size
    if width <= 0 or height <= 0:
        raise ValueError(f"a chart needs a positive size, not {width} x {height} inches")
    return Figure(figsize=size, dpi=PNG_DPI, layout="constrained")


def narrow(fig: Figure) -> bool:
    return float(fig.get_figwidth()) < NARROW


def style_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=SMALL)
    ax.grid(True, axis="y", color=GRID, linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def day_number(day: date) -> float:
    """matplotlib's number for midnight at the start of ``day``."""
    return float(mdates.date2num(datetime(day.year, day.month, day.day)))  # type: ignore[no-untyped-call]


def date_axis(ax: Axes, fig: Figure) -> None:
    """Concise date ticks ("2025  Apr  Jul  Oct"), no more than fit the figure's width."""
    most = max(7, int(float(fig.get_figwidth()) * 1.25))  # under 7, spans of 2-3 years find no interval
    locator = mdates.AutoDateLocator(minticks=3, maxticks=most)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.xaxis.get_offset_text().set_fontsize(SMALL)


def titles(fig: Figure, title: str, ax: Axes | None = None, subtitle: str = "") -> None:
    """The chart's title above everything; a smaller subtitle over ``ax`` when there is one."""
    fig.suptitle(wrap(title, fig, TITLE), fontsize=TITLE)
    if ax is not None and subtitle:
        ax.set_title(wrap(subtitle, fig, SMALL), fontsize=SMALL, color="#444444")


def text_width(text: str, points: float) -> float:
    """Roughly how wide ``text`` is set in DejaVu Sans at ``points``, in inches."""
    return len(text) * points * 0.6 / 72


def wrap(text: str, fig: Figure, points: float) -> str:
    """``text`` broken into lines that fit the figure's width."""
    per_line = max(20, int(float(fig.get_figwidth()) * 0.95 * 72 / (points * 0.57)))
    return "\n".join(textwrap.wrap(text, per_line)) if len(text) > per_line else text


def legend_columns(fig: Figure, labels: Sequence[str], most: int) -> int:
    """As many columns as fit across the figure (a legend fills its columns top-down)."""
    width = float(fig.get_figwidth()) * 0.95
    for columns in range(min(most, len(labels)), 1, -1):
        rows = -(-len(labels) // columns)
        chunks = [labels[i : i + rows] for i in range(0, len(labels), rows)]
        needed = sum(0.45 + max(text_width(label, SMALL) for label in chunk) for chunk in chunks)
        if needed <= width:
            return columns
    return 1


def legend_below(fig: Figure, handles: Sequence[Artist], labels: Sequence[str], columns: int = 4) -> None:
    """A legend under the plot, outside the axes, so it never covers data."""
    if not handles:
        return
    columns = legend_columns(fig, labels, columns)
    fig.legend(
        list(handles),
        list(labels),
        loc="outside lower center",
        ncols=columns,
        fontsize=SMALL,
        frameon=False,
        handlelength=1.6,
        columnspacing=1.2,
    )


def no_data(fig: Figure, title: str, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT, color="#555555", wrap=True)
    fig.suptitle(wrap(title, fig, TITLE), fontsize=TITLE)
    return fig
