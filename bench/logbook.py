"""The logbook at 1,000,000 sets: `exhaust history --exercise "bench press"` and logging one set
(`exhaust workout log bench 80kg x 8 @8` to an open workout), each as a whole command, against
`exhaust --version` measured in the same run (TARGETS.md style: figures and ratios).

The database is filled first, with bulk inserts (SQLAlchemy Core, executemany in batches), for
one lifter: five sessions a week in a push / pull / legs / upper / lower rotation of 25
catalogue exercises (bench press on two of the five days), 3-5 sets each with warm-ups, RPE on
some sets and loads that progress, ~24 sets a workout, spread over 3 years (20,000 sets is one
real lifter's 3 years; 1,000,000 packs 50 times that into the same 3 years). The newest
workout is left open for the logging runs.

Run: .venv/bin/python bench/logbook.py [--sets 1000000] [--runs 11] [--db URL] [--keep]
     (--sets 20000 for a quick check; without --db the database is a temporary SQLite file)
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select, text

from exhaust.services.logbook import Logbook
from exhaust.store.database import Database, close_all, open_database
from exhaust.store.models import SetRow, WorkoutRow

# (exercise id, starting load in kg or None for bodyweight, kg added a year, rep range)
DAYS: list[tuple[str, list[tuple[str, float | None, float, tuple[int, int]]]]] = [
    (
        "Push",
        [
            ("bench-press", 70, 15, (5, 8)),
            ("overhead-press", 40, 7.5, (6, 10)),
            ("incline-dumbbell-press", 24, 6, (8, 12)),
            ("cable-fly", 15, 5, (12, 15)),
            ("lateral-raise", 8, 2, (12, 20)),
            ("triceps-pushdown", 25, 7.5, (10, 15)),
        ],
    ),
    (
        "Pull",
        [
            ("deadlift", 120, 20, (3, 5)),
            ("pull-up", None, 0, (6, 12)),
            ("barbell-row", 60, 10, (6, 10)),
            ("face-pull", 20, 5, (12, 20)),
            ("biceps-curl", 30, 5, (8, 12)),
        ],
    ),
    (
        "Legs",
        [
            ("squat", 90, 20, (5, 8)),
            ("romanian-deadlift", 80, 15, (8, 10)),
            ("leg-press", 150, 30, (10, 15)),
            ("lying-leg-curl", 35, 7.5, (10, 15)),
            ("calf-raise", 60, 10, (12, 20)),
        ],
    ),
    (
        "Upper",
        [
            ("bench-press", 70, 15, (3, 6)),
            ("lat-pulldown", 55, 10, (8, 12)),
            ("dips", None, 0, (8, 15)),
            ("seated-cable-row", 55, 10, (8, 12)),
            ("hammer-curl", 14, 3, (10, 12)),
            ("skull-crusher", 25, 5, (10, 12)),
        ],
    ),
    (
        "Lower",
        [
            ("front-squat", 70, 12.5, (4, 6)),
            ("hip-thrust", 100, 25, (8, 12)),
            ("bulgarian-split-squat", 16, 4, (8, 10)),
            ("leg-extension", 45, 10, (12, 15)),
            ("hanging-leg-raise", None, 0, (10, 15)),
        ],
    ),
]
YEARS = 3
BATCH = 20_000


def _plate(kg: float) -> Decimal:
    return Decimal(str(round(kg / 2.5) * 2.5))


def _workout_sets(rng: random.Random, exercises: list[Any], years_in: float) -> list[tuple[str, str, Decimal | None]]:
    """(exercise, set type, load) of one session, in the order lifted."""
    out: list[tuple[str, str, Decimal | None]] = []
    for exercise_id, base, per_year, _reps in exercises:
        kinds = (["warmup"] if base is not None and rng.random() < 0.5 else []) + ["working"] * rng.randint(3, 4)
        if rng.random() < 0.1:
            kinds.append("drop")
        top = None if base is None else base + per_year * years_in + rng.uniform(-2.5, 2.5)
        for kind in kinds:
            share = 0.6 if kind == "warmup" else 0.8 if kind == "drop" else 1.0
            out.append((exercise_id, kind, None if top is None else _plate(top * share)))
    return out


def generate(
    user_id: int, sets: int, first_workout_id: int, first_set_id: int, seed: int = 2026
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Workouts (as insert rows) with their sets, oldest first, exactly ``sets`` sets in all;
    the newest workout is left open."""
    rng = random.Random(seed)
    reps = {ex[0]: ex[3] for _, exercises in DAYS for ex in exercises}
    sample = random.Random(seed + 1)
    per_workout = statistics.mean(len(_workout_sets(sample, DAYS[i % len(DAYS)][1], 0)) for i in range(500))
    planned = max(1, math.ceil(sets / per_workout))
    end = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    span = timedelta(days=365 * YEARS)
    step = span / planned
    set_id, left, w = first_set_id, sets, 0
    while left > 0:
        name, exercises = DAYS[w % len(DAYS)]
        started = min(end - span + step * w + timedelta(minutes=rng.randint(-30, 30)), end)
        lifted = _workout_sets(rng, exercises, min(w / planned, 1.0) * YEARS)[:left]
        rows: list[dict[str, Any]] = []
        for position, (exercise_id, kind, load) in enumerate(lifted, start=1):
            low, high = reps[exercise_id]
            rpe = Decimal(rng.choice(["7", "7.5", "8", "8.5", "9", "9.5", "10"])) if rng.random() < 0.4 else None
            rows.append(
                {
                    "id": set_id,
                    "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "workout_id": first_workout_id + w,
                    "user_id": user_id,
                    "exercise_id": exercise_id,
                    "position": position,
                    "block": "",
                    "set_type": kind,
                    "weight": load,
                    "unit": "kg",
                    "weight_kg": load,
                    "reps": rng.randint(low, high) if kind == "working" else rng.randint(8, 12),
                    "rpe": rpe if kind == "working" else None,
                    "rir": None,
                    "rest_s": rng.choice([60, 90, 120, 180]),
                    "notes": "",
                    "logged_at": started + timedelta(minutes=3 * position),
                }
            )
            set_id += 1
        left -= len(rows)
        workout = {
            "id": first_workout_id + w,
            "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "user_id": user_id,
            "name": name,
            "started_at": started,
            "ended_at": None if left <= 0 else started + timedelta(minutes=3 * len(rows) + 10),
            "notes": "",
            "plan_name": "",
            "session_name": "",
            "plan_text": "",
        }
        yield workout, rows
        w += 1


def fill(db: Database, sets: int) -> tuple[int, float]:
    """Bulk-insert ``sets`` sets for the local lifter; returns (sets now stored, seconds)."""
    user_id = Logbook(db).user_id
    t0 = time.perf_counter()
    with db.engine.connect() as conn:
        first_workout = (conn.scalar(select(func.max(WorkoutRow.id))) or 0) + 1
        first_set = (conn.scalar(select(func.max(SetRow.id))) or 0) + 1
        already_open = conn.scalar(select(func.count()).select_from(WorkoutRow).where(WorkoutRow.ended_at.is_(None)))
        conn.rollback()
        if already_open:
            raise SystemExit("the database has an open workout already; give an empty database (or none)")
        workouts: list[dict[str, Any]] = []
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            with conn.begin():
                if workouts:
                    conn.execute(insert(WorkoutRow), workouts)
                if batch:
                    conn.execute(insert(SetRow), batch)
            workouts.clear()
            batch.clear()

        for workout, rows in generate(user_id, sets, first_workout, first_set):
            workouts.append(workout)
            batch.extend(rows)
            if len(batch) >= BATCH:
                flush()
        flush()
        if db.engine.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            with conn.begin():
                for table in ("workouts", "sets"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"))
        total = conn.scalar(select(func.count()).select_from(SetRow).where(SetRow.user_id == user_id)) or 0
        conn.rollback()
    return total, time.perf_counter() - t0


def query_plan(db: Database) -> list[str]:
    """The plan of the statements `Logbook.history('bench press')` runs, as the engine reports it."""
    captured: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "sets" in statement:
            captured.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", grab)
    try:
        Logbook(db).history("bench press")
    finally:
        event.remove(db.engine, "before_cursor_execute", grab)
    lines: list[str] = []
    with db.engine.connect() as conn:
        for statement, parameters in captured:
            lines.append(re.sub(r"^SELECT .*? FROM", "SELECT … FROM", " ".join(statement.split())))
            if db.engine.dialect.name == "sqlite":
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters):
                    lines.append(f"    {row[-1]}")
            else:
                for row in conn.exec_driver_sql("EXPLAIN ANALYZE " + statement, parameters):
                    lines.append(f"    {row[0]}")
        conn.rollback()
    return lines


def exhaust_command() -> list[str]:
    script = Path(sys.executable).with_name("exhaust")
    return [str(script)] if script.exists() else [sys.executable, "-m", "exhaust"]


def timed(command: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def in_process(db: Database, runs: int) -> tuple[float, float]:
    """The same two operations through the service, without the process start-up."""
    book = Logbook(db)
    hist, log = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        rows = book.history("bench press")
        hist.append(time.perf_counter() - t0)
        assert rows
        t0 = time.perf_counter()
        book.log("bench", Decimal(80), 8, rpe=Decimal(8))
        log.append(time.perf_counter() - t0)
    return statistics.median(hist), statistics.median(log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=1_000_000, help="sets to store (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each command (median)")
    parser.add_argument("--db", help="database URL to fill (default: a temporary SQLite file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its URL")
    args = parser.parse_args()

    folder: Path | None = None
    if args.db:
        url = args.db
    else:
        folder = Path(tempfile.mkdtemp(prefix="exhaust-bench-"))
        url = f"sqlite:///{folder / 'exhaust.db'}"
    try:
        db = open_database(url)
        total, seconds = fill(db, args.sets)
        print(f"database: {db.engine.dialect.name}, {total:,} sets for one lifter "
              f"(filled in {seconds:.1f} s, {total / max(seconds, 1e-9):,.0f} sets/s)")  # fmt: skip
        print("history query plan:")
        for line in query_plan(db):
            print(f"  {line}")
        service_history, service_log = in_process(db, args.runs)
        close_all()

        exhaust = exhaust_command()
        version_cmd = [*exhaust, "--version"]
        history_cmd = [*exhaust, "--db", url, "history", "--exercise", "bench press"]
        log_cmd = [*exhaust, "--db", url, "workout", "log", "bench", "80kg", "x", "8", "@8"]
        _, shown = timed(history_cmd)  # warm the file cache once, and check the answer
        if "Bench Press" not in shown:
            raise SystemExit(f"history shows no bench press:\n{shown[:500]}")
        times: dict[str, list[float]] = {"version": [], "history": [], "log": []}
        for _ in range(args.runs):  # interleaved, so drift hits all three alike
            times["version"].append(timed(version_cmd)[0])
            times["history"].append(timed(history_cmd)[0])
            times["log"].append(timed(log_cmd)[0])
        base, hist, log = (statistics.median(times[k]) for k in ("version", "history", "log"))

        rows = [
            ("exhaust --version", base, ""),
            ('exhaust history --exercise "bench press"', hist, f"{hist / base:6.2f}x --version"),
            ("exhaust workout log bench 80kg x 8 @8", log, f"{log / base:6.2f}x --version"),
        ]
        for label, seconds_taken, ratio in rows:
            print(f"{label:<42}: {seconds_taken * 1000:7.1f} ms  {ratio}".rstrip())
        print(f"(median of {args.runs} runs each, interleaved)")
        service = f"history {service_history * 1000:.1f} ms, log {service_log * 1000:.1f} ms"
        print(f"{'in-process, service only':<42}: {service}")
        if args.keep and folder is not None:
            print(f"kept: {url}")
            folder = None
        return 0
    finally:
        close_all()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
