"""`exhaust program`: a week, or a block of weeks, from goals, days, minutes and equipment.

Only typer and the standard library at module level; the solver loads when the command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exhaust.cli.output import console, emit_json, handled

if TYPE_CHECKING:
    from exhaust.services.programs import GeneratedProgram

commands = typer.Typer(rich_markup_mode=None, add_completion=False)


@commands.command()
def program(
    days: Annotated[int, typer.Option("--days", help="Training days a week, 2-6.")],
    minutes: Annotated[int, typer.Option("--minutes", help="Minutes a session, warm-up and rests included.")],
    goal: Annotated[str, typer.Option("--goal", help="hypertrophy, strength or general.")],
    experience: Annotated[str, typer.Option("--experience", help="beginner, intermediate or advanced.")],
    lagging: Annotated[
        list[str] | None, typer.Option("--lagging", help="A muscle to prioritise (more weekly sets); repeat for more.")
    ] = None,
    spare: Annotated[
        list[str] | None,
        typer.Option("--spare", help="A joint to spare (shoulder, elbow, wrist, spine, hip, knee, ankle); repeat."),
    ] = None,
    equipment: Annotated[
        list[str] | None,
        typer.Option("--equipment", "-e", help="Equipment you have (repeat or comma-separate); default: a full gym."),
    ] = None,
    weeks: Annotated[int, typer.Option("--weeks", help="Weeks in the block (every 4th a deload).")] = 1,
    method: Annotated[
        str, typer.Option("--method", help="One of `exhaust methods`, or auto: let exhaust choose per session.")
    ] = "auto",
    split: Annotated[
        str | None,
        typer.Option(
            "--split",
            help="full-body, upper-lower, push-pull-legs, lower-push-pull or upper-lower-ppl (default: by days).",
        ),
    ] = None,
    weekly_sets: Annotated[
        str | None,
        typer.Option("--weekly-sets", help="Band of weekly hard sets per muscle, e.g. 10-20 (default: by goal)."),
    ] = None,
    spotter: Annotated[bool, typer.Option("--spotter", help="A spotter is at hand (seed 000).")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the plan file here.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", help="Ignore your logbook: the published carry-over after a pre-exhaust."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Generate a week or a block of weeks: split, sessions ordered by method, sets, reps, load and rest.
    Exits 1, saying which asks clash, when no programme can meet them all."""
    from exhaust.services import planning, programs

    with handled(json_out):
        request = programs.request_from(
            days=days,
            minutes=minutes,
            goal=goal,
            experience=experience,
            lagging=lagging or (),
            spare=spare or (),
            equipment=equipment,
            weeks=weeks,
            method=method,
            split=split,
            weekly_sets=weekly_sets,
            spotter=spotter,
        )
        logbook = None
        if not no_history:
            from exhaust.cli import context

            logbook = context.logbook()
        generated = programs.generate(request, logbook)
        if out is not None:
            planning.write_plan(out, generated.text, overwrite=force)
    if json_out:
        emit_json({**programs.as_dict(generated), "written_to": str(out) if out else None})
        return
    _show(generated, out)


def _show(generated: GeneratedProgram, out: Path | None) -> None:
    from rich.table import Table

    from exhaust.cli import render

    con = console()
    program = generated.program
    request = program.problem.request
    render.plan_view(program.first_week, con)
    if program.weeks_note:
        con.print(
            program.weeks_note + (" The plan file holds every week." if out else " Write them all with --out FILE.")
        )
    table = Table("muscle", "weekly sets", "band")
    for band, got in program.trained:
        table.add_row(band.muscle.label + (" (lagging)" if band.lagging else ""), f"{got:g}", band.text)
    con.print(table)
    for name, minutes in program.minutes:
        con.print(f"{name}: about {minutes} min (limit {request.minutes})")
    con.print("[bold]Why[/bold]")
    for line in program.explanations:
        con.print(f"• {line}")
    if out is None:
        render.findings(generated.findings, "programme", con, labels=render.block_labels(generated.plan))
    else:
        render.findings(generated.findings, str(out), con)
        con.print(f"Plan file written to {out}; check it with: exhaust check {out}")
