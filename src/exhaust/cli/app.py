"""The `exhaust` command line.

The root group knows its commands by name and one line of help, and imports a command's
module only when that command runs: `exhaust --help` must stay under 8x a bare Python start
(TARGETS.md), and building every command's options would cost more than that. A test checks
that the lines below match each command's own help, so they cannot drift apart.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any, NamedTuple

import typer
from typer.core import TyperGroup

from exhaust import __version__
from exhaust.cli import context


class Lazy(NamedTuple):
    module: str  # defines `commands`, a Typer holding the command under its name
    help: str  # the line `exhaust --help` shows; equal to the command's short help


# In the order `exhaust --help` lists them: planning, then training, then looking back.
COMMANDS: dict[str, Lazy] = {
    "methods": Lazy("exhaust.cli.planning", "The six ordering methods: what each is for and against, with sources."),
    "exercises": Lazy("exhaust.cli.planning", "List the exercise catalogue, filtered."),
    "exercise": Lazy("exhaust.cli.planning", "One exercise: its muscles with roles and shares, and its weak link."),
    "pair": Lazy("exhaust.cli.planning", "Ranked (isolation, compound) pairs for a target muscle and a method."),
    "plan": Lazy(
        "exhaust.cli.planning", "Build a session for a method and target muscles, checked against the guardrails."
    ),
    "program": Lazy(
        "exhaust.cli.program",
        "Generate a week or a block of weeks: split, sessions ordered by method, sets, reps, load and rest.",
    ),
    "predict": Lazy("exhaust.cli.predict", "Predict a compound's reps and weak link after an isolation, and its load."),
    "check": Lazy("exhaust.cli.planning", "Check a plan file against every guardrail."),
    "workout": Lazy("exhaust.cli.workout", "Start a workout, log sets, finish it, look at it."),
    "template": Lazy("exhaust.cli.workout", "Save sessions to start from again."),
    "history": Lazy("exhaust.cli.workout", "Logged sets, newest first."),
    "import": Lazy(
        "exhaust.cli.importing",
        "Import workout history from Strong, Hevy or FitNotes; importing again adds only what is new.",
    ),
    "export": Lazy(
        "exhaust.cli.backup", "Export your logbook: workouts, sets, custom exercises, templates and your unit."
    ),
    "progress": Lazy(
        "exhaust.cli.analytics", "Estimated 1RM over time, personal records and the recent trend of your lifts."
    ),
    "volume": Lazy(
        "exhaust.cli.analytics", "Weekly hard sets, reps and volume load per muscle, muscle group or exercise."
    ),
    "compare": Lazy(
        "exhaust.cli.analytics",
        "Compare a lift's sessions by the method its block used: does pre-exhaust work for you?",
    ),
    "warnings": Lazy(
        "exhaust.cli.analytics", "Lifts whose e1RM declines while an exhaust technique is in use (PROGRESS-WATCH)."
    ),
    "expected": Lazy(
        "exhaust.cli.expected",
        "What the fatigue model expected on the compound after a pre-exhaust, against the reps you did.",
    ),
    "serve": Lazy(
        "exhaust.cli.serve", "Serve the web app: plan, train with a rest timer, and look back, in a browser."
    ),
    "import-backup": Lazy(
        "exhaust.cli.backup", "Restore a backup from `exhaust export --format json`; what is already here is kept."
    ),
}


def defined_in(module: str) -> dict[str, Any]:
    """The Click commands a CLI module's `commands` Typer holds, by name."""
    built = typer.main.get_command(importlib.import_module(module).commands)
    if isinstance(built, TyperGroup):
        return dict(built.commands)
    return {built.name or "": built}  # Typer returns a lone command as itself


class LazyGroup(TyperGroup):
    """A group that lists COMMANDS without importing them and loads one when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = defined_in(COMMANDS[cmd_name].module)[cmd_name]
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, lazy.help) for name, lazy in COMMANDS.items()])


app = typer.Typer(
    name="exhaust",
    cls=LazyGroup,
    help="Plan, check and log strength training where exercise order is a tool: "
    "pre-exhaust, post-exhaust and the rest, inside the guardrails the sources give.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"exhaust {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Database URL (default: EXHAUST_DATABASE_URL, else SQLite in your data folder)."),
    ] = None,
) -> None:
    context.db_url = db


def main() -> None:
    app()
