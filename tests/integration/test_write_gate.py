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
from pathlib import Path

from sqlalchemy import text

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
