"""SQLite writers queue at exhaust's write gate (a thread lock, then flock on a file beside
the database), so a writer waits for the one before it and goes the moment it is done,
instead of polling in SQLite's busy handler with sleeps of up to 100 ms."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from exhaust.store.database import open_database

HOLDER = textwrap.dedent(
    """
    import sys
    from exhaust.store.database import open_database

    db = open_database(sys.argv[1])
    with db.gate.held():
        print("held", flush=True)
        sys.stdin.readline()
    print("released", flush=True)
    """
)


def test_a_writer_waits_at_the_gate_while_another_process_holds_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'book.db'}"
    db = open_database(url)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        lock_file = tmp_path / "book.db-writer.lock"
        fd = os.open(lock_file, os.O_RDWR)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                raise AssertionError("the other process's gate should hold the lock file")
            except BlockingIOError:
                pass
        finally:
            os.close(fd)

        wrote = threading.Event()

        def write() -> None:
            with db.transaction() as session:
                session.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            wrote.set()

        writer = threading.Thread(target=write)
        writer.start()
        assert not wrote.wait(0.3), "a write got past the gate while another process held it"
        holder.stdin.write("go\n")
        holder.stdin.flush()
        writer.join(10)
        assert wrote.is_set()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()


def test_readers_do_not_queue_at_the_gate(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'book.db'}")
    assert db.gate is not None
    with db.gate.held():  # a writer is busy; a read still goes through at once
        done = threading.Event()

        def read() -> None:
            with db.transaction(write=False) as session:
                session.execute(text("SELECT 1"))
            done.set()

        reader = threading.Thread(target=read)
        reader.start()
        assert done.wait(5)
        reader.join()


def test_the_batch_writer_stores_every_write_and_a_failing_one_only_loses_itself(db_url: str) -> None:
    """Many request threads hand their writes to one writer thread: each write is stored once,
    answers come after the commit, and a write that fails rolls back alone."""
    from concurrent.futures import ThreadPoolExecutor

    db = open_database(db_url)
    with db.transaction() as session:
        session.execute(text("CREATE TABLE probe (n INTEGER UNIQUE)"))
    db.start_writer()
    try:

        def insert(n: int) -> Callable[[Session], int]:
            def work(session: Session) -> int:
                session.execute(text("INSERT INTO probe (n) VALUES (:n)"), {"n": n})
                if n % 10 == 7:
                    session.execute(text("INSERT INTO probe (n) VALUES (:n)"), {"n": n})  # breaks UNIQUE
                return n

            return work

        with ThreadPoolExecutor(16) as pool:
            futures = list(pool.map(lambda n: db.submit(insert(n)), range(200)))
        answered = [f.exception(10) is None for f in futures]
        assert answered == [n % 10 != 7 for n in range(200)]
        assert [f.result() for f, ok in zip(futures, answered, strict=True) if ok] == [
            n for n in range(200) if n % 10 != 7
        ]
        with db.transaction(write=False) as session:
            stored = sorted(session.execute(text("SELECT n FROM probe")).scalars())
        assert stored == [n for n in range(200) if n % 10 != 7]
    finally:
        db.dispose()


def test_without_a_writer_submit_runs_the_write_at_once(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'book.db'}")
    done = db.submit(lambda session: session.execute(text("SELECT 41 + 1")).scalar())
    assert done.done() and done.result() == 42
