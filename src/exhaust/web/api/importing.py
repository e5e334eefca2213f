"""API: import a Strong, Hevy or FitNotes export into your own logbook, or preview it (dry run).

The report has the fields of `exhaust import --json` (services/importing.py ImportReport).
A file that cannot be imported answers 400 with where: file, line, column; nothing is
written then.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from exhaust.domain.imported import ImportFileError, SourceApp
from exhaust.domain.importmap import MapFileError, parse_map
from exhaust.domain.logbook import WeightUnit
from exhaust.services.uploads import MAX_BYTES, Options, Uploads, UploadTooLarge, run_import
from exhaust.web.deps import ApiUser, Csrf, Site

SLACK = 1024 * 1024
MAP_MAX = 1024 * 1024


def within_limit(request: Request) -> None:
    """413 for a body too large by its Content-Length, before anything reads it."""
    length = request.headers.get("content-length", "")
    if request.method == "POST" and length.isdigit() and int(length) > MAX_BYTES + SLACK:
        raise HTTPException(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; export a shorter period, "
            "or import it on the command line with `exhaust import FILE`",
        )


router = APIRouter(dependencies=[Depends(within_limit), Csrf], tags=["import"])


class NameOut(BaseModel):
    name: str = Field(description="As the file writes it.")
    sets: int
    exercise_id: str = Field(description="A catalogue id, or 'custom:<slug>' for an exercise of your own.")
    exercise: str = Field(description="The name exhaust shows.")
    how: str = Field(description="map, exact, equipment, fuzzy, own or custom.")
    confidence: float = Field(description="0-100.")
    new: bool = Field(description="An exercise of your own that this import creates.")
    candidates: list[str] = Field(description="Close catalogue names, for a name kept as your own.")


class ConflictOut(BaseModel):
    started_at: str = Field(description="UTC, ISO 8601.")
    line: int


class SkippedOut(BaseModel):
    count: int
    lines: list[int] = Field(description="The first few lines skipped for this reason.")


class ImportReportOut(BaseModel):
    file: str
    app: str
    variant: str = Field(description="Which shape of the app's export, in words.")
    dry_run: bool
    rows: int
    workouts_in_file: int
    sets_in_file: int
    workouts_imported: int = Field(description="New workouts (a dry run: that would be imported).")
    sets_imported: int
    workouts_present: int = Field(description="Workouts of the file already in the logbook.")
    conflicts: list[ConflictOut] = Field(description="Workouts here at the same start with other sets: kept.")
    sets_remapped: int = Field(description="Sets imported before re-pointed by the map.")
    names: list[NameOut]
    methods: dict[str, int] = Field(description="Order method → workouts with such a block.")
    skipped: dict[str, SkippedOut] = Field(description="Rows that are not sets, by reason.")
    rest_rows: int
    map_file: str | None
    exercises_matched: int
    exercises_custom: int


class ImportErrorOut(BaseModel):
    detail: str
    file: str
    line: int | None
    column: int | None
    column_name: str


@router.post(
    "/imports",
    response_model=ImportReportOut,
    responses={
        201: {"model": ImportReportOut, "description": "Imported (dry_run=false)."},
        400: {"model": ImportErrorOut, "description": "The file (or map) cannot be imported; nothing was written."},
        413: {"description": f"Larger than {MAX_BYTES // (1024 * 1024)} MB."},
    },
)
def import_file(
    site: Site,
    user: ApiUser,
    file: Annotated[UploadFile, File(description="A CSV export from Strong, Hevy or FitNotes.")],
    map_file: Annotated[
        UploadFile | None,
        File(
            alias="map",
            description="Corrections: lines of 'name in the file = exhaust exercise' (as `exhaust import --map`).",
        ),
    ] = None,
    dry_run: Annotated[bool, Query(description="true: only report what would be imported.")] = True,
    app: Annotated[SourceApp | None, Query(description="The app that wrote the file (default: its header).")] = None,
    unit: Annotated[WeightUnit | None, Query(description="The weight unit, for exports that do not say it.")] = None,
    tz: Annotated[
        str | None, Query(max_length=80, description="The time zone the app wrote times in (default: the server's).")
    ] = None,
) -> Any:
    """Import an export into your own logbook (all or nothing), or with ``dry_run`` see the
    report first: counts, what is already here, and how every exercise name maps."""
    options = Options.parse(app.value if app else "", unit.value if unit else "", tz or "")
    corrections: dict[str, str] = {}
    if map_file is not None and map_file.filename:
        data = map_file.file.read(MAP_MAX + 1)
        if len(data) > MAP_MAX:
            return JSONResponse({"detail": "the map file is larger than 1 MB"}, status_code=400)
        try:
            parsed = parse_map(data.decode("utf-8"), "map")
        except UnicodeDecodeError:
            return JSONResponse({"detail": "the map file is not UTF-8 text; save it as UTF-8"}, status_code=400)
        except MapFileError as exc:
            where = {"file": "map", "line": exc.line, "column": None, "column_name": ""}
            return JSONResponse({"detail": str(exc), **where}, status_code=400)
        corrections = {e.name: e.target for e in parsed}
    uploads = Uploads.of(site.db)
    try:
        upload = uploads.save(user.id, file.filename, file.file)
    except UploadTooLarge as exc:
        return JSONResponse({"detail": str(exc)}, status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    try:
        report = run_import(site.db, user.name, upload.export, upload.filename, options, corrections, dry_run=dry_run)
    except ImportFileError as exc:
        where = {"file": exc.source, "line": exc.line, "column": exc.column, "column_name": exc.column_name}
        return JSONResponse({"detail": str(exc), **where}, status_code=400)
    finally:
        uploads.delete(upload)
    body = ImportReportOut.model_validate(report.as_dict())
    code = status.HTTP_200_OK if dry_run else status.HTTP_201_CREATED
    return Response(body.model_dump_json(), status_code=code, media_type="application/json")
