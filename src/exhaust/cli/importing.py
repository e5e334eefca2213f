"""`exhaust import`: history from Strong, Hevy and FitNotes (loaded by the app when run).

Only typer and the standard library at module level: `exhaust --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from exhaust.cli.progress import progress_bar

if TYPE_CHECKING:
    from exhaust.services.importing import ImportReport

PROGRESS_ROWS = 5000  # files with more rows than this get a progress bar


# The command's own choices rather than the domain's SourceApp and WeightUnit: importing
# those would load pydantic and the catalogue just to print `exhaust --help`.
class AppFormat(StrEnum):
    STRONG = "strong"
    HEVY = "hevy"
    FITNOTES = "fitnotes"


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


def _names_table(report: ImportReport, everything: bool) -> None:
    from rich.table import Table

    from exhaust.cli.output import console

    rows = [n for n in report.names if everything or n.how not in ("exact", "map", "own")]
    if not rows:
        return
    table = Table(
        title="Exercise names" if everything else "Names to check (fuzzy matches and new own exercises)",
        title_justify="left",
    )
    for column in ("In the file", "Sets", "Exhaust exercise", "How", "Confidence"):
        table.add_column(column, justify="right" if column in ("Sets", "Confidence") else "left")
    for n in rows:
        shown = n.exercise + (" (new, your own)" if n.new else "")
        if n.candidates and n.how == "custom":
            shown += f"; close: {', '.join(n.candidates)}"
        table.add_row(n.name, f"{n.sets:,}", shown, n.how, f"{n.confidence:.0f}")
    console().print(table)


commands = typer.Typer(rich_markup_mode=None, add_completion=False)  # one command: Typer would add its own


@commands.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A CSV export from Strong, Hevy or FitNotes.", show_default=False)],
    fmt: Annotated[
        AppFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="The app that wrote FILE (default: read from its header).",
            show_default=False,
        ),
    ] = None,
    unit: Annotated[
        Unit | None,
        typer.Option(
            "--unit",
            case_sensitive=False,
            help="The weight unit you used in the app, for exports that do not say it (Strong's plain 'Weight').",
            show_default=False,
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--map",
            help="Your corrections: lines of 'name in the file = exhaust exercise' (see --save-map).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the name mapping and the counts; write nothing.")
    ] = False,
    save_map: Annotated[
        Path | None,
        typer.Option("--save-map", help="Write the name mapping to this file, to correct and pass with --map."),
    ] = None,
    tz: Annotated[
        str | None,
        typer.Option(
            "--tz", help="The time zone the app wrote times in, e.g. Europe/Berlin (default: this computer's)."
        ),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print a machine-readable report.")] = False,
) -> None:
    """Import workout history from Strong, Hevy or FitNotes; importing again adds only what is new."""
    from exhaust.cli import context
    from exhaust.cli.output import EXIT_FINDING, EXIT_USAGE, console, emit_json, fail, handled
    from exhaust.domain.imported import ImportFileError, SourceApp
    from exhaust.domain.importmap import MapFileError
    from exhaust.domain.logbook import WeightUnit
    from exhaust.services import importing
    from exhaust.services.inputs import time_zone
    from exhaust.store.database import open_database

    with handled(json_out):
        zone = time_zone(tz) if tz is not None else None
        if save_map is not None and save_map.exists() and save_map.resolve() != (map_file or Path()).resolve():
            raise fail(f"{save_map} exists; choose another file for --save-map", EXIT_FINDING, json_out)
        db = open_database(context.db_url)
        try:
            with progress_bar(PROGRESS_ROWS) as progress:
                report = importing.import_history(
                    db,
                    context.user(),
                    file,
                    app=SourceApp(fmt.value) if fmt else None,
                    unit=WeightUnit(unit.value) if unit else None,
                    tz=zone,
                    map_path=map_file,
                    dry_run=dry_run,
                    progress=progress,
                )
        except ImportFileError as exc:
            where = {"file": exc.source, "line": exc.line, "column": exc.column, "column_name": exc.column_name}
            raise fail(str(exc), EXIT_USAGE if exc.usage else EXIT_FINDING, json_out, **where) from None
        except MapFileError as exc:
            raise fail(str(exc), EXIT_FINDING, json_out, file=exc.source, line=exc.line) from None
        if save_map is not None:
            importing.write_text_atomic(save_map, importing.mapping_file(report))
    if json_out:
        emit_json(report.as_dict() | {"map_written": None if save_map is None else str(save_map)})
        return
    _names_table(report, everything=dry_run)
    out = console()
    for line in importing.summary_lines(report):
        out.print(line, markup=False, soft_wrap=True)
    if save_map is not None:
        out.print(
            f"Name mapping written to {save_map}; correct it and run again with --map {save_map}.",
            markup=False,
            soft_wrap=True,
        )
    if dry_run:
        out.print("Nothing was written (--dry-run).", markup=False)
