"""`exhaust workout …`, `exhaust history`, `exhaust template …`: the logbook at the command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from exhaust.cli import context
from exhaust.cli.output import EXIT_USAGE, console, emit_json, fail, handled

if TYPE_CHECKING:
    from decimal import Decimal

    from exhaust.services.logbook import SetView, Started, Suggestion, WorkoutView
    from exhaust.services.prediction import Expectation

commands = typer.Typer(rich_markup_mode=None)
workout_app = typer.Typer(
    help="Start a workout, log sets, finish it, look at it.", no_args_is_help=True, rich_markup_mode=None
)
template_app = typer.Typer(help="Save sessions to start from again.", no_args_is_help=True, rich_markup_mode=None)
commands.add_typer(workout_app, name="workout")
commands.add_typer(template_app, name="template")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _set_dict(s: SetView) -> dict[str, Any]:
    return {
        "id": s.id,
        "uid": s.uid,
        "position": s.position,
        "exercise_id": s.exercise_id,
        "exercise": s.exercise,
        "block": s.block,
        "set_type": s.set_type,
        "weight": None if s.weight is None else f"{s.weight.normalize():f}",
        "unit": s.unit,
        "weight_kg": None if s.weight_kg is None else f"{s.weight_kg:f}",
        "reps": s.reps,
        "rpe": None if s.rpe is None else f"{s.rpe.normalize():f}",
        "rir": s.rir,
        "rest_s": s.rest_s,
        "notes": s.notes,
        "logged_at": s.logged_at.isoformat(),
        "method": s.method,
        "distance_m": None if s.distance_m is None else f"{s.distance_m.normalize():f}",
        "duration_s": s.duration_s,
    }


def _workout_dict(w: WorkoutView) -> dict[str, Any]:
    return {
        "id": w.id,
        "uid": w.uid,
        "name": w.name,
        "started_at": w.started_at.isoformat(),
        "ended_at": w.ended_at.isoformat() if w.ended_at else None,
        "notes": w.notes,
        "plan": w.plan_name,
        "session": w.session_name,
        "source": w.source,
        "fingerprint": w.fingerprint,
        "volume_kg": f"{w.volume_kg:f}",
        "sets": [_set_dict(s) for s in w.sets],
    }


def _suggestion_dict(s: Suggestion) -> dict[str, Any]:
    p = s.prescription
    return {
        "label": s.label,
        "exercise_id": s.exercise_id,
        "exercise": s.exercise,
        "sets": p.sets if p else None,
        "reps": p.reps.text if p else None,
        "load": p.load.text if p and p.load else None,
        "rest_s": p.rest_s if p else None,
        "note": p.note if p else "",
        "weight": None if s.weight is None else f"{s.weight:f}",
        "unit": s.unit,
        "basis": s.basis,
        "last_time": [x.text for x in s.last_time],
    }


def _print_started(started: Started, expect: dict[str, Expectation]) -> None:
    out = console()
    w = started.workout
    out.print(f"Started workout {w.id}: [bold]{w.name}[/bold] at {w.started_at:%Y-%m-%d %H:%M} UTC")
    if not started.first_block:
        out.print("Log a set: exhaust workout log bench 80kg x 8 @8")
        return
    out.print("First block:")
    for s in started.first_block:
        p = s.prescription
        what = f"{p.sets} × {p.reps.text}" if p else ""
        load = f" at {s.weight:f} {s.unit}" if s.weight is not None else (f" at {p.load.text}" if p and p.load else "")
        rest = f", rest {p.rest_s} s after" if p and p.rest_s is not None else ""
        out.print(f"  {s.label}  [bold]{s.exercise}[/bold]: {what}{load}{rest}")
        if s.basis:
            out.print(f"      ({s.basis})")
        if s.last_time:
            out.print(f"      last time: {', '.join(x.text for x in s.last_time)}")
        if s.label in expect:
            e = expect[s.label]
            out.print(f"      {e.text}", style="bold", markup=False)
            out.print(f"      ({e.why})", markup=False)
        if p and p.note:
            out.print(f"      {p.note}")


@workout_app.command("start")
def start(
    plan: Annotated[Path | None, typer.Option("--plan", help="Follow a session of this plan file.")] = None,
    session: Annotated[str | None, typer.Option("--session", help="Which session of the plan or template.")] = None,
    template: Annotated[str | None, typer.Option("--template", help="Start from a saved template.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name the workout.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Start a workout and show the first block: what to lift, from the plan or from last time,
    and after a pre-exhaust what to expect on the compound."""
    from exhaust.services.training import expectation_dict, first_expectations

    with handled(json_out):
        book = context.logbook()
        started = book.start(plan_file=plan, session_name=session, template=template, name=name)
        expect = first_expectations(book, started)
    if json_out:
        emit_json(
            {
                "workout": _workout_dict(started.workout),
                "first_block": [_suggestion_dict(s) for s in started.first_block],
                # by label (A2): the first block's compounds after their isolation
                "expect": {label: expectation_dict(e) for label, e in expect.items()},
            }
        )
    else:
        _print_started(started, expect)


def _decimal(text: str, what: str) -> Decimal:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise fail(f"{what} {text!r} is not a number", EXIT_USAGE) from None


# ignore_unknown_options: '-5' in `log bench -5 8` is a (bad) weight, not an option.
@workout_app.command("log", context_settings={"ignore_unknown_options": True})
def log(
    words: Annotated[
        list[str],
        typer.Argument(help="EXERCISE WEIGHT REPS, e.g. `bench 80 8`, `bench 80kg x 8 @8`, `pull up bw x 10`."),
    ],
    rpe: Annotated[str | None, typer.Option("--rpe", help="Rate of perceived exertion, 1-10 in halves.")] = None,
    rir: Annotated[int | None, typer.Option("--rir", help="Reps in reserve.")] = None,
    set_type: Annotated[str | None, typer.Option("--type", help="warmup, drop or failure (default: working).")] = None,
    rest: Annotated[int | None, typer.Option("--rest", help="Rest taken before this set, in seconds.")] = None,
    note: Annotated[str, typer.Option("--note", help="Pump quality, perceived exhaustion (seed 004)…")] = "",
    unit: Annotated[str | None, typer.Option("--unit", help="kg or lb (default: your preference).")] = None,
    block: Annotated[str | None, typer.Option("--block", help="Block label (A1, A2…); default: from the plan.")] = None,
    key: Annotated[
        str | None, typer.Option("--key", help="Idempotency key: the same key twice stores one set.")
    ] = None,
    custom: Annotated[
        bool, typer.Option("--custom", help="Not in the catalogue: keep it as your own exercise, by this name.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Log one set to the open workout."""
    from exhaust.domain.logbook import SetType, parse_compact, parse_unit
    from exhaust.services import inputs

    with handled(json_out):
        parsed = parse_compact(words)
        if rpe is not None and (parsed.rpe is not None or rir is not None):
            raise fail("give the effort once: --rpe, --rir or '@8'", EXIT_USAGE)
        kind = inputs.choice(SetType, set_type, "set type") if set_type else SetType.WORKING
        chosen_unit = parse_unit(unit) if unit else parsed.unit
        if unit and parsed.unit and chosen_unit is not parsed.unit:
            raise fail(f"the weight says {parsed.unit.value} but --unit says {unit}", EXIT_USAGE)
        view, workout = context.logbook().log(
            parsed.name,
            parsed.weight,
            parsed.reps,
            unit=chosen_unit,
            rpe=_decimal(rpe, "--rpe") if rpe is not None else parsed.rpe,
            rir=rir,
            set_type=kind,
            rest_s=rest,
            notes=note,
            block=block,
            uid=key,
            custom=custom,
        )
    if json_out:
        emit_json({"workout_id": workout.id, "set": _set_dict(view)})
        return
    label = f"{view.block} " if view.block else ""
    console().print(f"Logged set {view.position} of workout {workout.id}: {label}{view.exercise} {view.text}")


@workout_app.command("finish")
def finish(
    notes: Annotated[str | None, typer.Option("--notes", help="Notes on the whole workout.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Finish the open workout."""
    with handled(json_out):
        done = context.logbook().finish(notes=notes)
    if json_out:
        emit_json(_workout_dict(done))
        return
    _print_workout(done)


def _duration(w: WorkoutView) -> str:
    if w.ended_at is None:
        return "open"
    minutes = int((w.ended_at - w.started_at).total_seconds() // 60)
    return f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"


def _print_workout(w: WorkoutView) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    out = console()
    follows = f" — {w.plan_name}: {w.session_name}" if w.plan_name or w.session_name else ""
    imported = f" (imported from {w.source})" if w.source else ""
    out.print(f"Workout {w.id}: [bold]{w.name}[/bold]{follows}{imported}")
    out.print(f"{w.started_at:%Y-%m-%d %H:%M} UTC, {_duration(w)}, {len(w.sets)} sets, volume {w.volume_kg:f} kg")
    if w.sets:
        tagged = any(s.method not in ("", "traditional") for s in w.sets)  # the column only for exhaust work
        table = Table(
            "#", "block", *(["method"] if tagged else []), "exercise", "set", "rest", "notes", box=SIMPLE_HEAD
        )
        for s in w.sets:
            rest = f"{s.rest_s} s" if s.rest_s is not None else ""
            method = [s.method] if tagged else []
            table.add_row(str(s.position), s.block, *method, s.exercise, s.text, rest, s.notes)
        out.print(table)
    if w.notes:
        out.print(f"Notes: {w.notes}")


@workout_app.command("show")
def show(
    workout_id: Annotated[int | None, typer.Argument(help="Workout id (default: the latest).")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Show a workout with its sets."""
    with handled(json_out):
        w = context.logbook().show(workout_id)
    if json_out:
        emit_json(_workout_dict(w))
    else:
        _print_workout(w)


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        day = datetime.fromisoformat(text)
    except ValueError:
        raise fail(f"--since {text!r} is not a date; write YYYY-MM-DD", EXIT_USAGE) from None
    return day if day.tzinfo else day.replace(tzinfo=UTC)


@commands.command("history")
def history(
    exercise: Annotated[str | None, typer.Option("--exercise", "-x", help="Only this exercise.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sets from this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000, help="At most this many sets.")] = 100,
    json_out: JsonOpt = False,
) -> None:
    """Logged sets, newest first."""
    from rich.table import Table

    with handled(json_out):
        rows = context.logbook().history(exercise, _since(since), limit)
    if json_out:
        emit_json([{**_set_dict(s), "workout_id": w.id, "workout": w.name} for s, w in rows])
        return
    out = console()
    if not rows:
        out.print("No sets logged" + (f" for {exercise}" if exercise else "") + " yet.")
        return
    tagged = any(s.method not in ("", "traditional") for s, _ in rows)  # the column only for exhaust work
    table = Table("date", "workout", "exercise", "set", *(["method"] if tagged else []))
    for s, w in rows:
        method = [s.method] if tagged else []
        table.add_row(f"{s.logged_at:%Y-%m-%d}", f"{w.id} {w.name}", s.exercise, s.text, *method)
    out.print(table)


@template_app.command("save")
def template_save(
    name: Annotated[str, typer.Argument(help="The template's name.")],
    from_workout: Annotated[int | None, typer.Option("--from-workout", help="A logged workout's id.")] = None,
    from_plan: Annotated[Path | None, typer.Option("--from-plan", help="A plan file.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite a template of that name.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Save a template from a workout or a plan file."""
    with handled(json_out):
        text = context.logbook().save_template(name, from_workout, from_plan, replace)
    if json_out:
        emit_json({"name": name, "plan_text": text})
    else:
        console().print(f"Saved template {name!r}; start it with: exhaust workout start --template {name!r}")


@template_app.command("list")
def template_list(json_out: JsonOpt = False) -> None:
    """The saved templates."""
    with handled(json_out):
        found = context.logbook().templates()
    if json_out:
        emit_json([{"name": n, "exercises": c, "created_at": t.isoformat()} for n, c, t in found])
        return
    out = console()
    if not found:
        out.print("No templates yet: exhaust template save NAME --from-plan FILE")
    for n, c, t in found:
        out.print(f"{n}  ({c} exercises, saved {t:%Y-%m-%d})")


@template_app.command("show")
def template_show(name: Annotated[str, typer.Argument()], json_out: JsonOpt = False) -> None:
    """Show a template as a plan file."""
    with handled(json_out):
        text = context.logbook().template(name)
    if json_out:
        emit_json({"name": name, "plan_text": text})
    else:
        typer.echo(text, nl=False)
