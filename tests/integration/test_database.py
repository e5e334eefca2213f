"""Opening the logbook's database: created at the head revision, re-opened untouched, a newer
schema refused without a change, SQLite in WAL mode with foreign keys, the default location,
and a clear message (never a traceback) when the database cannot be opened.

Every test runs on SQLite and on PostgreSQL (the ``db_url`` fixture) unless it is about
SQLite itself.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod
from exhaust.store.database import DatabaseError, head_revision, open_database
from exhaust.store.models import Base, SetRow

FUTURE_REVISION = "9999_from_the_future"


def _raw_engine(url: str) -> Any:
    """An engine that bypasses exhaust (no migrations, no refusal): what is really stored."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


def snapshot(url: str) -> dict[str, Any]:
    """Every table with its columns, indexes and rows: equal snapshots, equal databases."""
    engine = _raw_engine(url)
    try:
        with engine.connect() as conn:
            insp = inspect(conn)
            out: dict[str, Any] = {}
            for table in sorted(insp.get_table_names()):
                columns = [c["name"] for c in insp.get_columns(table)]
                indexes = sorted(i["name"] or "" for i in insp.get_indexes(table))
                rows = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).all()
                out[table] = (columns, indexes, [tuple(r) for r in rows])
            return out
    finally:
        engine.dispose()


def stored_revision(url: str) -> str | None:
    engine = _raw_engine(url)
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one_or_none()
            return None if found is None else str(found)
    finally:
        engine.dispose()


def _some_logging(url: str) -> None:
    book = Logbook.open(url)
    book.start(name="Push", now=datetime(2026, 1, 5, 18, 0, tzinfo=UTC))
    book.log("bench", Decimal("80"), 8, rpe=Decimal("8"), now=datetime(2026, 1, 5, 18, 5, tzinfo=UTC))
    book.finish(now=datetime(2026, 1, 5, 19, 0, tzinfo=UTC))


# --- creation and re-opening -----------------------------------------------------------


def test_a_fresh_database_is_created_at_the_head_revision_with_every_table(db_url: str) -> None:
    db = open_database(db_url)
    assert stored_revision(db_url) == head_revision()
    with db.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}

    # The migrations build exactly what the models describe: columns, types, indexes, constraints.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_opening_an_up_to_date_database_again_changes_nothing(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _some_logging(db_url)
    before = snapshot(db_url)
    dbmod.close(db_url)  # as if this were the next `exhaust` command

    import alembic.command

    def no_upgrade(*_: object, **__: object) -> None:
        raise AssertionError("an up-to-date database was migrated again")

    monkeypatch.setattr(alembic.command, "upgrade", no_upgrade)
    book = Logbook.open(db_url)
    assert [s.exercise_id for s in book.show().sets] == ["bench-press"]
    assert snapshot(db_url) == before


def _written_by_a_newer_exhaust(db_url: str) -> object:
    """A logbook whose schema revision is one this exhaust does not know; its snapshot."""
    _some_logging(db_url)
    dbmod.close(db_url)
    engine = _raw_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": FUTURE_REVISION})
    engine.dispose()
    return snapshot(db_url)


def test_a_database_from_a_newer_exhaust_is_refused_and_left_as_it_was(db_url: str) -> None:
    before = _written_by_a_newer_exhaust(db_url)

    with pytest.raises(DatabaseError) as refused:
        Logbook.open(db_url)
    message = str(refused.value)
    assert "newer exhaust" in message
    assert FUTURE_REVISION in message  # which schema it found
    assert "upgrade" in message.lower()  # what to do about it
    assert "nothing was changed" in message
    assert snapshot(db_url) == before
    assert stored_revision(db_url) == FUTURE_REVISION

    # Refused again on the next try: a refusal is not cached as an open database.
    with pytest.raises(DatabaseError, match="newer exhaust"):
        open_database(db_url)


def test_the_cli_refuses_a_newer_database_with_the_message_and_exit_code_1(db_url: str) -> None:
    before = _written_by_a_newer_exhaust(db_url)

    result = _exhaust("--db", db_url, "workout", "log", "bench", "80kg", "x", "8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "newer exhaust" in result.stderr and "pip install --upgrade exhaust" in result.stderr
    assert snapshot(db_url) == before


# --- integrity the engine enforces --------------------------------------------------------


def test_a_set_cannot_point_at_a_workout_that_does_not_exist(db_url: str) -> None:
    db = open_database(db_url)
    Logbook(db)  # the local user
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            SetRow(
                uid="orphan",
                workout_id=424242,
                user_id=1,
                exercise_id="bench-press",
                position=1,
                block="",
                set_type="working",
                weight=Decimal(80),
                unit="kg",
                weight_kg=Decimal(80),
                reps=8,
                notes="",
                logged_at=datetime.now(UTC),
            )
        )
    with db.transaction(write=False) as session:
        assert session.scalars(select(SetRow)).all() == []


@pytest.mark.parametrize(
    ("column", "bad", "good"),
    [
        ("method", "bogus", "pre-exhaust"),
        ("method", "accessory-first", "reverse-pre-exhaust"),  # a method, but not one a set is tagged with
        ("distance_m", Decimal("-0.01"), Decimal("0")),
        ("duration_s", -1, 0),
        ("duration_s", 86_401, 86_400),
    ],
)
def test_the_database_refuses_a_set_the_import_columns_forbid(db_url: str, column: str, bad: Any, good: Any) -> None:
    """The CHECK constraints of migration 0002 hold on both engines, whatever wrote the row."""
    _some_logging(db_url)
    db = open_database(db_url)

    def insert(uid: str, value: Any) -> None:
        with db.transaction() as session:
            session.add(
                SetRow(
                    uid=uid,
                    workout_id=1,
                    user_id=1,
                    exercise_id="plank",
                    position=2 if uid == "good" else 3,
                    block="",
                    set_type="working",
                    unit="kg",
                    reps=0,
                    notes="",
                    logged_at=datetime.now(UTC),
                    **{column: value},
                )
            )

    with pytest.raises(IntegrityError, match=f"ck_sets_{column}"):  # the constraint, by name
        insert("bad", bad)
    insert("good", good)  # the same set with an allowed value is stored
    with db.transaction(write=False) as session:
        stored = {s.uid: getattr(s, column) for s in session.scalars(select(SetRow))}
    assert "bad" not in stored and stored["good"] == good


def test_sqlite_opens_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    url = f"sqlite:///{path}"
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == dbmod.BUSY_TIMEOUT_MS
        # WAL is a property of the file: any other program opening it sees it too.
        with sqlite3.connect(path) as other:
            assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        dbmod.close(url)


def test_sqlite_readers_do_not_wait_for_a_writer_holding_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`exhaust history` in one terminal while a set is being logged in another."""
    url = f"sqlite:///{tmp_path / 'book.db'}"
    _some_logging(url)
    dbmod.close(url)
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 0)  # any wait for a lock would fail at once
    book = Logbook.open(url)
    try:
        writer = sqlite3.connect(tmp_path / "book.db", isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a logger does
        writer.execute("UPDATE workouts SET notes = 'being edited'")
        try:
            rows = book.history("bench")
            assert [s.reps for s, _ in rows] == [8]
            assert book.show().notes == ""  # the uncommitted change is not seen
            with pytest.raises(DatabaseError, match="locked"):  # a second writer would wait, then say so
                book.log("bench", Decimal(80), 8)
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        dbmod.close(url)


# --- which database -------------------------------------------------------------------------


def test_the_default_database_is_a_sqlite_file_in_the_users_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(dbmod.ENV_URL, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert dbmod.resolve_url() == f"sqlite:///{tmp_path / 'home' / '.local' / 'share' / 'exhaust' / 'exhaust.db'}"

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "exhaust" / "exhaust.db"
    assert dbmod.resolve_url() == f"sqlite:///{expected}"
    try:
        _some_logging(dbmod.resolve_url())  # the folder is created on first use
        assert expected.is_file()
    finally:
        dbmod.close(f"sqlite:///{expected}")


def test_exhaust_database_url_overrides_the_default_and_db_overrides_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    default_file = tmp_path / "xdg" / "exhaust" / "exhaust.db"
    from_env = tmp_path / "env.db"
    from_flag = tmp_path / "flag.db"
    monkeypatch.setenv(dbmod.ENV_URL, f"sqlite:///{from_env}")
    assert dbmod.resolve_url() == f"sqlite:///{from_env}"
    assert dbmod.resolve_url(f"sqlite:///{from_flag}") == f"sqlite:///{from_flag}"

    env = {"EXHAUST_DATABASE_URL": f"sqlite:///{from_env}", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    assert _exhaust("workout", "start", "--name", "from env", env=env).returncode == 0
    flag = ["--db", f"sqlite:///{from_flag}"]
    assert _exhaust(*flag, "workout", "start", "--name", "from flag", env=env).returncode == 0
    assert not default_file.exists()
    for path, name in ((from_env, "from env"), (from_flag, "from flag")):
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT name FROM workouts").fetchall() == [(name,)]


# --- databases that cannot be opened: a message, exit 1, never a traceback --------------------


def _exhaust(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "exhaust", *args], capture_output=True, text=True, env=full_env, timeout=120
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens on it once the socket is closed


def test_a_malformed_url_is_a_database_error_that_says_what_a_url_looks_like() -> None:
    with pytest.raises(DatabaseError, match=r"cannot read the database URL 'not a url'.*sqlite:///"):
        open_database("not a url")


def test_an_unreachable_server_is_a_database_error_naming_the_server() -> None:
    url = f"postgresql://lifter:secret@127.0.0.1:{_closed_port()}/exhaust"
    with pytest.raises(DatabaseError) as failed:
        open_database(url)
    assert "cannot open the database" in str(failed.value) and "127.0.0.1" in str(failed.value)
    assert "secret" not in str(failed.value)  # the password is never printed


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "cannot read the database URL"),
        (f"postgresql://lifter:secret@127.0.0.1:{_closed_port()}/exhaust", "cannot open the database"),
    ],
    ids=["malformed", "unreachable"],
)
def test_the_cli_reports_a_database_it_cannot_open_in_one_line_and_exits_1(url: str, expected: str) -> None:
    for command in (["history"], ["workout", "log", "bench", "80kg", "x", "8"], ["workout", "show", "--json"]):
        result = _exhaust("--db", url, *command)
        assert result.returncode == 1, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith(f"error: {expected}")
        assert "secret" not in result.stderr


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://lifter@localhost:notaport/exhaust",  # ValueError from make_url
        "postgress://lifter@localhost/exhaust",  # NoSuchModuleError: no such dialect
        "mysql://lifter@localhost/exhaust",  # ModuleNotFoundError: MySQLdb
        "not-a-database",  # a file that is not SQLite: sqlalchemy.exc.DatabaseError
    ],
    ids=["bad-port", "unknown-scheme", "driver-not-installed", "not-a-database-file"],
)
def test_other_unusable_urls_are_database_errors_too(url: str, tmp_path: Path) -> None:
    if url == "not-a-database":
        junk = tmp_path / "notes.txt"
        junk.write_text("these are my notes, not a database\n" * 200)
        url = f"sqlite:///{junk}"
    try:
        with pytest.raises(DatabaseError):
            open_database(url)
    finally:
        dbmod.close(url)


def test_the_schema_head_constant_matches_the_newest_migration() -> None:
    """SCHEMA_HEAD lets commands skip loading Alembic; it must name the newest migration."""
    assert dbmod.head_revision() == dbmod.SCHEMA_HEAD
