"""`exhaust export` and `exhaust import-backup` (loaded by the app when run).

Only typer and the standard library at module level: `exhaust --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from exhaust.cli.progress import one_phase_bar


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


FileArg = Annotated[Path, typer.Argument(help="The file to write.", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print a machine-readable summary.")]


def _where() -> tuple[str | None, str]:
    from exhaust.cli import context

    return context.db_url, context.user()


commands = typer.Typer(rich_markup_mode=None)


@commands.command("export")
def export(
    file: FileArg,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="json: a lossless exhaust backup (docs/backup-format.md); csv: Strong's CSV, for other apps.",
        ),
    ] = ExportFormat.JSON,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Export your logbook: workouts, sets, custom exercises, templates and your unit."""
    from exhaust.cli.output import console, emit_json, handled
    from exhaust.services import backup
    from exhaust.store.database import open_database

    url, user = _where()
    with handled(json_out):
        db = open_database(url)
        with one_phase_bar("Exporting sets") as progress:
            if fmt is ExportFormat.JSON:
                summary = backup.export_json(db, user, file, force=force, progress=progress)
            else:
                summary = backup.export_csv(db, user, file, force=force, progress=progress)
    if json_out:
        emit_json(summary.as_dict())
        return
    out = console()
    what = "an exhaust backup" if fmt is ExportFormat.JSON else "a Strong CSV"
    workouts, sets = summary.workouts, summary.sets
    counted = f"{workouts} workout{'s' * (workouts != 1)} ({sets} set{'s' * (sets != 1)})"
    out.print(f"{counted} written to {file}, {what}.", markup=False, soft_wrap=True)
    if fmt is ExportFormat.JSON:
        out.print(f"Restore it with: exhaust import-backup {file}", markup=False, soft_wrap=True)


@commands.command("import-backup")
def import_backup(
    file: Annotated[Path, typer.Argument(help="A backup written by `exhaust export`.", show_default=False)],
    json_out: JsonOpt = False,
) -> None:
    """Restore a backup from `exhaust export --format json`; what is already here is kept."""
    from exhaust.cli.output import EXIT_FINDING, console, emit_json, fail, handled
    from exhaust.services import backup
    from exhaust.store.database import open_database

    url, user = _where()
    with handled(json_out):
        db = open_database(url)
        try:
            with one_phase_bar("Importing sets") as progress:
                summary = backup.import_backup(db, user, file, progress=progress)
        except backup.BackupFileError as exc:
            where: dict[str, object] = {"file": str(exc.file), "path": exc.path or None}
            if exc.line is not None:
                where |= {"line": exc.line, "column": exc.column}
            raise fail(str(exc), EXIT_FINDING, json_out, **where) from None
    if json_out:
        emit_json(summary.as_dict())
        return
    console().print(summary.text, markup=False, soft_wrap=True)
