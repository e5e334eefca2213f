"""Charts: what a lifter sees on the progress, weekly-volume and methods-compared figures, and
that they come out as PNG or SVG files that read on a phone."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import pytest
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from exhaust.charts import (
    METHOD_COLOURS,
    Band,
    compare_figure,
    method_bands,
    progress_figure,
    render,
    save,
    volume_figure,
)
from exhaust.domain.analytics.compare import METRICS, Comparison, MethodStats, compare
from exhaust.domain.analytics.e1rm import Formula
from exhaust.domain.analytics.progress import Progress, SessionBest, progress
from exhaust.domain.analytics.sets import SetGroup
from exhaust.domain.analytics.stats import Estimate, Line
from exhaust.domain.analytics.volume import Cell, Grouping, VolumeReport, weekly_volume
from exhaust.domain.catalogue import Catalogue

LB = 1 / 0.45359237
MONDAY = date(2024, 1, 1)
PHONE = (4.0, 5.0)


# --- building inputs ---------------------------------------------------------------------


def session(day: date, e1rm: float | None, method: str = "traditional", workout: int = 0) -> SessionBest:
    return SessionBest(
        workout=workout or day.toordinal(),
        day=day,
        method=method,
        e1rm=e1rm,
        top=None,
        sets=3,
        reps=15,
        volume_kg=1500.0,
    )


def make_progress(sessions: list[SessionBest], trend: Line | None = None) -> Progress:
    read = [s for s in sessions if s.e1rm is not None]
    best = max(read, key=lambda s: s.e1rm or 0.0) if read else None
    return Progress(
        exercise_id="bench-press",
        formula=Formula.EPLEY,
        sessions=sessions,
        best=best,
        rep_records=[],
        trend=trend,
        trend_sessions=len(read),
    )


def two_years() -> Progress:
    """Two sessions a week for 104 weeks: traditional for a year, then pre-exhaust; e1RM rises
    then falls."""
    sessions = []
    for week in range(104):
        for offset in (0, 3):
            day = MONDAY + timedelta(weeks=week, days=offset)
            e1rm = 100 + 20 * (1 - abs(week - 70) / 70) + (offset - 1.5)
            sessions.append(session(day, e1rm, "traditional" if week < 52 else "pre-exhaust"))
    return make_progress(sessions, Line(110.0, Estimate(-0.4, -0.8, 0.0, 16)))


def volume_report(rows: int = 3, weeks: int = 4, by: Grouping = Grouping.MUSCLE) -> VolumeReport:
    """Row i has (rows - i) + 0.5 * week fractional sets each week, so row 0 is the biggest."""
    mondays = [MONDAY + timedelta(weeks=w) for w in range(weeks)]
    keys = [f"m{i}" for i in range(rows)]
    table = {
        key: {w: Cell(sets=(rows - i) + 0.5 * n, volume_kg=1000.0 * (rows - i)) for n, w in enumerate(mondays)}
        for i, key in enumerate(keys)
    }
    labels = {key: f"muscle {key}" for key in keys}
    return VolumeReport(by=by, weeks=mondays, rows=table, labels=labels, unattributed={})


def method_stats(method: str, values: dict[str, Estimate], sessions: int = 6) -> MethodStats:
    return MethodStats(
        method=method,
        sessions=sessions,
        first=MONDAY,
        last=MONDAY + timedelta(weeks=8),
        values=values,
        e1rm_trend=None,
    )


def comparison(methods: list[MethodStats], reference: str | None = "traditional") -> Comparison:
    return Comparison(
        exercise_id="bench-press",
        formula=Formula.EPLEY,
        reference=reference,
        load_kg=(95.0, 105.0),
        methods=methods,
        differences=[],
        untagged_sessions=0,
        verdict="",
        caveat="",
    )


def two_methods() -> Comparison:
    return comparison(
        [
            method_stats(
                "pre-exhaust",
                {
                    "reps_at_load": Estimate(6.0, 5.5, 6.5, 30),
                    "e1rm": Estimate(112.0, 110.0, 114.0, 8),
                    "volume": Estimate(3000.0, 2800.0, 3200.0, 8),
                },
            ),
            method_stats(
                "traditional",
                {
                    "reps_at_load": Estimate(7.0, 6.6, 7.4, 25),
                    "e1rm": Estimate(115.0, 113.0, 117.0, 7),
                    "volume": Estimate(3300.0, 3100.0, 3500.0, 7),
                },
            ),
        ]
    )


# --- reading figures ---------------------------------------------------------------------


def drawn(fig: Figure) -> RendererBase:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def legend_labels(fig: Figure) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


def panels(fig: Figure) -> list[Axes]:
    return [ax for ax in fig.axes if ax.get_visible() and ax.axison]


def by_gid(ax: Axes, prefix: str) -> list[object]:
    return [a for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]


def day(x: float) -> date:
    return mdates.num2date(x).date()


def bars(ax: Axes) -> dict[str, list[Rectangle]]:
    """The stacked bars, by segment label, one rectangle per week."""
    return {str(c.get_label()): list(c.patches) for c in ax.containers}


# --- progress ----------------------------------------------------------------------------


def test_the_e1rm_axis_says_the_unit_and_the_title_the_exercise_and_formula() -> None:
    fig = progress_figure(two_years(), "Bench Press")
    (ax,) = panels(fig)
    assert ax.get_ylabel() == "estimated 1RM (kg)"
    assert fig.get_suptitle() == "Bench Press: estimated 1RM (Epley)"
    lb = progress_figure(two_years(), "Bench Press", "lb", LB)
    assert panels(lb)[0].get_ylabel() == "estimated 1RM (lb)"


def test_pounds_scale_every_plotted_e1rm() -> None:
    data = two_years()
    kg = by_gid(panels(progress_figure(data, "Bench"))[0], "sessions")[0]
    lb = by_gid(panels(progress_figure(data, "Bench", "lb", LB))[0], "sessions")[0]
    assert isinstance(kg, PathCollection) and isinstance(lb, PathCollection)
    kg_y = kg.get_offsets()[:, 1]
    lb_y = lb.get_offsets()[:, 1]
    assert list(kg_y) == pytest.approx([s.e1rm for s in data.sessions])
    assert list(lb_y) == pytest.approx([v * LB for v in kg_y])


def test_the_best_session_is_starred_and_named_in_the_legend() -> None:
    data = two_years()
    assert data.best is not None and data.best.e1rm is not None
    fig = progress_figure(data, "Bench", "lb", LB)
    (star,) = by_gid(panels(fig)[0], "best")
    assert isinstance(star, PathCollection)
    x, y = star.get_offsets()[0]
    assert day(x) == data.best.day
    assert y == pytest.approx(data.best.e1rm * LB)
    assert any(label.startswith(f"best {data.best.e1rm * LB:.1f} lb") for label in legend_labels(fig))


def test_each_run_of_weeks_with_one_method_is_one_band_over_exactly_those_weeks() -> None:
    w = [MONDAY + timedelta(weeks=n) for n in range(9)]
    sessions = [
        session(w[0], 100, "traditional"),
        session(w[0] + timedelta(days=3), 101, "traditional"),
        session(w[1], 102, "traditional"),
        session(w[2], 103, "traditional"),
        session(w[3], 103, ""),  # untagged: no band
        session(w[4], 101, "pre-exhaust"),
        session(w[5], 100, "pre-exhaust"),
        # week 6: no sessions, so the pre-exhaust weeks either side are two bands
        session(w[7], 99, "pre-exhaust"),
    ]
    fig = progress_figure(make_progress(sessions), "Bench")
    (ax,) = panels(fig)
    spans = []
    for band in by_gid(ax, "band-"):
        assert isinstance(band, Rectangle)
        method = str(band.get_gid()).removeprefix("band-").rsplit("-", 3)[0]
        assert mcolors.same_color(band.get_facecolor()[:3], METHOD_COLOURS[method])
        spans.append((method, day(band.get_x()), day(band.get_x() + band.get_width())))
    assert sorted(spans) == [
        ("pre-exhaust", w[4], w[6]),
        ("pre-exhaust", w[7], w[8]),
        ("traditional", w[0], w[3]),
    ]
    legend = legend_labels(fig)
    assert "traditional" in legend and "pre-exhaust" in legend and "untagged" not in legend


def test_a_weeks_band_follows_the_method_most_of_its_sessions_used() -> None:
    sessions = [
        session(MONDAY, 100, "pre-exhaust"),
        session(MONDAY + timedelta(days=2), 100, "traditional"),
        session(MONDAY + timedelta(days=4), 100, "traditional"),
        session(MONDAY + timedelta(days=7), 100, "pre-exhaust"),
        session(MONDAY + timedelta(days=8), 100, ""),
        session(MONDAY + timedelta(days=9), 100, ""),
    ]
    assert method_bands(sessions) == [
        Band("traditional", MONDAY, MONDAY + timedelta(days=7)),
        Band("pre-exhaust", MONDAY + timedelta(days=7), MONDAY + timedelta(days=14)),
    ]
    assert method_bands([session(MONDAY, 100, "")]) == []


@pytest.mark.parametrize(
    ("sessions", "shows"),
    [
        ([], "No data"),
        ([session(MONDAY, None)], "No data"),  # sessions, but no set an e1RM can be read from
        ([session(MONDAY, 100.0)], "1 session"),
        ([session(MONDAY, 100.0), session(MONDAY + timedelta(days=2), 101.0)], "2 sessions"),
    ],
)
def test_no_or_few_sessions_still_draw(sessions: list[SessionBest], shows: str) -> None:
    fig = progress_figure(make_progress(sessions), "Bench Press")
    assert "Bench Press" in fig.get_suptitle()
    assert any(shows in t for t in texts(fig))
    assert render(fig, "png").startswith(b"\x89PNG")


# --- volume ------------------------------------------------------------------------------


def test_a_weeks_bars_stack_to_all_its_sets() -> None:
    report = volume_report(rows=3, weeks=4)
    report.unattributed[report.weeks[1]] = 2
    fig = volume_figure(report)
    (ax,) = panels(fig)
    segments = bars(ax)
    assert list(segments) == ["muscle m0", "muscle m1", "muscle m2", "muscles unknown"]
    for i, week in enumerate(report.weeks):
        total = sum(cells[week].sets for cells in report.rows.values()) + report.unattributed.get(week, 0)
        column = [segment[i] for segment in segments.values()]
        assert sum(r.get_height() for r in column) == pytest.approx(total)
        for below, above in pairwise(column):  # stacked, not overlapping
            assert above.get_y() == pytest.approx(below.get_y() + below.get_height())
        assert day(column[0].get_x()) == week  # each bar sits in its own week
        assert column[0].get_width() < 7


def test_rows_past_top_are_summed_as_other() -> None:
    report = volume_report(rows=5, weeks=3)
    segments = bars(panels(volume_figure(report, top=3))[0])
    assert list(segments) == ["muscle m0", "muscle m1", "muscle m2", "other (2 muscles)"]
    for i, week in enumerate(report.weeks):
        rest = report.rows["m3"][week].sets + report.rows["m4"][week].sets
        assert segments["other (2 muscles)"][i].get_height() == pytest.approx(rest)
    everything = bars(panels(volume_figure(report, top=5))[0])
    assert not any(label.startswith("other") for label in everything)
    assert "other (2 muscles)" in legend_labels(volume_figure(report, top=3))


def test_the_subtitle_says_when_sets_are_fractional() -> None:
    for by, fractional in ((Grouping.MUSCLE, True), (Grouping.GROUP, True), (Grouping.EXERCISE, False)):
        fig = volume_figure(volume_report(by=by))
        (ax,) = panels(fig)
        assert ax.get_ylabel() == "hard sets per week"
        assert ("fractional sets by muscle share" in ax.get_title()) is fractional


def test_volume_load_is_shown_in_the_lifters_unit() -> None:
    report = volume_report(rows=2, weeks=2)
    (ax,) = panels(volume_figure(report, "lb", LB, measure="load"))
    assert ax.get_ylabel() == "volume load per week (lb)"
    assert bars(ax)["muscle m0"][0].get_height() == pytest.approx(2000.0 * LB)


def test_an_empty_report_draws_no_data() -> None:
    empty = VolumeReport(by=Grouping.MUSCLE, weeks=[], rows={}, labels={}, unattributed={})
    fig = volume_figure(empty)
    assert any("No data" in t for t in texts(fig))
    quiet = VolumeReport(by=Grouping.MUSCLE, weeks=[MONDAY], rows={}, labels={}, unattributed={})
    assert any("No data" in t for t in texts(volume_figure(quiet)))
    with pytest.raises(ValueError, match="top"):
        volume_figure(volume_report(), top=0)


# --- compare -----------------------------------------------------------------------------


def test_one_panel_per_metric_with_data() -> None:
    fig = compare_figure(two_methods(), "Bench Press")
    titles = [ax.get_title() for ax in panels(fig)]
    assert titles == ["reps at comparable load", "session e1RM (kg)", "volume load per session (kg)"]  # no RPE logged
    assert "Bench Press" in fig.get_suptitle()


def test_intervals_end_at_the_estimates_bounds_in_the_lifters_unit() -> None:
    data = two_methods()
    fig = compare_figure(data, "Bench", "lb", LB)
    by_title = {ax.get_title(): ax for ax in panels(fig)}
    for metric in METRICS:
        title = metric.title + (" (lb)" if metric.in_kg else "")
        if title not in by_title:
            continue
        ax = by_title[title]
        scale = LB if metric.in_kg else 1.0
        for st in data.methods:
            est = st.values[metric.key]
            assert est.low is not None and est.high is not None
            (line,) = by_gid(ax, f"interval-{metric.key}-{st.method}")
            (dot,) = by_gid(ax, f"mean-{metric.key}-{st.method}")
            assert isinstance(line, Line2D) and isinstance(dot, Line2D)
            assert list(line.get_xdata()) == pytest.approx([est.low * scale, est.high * scale])
            assert list(dot.get_xdata()) == pytest.approx([est.value * scale])
            assert mcolors.same_color(line.get_color(), METHOD_COLOURS[st.method])
        if metric.in_kg:
            assert ax.get_xlabel() == "lb"
    assert by_title["reps at comparable load"].get_xlabel() == "reps per set at 209–231 lb"


def test_a_value_without_an_interval_is_a_dot_without_whiskers_and_n_is_shown() -> None:
    data = comparison(
        [
            method_stats("traditional", {"rpe": Estimate(8.0, 7.5, 8.5, 12)}),
            method_stats("post-exhaust", {"rpe": Estimate(8.5, None, None, 1)}, sessions=1),
        ]
    )
    fig = compare_figure(data, "Bench")
    (ax,) = panels(fig)
    assert by_gid(ax, "interval-rpe-post-exhaust") == []
    assert len(by_gid(ax, "mean-rpe-post-exhaust")) == 1
    shown = texts(fig)
    assert "n=12" in shown and "n=1" in shown


def test_the_reference_method_is_marked() -> None:
    fig = compare_figure(two_methods(), "Bench")
    ax = panels(fig)[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "traditional (ref.)"  # the top row
    assert "pre-exhaust" in labels
    (line,) = by_gid(ax, "reference-reps_at_load")
    assert isinstance(line, Line2D)
    assert list(line.get_xdata()) == pytest.approx([7.0, 7.0])


def test_nothing_to_compare_draws_no_data() -> None:
    fig = compare_figure(comparison([], reference=None), "Bench")
    assert any("No data" in t for t in texts(fig))


# --- readable on a screen and on a phone -------------------------------------------------


def all_figures(size: tuple[float, float]) -> list[Figure]:
    return [
        progress_figure(two_years(), "Bench Press (Barbell)", "lb", LB, size=size),
        volume_figure(volume_report(rows=12, weeks=104), size=size),
        compare_figure(two_methods(), "Bench Press (Barbell)", "lb", LB, size=size),
    ]


@pytest.mark.parametrize("size", [(8.0, 4.5), PHONE], ids=["screen", "phone"])
def test_every_text_fits_the_figure_and_is_at_least_9_points(size: tuple[float, float]) -> None:
    for fig in all_figures(size):
        renderer = drawn(fig)
        whole = fig.bbox.padded(1)
        for text in fig.findobj(Text):
            if not (text.get_visible() and text.get_text()):
                continue
            assert text.get_fontsize() >= 9, text.get_text()
            box = text.get_window_extent(renderer)
            assert whole.containsx(box.x0) and whole.containsx(box.x1), f"{text.get_text()!r} is cut off"
            assert whole.containsy(box.y0) and whole.containsy(box.y1), f"{text.get_text()!r} is cut off"


@pytest.mark.parametrize("size", [(8.0, 4.5), PHONE], ids=["screen", "phone"])
def test_legends_do_not_cover_the_data(size: tuple[float, float]) -> None:
    for fig in all_figures(size)[:2]:
        renderer = drawn(fig)
        assert fig.legends
        for legend in fig.legends:
            box = legend.get_window_extent(renderer)
            for ax in panels(fig):
                assert not box.overlaps(ax.get_window_extent(renderer))


@pytest.mark.parametrize("size", [(8.0, 4.5), PHONE], ids=["screen", "phone"])
def test_date_labels_do_not_overlap_over_two_years(size: tuple[float, float]) -> None:
    for fig in all_figures(size)[:2]:
        renderer = drawn(fig)
        (ax,) = panels(fig)
        low, high = ax.get_xlim()
        ticks = [t for t in ax.get_xticklabels() if t.get_text() and low <= t.get_position()[0] <= high]
        assert len(ticks) >= 4
        boxes = sorted((t.get_window_extent(renderer) for t in ticks), key=lambda b: b.x0)
        for left, right in pairwise(boxes):
            assert left.x1 + 4 <= right.x0  # a gap of a few pixels at least


def test_two_years_of_weekly_bars_are_thin_and_separate() -> None:
    fig = volume_figure(volume_report(rows=12, weeks=104))
    renderer = drawn(fig)
    first = bars(panels(fig)[0])["muscle m0"]
    assert len(first) == 104
    a, b = (r.get_window_extent(renderer) for r in first[:2])
    assert 2 <= a.width < b.x0 - a.x0  # visible, with a gap to the next week


# --- output ------------------------------------------------------------------------------


def test_png_is_a_png_of_1200_by_675_pixels() -> None:
    data = render(progress_figure(two_years(), "Bench"), "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 675)


def test_svg_is_xml_and_the_same_chart_gives_the_same_bytes() -> None:
    first = render(compare_figure(two_methods(), "Bench"), "svg")
    again = render(compare_figure(two_methods(), "Bench"), "svg")
    assert ET.fromstring(first).tag == "{http://www.w3.org/2000/svg}svg"
    assert first == again
    assert render(volume_figure(volume_report()), "SVG") == render(volume_figure(volume_report()), "svg")


def test_charts_drawn_on_many_threads_at_once_come_out_alike() -> None:
    def draw(_: int) -> bytes:
        return render(progress_figure(two_years(), "Bench"), "svg")

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = set(pool.map(draw, range(8)))
    assert len(results) == 1


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="png, svg"):
        render(volume_figure(volume_report()), "jpeg")


@pytest.mark.parametrize("name", ["chart.png", "chart.svg", "CHART.PNG"])
def test_save_writes_the_format_its_suffix_names_and_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    fig = progress_figure(two_years(), "Bench")
    save(fig, tmp_path / name)
    data = (tmp_path / name).read_bytes()
    if name.lower().endswith(".png"):
        assert data.startswith(b"\x89PNG")
    else:
        assert ET.fromstring(data).tag.endswith("svg")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert fig.axes == []  # done with: cleared


def test_save_refuses_other_suffixes_and_writes_nothing(tmp_path: Path) -> None:
    fig = progress_figure(two_years(), "Bench")
    for name in ("chart.txt", "chart"):
        with pytest.raises(ValueError, match=r"\.png or \.svg"):
            save(fig, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    assert fig.axes  # still there to save under a better name


# --- from logged sets, through the domain ------------------------------------------------


def test_figures_from_logged_sets(catalogue: Catalogue) -> None:
    groups = []
    for n in range(24):
        day_ = MONDAY + timedelta(days=3 * n)
        method = "traditional" if n < 12 else "pre-exhaust"
        weight = 80.0 + n
        for exercise, w in (("bench-press", weight), ("dumbbell-fly", 16.0)):
            groups.append(
                SetGroup(
                    workout=n + 1,
                    day=day_,
                    exercise_id=exercise,
                    method=method,
                    reps=8,
                    rpe=None,
                    rir=2,
                    sets=3,
                    load_kg=3 * 8 * w,
                    top_kg=w,
                )
            )
    bench = [g for g in groups if g.exercise_id == "bench-press"]
    lookup = {e: catalogue.get(e) for e in ("bench-press", "dumbbell-fly")}
    report = weekly_volume(groups, lookup.get, Grouping.MUSCLE)
    for fig in (
        progress_figure(progress("bench-press", bench), "Bench Press"),
        volume_figure(report, top=2),
        compare_figure(compare("bench-press", bench, name="Bench Press"), "Bench Press"),
    ):
        assert len(panels(fig)) >= 1 and not any("No data" in t for t in texts(fig))
        assert render(fig, "png").startswith(b"\x89PNG")
