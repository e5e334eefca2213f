"""Export and import of a lifter's own data: the versioned JSON backup, and a Strong CSV.

``export_json`` and ``export_csv`` read in one snapshot and stream, a batch of workouts at
a time, into a temporary file next to the target that is renamed over it only when it is
complete: a file is written whole or not at all. ``import_backup`` validates the whole
file before it writes anything, then writes in one transaction (bulk inserts): it commits
whole or leaves the database exactly as it was. Importing a backup twice adds nothing the
second time: workouts already present (by uid) are skipped and counted.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy.exc import DBAPIError

from exhaust.domain.backup import (
    VERSION,
    BackupCustomExercise,
    BackupError,
    BackupHeader,
    BackupSet,
    BackupTemplate,
    BackupText,
    BackupUser,
    BackupWorkout,
    canonical_decimal,
    check,
    encode_head,
    encode_tail,
    encode_workout,
)
from exhaust.domain.errors import ExhaustError
from exhaust.domain.logbook import OrderMethod, SetType, WeightUnit, from_kg, to_kg
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import CUSTOM_PREFIX
from exhaust.store.database import Database
from exhaust.store.models import CustomExerciseRow, TemplateRow, UserRow
from exhaust.store.repository import Repository

Progress = Callable[[int, int], None]  # (sets done, sets in all)

STRONG_HEADER = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
SET_ORDER_MARK = {SetType.WARMUP: "W", SetType.DROP: "D", SetType.FAILURE: "F"}
WORKOUT_BATCH = 500  # workouts per pair of queries on export, per insert round on import
SET_BATCH = 5000  # sets per bulk insert


class BackupFileError(ExhaustError):
    """A backup file that cannot be imported: names the file and where in it."""

    def __init__(self, file: Path, error: BackupError) -> None:
        self.file = file
        self.path = error.path
        self.line = error.line
        self.column = error.column
        where = f"{file}: {error.where}" if error.where else str(file)
        super().__init__(f"{where}: {error.message}; nothing was imported")


@dataclass(frozen=True)
class ExportSummary:
    file: str
    format: str
    workouts: int
    sets: int
    templates: int
    custom_exercises: int
    unit: str
    bytes: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class ImportSummary:
    file: str
    workouts_imported: int
    workouts_present: int
    sets_imported: int
    templates_imported: int
    templates_kept: list[str] = field(default_factory=list)
    custom_exercises_imported: int = 0
    custom_exercises_kept: list[str] = field(default_factory=list)
    unit: str = "kg"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def text(self) -> str:
        lines = [
            f"{_count(self.workouts_imported, 'workout')} imported ({_count(self.sets_imported, 'set')}), "
            f"{self.workouts_present} already present"
        ]
        if self.templates_imported or self.templates_kept:
            line = f"{_count(self.templates_imported, 'template')} imported"
            if self.templates_kept:
                line += f"; kept your own {', '.join(repr(n) for n in self.templates_kept)} (same name)"
            lines.append(line)
        if self.custom_exercises_imported or self.custom_exercises_kept:
            line = f"{_count(self.custom_exercises_imported, 'custom exercise')} imported"
            if self.custom_exercises_kept:
                line += f"; kept your own {', '.join(repr(n) for n in self.custom_exercises_kept)} (same id)"
            lines.append(line)
        lines.append(f"preferred unit: {self.unit}")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- files, written whole or not at all ------------------------------------------------------


def _check_target(path: Path, force: bool) -> None:
    if path.is_dir():
        raise ExhaustError(f"{path} is a folder; give a file name to export to")
    if path.exists() and not force:
        raise ExhaustError(f"{path} exists; choose another file or pass --force to replace it")
    if not path.parent.is_dir():
        raise ExhaustError(f"cannot write {path}: the folder {path.parent} does not exist")


@contextmanager
def atomic_text(path: Path, force: bool) -> Iterator[IO[str]]:
    """A text file at ``path`` that appears only when the block completes without error."""
    _check_target(path, force)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if not force and path.exists():  # appeared while we wrote
            raise ExhaustError(f"{path} exists; choose another file or pass --force to replace it")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- export ---------------------------------------------------------------------------------


def _custom_definition(row: CustomExerciseRow) -> dict[str, Any]:
    try:
        value = json.loads(row.definition or "{}")
    except json.JSONDecodeError:
        raise ExhaustError(f"custom exercise {row.slug!r} has a broken definition in the database") from None
    if not isinstance(value, dict):
        raise ExhaustError(f"custom exercise {row.slug!r} has a definition that is not a JSON object")
    return value


def _header(repo: Repository, user: UserRow | None) -> BackupHeader:
    if user is None:  # nothing logged yet: an empty backup
        return BackupHeader(user=BackupUser(unit=WeightUnit.KG))
    customs = [
        BackupCustomExercise.model_construct(
            slug=c.slug, name=c.name, definition=_custom_definition(c), created_at=c.created_at
        )
        for c in repo.custom_exercises(user.id)
    ]
    templates = [
        BackupTemplate.model_construct(name=t.name, plan_text=t.plan_text, created_at=t.created_at)
        for t in repo.templates(user.id)
    ]
    return BackupHeader.model_construct(
        format="exhaust-backup",
        version=VERSION,
        user=BackupUser(unit=WeightUnit(user.unit)),
        custom_exercises=customs,
        templates=templates,
    )


def _workouts(repo: Repository, user: UserRow | None) -> Iterator[BackupWorkout]:
    if user is None:
        return
    for w, sets in repo.backup_workouts(user.id, WORKOUT_BATCH):
        yield BackupWorkout.model_construct(
            uid=w.uid,
            name=w.name,
            started_at=w.started_at,
            ended_at=w.ended_at,
            notes=w.notes,
            plan_name=w.plan_name,
            session_name=w.session_name,
            plan_text=w.plan_text,
            source=w.source,
            fingerprint=w.fingerprint,
            sets=[
                BackupSet.model_construct(
                    uid=s.uid,
                    position=s.position,
                    exercise_id=s.exercise_id,
                    block=s.block,
                    method=OrderMethod(s.method),
                    set_type=SetType(s.set_type),
                    weight=s.weight,
                    unit=WeightUnit(s.unit),
                    reps=s.reps,
                    distance_m=s.distance_m,
                    duration_s=s.duration_s,
                    rpe=s.rpe,
                    rir=s.rir,
                    rest_s=s.rest_s,
                    notes=s.notes,
                    logged_at=s.logged_at,
                    imported_name=s.imported_name,
                )
                for s in sets
            ],
        )


@contextmanager
def _export(
    db: Database, user: str, path: Path, force: bool, progress: Progress | None
) -> Iterator[tuple[IO[str], Repository, UserRow | None, BackupHeader, int]]:
    """What both exports start from: one consistent read snapshot, the target file written
    all or nothing, the user, the backup header and (for a progress bar) the set count."""
    with db.transaction(write=False) as session, atomic_text(path, force) as fh:
        repo = Repository(session)
        repo.snapshot()
        row = repo.user(user)
        total = repo.count_sets(row.id) if row is not None and progress is not None else 0
        yield fh, repo, row, _header(repo, row), total


def export_json(
    db: Database, user: str, path: Path, force: bool = False, progress: Progress | None = None
) -> ExportSummary:
    """Everything of ``user`` as a backup of the current version (docs/backup-format.md) at ``path``."""
    workouts = sets = 0
    with _export(db, user, path, force, progress) as (fh, repo, row, header, total):
        fh.write(encode_head(header))
        for workout in _workouts(repo, row):
            fh.write(encode_workout(workout, first=workouts == 0))
            workouts += 1
            sets += len(workout.sets)
            if progress is not None:
                progress(sets, total)
        fh.write(encode_tail(workouts > 0))
    return ExportSummary(
        file=str(path),
        format="json",
        workouts=workouts,
        sets=sets,
        templates=len(header.templates),
        custom_exercises=len(header.custom_exercises),
        unit=str(header.user.unit),
        bytes=path.stat().st_size,
    )


def duration_text(started: datetime, ended: datetime | None) -> str:
    """Strong's duration: '56m', '1h 2m' (whole minutes, rounded down); '' while still open."""
    if ended is None:
        return ""
    minutes = int((ended - started).total_seconds()) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def weight_in(weight: Decimal | None, unit: WeightUnit, wanted: WeightUnit) -> str:
    """A set's weight in the lifter's preferred unit, as the logbook converts it (to 0.01)."""
    if weight is None:
        return ""
    if unit is wanted:
        return canonical_decimal(weight)
    if wanted is WeightUnit.KG:
        return canonical_decimal(to_kg(weight, unit))
    return canonical_decimal(from_kg(weight, wanted))  # a kilogram weight, in pounds


def export_csv(
    db: Database,
    user: str,
    path: Path,
    force: bool = False,
    progress: Progress | None = None,
    tz: tzinfo | None = None,
) -> ExportSummary:
    """A Strong-compatible CSV: one row per set; weights in the preferred unit; dates are the
    workout's start in local time (``tz``; default: this computer's zone), as Strong writes them."""
    catalogue = get_catalogue()
    workouts = sets = 0
    with _export(db, user, path, force, progress) as (fh, repo, row, header, total):
        unit = WeightUnit(header.user.unit)
        custom = {CUSTOM_PREFIX + c.slug: c.name for c in header.custom_exercises}
        names: dict[str, str] = {}

        def name(exercise_id: str) -> str:
            if exercise_id not in names:
                names[exercise_id] = (
                    catalogue.get(exercise_id).name
                    if exercise_id in catalogue
                    else custom.get(exercise_id, exercise_id)
                )
            return names[exercise_id]

        out = csv.writer(fh, lineterminator="\n")
        out.writerow(STRONG_HEADER)
        for workout in _workouts(repo, row):
            started = workout.started_at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S")
            duration = duration_text(workout.started_at, workout.ended_at)
            counters: dict[str, int] = {}
            for s in workout.sets:
                if s.set_type is SetType.WORKING:
                    counters[s.exercise_id] = counters.get(s.exercise_id, 0) + 1
                    order = str(counters[s.exercise_id])
                else:
                    order = SET_ORDER_MARK[s.set_type]
                out.writerow(
                    (
                        started,
                        workout.name,
                        duration,
                        name(s.exercise_id),
                        order,
                        weight_in(s.weight, s.unit, unit),
                        s.reps,
                        "0" if s.distance_m is None else canonical_decimal(s.distance_m),  # metres
                        "0" if s.duration_s is None else str(s.duration_s),
                        s.notes,
                        workout.notes,
                        "" if s.rpe is None else canonical_decimal(s.rpe),
                    )
                )
            workouts += 1
            sets += len(workout.sets)
            if progress is not None:
                progress(sets, total)
    return ExportSummary(
        file=str(path),
        format="csv",
        workouts=workouts,
        sets=sets,
        templates=len(header.templates),
        custom_exercises=len(header.custom_exercises),
        unit=unit.value,
        bytes=path.stat().st_size,
    )


# --- import ---------------------------------------------------------------------------------


def read_utf8(path: Path, what: str, advice: str) -> str:
    """A whole UTF-8 text file, or an error that says what is wrong with it and where."""
    if path.is_dir():
        raise ExhaustError(f"{path} is a folder, not {what}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExhaustError(f"{path}: no such file") from None
    except OSError as exc:
        raise ExhaustError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ExhaustError(f"{path}: line {line}: not UTF-8 text (byte {exc.start}); {advice}") from None


def _set_row(s: BackupSet, workout_id: int, user_id: int) -> dict[str, Any]:
    return {
        "uid": s.uid,
        "workout_id": workout_id,
        "user_id": user_id,
        "exercise_id": s.exercise_id,
        "position": s.position,
        "block": s.block,
        "method": s.method.value,
        "set_type": s.set_type.value,
        "weight": s.weight,
        "unit": s.unit.value,
        "weight_kg": s.weight_kg,  # recomputed from weight and unit, as the logbook does
        "reps": s.reps,
        "distance_m": s.distance_m,
        "duration_s": s.duration_s,
        "rpe": s.rpe,
        "rir": s.rir,
        "rest_s": s.rest_s,
        "notes": s.notes,
        "logged_at": s.logged_at,
        "imported_name": s.imported_name,
    }


class _Writer:
    """Inserts workouts a batch at a time, skipping those already present."""

    def __init__(self, repo: Repository, user_id: int, total: int, progress: Progress | None) -> None:
        self.repo = repo
        self.user_id = user_id
        self.total = total
        self.progress = progress
        self.pending: list[tuple[int, BackupWorkout]] = []
        self.pending_sets = 0
        self.imported = self.present = self.sets = self.done = 0

    def add(self, index: int, workout: BackupWorkout) -> None:
        self.pending.append((index, workout))
        self.pending_sets += len(workout.sets)
        if len(self.pending) >= WORKOUT_BATCH or self.pending_sets >= SET_BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        owners = self.repo.workout_owners([w.uid for _, w in self.pending])
        new: list[tuple[int, BackupWorkout]] = []
        for index, w in self.pending:
            owner = owners.get(w.uid)
            if owner is None:
                new.append((index, w))
            elif owner == self.user_id:
                self.present += 1
            else:
                raise BackupError(
                    "a workout with this uid belongs to another user of this database", path=f"workouts[{index}].uid"
                )
        clash = self.repo.existing_set_uids([s.uid for _, w in new for s in w.sets])
        if clash:
            index, j = next((i, j) for i, w in new for j, s in enumerate(w.sets) if s.uid in clash)
            raise BackupError(
                "a set with this uid is already in this database, in another workout",
                path=f"workouts[{index}].sets[{j}].uid",
            )
        ids = self.repo.insert_workouts(
            [
                {
                    "uid": w.uid,
                    "user_id": self.user_id,
                    "name": w.name,
                    "started_at": w.started_at,
                    "ended_at": w.ended_at,
                    "notes": w.notes,
                    "plan_name": w.plan_name,
                    "session_name": w.session_name,
                    "plan_text": w.plan_text,
                    "source": w.source,
                    "fingerprint": w.fingerprint,
                }
                for _, w in new
            ]
        )
        rows = [_set_row(s, ids[w.uid], self.user_id) for _, w in new for s in w.sets]
        for i in range(0, len(rows), SET_BATCH):
            self.repo.insert_sets(rows[i : i + SET_BATCH])
        self.imported += len(new)
        self.sets += len(rows)
        self.done += self.pending_sets
        self.pending, self.pending_sets = [], 0
        if self.progress is not None:
            self.progress(self.done, self.total)


def import_backup(db: Database, user: str, path: Path, progress: Progress | None = None) -> ImportSummary:
    """Restore a backup into ``user``'s logbook: all of it in one transaction, or nothing."""
    try:
        backup = BackupText(read_utf8(path, "a backup file", "an exhaust backup is UTF-8 JSON"))
        stats = check(backup)  # the whole file, before anything is written
    except BackupError as exc:
        raise BackupFileError(path, exc) from None
    header = backup.header
    templates_kept: list[str] = []
    customs_kept: list[str] = []
    try:
        with db.transaction() as session:
            repo = Repository(session)
            row = repo.user_or_new(user, header.user.unit.value)
            row.unit = header.user.unit.value
            for c in header.custom_exercises:
                if repo.custom_exercise(row.id, c.slug) is not None:
                    customs_kept.append(c.slug)
                    continue
                definition = json.dumps(c.definition, ensure_ascii=False)
                repo.add(
                    CustomExerciseRow(
                        user_id=row.id, slug=c.slug, name=c.name, definition=definition, created_at=c.created_at
                    )
                )
            for t in header.templates:
                if repo.template(row.id, t.name) is not None:
                    templates_kept.append(t.name)
                    continue
                repo.add(TemplateRow(user_id=row.id, name=t.name, plan_text=t.plan_text, created_at=t.created_at))
            writer = _Writer(repo, row.id, stats.sets, progress)
            for index, workout in backup.workouts():
                writer.add(index, workout)
            writer.flush()
    except BackupError as exc:
        raise BackupFileError(path, exc) from None
    except DBAPIError as exc:
        raise ExhaustError(
            f"{path}: the database refused the import ({str(exc.orig).strip()}); nothing was imported"
        ) from None
    return ImportSummary(
        file=str(path),
        workouts_imported=writer.imported,
        workouts_present=writer.present,
        sets_imported=writer.sets,
        templates_imported=len(header.templates) - len(templates_kept),
        templates_kept=templates_kept,
        custom_exercises_imported=len(header.custom_exercises) - len(customs_kept),
        custom_exercises_kept=customs_kept,
        unit=header.user.unit.value,
    )
