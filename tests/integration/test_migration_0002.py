"""Migration 0002 (the import columns) on a logbook written by an exhaust at schema 0001.

The old database is built the way that exhaust built it: the migrations up to 0001, then rows
written against those tables as they were. Opening it with this exhaust upgrades it; every old
row must come through unchanged, with the new columns at their defaults, and the database must
be the one a fresh install creates. On SQLite, 0002 copies ``sets`` into a new table (SQLite
cannot add a CHECK constraint in place), so the old constraints, indexes and foreign keys are
checked as well as the data.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, delete, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from exhaust.services import backup
from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod
from exhaust.store.models import Base, SetRow, WorkoutRow

T0 = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
OLD_TABLES = ("users", "custom_exercises", "templates", "workouts", "sets")


def raw_engine(url: str) -> Engine:
    """An engine that is not exhaust's: no pragmas, no migrations on connect."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


def naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)  # how UTCDateTime stores times


def old_rows() -> dict[str, list[dict[str, Any]]]:
    """A lifter's logbook as exhaust 0001 wrote it: a finished workout and an open one."""
    sets = [
        # (workout, position, exercise, block, type, weight, unit, kg, reps, rpe, rir, rest, notes)
        (1, 1, "cable-fly", "A1", "working", "20", "kg", "20", 15, None, 2, 60, ""),
        (1, 2, "bench-press", "A2", "warmup", "60", "kg", "60", 10, None, None, None, ""),
        (1, 3, "bench-press", "A2", "working", "176.37", "lb", "80.00", 8, "8.5", None, 120, "grind — müde ✓"),
        (1, 4, "dips", "B", "failure", None, "kg", None, 12, None, None, None, "bodyweight"),
        (1, 5, "custom:zercher-good-morning", "", "drop", "40", "kg", "40", 10, "9", None, 90, ""),
        (2, 1, "back-squat", "", "working", "100", "kg", "100", 5, None, 1, 180, ""),
    ]
    return {
        "users": [{"id": 1, "name": "local", "unit": "kg", "created_at": naive(T0)}],
        "custom_exercises": [
            {
                "id": 1,
                "user_id": 1,
                "slug": "zercher-good-morning",
                "name": "Zercher good morning",
                "definition": "{}",
                "created_at": naive(T0),
            }
        ],
        "templates": [
            {"id": 1, "user_id": 1, "name": "chest", "plan_text": "session: chest\n", "created_at": naive(T0)}
        ],
        "workouts": [
            {
                "id": 1,
                "uid": "w-finished",
                "user_id": 1,
                "name": "Chest - pre-exhaust",
                "started_at": naive(T0),
                "ended_at": naive(T0 + timedelta(minutes=62)),
                "notes": "fly then press",
                "plan_name": "Pre-exhaust chest",
                "session_name": "Chest - pre-exhaust",
                "plan_text": "session: Chest - pre-exhaust\n",
            },
            {
                "id": 2,
                "uid": "w-open",
                "user_id": 1,
                "name": "Legs",
                "started_at": naive(T0 + timedelta(days=2)),
                "ended_at": None,
                "notes": "",
                "plan_name": "",
                "session_name": "",
                "plan_text": "",
            },
        ],
        "sets": [
            {
                "id": i,
                "uid": f"s-{i}",
                "workout_id": w,
                "user_id": 1,
                "exercise_id": ex,
                "position": pos,
                "block": block,
                "set_type": kind,
                "weight": None if weight is None else Decimal(weight),
                "unit": unit,
                "weight_kg": None if kg is None else Decimal(kg),
                "reps": reps,
                "rpe": None if rpe is None else Decimal(rpe),
                "rir": rir,
                "rest_s": rest,
                "notes": notes,
                "logged_at": naive(T0 + timedelta(days=2 * (w - 1), minutes=3 * pos)),
            }
            for i, (w, pos, ex, block, kind, weight, unit, kg, reps, rpe, rir, rest, notes) in enumerate(sets, 1)
        ],
    }


def read_tables(url: str, tables: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """The given columns of the given tables, by id, as they are stored."""
    engine = raw_engine(url)
    try:
        with engine.connect() as conn:
            meta = MetaData()
            meta.reflect(conn, only=list(tables))
            return {
                name: [
                    tuple(r)
                    for r in conn.execute(
                        select(*(meta.tables[name].c[c] for c in columns)).order_by(meta.tables[name].c.id)
                    )
                ]
                for name, columns in tables.items()
            }
    finally:
        engine.dispose()


def a_database_at_0001(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Build the old logbook; return its rows as stored (the columns of schema 0001)."""
    engine = raw_engine(url)
    try:
        dbmod.migrate(engine, target="0001")
        with engine.begin() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
            meta = MetaData()
            meta.reflect(conn)
            assert "method" not in meta.tables["sets"].c and "source" not in meta.tables["workouts"].c
            for name, rows in old_rows().items():
                conn.execute(meta.tables[name].insert(), rows)
            if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for name in OLD_TABLES:
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                    )
            columns = {name: [c.name for c in meta.tables[name].c] for name in OLD_TABLES}
    finally:
        engine.dispose()
    return read_tables(url, columns)


def old_columns() -> dict[str, list[str]]:
    return {name: list(old_rows()[name][0]) for name in OLD_TABLES}


def test_opening_a_0001_logbook_upgrades_it_and_keeps_every_row(db_url: str, tmp_path: Path) -> None:
    before = a_database_at_0001(db_url)
    assert [len(before[t]) for t in OLD_TABLES] == [1, 1, 1, 2, 6]

    book = Logbook.open(db_url)  # this exhaust: migrates through 0002 to the head on open
    db = dbmod.open_database(db_url)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == dbmod.SCHEMA_HEAD

    assert read_tables(db_url, old_columns()) == before  # every old value, every id, unchanged
    new = read_tables(db_url, {"workouts": ["source", "fingerprint"], "sets": ["method", "distance_m", "duration_s"]})
    assert new["workouts"] == [("", "")] * 2
    assert new["sets"] == [("", None, None)] * 6

    # The upgraded database is the one a fresh install creates: columns, types, indexes,
    # unique constraints and foreign keys (CHECK constraints are tried below).
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []

    # The logbook reads and writes it as before.
    shown = book.show(1)
    assert [s.text for s in shown.sets][2] == "176.37 lb × 8 @8.5"
    assert (shown.source, [s.method for s in shown.sets]) == ("", [""] * 5)
    logged, workout = book.log("back squat", Decimal("102.5"), 5, now=T0 + timedelta(days=2, minutes=10))
    assert (workout.id, logged.position, logged.method, logged.distance_m) == (2, 2, "", None)
    data = json.loads(_export(db_url, tmp_path))
    assert data["version"] == 2
    assert [(w["uid"], w["source"], len(w["sets"])) for w in data["workouts"]] == [
        ("w-finished", "", 5),
        ("w-open", "", 2),
    ]


def _export(url: str, folder: Path) -> str:
    target = folder / "after-upgrade.json"
    backup.export_json(dbmod.open_database(url), "local", target)
    return target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("column", "value"),
    [("reps", 150), ("rpe", Decimal("11")), ("set_type", "superset"), ("unit", "st"), ("method", "bogus")],
)
def test_after_the_upgrade_the_old_checks_still_hold_and_the_new_ones_too(db_url: str, column: str, value: Any) -> None:
    a_database_at_0001(db_url)
    db = dbmod.open_database(db_url)
    row = {
        "uid": "new", "workout_id": 2, "user_id": 1, "exercise_id": "back-squat", "position": 9, "block": "",
        "set_type": "working", "unit": "kg", "reps": 5, "notes": "", "logged_at": datetime.now(UTC),
    }  # fmt: skip
    with pytest.raises(IntegrityError, match=f"ck_sets_{column}"), db.transaction() as session:
        session.add(SetRow(**(row | {column: value})))
    with db.transaction() as session:
        session.add(SetRow(**row))  # the same set, valid, is stored


def test_after_the_upgrade_deleting_a_workout_still_deletes_its_sets(db_url: str) -> None:
    """The foreign keys of the copied ``sets`` table still cascade (and still point at workouts)."""
    a_database_at_0001(db_url)
    db = dbmod.open_database(db_url)
    with db.transaction() as session:
        session.execute(delete(WorkoutRow).where(WorkoutRow.id == 1))
    with db.transaction(write=False) as session:
        assert session.scalars(select(SetRow.uid).order_by(SetRow.id)).all() == ["s-6"]
    orphan = {
        "uid": "orphan", "workout_id": 1, "user_id": 1, "exercise_id": "dips", "position": 1, "block": "",
        "set_type": "working", "unit": "kg", "reps": 1, "notes": "", "logged_at": datetime.now(UTC),
    }  # fmt: skip
    with pytest.raises(IntegrityError, match=r"fk_sets_workout_id_workouts|FOREIGN KEY"), db.transaction() as session:
        session.add(SetRow(**orphan))  # workout 1 is gone
