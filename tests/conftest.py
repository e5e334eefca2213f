"""Fixtures shared by the suite: the catalogue, and databases on SQLite and PostgreSQL.

PostgreSQL: EXHAUST_TEST_POSTGRES_URL if set (a server you run; each test gets a fresh
database on it); otherwise a throw-away cluster started here with initdb/pg_ctl from
Debian's postgresql package (as the 'postgres' user when the tests run as root). Only when
no server binary exists are the PostgreSQL cases skipped, and the skip says so.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.services.catalogue import get_catalogue
from exhaust.store import database as dbmod

PG_ENV = "EXHAUST_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test ever touches a real logbook: a private data folder and default database."""
    from exhaust.cli import context

    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv(dbmod.ENV_URL, f"sqlite:///{home / 'default.db'}")
    monkeypatch.delenv("EXHAUST_USER", raising=False)
    context.db_url = None
    yield
    context.db_url = None


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return get_catalogue()


def _pg_bin() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Cluster:
    """A throw-away PostgreSQL cluster on a Unix socket in a temporary directory."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="exhaust-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no 'postgres' user to run the server") from None
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    def run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True)

    def start(self) -> str:
        self.run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "exhaust", "-E", "UTF8")
        opts = f"-p {self.port} -k {self.root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        log = str(self.root / "log")
        self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-w", "-l", log, "start")
        return f"postgresql+psycopg://exhaust@/postgres?host={self.root}&port={self.port}"

    def stop(self) -> None:
        try:
            self.run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    """A URL to a PostgreSQL server's maintenance database, or None when there is none."""
    if os.environ.get(PG_ENV):
        yield os.environ[PG_ENV]
        return
    bindir = _pg_bin()
    if bindir is None:
        yield None
        return
    cluster = _Cluster(bindir)
    try:
        url = cluster.start()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.fail(f"PostgreSQL binaries are installed but a test cluster would not start: {detail}")
    yield url
    cluster.stop()


@contextmanager
def _fresh_database(kind: str, folder: Path, server: str | None) -> Iterator[str]:
    """A new, empty database URL on ``kind`` (sqlite or postgresql), dropped afterwards."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / f'{uuid.uuid4().hex[:8]}.db'}"
        try:
            yield url
        finally:
            dbmod.close(url)
        return
    if server is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql); PostgreSQL case skipped")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        dbmod.close(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


FreshDatabase = Callable[[str, Path], AbstractContextManager[str]]


@pytest.fixture
def fresh_database(postgres_server: str | None) -> FreshDatabase:
    """``with fresh_database("postgresql", folder) as url:`` — more databases in one test."""
    return lambda kind, folder: _fresh_database(kind, folder, postgres_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_server: str | None) -> Iterator[str]:
    """A fresh, empty database URL on each engine."""
    with _fresh_database(request.param, tmp_path, postgres_server) as url:
        yield url
