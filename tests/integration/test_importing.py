"""`import_history` against real databases (SQLite and PostgreSQL): whole, idempotent, all or nothing."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from exhaust.domain.errors import ExhaustError
from exhaust.domain.imported import ImportFileError, SourceApp
from exhaust.domain.importmap import MapFileError
from exhaust.domain.logbook import WeightUnit
from exhaust.services import importing
from exhaust.services.importing import ImportReport
from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod
from exhaust.store.models import CustomExerciseRow, SetRow, UserRow, WorkoutRow
from exhaust.store.repository import Repository

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def run(url: str, name: str | Path, unit: WeightUnit | None = WeightUnit.KG, **kw: Any) -> ImportReport:
    path = name if isinstance(name, Path) else FIXTURES / name
    return importing.import_history(dbmod.open_database(url), "local", path, unit=unit, **kw)


def counts(url: str) -> dict[str, int]:
    with dbmod.open_database(url).transaction(write=False) as session:
        return {
            row.__tablename__: session.scalar(select(func.count()).select_from(row)) or 0
            for row in (UserRow, WorkoutRow, SetRow, CustomExerciseRow)
        }


def stored(url: str) -> list[tuple[Any, ...]]:
    """(workout start, position, exercise, block, method, set type, kg, reps, rest, distance, time, name in file)."""
    with dbmod.open_database(url).transaction(write=False) as session:
        query = (
            select(
                WorkoutRow.started_at,
                SetRow.position,
                SetRow.exercise_id,
                SetRow.block,
                SetRow.method,
                SetRow.set_type,
                SetRow.weight_kg,
                SetRow.reps,
                SetRow.rest_s,
                SetRow.distance_m,
                SetRow.duration_s,
                SetRow.imported_name,
            )
            .join(WorkoutRow, SetRow.workout_id == WorkoutRow.id)
            .order_by(WorkoutRow.started_at, SetRow.position)
        )
        return [tuple(r) for r in session.execute(query)]


def test_a_strong_export_lands_whole_with_methods_rest_and_names(db_url: str) -> None:
    report = run(db_url, "strong.csv")
    assert (report.workouts_imported, report.sets_imported, report.workouts_present) == (2, 10, 0)
    assert report.methods == {"post-exhaust": 1, "pre-exhaust": 1}
    rows = stored(db_url)
    legs = [r for r in rows if r[0].day == 5]
    assert [r[2] for r in legs] == ["leg-extension"] * 2 + ["squat"] * 3
    assert {r[4] for r in legs} == {"pre-exhaust"}
    assert [r[5] for r in legs] == ["working", "working", "warmup", "working", "failure"]
    assert [r[6] for r in legs] == [Decimal(50), Decimal(50), Decimal(60), Decimal(100), Decimal(100)]
    assert [r[8] for r in legs] == [None, None, 45, None, None]  # the rest timer, before the warm-up
    assert legs[0][11] == "Leg Extension (Machine)"
    plank = rows[-1]
    assert (plank[2], plank[7], plank[10]) == ("plank", 0, 60)

    with dbmod.open_database(db_url).transaction(write=False) as session:
        workouts = session.scalars(select(WorkoutRow).order_by(WorkoutRow.started_at)).all()
        assert [w.source for w in workouts] == ["strong", "strong"]
        assert workouts[0].notes == "Slept 8h, felt strong"
        assert workouts[0].ended_at is not None and (workouts[0].ended_at - workouts[0].started_at).seconds == 3720
        assert all(len(w.fingerprint) == 64 for w in workouts)

    # The logbook reads what the import wrote, as if it had been logged here.
    shown = Logbook.open(db_url).history(exercise="squat")
    assert {(s.weight, s.reps) for s, _ in shown if s.set_type == "working"} == {(Decimal(100), 8)}


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("strong-no-notes.csv", WeightUnit.LB),
        ("strong-old-semicolon.csv", None),
        ("strong-new-kg.csv", None),
        ("strong-new-lbs-semicolon.csv", None),
        ("hevy.csv", None),
        ("hevy-lbs.csv", None),
        ("fitnotes.csv", None),
    ],
)
def test_every_variant_imports_the_same_training(db_url: str, name: str, unit: WeightUnit | None) -> None:
    report = run(db_url, name, unit)
    assert (report.workouts_imported, report.sets_imported) == (2, 10)
    rows = stored(db_url)
    squats = [r for r in rows if r[2] == "squat" and r[6] > 90]  # FitNotes has no warm-up mark
    assert len(squats) == 2
    assert all(abs(r[6] - 100) < 1 for r in squats)  # 220 lb is 99.79 kg
    assert {r[4] for r in rows if r[0].day == 5} == {"pre-exhaust"}
    assert {r[4] for r in rows if r[2] in ("bench-press", "dumbbell-fly")} == {"post-exhaust"}


def test_hevy_supersets_become_linked_blocks(db_url: str) -> None:
    run(db_url, "hevy.csv")
    legs = [r for r in stored(db_url) if r[0].day == 5]
    assert [r[3] for r in legs] == ["A1", "A1", "A2", "A2", "A2"]


def test_importing_twice_adds_nothing_and_says_so(db_url: str) -> None:
    run(db_url, "strong.csv")
    before = counts(db_url)
    again = run(db_url, "strong.csv")
    assert (again.workouts_imported, again.sets_imported, again.workouts_present) == (0, 0, 2)
    assert counts(db_url) == before


def test_the_same_training_from_another_app_is_not_doubled(db_url: str) -> None:
    run(db_url, "strong.csv")
    hevy = run(db_url, "hevy.csv")
    assert hevy.workouts_present == 2 and hevy.workouts_imported == 0


def test_a_newer_overlapping_export_adds_only_what_is_new(db_url: str, tmp_path: Path) -> None:
    text = (FIXTURES / "strong.csv").read_text(encoding="utf-8")
    older = tmp_path / "older.csv"
    older.write_text("\n".join(text.splitlines()[:8]) + "\n", encoding="utf-8")  # the legs workout only
    assert run(db_url, older).workouts_imported == 1
    newer = run(db_url, "strong.csv")
    assert (newer.workouts_imported, newer.sets_imported, newer.workouts_present) == (1, 5, 1)
    assert counts(db_url)["sets"] == 10


def test_a_different_workout_at_the_same_time_is_kept_and_reported(db_url: str, tmp_path: Path) -> None:
    run(db_url, "strong.csv")
    edited = tmp_path / "edited.csv"
    text = (FIXTURES / "strong.csv").read_text(encoding="utf-8")
    edited.write_text(text.replace("Bench Press (Barbell),2,80,8", "Bench Press (Barbell),2,80,6"), encoding="utf-8")
    before = stored(db_url)
    report = run(db_url, edited)
    assert report.workouts_present == 1 and report.workouts_imported == 0
    assert [(c.started_at.day, c.line) for c in report.conflicts] == [(8, 9)]
    assert stored(db_url) == before
    assert any("Kept 1 workout already here" in line for line in importing.summary_lines(report))


def test_a_bad_cell_anywhere_leaves_the_database_as_it_was(db_url: str, tmp_path: Path) -> None:
    run(db_url, "hevy.csv")
    before, rows = counts(db_url), stored(db_url)
    bad = tmp_path / "bad.csv"
    text = (FIXTURES / "strong.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",Plank,1,0,0,0,60", ",Plank,1,0,0,0,sixty"), encoding="utf-8")
    with pytest.raises(ImportFileError) as err:
        run(db_url, bad)
    assert (err.value.line, err.value.column_name) == (13, "Seconds")
    assert str(bad) in str(err.value)
    assert counts(db_url) == before and stored(db_url) == rows


def test_a_database_failure_halfway_rolls_everything_back(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The user, the new custom exercises and the first workouts are already sent when the
    database refuses a set: none of it stays."""
    monkeypatch.setattr(importing, "WORKOUT_BATCH", 1)  # one workout per round trip
    real = Repository.copy_sets
    calls = {"n": 0}

    def failing(self: Repository, rows: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            rows = [(*r[:10], 500, *r[11:]) for r in rows]  # 500 reps: the reps CHECK refuses it
        real(self, rows)

    monkeypatch.setattr(Repository, "copy_sets", failing)
    with pytest.raises(ExhaustError, match="the database refused the import") as err:
        run(db_url, "strong.csv")
    assert "nothing was imported" in str(err.value)
    assert counts(db_url) == {"users": 0, "workouts": 0, "sets": 0, "custom_exercises": 0}


def test_names_the_catalogue_lacks_become_own_exercises_once(db_url: str) -> None:
    report = run(db_url, "strong-bom-crlf.csv")
    own = {n.name: n.exercise_id for n in report.names if n.exercise_id.startswith("custom:")}
    assert set(own) == {"Développé militaire (Haltères)", "Écarté à la poulie"}
    assert all(n.new for n in report.names if n.name in own)
    assert counts(db_url)["custom_exercises"] == 2
    # A second file naming them again reuses them.
    again = run(db_url, "strong-bom-crlf.csv")
    assert again.workouts_present == 1 and counts(db_url)["custom_exercises"] == 2
    assert {n.exercise_id for n in again.names if n.name in own} == set(own.values())
    with dbmod.open_database(db_url).transaction(write=False) as session:
        definitions = session.scalars(select(CustomExerciseRow.definition)).all()
    assert all('"imported_from": "strong"' in d for d in definitions)


def test_a_map_file_corrects_names_and_re_points_what_was_imported(db_url: str, tmp_path: Path) -> None:
    first = run(db_url, "strong-bom-crlf.csv")
    mapping = tmp_path / "names.map"
    mapping.write_text(importing.mapping_file(first), encoding="utf-8")
    text = mapping.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("Écarté à la poulie "))
    assert line.split("=")[1].strip() == "custom"
    mapping.write_text(text.replace(line, "Écarté à la poulie = cable-fly"), encoding="utf-8")

    dry = run(db_url, "strong-bom-crlf.csv", map_path=mapping, dry_run=True)
    assert dry.sets_remapped == 1
    assert [r[2] for r in stored(db_url)][2].startswith("custom:")  # a dry run changed nothing

    fixed = run(db_url, "strong-bom-crlf.csv", map_path=mapping)
    assert fixed.sets_remapped == 1 and fixed.workouts_present == 1
    assert [r[2] for r in stored(db_url)][2] == "cable-fly"
    assert next(n for n in fixed.names if n.name == "Écarté à la poulie").how == "map"


def test_a_bad_map_file_names_its_line_before_anything_is_written(db_url: str, tmp_path: Path) -> None:
    mapping = tmp_path / "names.map"
    mapping.write_text("# mine\nBench Press (Barbell) = bench-press\nSquat (Barbell) = squatz\n", encoding="utf-8")
    with pytest.raises(MapFileError) as err:
        run(db_url, "strong.csv", map_path=mapping)
    assert err.value.line == 3 and "squatz" in str(err.value)
    assert counts(db_url)["workouts"] == 0


def test_a_dry_run_reports_everything_and_writes_nothing(db_url: str) -> None:
    run(db_url, "hevy.csv")
    before = counts(db_url)
    report = run(db_url, "strong-new-kg.csv", dry_run=True)
    # The legs workout is the same; the chest one has a carry where Hevy's has a plank.
    assert report.dry_run and report.workouts_present == 1 and len(report.conflicts) == 1
    assert {n.name for n in report.names} >= {"Farmer's Walk", "Squat (Barbell)"}
    assert counts(db_url) == before


def test_a_dry_run_on_an_empty_database_creates_no_user(db_url: str) -> None:
    report = run(db_url, "fitnotes.csv", dry_run=True)
    assert (report.workouts_imported, report.sets_imported) == (2, 10)
    assert report.app == SourceApp.FITNOTES.value
    assert counts(db_url) == {"users": 0, "workouts": 0, "sets": 0, "custom_exercises": 0}


def test_a_file_that_is_not_utf8_names_the_line(db_url: str, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.csv"
    shutil.copy(FIXTURES / "strong.csv", latin)
    latin.write_bytes(latin.read_bytes().replace(b"Slept 8h", b"Dormi 8h \xe9t\xe9", 1))
    with pytest.raises(ImportFileError, match="not UTF-8") as err:
        run(db_url, latin)
    assert err.value.line == 2


def _set_indexes(url: str) -> set[str]:
    engine = dbmod.open_database(url).engine
    return {i["name"] for i in inspect(engine).get_indexes("sets") if i["name"]}


def test_a_big_load_rebuilds_the_lookup_indexes_and_a_failed_one_keeps_them(
    db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SQLite drops the two lookup indexes for a load that at least doubles the table and
    builds them again; a failure halfway gets them back with the rollback."""
    from exhaust.store import repository

    monkeypatch.setattr(repository, "BULK_INDEX_MIN", 1)  # every load counts as big
    indexes = _set_indexes(db_url)
    lookups = {"ix_sets_user_exercise_logged", "ix_sets_user_logged"}
    assert lookups <= indexes
    during: list[set[str]] = []
    real = Repository.copy_sets

    def watched(self: Repository, rows: Any) -> None:
        during.append({i["name"] for i in inspect(self.session.connection()).get_indexes("sets")})
        real(self, rows)

    with monkeypatch.context() as patch:
        patch.setattr(Repository, "copy_sets", watched)
        run(db_url, "strong.csv")
    if db_url.startswith("sqlite"):
        assert during and all(not (lookups & names) for names in during)  # dropped for the load
    else:
        assert during and all(lookups <= names for names in during)  # never on PostgreSQL
    assert _set_indexes(db_url) == indexes
    assert Logbook.open(db_url).history(exercise="squat")  # and they answer queries

    bad = tmp_path / "bad.csv"
    bad.write_text((FIXTURES / "hevy.csv").read_text(encoding="utf-8").replace("8 Jan", "9 Jan"), encoding="utf-8")

    def failing(self: Repository, rows: Any) -> None:
        real(self, [(*r[:10], 500, *r[11:]) for r in rows])  # the reps CHECK refuses it

    monkeypatch.setattr(Repository, "copy_sets", failing)
    with pytest.raises(ExhaustError, match="refused"):
        run(db_url, bad)
    assert _set_indexes(db_url) == indexes


def test_progress_is_reported_while_reading_and_writing(db_url: str) -> None:
    seen: list[tuple[str, int, int]] = []
    run(db_url, "strong.csv", progress=lambda phase, done, total: seen.append((phase, done, total)))
    phases = [p for p, _, _ in seen]
    assert phases[0] == "Reading" and phases[-1] == "Writing"
    reading = [(d, t) for p, d, t in seen if p == "Reading"]
    assert reading[-1][0] == reading[-1][1] == 13  # every line of the file
    assert [(d, t) for p, d, t in seen if p == "Writing"][-1] == (10, 10)
