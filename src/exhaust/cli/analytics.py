"""`exhaust progress`, `volume`, `compare`, `warnings`: what the training did, in tables and charts.

Only typer and the standard library at module level; the services and matplotlib load when a
command runs.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from exhaust.cli.output import EXIT_FINDING, EXIT_USAGE, console, emit_json, fail, handled, since_day

if TYPE_CHECKING:
    from exhaust.domain.analytics.compare import Comparison
    from exhaust.domain.analytics.progress import Progress, SessionBest
    from exhaust.domain.analytics.stats import Estimate, Line
    from exhaust.domain.analytics.volume import Cell
    from exhaust.domain.rules import Decline
    from exhaust.services.analytics import Analytics

commands = typer.Typer(rich_markup_mode=None)


# The command's own choices, so `--help` needs no domain import.
class By(StrEnum):
    MUSCLE = "muscle"
    GROUP = "group"
    EXERCISE = "exercise"


class FormulaChoice(StrEnum):
    EPLEY = "epley"
    BRZYCKI = "brzycki"
    LOMBARDI = "lombardi"
    MAYHEW = "mayhew"
    OCONNER = "oconner"
    WATHEN = "wathen"


JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
FormulaOpt = Annotated[
    FormulaChoice,
    typer.Option(
        "--formula",
        case_sensitive=False,
        help="e1RM formula for sets without RPE/RIR (sets with RPE or RIR use the RPE chart).",
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option("--tz", help="Your time zone for days and weeks, e.g. Europe/Berlin (default: this computer's)."),
]
PlotOpt = Annotated[
    Path | None, typer.Option("--plot", help="Also draw the chart to this file (.png, or .svg).", show_default=False)
]


def _analytics(formula: FormulaChoice, tz: str | None) -> Analytics:
    from exhaust.cli import context
    from exhaust.domain.analytics.e1rm import Formula
    from exhaust.services.analytics import Analytics
    from exhaust.services.inputs import SystemZone, time_zone

    zone = time_zone(tz) if tz is not None else SystemZone()
    return Analytics(context.logbook(), zone, Formula(formula.value))


def _check_plot(plot: Path | None) -> None:
    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise fail(f"--plot {plot}: give a file ending in .png or .svg", EXIT_USAGE)


def _draw(figure: Any, plot: Path) -> None:
    from exhaust.charts import save

    save(figure, plot)
    console(stderr=True).print(f"Chart written to {plot}")


class Shown:
    """Kilograms in the lifter's unit, for tables and JSON."""

    def __init__(self, unit: str, per_kg: float) -> None:
        self.unit, self.per_kg = unit, per_kg

    def value(self, kg: float | None, places: int = 2) -> float | None:
        return None if kg is None else round(kg * self.per_kg, places)

    def text(self, kg: float | None, places: int = 1) -> str:
        return "–" if kg is None else f"{kg * self.per_kg:,.{places}f}"

    def estimate(self, est: Estimate | None, in_kg: bool = True) -> dict[str, Any] | None:
        if est is None:
            return None
        k = self.per_kg if in_kg else 1.0
        return {
            "mean": round(est.value * k, 2),
            "low": None if est.low is None else round(est.low * k, 2),
            "high": None if est.high is None else round(est.high * k, 2),
            "n": est.n,
        }

    def interval(self, est: Estimate | None, in_kg: bool = True, places: int = 1) -> str:
        if est is None:
            return "–"
        k = self.per_kg if in_kg else 1.0
        if est.low is None or est.high is None:
            return f"{est.value * k:.{places}f} n={est.n}"
        return f"{est.value * k:.{places}f} ({est.low * k:.{places}f}…{est.high * k:.{places}f}) {est.n}"

    def trend(self, line: Line | None, sessions: int) -> dict[str, Any] | None:
        if line is None:
            return None
        return {**(self.estimate(line.slope) or {}), "sessions": sessions, "per": "week"}

    def trend_text(self, line: Line | None) -> str:
        if line is None:
            return "–"
        slope = line.slope
        text = f"{slope.value * self.per_kg:+.1f}"
        if slope.low is not None and slope.high is not None:
            text += f"±{(slope.high - slope.low) / 2 * self.per_kg:.1f}"
        return text

    def decline(self, d: Decline | None) -> dict[str, Any] | None:
        if d is None:
            return None
        return {
            "rule": "PROGRESS-WATCH",
            "source": "004",
            "exercise": d.exercise,
            "since": d.since.isoformat(),
            "week": d.week.isoformat(),
            "drop": self.value(d.baseline - d.recent),
            "percent": round(d.percent, 1),
            "baseline": self.value(d.baseline),
            "recent": self.value(d.recent),
            "methods": list(d.methods),
            "sessions": d.sessions,
            "message": d.message(self.unit, self.per_kg),
        }

    def session(self, s: SessionBest) -> dict[str, Any]:
        top = s.top
        return {
            "workout": s.workout,
            "date": s.day.isoformat(),
            "method": s.method,
            "e1rm": self.value(s.e1rm),
            "top_set": None
            if top is None
            else {"weight": self.value(top.weight_kg), "reps": top.reps, "rpe": top.rpe, "rir": top.rir},
            "hard_sets": s.sets,
            "reps": s.reps,
            "volume": self.value(s.volume_kg, 1),
        }

    def cell(self, c: Cell) -> dict[str, Any]:
        return {
            "sets": round(c.sets, 2),
            "direct_sets": c.direct_sets,
            "reps": round(c.reps, 1),
            "volume": self.value(c.volume_kg, 1),
            "exhaust_isolation_sets": c.exhaust_isolation_sets,
        }


@commands.command("progress")
def progress_command(
    exercise: Annotated[
        str | None, typer.Argument(help="A lift ('bench'); without it, every compound lift at a glance.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sessions from this date (YYYY-MM-DD).")] = None,
    plot: PlotOpt = None,
    formula: FormulaOpt = FormulaChoice.EPLEY,
    tz: TzOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Estimated 1RM over time, personal records and the recent trend of your lifts."""
    _check_plot(plot)
    if plot is not None and exercise is None:
        raise fail("--plot draws one lift; name it, e.g. `exhaust progress bench --plot bench.png`", EXIT_USAGE)
    start = since_day(since)
    with handled(json_out):
        analytics = _analytics(formula, tz)
        show = Shown(analytics.unit, analytics.per_kg)
        if exercise is None:
            _overview(analytics, show, start, json_out)
            return
        found = analytics.progress(exercise, start)
        if plot is not None:
            from exhaust.charts import progress_figure

            _draw(progress_figure(found.progress, found.name, show.unit, show.per_kg), plot)
    p = found.progress
    if json_out:
        from exhaust.domain.analytics.e1rm import estimate

        emit_json(
            {
                "exercise": {"id": p.exercise_id, "name": found.name},
                "formula": p.formula.value,
                "unit": show.unit,
                "sessions": [
                    {
                        **show.session(s),
                        "sets": [
                            {
                                "weight": show.value(g.top_kg),
                                "reps": g.reps,
                                "rpe": g.rpe,
                                "rir": g.rir,
                                "count": g.sets,
                                "hard": g.hard,
                                "e1rm": show.value(estimate(g.top_kg, g.reps, p.formula, g.rpe, g.rir)),
                            }
                            for g in sorted(found.sets.get(s.workout, []), key=lambda g: (-(g.top_kg or 0), g.reps))
                        ],
                    }
                    for s in p.sessions
                ],
                "best": show.session(p.best) if p.best else None,
                "rep_records": [
                    {"reps": r.reps, "weight": show.value(r.weight_kg), "date": r.day.isoformat()}
                    for r in p.rep_records
                ],
                "trend": show.trend(p.trend, p.trend_sessions),
                "warning": show.decline(found.decline),
            }
        )
        return
    _print_progress(found.name, p, found.decline, show)


def _overview(analytics: Analytics, show: Shown, since: date | None, json_out: bool) -> None:
    from rich.box import SIMPLE_HEAD

    lifts = analytics.overview(since)
    if json_out:
        emit_json(
            {
                "formula": analytics.formula.value,
                "unit": show.unit,
                "lifts": [
                    {
                        "exercise_id": s.exercise_id,
                        "name": s.name,
                        "sessions": s.sessions,
                        "last": show.session(s.last),
                        "best": show.session(s.best),
                        "trend": show.trend(s.trend, s.trend_sessions),
                        "warning": show.decline(s.decline),
                    }
                    for s in lifts
                ],
            }
        )
        return
    from rich.table import Table

    out = console()
    if not lifts:
        out.print("No compound lifts with loaded sets of 12 reps or fewer yet: nothing to estimate a 1RM from.")
        return
    table = Table(
        "lift",
        "n",
        f"now {show.unit}",
        f"best {show.unit}",
        "best on",
        f"{show.unit}/wk",
        title=f"Estimated 1RM ({analytics.formula.label}; RPE chart where RPE/RIR is logged); n: sessions; "
        f"{show.unit}/wk: trend over the last 8 weeks ± its 95 % interval",
        title_justify="left",
        box=SIMPLE_HEAD,
    )
    table.columns[0].no_wrap = True
    for s in lifts:
        flag = " [red]▼[/red]" if s.decline else ""
        table.add_row(
            s.name + flag,
            str(s.sessions),
            show.text(s.last.e1rm),
            show.text(s.best.e1rm),
            f"{s.best.day:%Y-%m-%d}",
            show.trend_text(s.trend),
        )
    out.print(table)
    if any(s.decline for s in lifts):
        out.print("▼: declining while an exhaust technique is in use; `exhaust warnings` says what to do.")


def _print_progress(name: str, p: Progress, decline: Decline | None, show: Shown) -> None:
    from rich.table import Table

    out = console()
    read = [s for s in p.sessions if s.e1rm is not None]
    if not p.sessions:
        out.print(f"No sets of {name} in that period.")
        return
    out.print(f"[bold]{name}[/bold] — e1RM by {p.formula.label} (the RPE chart where RPE or RIR is logged)")
    if p.best is not None and p.best.top is not None:
        top = p.best.top
        out.print(
            f"Best e1RM: {show.text(p.best.e1rm)} {show.unit} on {p.best.day:%Y-%m-%d} "
            f"({show.text(top.weight_kg)} {show.unit} × {top.reps})"
        )
    if p.trend is not None:
        out.print(f"Trend over the last 8 weeks ({p.trend_sessions} sessions): {show.trend_text(p.trend)} {show.unit}")
    if not read:
        out.print("No set of 12 reps or fewer with a load: no e1RM to show (volume still counts).")
    table = Table("date", "method", f"e1RM ({show.unit})", "best set", "hard sets", f"volume ({show.unit})")
    for s in p.sessions[-20:]:
        best = "–" if s.top is None else f"{show.text(s.top.weight_kg)} × {s.top.reps}"
        table.add_row(
            f"{s.day:%Y-%m-%d}", s.method or "–", show.text(s.e1rm), best, str(s.sets), show.text(s.volume_kg, 0)
        )
    if len(p.sessions) > 20:
        table.caption = f"the last 20 of {len(p.sessions)} sessions; --json lists them all"
    out.print(table)
    if p.rep_records:
        records = Table("reps", f"heaviest ({show.unit})", "first lifted", title="Rep records", title_justify="left")
        for r in p.rep_records:
            records.add_row(str(r.reps), show.text(r.weight_kg), f"{r.day:%Y-%m-%d}")
        out.print(records)
    if decline is not None:
        out.print(f"[red]PROGRESS-WATCH (seed 004)[/red]: {decline.message(show.unit, show.per_kg)}")


@commands.command("volume")
def volume_command(
    by: Annotated[By, typer.Option("--by", case_sensitive=False, help="muscle, group or exercise.")] = By.MUSCLE,
    weeks: Annotated[int, typer.Option("--weeks", min=1, max=520, help="How many weeks, ending this week.")] = 12,
    plot: PlotOpt = None,
    tz: TzOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Weekly hard sets, reps and volume load per muscle, muscle group or exercise."""
    from exhaust.domain.analytics.volume import Grouping

    _check_plot(plot)
    with handled(json_out):
        analytics = _analytics(FormulaChoice.EPLEY, tz)
        show = Shown(analytics.unit, analytics.per_kg)
        report = analytics.volume(Grouping(by.value), weeks)
        if plot is not None:
            from exhaust.charts import volume_figure

            _draw(volume_figure(report, show.unit, show.per_kg), plot)
    if json_out:
        emit_json(
            {
                "by": report.by.value,
                "unit": show.unit,
                "weeks": [w.isoformat() for w in report.weeks],
                "rows": [
                    {
                        "key": key,
                        "label": report.labels[key],
                        "total": show.cell(report.total(key)),
                        "weeks": {w.isoformat(): show.cell(c) for w, c in sorted(cells.items())},
                    }
                    for key, cells in report.rows.items()
                ],
                "unattributed_sets": {w.isoformat(): n for w, n in sorted(report.unattributed.items())},
            }
        )
        return
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    out = console()
    if not report.rows and not report.unattributed:
        out.print(f"No hard sets in the last {weeks} weeks.")
        return
    shown_weeks = report.weeks[-4:]
    fractional = by is not By.EXERCISE
    table = Table(
        by.value,
        *[f"{w:%d %b}" for w in shown_weeks],
        "avg",
        *(["direct", "exh.iso"] if fractional else []),
        f"vol/wk {show.unit}",
        title=f"Hard sets per week{', fractional by muscle share' if fractional else ''}; avg over "
        f"{len(report.weeks)} weeks from {report.weeks[0]:%Y-%m-%d}; direct: as a prime mover; "
        "exh.iso: exhaust-pair isolation sets",
        title_justify="left",
        box=SIMPLE_HEAD,
    )
    table.columns[0].no_wrap = True
    n = len(report.weeks)
    for key, cells in report.rows.items():
        total = report.total(key)
        per_week = [f"{cells[w].sets:.1f}" if w in cells else "·" for w in shown_weeks]
        extra = [f"{total.direct_sets / n:.1f}", str(total.exhaust_isolation_sets)] if fractional else []
        table.add_row(report.labels[key], *per_week, f"{total.sets / n:.1f}", *extra, show.text(total.volume_kg / n, 0))
    out.print(table)
    if report.unattributed:
        count = sum(report.unattributed.values())
        out.print(
            f"{count} hard sets of your own exercises are not in the muscle figures: exhaust does not know "
            "which muscles they work."
        )


@commands.command("compare")
def compare_command(
    exercise: Annotated[str, typer.Argument(help="A compound lift, e.g. 'bench'.")],
    plot: PlotOpt = None,
    formula: FormulaOpt = FormulaChoice.EPLEY,
    tz: TzOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Compare a lift's sessions by the method its block used: does pre-exhaust work for you?"""
    _check_plot(plot)
    with handled(json_out):
        analytics = _analytics(formula, tz)
        show = Shown(analytics.unit, analytics.per_kg)
        name, found = analytics.compare(exercise)
        if plot is not None:
            from exhaust.charts import compare_figure

            _draw(compare_figure(found, name, show.unit, show.per_kg), plot)
    if json_out:
        emit_json(_comparison_dict(name, found, show))
        return
    _print_comparison(name, found, show)


def _comparison_dict(name: str, c: Comparison, show: Shown) -> dict[str, Any]:
    from exhaust.domain.analytics.compare import METRIC

    return {
        "exercise": {"id": c.exercise_id, "name": name},
        "formula": c.formula.value,
        "unit": show.unit,
        "reference": c.reference,
        "comparable_load": None
        if c.load_kg is None
        else {"low": show.value(c.load_kg[0]), "high": show.value(c.load_kg[1])},
        "methods": [
            {
                "method": m.method,
                "sessions": m.sessions,
                "first": m.first.isoformat(),
                "last": m.last.isoformat(),
                "metrics": {k: show.estimate(v, METRIC[k].in_kg) for k, v in m.values.items()},
                "e1rm_trend_per_week": show.estimate(m.e1rm_trend),
            }
            for m in c.methods
        ],
        "differences": [
            {
                "metric": d.metric,
                "method": d.method,
                "reference": d.reference,
                "difference": show.estimate(d.estimate, METRIC[d.metric].in_kg),
                "verdict": d.verdict,
            }
            for d in c.differences
        ],
        "untagged_sessions": c.untagged_sessions,
        "verdict": c.verdict,
        "caveat": c.caveat,
    }


def _print_comparison(name: str, c: Comparison, show: Shown) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    from exhaust.domain.analytics.compare import METRICS

    out = console()
    out.print(f"[bold]{name}[/bold] by method (means with 95 % intervals; e1RM by {c.formula.label})")
    if c.methods:
        load = ""
        if c.load_kg is not None:
            load = f" at {show.text(c.load_kg[0])}–{show.text(c.load_kg[1])} {show.unit}"
        titles = {
            "reps_at_load": f"reps{load}",
            "e1rm": f"e1RM {show.unit}",
            "volume": f"volume/session {show.unit}",
            "rpe": "RPE",
        }
        table = Table(
            "",
            *[m.method + (" (ref.)" if m.method == c.reference else "") for m in c.methods],
            box=SIMPLE_HEAD,
            caption="mean (95 % interval) n",
        )
        table.columns[0].no_wrap = True
        table.add_row("sessions", *[str(m.sessions) for m in c.methods])
        table.add_row("from", *[f"{m.first:%Y-%m-%d}" for m in c.methods])
        table.add_row("to", *[f"{m.last:%Y-%m-%d}" for m in c.methods])
        for x in METRICS:
            table.add_row(titles[x.key], *[show.interval(m.values.get(x.key), x.in_kg) for m in c.methods])
        table.add_row(f"e1RM trend ({show.unit}/wk)", *[show.interval(m.e1rm_trend) for m in c.methods])
        out.print(table)
        for d in c.differences:
            out.print(f"  • {d.verdict}")
    if c.untagged_sessions:
        out.print(f"{c.untagged_sessions} sessions carry no method tag and are left out.")
    out.print()
    out.print(f"[bold]Verdict:[/bold] {c.verdict}")
    out.print(f"[dim]{c.caveat}[/dim]")


@commands.command("warnings")
def warnings_command(formula: FormulaOpt = FormulaChoice.EPLEY, tz: TzOpt = None, json_out: JsonOpt = False) -> None:
    """Lifts whose e1RM declines while an exhaust technique is in use (PROGRESS-WATCH). Exits 1 if any."""
    with handled(json_out):
        analytics = _analytics(formula, tz)
        show = Shown(analytics.unit, analytics.per_kg)
        found = analytics.warnings()
    if json_out:
        emit_json({"warnings": [show.decline(d) for d in found]})
    else:
        out = console()
        if not found:
            out.print(
                "No warnings: no compound lift's e1RM is declining while an exhaust technique is in use "
                "(PROGRESS-WATCH, seed 004)."
            )
        for d in found:
            out.print(f"[red]PROGRESS-WATCH[/red] {d.message(show.unit, show.per_kg)}")
    if found:
        raise typer.Exit(EXIT_FINDING)
