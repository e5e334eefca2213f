"""The naive floor bench/serve.py measures exhaust against: bare FastAPI with SQLAlchemy 2 on SQLite,
the way a first attempt is written. No accounts, no validation beyond the body model, no
idempotency: `POST /log` inserts one row with a plain session commit, `GET /page` counts the
rows and reads the newest 20.

The database is the SQLite file named by FLOOR_DB_ENV; `seed()` creates its table (and fills
it) before the server starts. FLOOR_SYNCHRONOUS_ENV=NORMAL gives it exhaust's durability setting
(no fsync per commit in WAL mode) instead of SQLite's default FULL. Run as bench/serve.py does:

    FLOOR_DB=/tmp/floor.db python -m uvicorn --app-dir bench floor_app:app --workers 2
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from sqlalchemy import DateTime, Engine, Integer, Numeric, String, create_engine, event, func, insert, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

FLOOR_DB_ENV = "FLOOR_DB"
FLOOR_SYNCHRONOUS_ENV = "FLOOR_SYNCHRONOUS"  # unset: SQLite's default (FULL)


class Base(DeclarativeBase):
    pass


class LoggedSet(Base):
    __tablename__ = "sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exercise: Mapped[str] = mapped_column(String(200))
    weight: Mapped[Decimal | None] = mapped_column(Numeric(8, 3))
    unit: Mapped[str | None] = mapped_column(String(2))
    reps: Mapped[int] = mapped_column(Integer)
    logged_at: Mapped[datetime] = mapped_column(DateTime)


def make_engine(path: str) -> Engine:
    engine = create_engine(f"sqlite:///{path}")
    synchronous = os.environ.get(FLOOR_SYNCHRONOUS_ENV, "").upper()
    if synchronous not in ("", "OFF", "NORMAL", "FULL", "EXTRA"):
        raise ValueError(f"{FLOOR_SYNCHRONOUS_ENV}={synchronous!r}: give OFF, NORMAL, FULL or EXTRA")

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection: Any, _record: Any) -> None:
        # exhaust runs SQLite in WAL mode (readers never wait for the writer); the floor does
        # too, or the comparison would measure the journal mode. Every other setting is
        # SQLite's and Python's default, as a naive app leaves them (5 s busy timeout,
        # synchronous FULL: an fsync per commit, which exhaust's NORMAL skips in WAL mode),
        # unless FLOOR_SYNCHRONOUS says otherwise.
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
        if synchronous:
            dbapi_connection.execute(f"PRAGMA synchronous = {synchronous}")

    return engine


def seed(path: str, rows: int) -> int:
    """Create the table in a new file at ``path`` and store ``rows`` sets; returns the count."""
    engine = make_engine(path)
    try:
        Base.metadata.create_all(engine)
        start = datetime(2023, 1, 2, 18, 0)
        names = ["bench press", "squat", "deadlift", "overhead press", "barbell row"]
        with engine.begin() as conn:
            if rows:
                conn.execute(
                    insert(LoggedSet),
                    [
                        {
                            "exercise": names[i % len(names)],
                            "weight": Decimal(60 + (i % 20) * 2.5),
                            "unit": "kg",
                            "reps": 5 + i % 6,
                            "logged_at": start + timedelta(minutes=3 * i),
                        }
                        for i in range(rows)
                    ],
                )
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(LoggedSet)) or 0)
    finally:
        engine.dispose()


class SetIn(BaseModel):
    exercise: str
    weight: Decimal | None = None
    unit: str | None = None
    reps: int


class SetOut(BaseModel):
    id: int
    exercise: str
    weight: Decimal | None
    unit: str | None
    reps: int
    logged_at: datetime


class Page(BaseModel):
    total: int
    sets: list[SetOut]


app = FastAPI()
_engine: Engine | None = None


def _db() -> Engine:
    global _engine
    if _engine is None:
        _engine = make_engine(os.environ[FLOOR_DB_ENV])
    return _engine


@app.post("/log", status_code=201)
def log(body: SetIn) -> SetOut:
    with Session(_db(), expire_on_commit=False) as session:  # the answer needs no second SELECT
        row = LoggedSet(**body.model_dump(), logged_at=datetime.now(UTC).replace(tzinfo=None))
        session.add(row)
        session.commit()
        return SetOut.model_validate(row, from_attributes=True)


@app.get("/page")
def page() -> Page:
    with Session(_db()) as session:
        total = session.scalar(select(func.count()).select_from(LoggedSet)) or 0
        rows = session.scalars(select(LoggedSet).order_by(LoggedSet.id.desc()).limit(20)).all()
        return Page(total=total, sets=[SetOut.model_validate(r, from_attributes=True) for r in rows])
