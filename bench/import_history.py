"""Importing a Strong export of 1,000,000 sets, against parsing the same file with the `csv` module
and inserting it with plain `executemany`, measured in the same run (TARGETS.md: the import takes
at most 1.5x that baseline).

The file is generated first, the same every run (a seeded random.Random): Strong's comma-separated
export with notes columns and weights in kg, one workout every 6 hours from 1990 on (start times
unique), 6-8 exercises a workout from ~40 Strong names (a few of them custom-looking), ~20 sets a
workout with warm-up (W), drop (D) and failure (F) sets, float artefacts in some weights
('82.50000000000001'), reps written '10.0' now and then, RPE on some sets, quoted notes with commas,
quotes and line breaks, planks (Seconds) and carries (Distance).

Each measurement runs in its own Python process, so its peak memory (ru_maxrss) is its own; the
databases are created and migrated by exhaust beforehand, outside the timings:

- baseline: `csv.reader` over the file, each row mapped minimally to the `sets` columns (float(),
  int(float()), the raw name as exercise_id, every row in one dummy workout) and inserted with
  plain DB-API `executemany` (sqlite3; psycopg on PostgreSQL) into the real `sets` table with
  its indexes, constraints and exhaust's pragmas, in one transaction;
- import: `exhaust.services.importing.import_history(db, "bench", csv, unit=kg, tz=UTC)` into a
  second fresh database (time zone given so the run does not depend on the computer's);
- re-import: the same call again on that database: every workout is already there.

PostgreSQL (`--postgres URL` or EXHAUST_BENCH_POSTGRES_URL, any database on the server, with the
right to CREATE DATABASE): each measurement gets a new database `exhaust_bench_<random>`, created
with CREATE DATABASE, migrated by exhaust and dropped at the end.

Run: .venv/bin/python bench/import_history.py [--sets 1000000] [--postgres URL] [--profile]
     (--sets 200000 for a quick check; --profile adds a cProfile of one more import, the top
     hot spots by own time and by cumulative time)
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from exhaust.services.backup import STRONG_HEADER

TARGET = 1.5  # the import may take this many times the baseline
PG_ENV = "EXHAUST_BENCH_POSTGRES_URL"
USER = "bench"
HEADER = list(STRONG_HEADER)  # what Strong writes, as our own CSV export writes it
DATE, _NAME, _DURATION, EXERCISE, _ORDER, WEIGHT, REPS, DISTANCE, SECONDS, NOTES, _WORKOUT_NOTES, RPE = range(12)

# Strong's names: (name, top load in kg at the start or None for bodyweight, rep range, kind).
# kind: 'load' (weight x reps), 'bodyweight' (reps, weight 0), 'timed' (Seconds), 'carry' (Distance, km).
EXERCISES: dict[str, tuple[float | None, tuple[int, int], str]] = {
    "Bench Press (Barbell)": (80, (5, 8), "load"),
    "Incline Bench Press (Barbell)": (65, (6, 10), "load"),
    "Squat (Barbell)": (100, (5, 8), "load"),
    "Front Squat (Barbell)": (80, (4, 6), "load"),
    "Deadlift (Barbell)": (140, (3, 5), "load"),
    "Romanian Deadlift (Barbell)": (90, (8, 10), "load"),
    "Overhead Press (Barbell)": (50, (5, 8), "load"),
    "Bent Over Row (Barbell)": (70, (6, 10), "load"),
    "Bicep Curl (Barbell)": (35, (8, 12), "load"),
    "Hip Thrust (Barbell)": (110, (8, 12), "load"),
    "Skullcrusher (Barbell)": (30, (10, 12), "load"),
    "Chest Fly (Dumbbell)": (14, (12, 15), "load"),
    "Lateral Raise (Dumbbell)": (10, (12, 20), "load"),
    "Incline Bench Press (Dumbbell)": (28, (8, 12), "load"),
    "Shoulder Press (Dumbbell)": (24, (8, 12), "load"),
    "Hammer Curl (Dumbbell)": (16, (10, 12), "load"),
    "Lunge (Dumbbell)": (18, (10, 12), "load"),
    "Shrug (Dumbbell)": (30, (12, 15), "load"),
    "Lat Pulldown (Cable)": (60, (8, 12), "load"),
    "Seated Row (Cable)": (60, (8, 12), "load"),
    "Triceps Pushdown (Cable - Straight Bar)": (30, (10, 15), "load"),
    "Face Pull (Cable)": (20, (12, 20), "load"),
    "Cable Crossover": (15, (12, 15), "load"),
    "Bicep Curl (Cable)": (25, (10, 15), "load"),
    "Leg Extension (Machine)": (50, (12, 15), "load"),
    "Lying Leg Curl (Machine)": (40, (10, 15), "load"),
    "Leg Press": (160, (10, 15), "load"),
    "Seated Calf Raise (Machine)": (50, (12, 20), "load"),
    "Chest Press (Machine)": (60, (8, 12), "load"),
    "Hack Squat": (100, (8, 12), "load"),
    "Pull Up": (None, (6, 12), "bodyweight"),
    "Chin Up": (None, (6, 12), "bodyweight"),
    "Triceps Dip": (None, (8, 15), "bodyweight"),
    "Hanging Leg Raise": (None, (10, 15), "bodyweight"),
    "Plank": (None, (0, 0), "timed"),
    "Zercher Carry": (60, (0, 0), "carry"),
    "Meadows Row": (40, (8, 12), "load"),
    "Spoto Press": (70, (5, 8), "load"),
    "JM Press (Barbell)": (40, (8, 10), "load"),
    "Belt Squat - Heavy": (80, (8, 12), "load"),
}
DAYS: dict[str, list[str]] = {
    "Push Day": [
        "Bench Press (Barbell)",
        "Incline Bench Press (Dumbbell)",
        "Overhead Press (Barbell)",
        "Chest Fly (Dumbbell)",
        "Lateral Raise (Dumbbell)",
        "Triceps Pushdown (Cable - Straight Bar)",
        "Skullcrusher (Barbell)",
        "Cable Crossover",
        "Spoto Press",
        "Triceps Dip",
    ],
    "Pull Day": [
        "Deadlift (Barbell)",
        "Pull Up",
        "Bent Over Row (Barbell)",
        "Lat Pulldown (Cable)",
        "Seated Row (Cable)",
        "Face Pull (Cable)",
        "Bicep Curl (Barbell)",
        "Hammer Curl (Dumbbell)",
        "Meadows Row",
        "Shrug (Dumbbell)",
    ],
    "Leg Day": [
        "Leg Extension (Machine)",
        "Squat (Barbell)",
        "Romanian Deadlift (Barbell)",
        "Leg Press",
        "Lying Leg Curl (Machine)",
        "Hip Thrust (Barbell)",
        "Seated Calf Raise (Machine)",
        "Lunge (Dumbbell)",
        "Hack Squat",
        "Belt Squat - Heavy",
    ],
    "Upper": [
        "Incline Bench Press (Barbell)",
        "Chin Up",
        "Shoulder Press (Dumbbell)",
        "Chest Press (Machine)",
        "Seated Row (Cable)",
        "Bicep Curl (Cable)",
        "JM Press (Barbell)",
        "Lateral Raise (Dumbbell)",
        "Plank",
    ],
    "Lower": [
        "Front Squat (Barbell)",
        "Deadlift (Barbell)",
        "Hip Thrust (Barbell)",
        "Leg Extension (Machine)",
        "Lying Leg Curl (Machine)",
        "Zercher Carry",
        "Hanging Leg Raise",
        "Plank",
    ],
}
FIRST_START = datetime(1990, 1, 1, 6, 0)
EVERY = timedelta(hours=6)  # one workout every 6 hours: start times unique for any file size
NOTES_SEEN = ["", "", "", "felt easy", 'knees in on rep 7, "watch it"', "grinder\nlast rep", "belt, wraps"]


# --- the file -----------------------------------------------------------------------------------


def _plate(kg: float) -> float:
    return max(2.5, round(kg / 2.5) * 2.5)


def _weight_cell(rng: random.Random, kg: float) -> str:
    """How Strong writes a load: '82.5', '100', now and then a float artefact of the app."""
    roll = rng.random()
    if roll < 0.03:
        return str(kg * 1.0000000000000002)  # '82.50000000000001'
    if roll < 0.05:
        return str(kg - 1e-14)  # '99.99999999999999'
    return f"{kg:g}"


def _exercise_rows(rng: random.Random, name: str, progress: float) -> list[list[str]]:
    """The sets of one exercise: [Set Order, Weight, Reps, Distance, Seconds, Notes, RPE]."""
    top, (low, high), kind = EXERCISES[name]
    warmup = ["W"] if kind == "load" and rng.random() < 0.3 else []
    orders = warmup + [str(i) for i in range(1, rng.randint(2, 3) + 1)]
    if rng.random() < 0.05:
        orders[-1] = "F"
    if kind == "load" and rng.random() < 0.05:
        orders.append("D")
    load = None if top is None else top * (0.7 + 0.6 * progress) * rng.uniform(0.95, 1.05)
    rows = []
    for order in orders:
        share = {"W": 0.6, "D": 0.8}.get(order, 1.0)
        weight = "0" if load is None else _weight_cell(rng, _plate(load * share))
        reps = rng.randint(low, high) if order != "W" else rng.randint(8, 12)
        reps_cell = "0" if kind in ("timed", "carry") else (f"{reps}.0" if rng.random() < 0.1 else str(reps))
        distance = f"{rng.choice([20, 30, 40]) / 1000:g}" if kind == "carry" else "0"
        seconds = str(rng.choice([30, 45, 60, 90])) if kind == "timed" else "0"
        rpe = rng.choice(["7", "7.5", "8", "8.5", "9", "9.5", "10"]) if order != "W" and rng.random() < 0.4 else ""
        notes = rng.choice(NOTES_SEEN) if rng.random() < 0.02 else ""
        rows.append([order, weight, reps_cell, distance, seconds, notes, rpe])
    return rows


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def strong_rows(sets: int, seed: int = 2026) -> Iterator[list[str]]:
    """Exactly ``sets`` data rows of a Strong export, oldest workout first."""
    rng = random.Random(seed)
    planned = max(1, sets // 20)
    days = list(DAYS)
    left, w = sets, 0
    while left > 0:
        day = days[w % len(days)]
        started = (FIRST_START + EVERY * w).strftime("%Y-%m-%d %H:%M:%S")
        head = [started, day if rng.random() < 0.95 else "Evening Workout", _duration(rng.randint(40, 95))]
        workout_notes = "Slept 8h, felt strong" if rng.random() < 0.1 else ""
        lifted = [
            [name, *row]
            for name in rng.sample(DAYS[day], rng.randint(6, 8))
            for row in _exercise_rows(rng, name, min(w / planned, 1.0))
        ][:left]
        for name, order, weight, reps, distance, seconds, notes, rpe in lifted:
            yield [*head, name, order, weight, reps, distance, seconds, notes, workout_notes, rpe]
        left -= len(lifted)
        w += 1


def write_csv(path: Path, sets: int) -> tuple[int, float]:
    """Write the export; returns (workouts, seconds taken)."""
    t0 = time.perf_counter()
    starts = set()
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in strong_rows(sets):
            starts.add(row[DATE])
            writer.writerow(row)
    return len(starts), time.perf_counter() - t0


# --- databases ----------------------------------------------------------------------------------


def _libpq(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg takes it."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def fresh_database(kind: str, folder: Path, server: str | None) -> Iterator[str]:
    """The URL of a new database made and migrated by exhaust, removed afterwards."""
    from exhaust.store.database import close_all, open_database

    if kind == "sqlite":
        path = folder / f"{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        open_database(url)
        close_all()
        try:
            yield url
        finally:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                leftover.unlink(missing_ok=True)
        return
    import psycopg
    from sqlalchemy.engine import make_url

    assert server is not None
    name = f"exhaust_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_libpq(server), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        open_database(url)
        close_all()
        yield url
    finally:
        close_all()
        with psycopg.connect(_libpq(server), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect(url: str) -> Any:
    """A plain DB-API connection, with exhaust's SQLite pragmas (database.py) on SQLite."""
    if url.startswith("sqlite:///"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        for pragma in ("journal_mode = WAL", "foreign_keys = ON", "synchronous = NORMAL"):
            conn.execute(f"PRAGMA {pragma}")
        return conn
    import psycopg

    return psycopg.connect(_libpq(url))


def count_sets(url: str) -> tuple[int, int]:
    """(workouts, sets) stored."""
    conn = _connect(url)
    try:
        cur = conn.cursor()
        cur.execute("SELECT (SELECT count(*) FROM workouts), (SELECT count(*) FROM sets)")
        workouts, sets = cur.fetchone()
        return int(workouts), int(sets)
    finally:
        conn.close()


# --- the measurements, each in a process of its own ---------------------------------------------


def _peak_mb() -> float:
    """This process's peak resident memory. On Linux from /proc (VmHWM): ru_maxrss would carry the
    parent's peak across fork and exec, so every phase would look as big as the parent."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def baseline(csv_path: Path, url: str) -> dict[str, Any]:
    """csv.reader + plain executemany into `sets`, one transaction."""
    conn = _connect(url)
    sqlite = url.startswith("sqlite:///")
    mark = "?" if sqlite else "%s"
    begin = "BEGIN IMMEDIATE" if sqlite else None
    cur = conn.cursor()
    cur.execute(
        f"INSERT INTO users (name, unit, created_at) VALUES ({mark}, 'kg', {mark}) RETURNING id",
        (USER, "2026-01-01 00:00:00"),
    )
    user_id = cur.fetchone()[0]
    cur.execute(
        "INSERT INTO workouts (uid, user_id, name, started_at, notes, plan_name, session_name, plan_text) "
        f"VALUES ({mark}, {mark}, 'all of it', {mark}, '', '', '', '') RETURNING id",
        (str(uuid.uuid4()), user_id, "1990-01-01 06:00:00"),
    )
    workout_id = cur.fetchone()[0]
    conn.commit()
    columns = (
        "uid, workout_id, user_id, exercise_id, position, block, set_type, weight, unit, weight_kg, reps, rpe, "
        "notes, logged_at, distance_m, duration_s, imported_name"
    )
    insert = f"INSERT INTO sets ({columns}) VALUES ({', '.join([mark] * 17)})"
    prefix = str(uuid.uuid4())[:24]  # uids as long as the importer's: a random prefix and a counter

    def rows(reader: Iterator[list[str]]) -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(reader, start=1):
            weight = float(row[WEIGHT]) if row[WEIGHT] else None
            yield (
                f"{prefix}{n:012x}",
                workout_id,
                user_id,
                row[EXERCISE],
                n,
                "",
                "working",
                weight,
                "kg",
                weight,
                int(float(row[REPS] or 0)),
                float(row[RPE]) if row[RPE] else None,
                row[NOTES],
                row[DATE],
                float(row[DISTANCE]) or None,
                int(row[SECONDS]) or None,
                row[EXERCISE],
            )

    before = _peak_mb()
    t0 = time.perf_counter()
    with csv_path.open(newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        if begin:
            cur.execute(begin)
        cur.executemany(insert, rows(reader))
        conn.commit()
    seconds = time.perf_counter() - t0
    conn.close()
    return {"seconds": seconds, "mb_before": before, "mb_peak": _peak_mb()}


def ours(csv_path: Path, url: str) -> dict[str, Any]:
    """exhaust's importer; also when the file's end was read (the 'Reading' progress at 100%)."""
    from datetime import UTC

    from exhaust.domain.logbook import WeightUnit
    from exhaust.services.importing import import_history
    from exhaust.store.database import open_database

    db = open_database(url)
    read_at: list[float] = []

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "Reading" and done >= total and not read_at:
            read_at.append(time.perf_counter())

    before = _peak_mb()
    t0 = time.perf_counter()
    report = import_history(db, USER, csv_path, unit=WeightUnit.KG, tz=UTC, progress=progress)
    seconds = time.perf_counter() - t0
    return {
        "seconds": seconds,
        "read_seconds": read_at[0] - t0 if read_at else None,
        "mb_before": before,
        "mb_peak": _peak_mb(),
        "workouts_imported": report.workouts_imported,
        "sets_imported": report.sets_imported,
        "workouts_present": report.workouts_present,
        "conflicts": len(report.conflicts),
        "matched": report.matched,
        "custom": report.custom,
        "methods": report.methods,
    }


def profiled(csv_path: Path, url: str) -> dict[str, Any]:
    """One import under cProfile: the top hot spots by own time and by cumulative time."""
    import cProfile
    import io
    import pstats

    import exhaust.services.importing  # noqa: F401  (imported before profiling: module loading is not the import)

    profile = cProfile.Profile()
    profile.enable()
    result = ours(csv_path, url)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(25)
    result["profile"] = out.getvalue()
    return result


PHASES = {"baseline": baseline, "import": ours, "profile": profiled}


def run_phase(phase: str, csv_path: Path, url: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", phase, "--csv", str(csv_path), "--url", url]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {phase} run failed ({done.returncode}):\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


# --- the report ---------------------------------------------------------------------------------


def _line(label: str, result: dict[str, Any], sets: int, extra: str = "") -> str:
    seconds = result["seconds"]
    memory = f"peak {result['mb_peak']:6.0f} MB ({result['mb_before']:.0f} MB before)"
    return f"  {label:<34}: {seconds:7.2f} s  {sets / seconds:>9,.0f} sets/s  {memory}  {extra}".rstrip()


def measure(kind: str, folder: Path, server: str | None, csv_path: Path, sets: int, profile: bool) -> bool:
    """The three measurements on one engine; True when the target is met."""
    print(f"{kind}:")
    with fresh_database(kind, folder, server) as url:
        base = run_phase("baseline", csv_path, url)
        stored = count_sets(url)[1]
        if stored != sets:
            raise SystemExit(f"baseline stored {stored:,} sets, not {sets:,}")
    print(_line("csv.reader + plain executemany", base, sets))
    with fresh_database(kind, folder, server) as url:
        first = run_phase("import", csv_path, url)
        again = run_phase("import", csv_path, url)
        workouts, stored = count_sets(url)
    if stored != sets or first["sets_imported"] != sets or again["workouts_present"] != workouts:
        raise SystemExit(f"the import stored {stored:,} sets (of {sets:,}) and re-import found {again}")
    ratio = first["seconds"] / base["seconds"]
    read = f"(file read and checked after {first['read_seconds']:.2f} s)" if first["read_seconds"] else ""
    print(_line("exhaust import_history", first, sets, read))
    print(_line("re-import (all already there)", again, sets, f"{again['workouts_present']:,} workouts present"))
    ok = ratio <= TARGET
    verdict = "target met" if ok else "TARGET MISSED"
    print(f"  {'ratio import / baseline':<34}: {ratio:7.2f}x   (target <= {TARGET}x)  {verdict}")
    print(f"  {'re-import / baseline':<34}: {again['seconds'] / base['seconds']:7.2f}x")
    methods = ", ".join(f"{m} {n:,}" for m, n in first["methods"].items()) or "none"
    print(f"  names: {first['matched']} matched, {first['custom']} custom; workouts by method: {methods}")
    if profile:
        with fresh_database(kind, folder, server) as url:
            result = run_phase("profile", csv_path, url)
        print(f"  profile of one more import ({result['seconds']:.2f} s under cProfile):")
        print(result["profile"])
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=1_000_000, help="sets in the file (default 1,000,000)")
    parser.add_argument("--postgres", default=os.environ.get(PG_ENV), help=f"also on this server (or ${PG_ENV})")
    parser.add_argument("--profile", action="store_true", help="also profile an import (cProfile, top 25)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)  # the child processes
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.csv, args.url)))
        return 0

    folder = Path(tempfile.mkdtemp(prefix="exhaust-bench-import-"))
    try:
        csv_path = folder / "strong.csv"
        workouts, seconds = write_csv(csv_path, args.sets)
        size = csv_path.stat().st_size / 1e6
        print(f"Strong CSV: {args.sets:,} sets in {workouts:,} workouts, {size:.1f} MB (written in {seconds:.1f} s)")
        ok = measure("sqlite", folder, None, csv_path, args.sets, args.profile)
        if args.postgres:
            ok = measure("postgresql", folder, args.postgres, csv_path, args.sets, args.profile) and ok
        return 0 if ok else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
