"""Migration 0003 (accounts) on a logbook written by an exhaust at schema 0002.

The old database is built as that exhaust built it: the migrations up to 0002, then rows
written against those tables. Opening it with this exhaust adds the account columns in place:
every old row comes through unchanged (on SQLite nothing may cascade away), the existing users
become athletes who cannot sign in yet, and the command line's 'local' user can be taken over
by the owner the web app's first visitor creates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import MetaData, text
from test_migration_0002 import OLD_TABLES, old_rows, raw_engine, read_tables

from exhaust.services.accounts import Accounts, Role
from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod
from exhaust.store.models import Base

PASSWORD = "correct horse 42"
NEW_TABLES = ("api_tokens", "invitations", "coaching", "settings")


def a_database_at_0002(url: str) -> tuple[dict[str, list[str]], dict[str, list[tuple[Any, ...]]]]:
    """The lifter's logbook as exhaust 0002 wrote it, plus a second CLI user: the columns of
    schema 0002 and the rows as stored."""
    rows = old_rows()
    rows["users"].append({"id": 2, "name": "bert", "unit": "lb", "created_at": rows["users"][0]["created_at"]})
    for i, workout in enumerate(rows["workouts"]):  # the columns 0002 added, in use
        workout |= {"source": "strong" if i == 0 else "", "fingerprint": "f" * 64 if i == 0 else ""}
    for i, one in enumerate(rows["sets"]):
        one |= {"method": "pre-exhaust" if i == 0 else ""}
    engine = raw_engine(url)
    try:
        dbmod.migrate(engine, target="0002")
        with engine.begin() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
            meta = MetaData()
            meta.reflect(conn)
            assert "password_hash" not in meta.tables["users"].c and "api_tokens" not in meta.tables
            for name in OLD_TABLES:
                table = meta.tables[name]
                conn.execute(table.insert(), [{k: v for k, v in r.items() if k in table.c} for r in rows[name]])
            if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for name in OLD_TABLES:
                    conn.execute(
                        text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                    )
            columns = {name: [c.name for c in meta.tables[name].c] for name in OLD_TABLES}
    finally:
        engine.dispose()
    return columns, read_tables(url, columns)


def test_opening_a_0002_logbook_adds_accounts_and_keeps_every_row(db_url: str) -> None:
    columns, before = a_database_at_0002(db_url)
    assert [len(before[t]) for t in OLD_TABLES] == [2, 1, 1, 2, 6]

    db = dbmod.open_database(db_url)  # migrates to the head on open
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == dbmod.SCHEMA_HEAD == "0003"
    assert read_tables(db_url, columns) == before  # every old value and id: nothing cascaded away

    accounts_columns = read_tables(db_url, {"users": ["name", "password_hash", "role", "is_owner", "session_epoch"]})
    assert accounts_columns["users"] == [("local", None, "athlete", False, 0), ("bert", None, "athlete", False, 0)]
    with db.engine.connect() as conn:
        for name in NEW_TABLES:
            assert conn.execute(text(f"SELECT count(*) FROM {name}")).scalar() == 0, name

    # The upgraded database is the one a fresh install creates.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []


def test_after_the_upgrade_nobody_can_sign_in_until_the_owner_takes_over_local(db_url: str) -> None:
    a_database_at_0002(db_url)
    accounts = Accounts(dbmod.open_database(db_url))
    assert accounts.needs_owner()  # users without passwords are no accounts
    assert accounts.local_logbook() == ("local", 2)

    owner = accounts.create_owner("local", PASSWORD, Role.ATHLETE)
    assert (owner.id, owner.unit, owner.is_owner) == (1, "kg", True)
    book = Logbook(accounts.db, owner.name, known=(owner.id, owner.unit))
    assert [w.name for w in [book.show(1), book.show(2)]] == ["Chest - pre-exhaust", "Legs"]
    logged, workout = book.log("back squat", Decimal("102.5"), 5)
    assert (workout.id, logged.position) == (2, 2)
    assert accounts.by_id(2) is None  # bert, the other CLI user, still cannot sign in
