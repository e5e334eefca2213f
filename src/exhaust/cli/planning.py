"""The planning commands: `methods`, `exercises`, `exercise`, `pair`, `plan`, `check`.

Only typer and the standard library at module level; each command imports its services when run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from exhaust.cli.output import EXIT_FINDING, console, emit_json, handled

commands = typer.Typer(rich_markup_mode=None)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
EquipOpt = Annotated[
    list[str] | None,
    typer.Option("--equipment", "-e", help="Equipment you have (repeat or comma-separate); default: a full gym."),
]


@commands.command()
def methods(json_out: JsonOpt = False) -> None:
    """The six ordering methods: what each is for and against, with sources."""
    from exhaust.domain.methods import METHODS

    if json_out:
        emit_json(
            [
                {
                    "id": m.value,
                    "title": i.title,
                    "order": i.order,
                    "good_for": list(i.good_for),
                    "against": list(i.against),
                    "sources": list(i.sources),
                }
                for m, i in METHODS.items()
            ]
        )
        return
    out = console()
    for m, i in METHODS.items():
        out.print(f"[bold]{m.value}[/bold] — {i.title}  (seeds {', '.join(i.sources)})")
        out.print(f"  {i.order}")
        for line in i.good_for:
            out.print(f"  [green]+[/green] {line}")
        for line in i.against:
            out.print(f"  [red]−[/red] {line}")
        out.print()


@commands.command()
def exercises(
    muscle: Annotated[str | None, typer.Option("--muscle", "-m", help="Only exercises that load this muscle.")] = None,
    mechanic: Annotated[str | None, typer.Option(help="compound or isolation.")] = None,
    equipment: EquipOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """List the exercise catalogue, filtered."""
    from exhaust.cli import render
    from exhaust.services import inputs, planning

    with handled(json_out):
        found = planning.list_exercises(
            inputs.muscle(muscle) if muscle else None, inputs.mechanic(mechanic), inputs.equipment(equipment)
        )
    if json_out:
        emit_json([render.exercise_dict(e) for e in found])
    else:
        render.exercise_table(found, console())


@commands.command()
def exercise(
    name: Annotated[str, typer.Argument(help="A name, alias or near miss: 'bench', 'flys'.")],
    json_out: JsonOpt = False,
) -> None:
    """One exercise: its muscles with roles and shares, and its weak link."""
    from exhaust.cli import render
    from exhaust.services import planning

    with handled(json_out):
        detail = planning.describe_exercise(name)
    if json_out:
        emit_json(render.exercise_detail_dict(detail))
    else:
        render.exercise_detail(detail, console())


@commands.command()
def pair(
    muscle: Annotated[str, typer.Argument(help="Target muscle (or group): chest, quads, lats…")],
    method: Annotated[
        str, typer.Option("--method", help="pre-exhaust, post-exhaust, reverse-pre-exhaust…")
    ] = "pre-exhaust",
    equipment: EquipOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="How many pairs to show.")] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Ranked (isolation, compound) pairs for a target muscle and a method."""
    from exhaust.cli import render
    from exhaust.services import inputs, planning

    with handled(json_out):
        target, how = inputs.muscle(muscle), inputs.method(method)
        found = planning.pairs(target, how, inputs.equipment(equipment))[:limit]
    if json_out:
        emit_json([render.candidate_dict(c) for c in found])
    else:
        render.candidate_table(found, target, how, console())


@commands.command()
def plan(
    method: Annotated[str, typer.Option("--method", help="One of `exhaust methods`.")],
    target: Annotated[list[str], typer.Option("--target", "-t", help="Target muscle; repeat for more.")],
    experience: Annotated[str, typer.Option(help="beginner, intermediate or advanced.")],
    goal: Annotated[str, typer.Option(help="hypertrophy, strength or general.")],
    equipment: EquipOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the plan file here.")] = None,
    spotter: Annotated[bool, typer.Option("--spotter", help="A spotter is at hand (seed 000).")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")] = False,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", help="Ignore your logbook: the published carry-over after a pre-exhaust."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Build a session for a method and target muscles, checked against the guardrails. After a
    pre-exhaust the compound's load comes from your own carry-over where your logbook has one."""
    from exhaust.cli import render
    from exhaust.services import inputs, planning

    with handled(json_out):
        level = inputs.experience(experience)
        aim = inputs.goal(goal)
        assert level is not None and aim is not None
        how = (
            inputs.method(method),
            tuple(inputs.muscle(t) for t in target),
            level,
            aim,
            inputs.equipment(equipment),
        )
        if no_history:  # the database is not opened (nor created)
            planned = planning.plan_session(*how, spotter=spotter)
        else:
            from exhaust.cli import context
            from exhaust.services import prediction

            planned = prediction.plan_session(context.logbook(), *how, spotter=spotter)
        if out is not None:
            planning.write_plan(out, planned.text, overwrite=force)
    if json_out:
        emit_json(
            {
                "plan": planned.plan.model_dump(mode="json"),
                "plan_file": planned.text,
                "written_to": str(out) if out else None,
                "findings": [f.as_dict() for f in planned.findings],
            }
        )
        return
    con = console()
    render.plan_view(planned.plan, con)
    if out is None:
        render.findings(planned.findings, "plan", con, labels=render.block_labels(planned.plan))
    else:
        render.findings(planned.findings, str(out), con)
    if out is not None:
        con.print(f"Plan file written to {out}; check it again with: exhaust check {out}")


@commands.command()
def check(
    file: Annotated[Path, typer.Argument(help="A plan file.")],
    experience: Annotated[str | None, typer.Option(help="Override the plan's experience level.")] = None,
    goal: Annotated[str | None, typer.Option(help="Override the plan's goal.")] = None,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", help="Judge loads after a pre-exhaust by the published carry-over, not yours."),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Check a plan file against every guardrail. Exits 1 when there is an error. A compound's load
    after a pre-exhaust is judged with your own carry-over where your logbook has one."""
    from exhaust.cli import render
    from exhaust.services import inputs, planning

    with handled(json_out):
        carry_over = None
        if not no_history:
            from exhaust.cli import context
            from exhaust.services import prediction

            carry_over = prediction.carry_overs(context.logbook())
        result = planning.check_file(file, inputs.experience(experience), inputs.goal(goal), carry_over)
    if json_out:
        emit_json(
            {
                "file": result.path,
                "errors": result.errors,
                "findings": [f.as_dict() for f in result.findings],
            }
        )
    else:
        render.findings(result.findings, result.path, console(), summary=True)
    if result.errors:
        raise typer.Exit(EXIT_FINDING)
