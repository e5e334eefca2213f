"""Opening the database: which one, its pragmas, its migrations, and transactions.

SQLite is the default, a file in the user's data directory. ``EXHAUST_DATABASE_URL`` (or
the CLI's ``--db``) selects any SQLAlchemy URL; PostgreSQL goes through psycopg 3.

Writers on SQLite start with ``BEGIN IMMEDIATE``: they take the write lock at the start
and wait for it (``busy_timeout``) instead of failing half-way with 'database is locked'
when two processes log at once. Readers use a plain ``BEGIN`` and, in WAL mode, never wait.

exhaust's own writers queue before that, at a gate (``WriteGate``): a lock in the process and
an advisory lock on a file beside the database across processes. SQLite's busy handler polls
with sleeps that grow to 100 ms, so writers left to it wait long and unevenly (a web server's
p99 of over a second); at the gate the next writer wakes the moment the last one commits.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from exhaust.domain.errors import ExhaustError

ENV_URL = "EXHAUST_DATABASE_URL"
BUSY_TIMEOUT_MS = 30_000


class DatabaseError(ExhaustError):
    """The database cannot be opened or is not one this version of exhaust can use."""


def default_url() -> str:
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("exhaust", appauthor=False))
    return f"sqlite:///{folder / 'exhaust.db'}"


def resolve_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(ENV_URL) or default_url()


def _normalise(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError(
            f"cannot read the database URL {url!r}; expected e.g. sqlite:///path/to/exhaust.db "
            "or postgresql://user@host/dbname"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe in WAL mode
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.info.get("exhaust_write") else "BEGIN")


class WriteGate:
    """One exhaust writer at a time on a SQLite file: a thread lock, then ``flock`` on
    ``<database>-writer.lock`` for the other processes (the web server's workers, the CLI).
    Where the lock file cannot be made (a read-only folder, no ``fcntl``), the thread lock
    alone stands and SQLite's busy handler orders the processes, as before."""

    def __init__(self, database: Path | None) -> None:
        self._lock = threading.Lock()
        posix = os.name == "posix"  # flock; elsewhere the busy handler orders the processes
        self._path = None if database is None or not posix else database.with_name(database.name + "-writer.lock")
        self._fd: int | None = None

    def _file(self) -> int | None:
        if self._fd is None and self._path is not None:
            try:
                self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError:
                self._path = None
        return self._fd

    @contextmanager
    def held(self) -> Iterator[None]:
        if not self._lock.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise DatabaseError(
                "another write in this process held the database too long; nothing was written, try again"
            )
        try:
            fd = self._file()
            if fd is None:
                yield
                return
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)  # blocks without holding the GIL
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            self._lock.release()

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


T = TypeVar("T")
Work = Callable[[Session], T]
BATCH = 64  # writes per transaction at most: a batch holds the gate for a few milliseconds


class BatchWriter:
    """One thread that does a server's small writes, many to a transaction (group commit).

    A web server logs sets from many requests at once. Each in its own transaction, they queue
    at the gate with the GIL passed among dozens of request threads, and the one holding the
    gate waits its turn for the GIL while all the others wait for it. Here the requests hand
    their write to this thread and wait for its answer: it takes what is queued, runs each in a
    savepoint (one failing rolls back only itself), commits once, and only then answers each,
    so an answer always means stored."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._queue: queue.SimpleQueue[tuple[Work[Any], Future[Any]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="exhaust-writer", daemon=True)
        self._thread.start()

    def submit(self, work: Work[T]) -> Future[T]:
        done: Future[T] = Future()
        self._queue.put((work, done))
        return done

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _take(self) -> tuple[list[tuple[Work[Any], Future[Any]]], bool]:
        first = self._queue.get()
        if first is None:
            return [], True
        batch = [first]
        while len(batch) < BATCH:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                return batch, True
            batch.append(item)
        return batch, False

    def _run(self) -> None:
        stopping = False
        while not stopping:
            batch, stopping = self._take()
            if batch:
                self._write(batch)

    def _write(self, batch: list[tuple[Work[Any], Future[Any]]]) -> None:
        outcomes: list[tuple[Future[Any], bool, Any]] = []
        try:
            with self.db.transaction() as session:
                for work, done in batch:
                    try:
                        with session.begin_nested():
                            outcomes.append((done, True, work(session)))
                    except Exception as exc:  # this write's own failure: its savepoint is gone
                        outcomes.append((done, False, exc))
        except Exception as exc:  # the commit failed: nothing of the batch was stored
            for _, done in batch:
                if not done.done():
                    done.set_exception(exc)
            return
        for done, ok, value in outcomes:
            if ok:
                done.set_result(value)
            else:
                done.set_exception(value)


@dataclass
class Database:
    url: str
    engine: Engine
    gate: WriteGate | None = None  # SQLite only
    writer: BatchWriter | None = None  # a server's group commit (start_writer)

    def start_writer(self) -> None:
        """Send ``submit``ted writes through one thread, many to a transaction (a server)."""
        with _LOCK:
            if self.writer is None:
                self.writer = BatchWriter(self)

    def submit(self, work: Work[T]) -> Future[T]:
        """Run ``work`` in a write transaction: batched with others when a writer runs, at
        once otherwise. The future holds its result once it is committed."""
        if self.writer is not None:
            return self.writer.submit(work)
        done: Future[T] = Future()
        try:
            with self.transaction() as session:
                result = work(session)
        except BaseException as exc:
            done.set_exception(exc)
        else:
            done.set_result(result)
        return done

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        if write and self.gate is not None:
            with self.gate.held(), self._transaction(write) as session:
                yield session
        else:
            with self._transaction(write) as session:
                yield session

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[Session]:
        try:
            with self.engine.connect() as conn:
                conn.info["exhaust_write"] = write
                try:
                    with conn.begin(), Session(bind=conn, expire_on_commit=False) as session:
                        yield session
                        session.flush()
                finally:
                    conn.info["exhaust_write"] = False
        except OperationalError as exc:
            # e.g. the write lock stayed taken past busy_timeout, or the server went away
            raise DatabaseError(
                f"the database did not answer in time or at all ({exc.orig}); nothing was written, try again"
            ) from None

    def dispose(self) -> None:
        if self.writer is not None:
            self.writer.stop()
            self.writer = None
        self.engine.dispose()
        if self.gate is not None:
            self.gate.close()


_OPEN: dict[str, Database] = {}
_LOCK = threading.Lock()


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(files("exhaust.store").joinpath("migrations")))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head()
    assert head is not None
    return head


# The newest migration this exhaust ships. Checking it with one plain query lets a command
# skip loading Alembic (about 100 ms) whenever the schema is current; a test keeps it equal
# to the head of store/migrations/versions.
SCHEMA_HEAD = "0003"
_PG_MIGRATION_LOCK = 0x65786861  # 'exha': an advisory lock id for schema upgrades


def _stored_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _too_new(current: str) -> DatabaseError:
    return DatabaseError(
        f"this database was written by a newer exhaust (schema revision {current}); this exhaust "
        f"knows up to {SCHEMA_HEAD}. Upgrade exhaust (pip install --upgrade exhaust) to open it; "
        "nothing was changed."
    )


def migrate(engine: Engine, target: str | None = None) -> None:
    """Bring the schema to this version's head; refuse a database from a newer exhaust.

    Several processes may open a new database at once: the upgrade runs under the write
    lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock) and re-reads the revision
    once it holds it, so only the first one migrates. ``target`` stops at an older revision
    instead (the tests build the databases of older versions with it); it never downgrades."""
    wanted = target or SCHEMA_HEAD
    with engine.connect() as conn:
        current = _stored_revision(conn)
        conn.rollback()
    if current == wanted:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise _too_new(current)
    with engine.connect() as conn:
        conn.info["exhaust_write"] = True  # before begin(): SQLite takes the lock up front
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                if _stored_revision(conn) != wanted:
                    command.upgrade(_alembic_config(conn), wanted)
        finally:
            conn.info["exhaust_write"] = False


def open_database(url: str | None = None) -> Database:
    """The database at ``url`` (or the default), migrated to head; one engine per process."""
    resolved = resolve_url(url)
    with _LOCK:
        if resolved in _OPEN:
            return _OPEN[resolved]
        parsed = _normalise(resolved)
        shown = parsed.render_as_string(hide_password=True)
        engine: Engine | None = None
        try:
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(parsed)
            if engine.dialect.name == "sqlite":
                _sqlite_pragmas(engine)
            migrate(engine)
        except DatabaseError:
            if engine is not None:
                engine.dispose()
            raise
        except (SQLAlchemyError, ValueError, ImportError, OSError) as exc:
            if engine is not None:
                engine.dispose()
            reason = getattr(exc, "orig", None) or exc
            raise DatabaseError(f"cannot open the database {shown}: {reason}") from None
        gate = None
        if engine.dialect.name == "sqlite":
            on_disk = parsed.database not in (None, "", ":memory:") and not str(parsed.database).startswith("file:")
            gate = WriteGate(Path(str(parsed.database)).expanduser().resolve() if on_disk else None)
        db = Database(resolved, engine, gate)
        _OPEN[resolved] = db
        return db


def close(url: str) -> None:
    with _LOCK:
        db = _OPEN.pop(url, None)
    if db is not None:
        db.dispose()


def close_all() -> None:
    with _LOCK:
        for db in _OPEN.values():
            db.dispose()
        _OPEN.clear()
