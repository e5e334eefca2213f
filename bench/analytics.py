"""The weekly-volume and e1RM reports over 1,000,000 sets, against one hand-written SQL query
doing the same aggregation, measured in the same run (TARGETS.md: the reports take at most
1.5x that query).

The database (not timed): the Strong export of bench/import_history.py (the same seeded file:
one workout every 6 hours from 1990 on, ~40 exercise names (a few custom-looking),
warm-ups, drop and failure sets, RPE on ~40 % of the other sets, planks and carries),
imported by exhaust's own importer (`import_history(db, "bench", csv, unit=kg, tz=UTC)`), so
the sets carry real catalogue ids and the method tags the import gives them. On SQLite the
database is kept between runs as <temp>/exhaust-bench-analytics-<sets>.sqlite and built again
only when missing (or not holding exactly --sets sets; --rebuild forces it): building 1,000,000
sets takes about half a minute.

What is timed, in one process, each pair alternately (ours, then the baseline, then the other
way round) after one untimed warm-up of each, so both see the same cache state; the median of
--runs runs is reported:

- ours: the report a progress page asks of the service, zone UTC and Epley:
  `Analytics(Logbook(db, "bench"), UTC, Formula.EPLEY).report(Grouping.MUSCLE,
  weeks=<every week of the history>, today=<the last workout's day>)`: the weekly volume
  (fractional hard sets, direct sets, reps and volume load per muscle and week) and every
  compound lift's session-best e1RM, its best, last, trend and PROGRESS-WATCH, from one read
  of the history. The same two asked apart (`.volume(...)` as `exhaust volume` does, then
  `.overview()` as `exhaust progress` does: one read each) are printed too, for information;
- baseline: ONE SQL statement run with plain DB-API (sqlite3; psycopg on PostgreSQL) and
  every row fetched. It folds the non-warm-up sets of each workout and exercise (hard sets,
  their reps and weight x reps; the best e1RM of the sets), then fans the folds out over the
  exercise's muscles by share (fractional and direct sets, reps, volume load per ISO week and
  muscle) and keeps the best e1RM of each workout for every compound lift. The e1RM is read
  as exhaust reads it: Epley (one rep is its weight), 1-12 reps, weight above 0, and the RPE
  chart where RPE or RIR is logged. The shares and which lifts are compound come from the
  catalogue into two small temporary tables before timing. Weeks are UTC weeks
  (`date(started_at, 'weekday 0', '-6 days')`; `date_trunc('week', started_at)`), the same
  as ours with the zone UTC. The statement is printed with --show-sql.

The two answers are compared afterwards (not timed): every week x muscle cell, and each
compound lift's sessions, best and last e1RM. The peak memory of ours is measured in a child
process of its own (VmHWM), one report.

PostgreSQL (`--postgres URL` or EXHAUST_BENCH_POSTGRES_URL, any database on the server, with the
right to CREATE DATABASE): a new database `exhaust_bench_<random>` is created, migrated and
filled by the importer, ANALYZEd, measured and dropped at the end.

Run: .venv/bin/python bench/analytics.py [--sets 1000000] [--runs 5] [--postgres URL] [--profile]
     (--sets 100000 for a quick check; --profile adds a cProfile of one more report,
     the top hot spots by own time and by cumulative time)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_history as history  # the bench folder's own module: the same file and databases

TARGET = 1.5  # the reports may take this many times the baseline query
PG_ENV = history.PG_ENV
USER = history.USER
CACHE = Path(tempfile.gettempdir())


# --- the database -------------------------------------------------------------------------------


def cached_sqlite(sets: int) -> Path:
    return CACHE / f"exhaust-bench-analytics-{sets}.sqlite"


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def build(url: str, sets: int) -> dict[str, Any]:
    """Write the Strong file and import it with exhaust's importer (a child process)."""
    from exhaust.domain.logbook import WeightUnit
    from exhaust.services.importing import import_history
    from exhaust.store.database import close_all, open_database

    folder = Path(tempfile.mkdtemp(prefix="exhaust-bench-analytics-"))
    try:
        csv_path = folder / "strong.csv"
        t0 = time.perf_counter()
        history.write_csv(csv_path, sets)
        t1 = time.perf_counter()
        report = import_history(open_database(url), USER, csv_path, unit=WeightUnit.KG, tz=UTC)
        t2 = time.perf_counter()
        close_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"csv_seconds": t1 - t0, "import_seconds": t2 - t1, "sets": report.sets_imported}


def run_child(phase: str, url: str, sets: int = 0) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", phase, "--url", url, "--sets", str(sets)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"the {phase} run failed ({done.returncode}):\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def sqlite_database(sets: int, rebuild: bool) -> str:
    """The URL of the cached SQLite database of ``sets`` sets, built when missing."""
    path = cached_sqlite(sets)
    if path.exists() and not rebuild:
        try:
            if history.count_sets(f"sqlite:///{path}")[1] == sets:
                print(f"database: {path} (cached; --rebuild builds it again)")
                return f"sqlite:///{path}"
        except Exception as exc:  # a broken leftover: build it again
            print(f"cached {path} unusable ({exc}); building it again")
    building = path.with_name(path.stem + ".building.sqlite")
    for leftover in _sqlite_files(building) + _sqlite_files(path):
        leftover.unlink(missing_ok=True)
    print(f"database: building {path} ({sets:,} sets) ...", flush=True)
    built = run_child("build", f"sqlite:///{building}", sets)
    for old, new in zip(_sqlite_files(building), _sqlite_files(path), strict=True):
        if old.exists():
            old.rename(new)
    print(f"  Strong CSV written in {built['csv_seconds']:.1f} s, imported in {built['import_seconds']:.1f} s")
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class Shape:
    user_id: int
    workouts: int
    sets: int
    first: date
    last: date

    @property
    def weeks(self) -> int:
        """Weeks from the first workout's week to the last's: every week of the history."""
        return (self.last - self.first).days // 7 + 2


def _day(value: Any) -> date:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.date()  # stored as naive UTC; the zone is UTC


def shape(url: str) -> Shape:
    conn = history._connect(url)
    try:
        cur = conn.cursor()
        mark = "?" if url.startswith("sqlite") else "%s"
        cur.execute(f"SELECT id FROM users WHERE name = {mark}", (USER,))
        user_id = cur.fetchone()[0]
        cur.execute(
            f"SELECT count(*), min(started_at), max(started_at), (SELECT count(*) FROM sets WHERE user_id = {mark}) "
            f"FROM workouts WHERE user_id = {mark}",
            (user_id, user_id),
        )
        workouts, first, last, sets = cur.fetchone()
        conn.rollback()
        return Shape(int(user_id), int(workouts), int(sets), _day(first), _day(last))
    finally:
        conn.close()


# --- ours ---------------------------------------------------------------------------------------


def analytics(url: str) -> Any:
    from exhaust.domain.analytics.e1rm import Formula
    from exhaust.services.analytics import Analytics
    from exhaust.services.logbook import Logbook
    from exhaust.store.database import open_database

    return Analytics(Logbook(open_database(url), USER), UTC, Formula.EPLEY)


def ours(service: Any, where: Shape) -> tuple[float, Any, Any]:
    """(seconds, the volume report, the lift summaries): the weekly volume and every lift's
    e1RM (with PROGRESS-WATCH) from one read, as `Analytics.report` gives a progress page."""
    from exhaust.domain.analytics.volume import Grouping

    t0 = time.perf_counter()
    both = service.report(Grouping.MUSCLE, weeks=where.weeks, today=where.last)
    t1 = time.perf_counter()
    return t1 - t0, both.volume, both.lifts


def apart(service: Any, where: Shape) -> tuple[float, float]:
    """The same two reports asked for one at a time, as `exhaust volume` and `exhaust progress` do."""
    from exhaust.domain.analytics.volume import Grouping

    t0 = time.perf_counter()
    service.volume(Grouping.MUSCLE, weeks=where.weeks, today=where.last)
    t1 = time.perf_counter()
    service.overview()
    return t1 - t0, time.perf_counter() - t1


def memory(url: str) -> dict[str, Any]:
    """One report in a process of its own: its peak memory."""
    import exhaust.services.analytics  # noqa: F401  (loaded before: module loading is not the report)

    where = shape(url)
    service = analytics(url)
    before = history._peak_mb()
    seconds, _, _ = ours(service, where)
    return {"mb_before": before, "mb_peak": history._peak_mb(), "seconds": seconds}


def profiled(url: str) -> dict[str, Any]:
    """One report under cProfile: the top hot spots by own time and by cumulative time."""
    import cProfile
    import io
    import pstats

    where = shape(url)
    service = analytics(url)
    profile = cProfile.Profile()
    profile.enable()
    seconds, _, _ = ours(service, where)
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    return {"seconds": seconds, "profile": out.getvalue()}


# --- the baseline: one hand-written statement ---------------------------------------------------

# {real}: the engine's float type; {floor}: floor() of a positive number; {week}: the Monday of
# a timestamp's week; {chart}: % of 1RM at RPE 10 for the chart row in {x}; :user: the lifter.
# tf is a set's reps to failure (reps + reps in reserve) where its effort is logged.
BASELINE_SQL = """
WITH s AS (
    SELECT workout_id, exercise_id, reps, CAST(weight_kg AS {real}) AS kg,
           reps + coalesce(CAST(rir AS {real}), 10 - CAST(rpe AS {real})) AS tf,
           (rir <= 4 OR (rir IS NULL AND (rpe IS NULL OR rpe >= 6))) AS hard
    FROM sets
    WHERE user_id = {user} AND set_type <> 'warmup'
),
g AS MATERIALIZED (
    SELECT workout_id, exercise_id,
           sum(CASE WHEN hard THEN 1 ELSE 0 END) AS hard_sets,
           sum(CASE WHEN hard THEN reps ELSE 0 END) AS hard_reps,
           sum(CASE WHEN hard THEN coalesce(kg, 0) * reps ELSE 0 END) AS hard_load,
           max(CASE
               WHEN kg IS NULL OR kg <= 0 OR reps < 1 OR reps > {max_reps} THEN NULL
               WHEN tf IS NULL THEN (CASE WHEN reps = 1 THEN kg ELSE kg * (1 + reps / 30.0) END)
               WHEN tf > {chart_rows} THEN kg * (1 + tf / 30.0)
               ELSE kg * 100 / ({chart_low} + (tf - {low}) * ({chart_high} - {chart_low}))
           END) AS e1rm
    FROM s
    GROUP BY workout_id, exercise_id
)
SELECT 'volume' AS part, {week} AS week, m.muscle AS item, NULL AS workout_id,
       sum(m.share * g.hard_sets) AS sets,
       sum(CASE WHEN m.is_prime = 1 THEN g.hard_sets ELSE 0 END) AS direct_sets,
       sum(m.share * g.hard_reps) AS reps,
       sum(m.share * g.hard_load) AS volume_kg,
       NULL AS e1rm
FROM g
JOIN workouts w ON w.id = g.workout_id
JOIN bench_muscles m ON m.exercise_id = g.exercise_id
WHERE g.hard_sets > 0
GROUP BY {week}, m.muscle
UNION ALL
SELECT 'e1rm', {week}, g.exercise_id, g.workout_id, NULL, NULL, NULL, NULL, g.e1rm
FROM g
JOIN workouts w ON w.id = g.workout_id
JOIN bench_compound c ON c.exercise_id = g.exercise_id
WHERE g.e1rm IS NOT NULL
"""


def baseline_sql(sqlite: bool) -> str:
    """The statement for SQLite or PostgreSQL. Its e1RM is a set's as domain/analytics/e1rm.py
    reads it, for Epley: none without a load or past 12 reps; without effort Epley (one rep:
    the weight); with effort the RPE chart at reps + reps in reserve, interpolated between its
    rows, and Epley at that count past the chart."""
    from exhaust.domain.analytics.e1rm import MAX_REPS, RPE10_PERCENT

    if sqlite:
        real, floor, week, user = "REAL", "CAST(tf AS INTEGER)", "date(w.started_at, 'weekday 0', '-6 days')", ":user"
    else:
        real, floor, week, user = (
            "DOUBLE PRECISION",
            "CAST(floor(tf) AS INTEGER)",
            "date_trunc('week', w.started_at)",
            "%(user)s",
        )
    whens = " ".join(f"WHEN {n} THEN {pct}" for n, pct in enumerate(RPE10_PERCENT, start=1))
    return BASELINE_SQL.format(
        real=real,
        week=week,
        user=user,
        max_reps=MAX_REPS,
        chart_rows=len(RPE10_PERCENT),
        low=floor,
        chart_low=f"(CASE {floor} {whens} ELSE 0 END)",
        chart_high=f"(CASE {floor} + 1 {whens} ELSE 0 END)",
    )


class Baseline:
    """A plain DB-API connection with the catalogue's shares in two temporary tables."""

    def __init__(self, url: str, user_id: int) -> None:
        from exhaust.domain.exercises import Role
        from exhaust.services.catalogue import get_catalogue

        self.sqlite = url.startswith("sqlite")
        self.conn = history._connect(url)
        self.user_id = user_id
        self.sql = baseline_sql(self.sqlite)
        catalogue = get_catalogue()
        mark = "?" if self.sqlite else "%s"
        cur = self.conn.cursor()
        real = "REAL" if self.sqlite else "DOUBLE PRECISION"
        cur.execute(f"CREATE TEMPORARY TABLE bench_muscles (exercise_id TEXT, muscle TEXT, share {real}, is_prime INT)")
        cur.execute("CREATE TEMPORARY TABLE bench_compound (exercise_id TEXT PRIMARY KEY)")
        cur.executemany(
            f"INSERT INTO bench_muscles VALUES ({mark}, {mark}, {mark}, {mark})",
            [
                (e.id, m.muscle.value, m.share, int(m.role is Role.PRIME))
                for e in catalogue.exercises
                for m in e.muscles
            ],
        )
        cur.executemany(
            f"INSERT INTO bench_compound VALUES ({mark})", [(e.id,) for e in catalogue.exercises if e.is_compound]
        )
        cur.execute("CREATE INDEX bench_muscles_exercise ON bench_muscles (exercise_id)")
        if not self.sqlite:
            self.conn.commit()

    def run(self) -> tuple[float, list[tuple[Any, ...]]]:
        t0 = time.perf_counter()
        cur = self.conn.cursor()
        cur.execute(self.sql, {"user": self.user_id})
        rows = cur.fetchall()
        if not self.sqlite:
            self.conn.rollback()  # ends the read transaction, as ours does
        return time.perf_counter() - t0, rows

    def close(self) -> None:
        self.conn.close()


# --- the sanity check ---------------------------------------------------------------------------


def _week(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value))


def check(report: Any, lifts: Any, rows: list[tuple[Any, ...]]) -> list[str]:
    """Ours against the baseline's rows, as lines to print."""
    cells: dict[tuple[date, str], tuple[float, float, float, float]] = {}
    e1rm: dict[str, list[tuple[Any, float]]] = defaultdict(list)
    for part, week, item, workout, sets, direct, reps, volume, best in rows:
        if part == "volume":
            cells[(_week(week), item)] = (float(sets), float(direct), float(reps), float(volume))
        else:
            e1rm[item].append((workout, float(best)))
    ours_cells = {
        (week, muscle): (c.sets, float(c.direct_sets), c.reps, c.volume_kg)
        for muscle, by_week in report.rows.items()
        for week, c in by_week.items()
    }
    lines = []
    keys = set(cells) | set(ours_cells)
    worst = [0.0, 0.0, 0.0, 0.0]
    for key in keys:
        a, b = ours_cells.get(key, (0.0,) * 4), cells.get(key, (0.0,) * 4)
        for i in range(4):
            worst[i] = max(worst[i], abs(a[i] - b[i]) / max(abs(b[i]), 1.0))
    only = len(set(ours_cells) ^ set(cells))
    lines.append(
        f"volume: {len(ours_cells):,} week x muscle cells (ours) / {len(cells):,} (SQL), {only} in one only; "
        "largest relative difference: "
        + ", ".join(f"{name} {w:.1e}" for name, w in zip(("sets", "direct", "reps", "volume"), worst, strict=True))
    )
    for muscle in ("chest", "quads"):
        if muscle in report.rows:
            t = report.total(muscle)
            sql = [sum(v[i] for (_, m), v in cells.items() if m == muscle) for i in range(4)]
            lines.append(
                f"{muscle}, all weeks: fractional sets {t.sets:,.2f} / {sql[0]:,.2f}, direct {t.direct_sets:,} / "
                f"{sql[1]:,.0f}, volume load {t.volume_kg:,.0f} / {sql[3]:,.0f} kg  (ours / SQL)"
            )
    agree = 0
    for lift in lifts:
        sql = e1rm.get(lift.exercise_id, [])
        best = max((v for _, v in sql), default=None)
        last = max(sql)[1] if sql else None  # the newest workout has the highest id
        same = (
            best is not None
            and last is not None
            and lift.sessions == len(sql)
            and abs(lift.best.e1rm - best) < 1e-6
            and abs(lift.last.e1rm - last) < 1e-6
        )
        agree += same
        if lift.exercise_id in ("bench-press", "squat", "deadlift") or not same:
            lines.append(
                f"{lift.name}: {lift.sessions:,} / {len(sql):,} sessions, best e1RM {lift.best.e1rm:.2f} / "
                f"{best or 0:.2f} kg, last {lift.last.e1rm:.2f} / {last or 0:.2f} kg  (ours / SQL)"
            )
    extra = sorted(set(e1rm) - {lift.exercise_id for lift in lifts})
    lines.append(
        f"e1RM: {agree} of {len(lifts)} compound lifts agree on sessions, best and last"
        + (f"; only in SQL: {', '.join(extra)}" if extra else "")
    )
    return lines


# --- the measurement ----------------------------------------------------------------------------


def measure(kind: str, url: str, runs: int, profile: bool, show_sql: bool) -> bool:
    from exhaust.store.database import close_all

    where = shape(url)
    print(
        f"{kind}: {where.sets:,} sets in {where.workouts:,} workouts, {where.first} to {where.last} "
        f"({where.weeks:,} weeks asked for)"
    )
    base = Baseline(url, where.user_id)
    if show_sql:
        print(base.sql)
    service = analytics(url)
    try:
        ours(service, where)  # warm-up, both
        base.run()
        total_t: list[float] = []
        base_t: list[float] = []
        for i in range(runs):  # alternately, each first in turn
            for side in ("ours", "base") if i % 2 == 0 else ("base", "ours"):
                if side == "ours":
                    seconds, report, lifts = ours(service, where)
                    total_t.append(seconds)
                    del report, lifts
                else:
                    seconds, rows = base.run()
                    base_t.append(seconds)
                    del rows
        apart_t = [apart(service, where) for _ in range(max(1, runs // 2))]
        _, report, lifts = ours(service, where)
        _, rows = base.run()
        sanity = check(report, lifts, rows)
        n_rows = len(rows)
        del report, lifts, rows
    finally:
        base.close()
        close_all()
    mem = run_child("memory", url)

    total, base_s = statistics.median(total_t), statistics.median(base_t)
    ratio = total / base_s
    ok = ratio <= TARGET
    print(
        f"  {'ours: volume + e1RM report, one read':<38}: {total:7.3f} s  (peak {mem['mb_peak']:.0f} MB, "
        f"{mem['mb_before']:.0f} MB before, in a process of its own)"
    )
    print(f"  {'  asked apart: exhaust volume':<38}: {statistics.median(a for a, _ in apart_t):7.3f} s")
    print(f"  {'  asked apart: exhaust progress':<38}: {statistics.median(b for _, b in apart_t):7.3f} s")
    print(f"  {'baseline: one SQL statement':<38}: {base_s:7.3f} s  ({n_rows:,} rows fetched)")
    verdict = "target met" if ok else "TARGET MISSED"
    print(f"  {'ratio ours / baseline':<38}: {ratio:7.2f}x   (target <= {TARGET}x)  {verdict}")
    print(f"  (median of {runs} runs each, alternately, after a warm-up of each)")
    print("  sanity check, not timed:")
    for line in sanity:
        print(f"    {line}")
    if profile:
        result = run_child("profile", url)
        print(f"  profile of one more report ({result['seconds']:.2f} s under cProfile):")
        print(result["profile"])
    return ok


def postgres(server: str, sets: int, runs: int, profile: bool, show_sql: bool) -> bool:
    folder = Path(tempfile.mkdtemp(prefix="exhaust-bench-analytics-"))
    try:
        with history.fresh_database("postgresql", folder, server) as url:
            print(f"postgresql: importing {sets:,} sets into a new database ...", flush=True)
            built = run_child("build", url, sets)
            print(f"  Strong CSV written in {built['csv_seconds']:.1f} s, imported in {built['import_seconds']:.1f} s")
            conn = history._connect(url)
            conn.autocommit = True
            conn.execute("ANALYZE")
            conn.close()
            return measure("postgresql", url, runs, profile, show_sql)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


PHASES = {"memory": memory, "profile": profiled}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=1_000_000, help="sets in the history (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (median; default 5)")
    parser.add_argument("--postgres", default=os.environ.get(PG_ENV), help=f"also on this server (or ${PG_ENV})")
    parser.add_argument("--profile", action="store_true", help="also profile one report (cProfile)")
    parser.add_argument("--rebuild", action="store_true", help="build the cached SQLite database again")
    parser.add_argument("--show-sql", action="store_true", help="print the baseline statement")
    parser.add_argument("--phase", choices=[*sorted(PHASES), "build"], help=argparse.SUPPRESS)  # child processes
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "build":
        print(json.dumps(build(args.url, args.sets)))
        return 0
    if args.phase:
        print(json.dumps(PHASES[args.phase](args.url)))
        return 0

    url = sqlite_database(args.sets, args.rebuild)
    ok = measure("sqlite", url, args.runs, args.profile, args.show_sql)
    if args.postgres:
        ok = postgres(args.postgres, args.sets, args.runs, args.profile, args.show_sql) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
