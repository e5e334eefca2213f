"""bench/synthetic_history.py: the generated two-year Strong export imports whole and tells its story.

Imported with `exhaust import FILE --unit kg --tz Europe/Berlin --json` into a fresh SQLite logbook:
nothing skipped; from PRE_EXHAUST_WEEK on every bench press session has the flyes right before it,
both tagged pre-exhaust; before it the bench is traditional; no other exercise carries an exhaust
tag; and the bench's session-best Epley e1RM ends at least 8 % below where it stood.
"""

from __future__ import annotations

import csv
import importlib
import json
import statistics
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import groupby
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from exhaust.cli.app import app
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.logbook import OrderMethod, SetType
from exhaust.domain.methodtags import MethodTagger
from exhaust.store import database as dbmod
from exhaust.store.models import SetRow, WorkoutRow

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
BERLIN = ZoneInfo("Europe/Berlin")
PRE, TRAD = OrderMethod.PRE.value, OrderMethod.TRADITIONAL.value
CHEST_FLIES = {"dumbbell-fly", "pec-deck"}


@pytest.fixture(scope="module")
def sh() -> ModuleType:
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    return importlib.import_module("synthetic_history")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'logbook.db'}"
    yield url
    dbmod.close(url)


def exhaust(db: str, *args: str) -> Any:
    result = CliRunner().invoke(app, ["--db", db, *args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def workouts_stored(url: str) -> list[tuple[date, list[tuple[str, str, str, float, int]]]]:
    """Each workout's local date (Berlin) and its sets (exercise, set type, method, kg, reps), in order."""
    with dbmod.open_database(url).transaction(write=False) as session:
        rows = session.execute(
            select(
                WorkoutRow.id,
                WorkoutRow.started_at,
                SetRow.exercise_id,
                SetRow.set_type,
                SetRow.method,
                SetRow.weight_kg,
                SetRow.reps,
            )
            .join(WorkoutRow, SetRow.workout_id == WorkoutRow.id)
            .order_by(WorkoutRow.started_at, SetRow.position)
        ).all()
    out = []
    for (_, started), sets in groupby(rows, key=lambda r: (r[0], r[1])):
        started = started if started.tzinfo else started.replace(tzinfo=UTC)
        out.append(
            (
                started.astimezone(BERLIN).date(),
                [(r[2], r[3], r[4], float(r[5] or 0), int(r[6])) for r in sets],
            )
        )
    return out


def test_the_default_history_imports_whole_and_tells_the_pre_exhaust_story(
    sh: ModuleType, tmp_path: Path, db: str
) -> None:
    path = tmp_path / "strong.csv"
    written = sh.write_csv(path)
    start = sh.pre_exhaust_monday(sh.DEFAULT_START)
    assert start == written.pre_exhaust_from == date(2026, 1, 19) and start.weekday() == 0
    with path.open(newline="", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == sh.HEADER

    report = exhaust(db, "import", str(path), "--unit", "kg", "--tz", "Europe/Berlin")
    assert report["skipped"] == {} and report["conflicts"] == []
    assert (report["workouts_imported"], report["sets_imported"]) == (written.workouts, written.sets)
    assert report["rest_rows"] == written.rest_rows > 0
    assert report["exercises_custom"] == 0
    assert {n["name"] for n in report["names"]} == set(sh.EXERCISES)
    assert {n["how"] for n in report["names"]} == {"exact"}

    stored = workouts_stored(db)
    assert len(stored) == written.workouts
    bench_best: list[tuple[date, float]] = []
    pre_sessions = 0
    for day, sets in stored:
        exercises = [e for e, _ in groupby(s[0] for s in sets)]
        for exercise, _, method, _, _ in sets:
            if exercise not in CHEST_FLIES | {"bench-press"}:
                assert method == TRAD, (day, exercise, method)  # no other exhaust pair, anywhere
        if "bench-press" not in exercises:
            continue
        bench_at = exercises.index("bench-press")
        chest = {s[2] for s in sets if s[0] in CHEST_FLIES | {"bench-press"}}
        if day >= start:
            pre_sessions += 1
            assert exercises[bench_at - 1] in CHEST_FLIES, (day, exercises)  # flyes right before the bench
            assert chest == {PRE}, (day, chest)
        else:
            assert chest == {TRAD}, (day, chest)
            assert bench_at == 0 or exercises[bench_at - 1] not in CHEST_FLIES
        working = [(kg, reps) for e, kind, _, kg, reps in sets if e == "bench-press" and kind == SetType.WORKING]
        bench_best.append((day, max(kg * (1 + reps / 30) for kg, reps in working)))
    assert report["methods"] == {PRE: pre_sessions}
    assert pre_sessions >= 70  # ~2 a week for 44 weeks

    before = [best for day, best in bench_best if day < start][-6:]
    last = [best for _, best in bench_best[-3:]]
    drop = 1 - statistics.mean(last) / statistics.mean(before)
    assert drop >= 0.08, f"bench e1RM fell only {drop:.1%}"

    # The same as the CLI shows it: the bench's history, newest first, with the method of each set.
    shown = exhaust(db, "history", "--exercise", "bench", "--limit", "100000")
    assert {s["exercise_id"] for s in shown} == {"bench-press"}
    assert {s["method"] for s in shown} == {PRE, TRAD}
    assert shown[0]["method"] == PRE and shown[-1]["method"] == TRAD


def test_the_bench_loses_reps_at_the_same_load_once_the_flyes_come_first(sh: ModuleType) -> None:
    """Seed 002: at the load used just before, the first set of the first pre-exhaust sessions has about
    2 reps fewer (the sets after it are lightened when they would fall under 5 reps)."""
    first_sets = [
        (w.pre_exhaust, float(r[2]), int(r[3]))
        for w in sh.workouts()
        for r in w.rows
        if r[0] == sh.BENCH and r[1] == "1" and sh.PRE_EXHAUST_WEEK - 3 <= w.week < sh.PRE_EXHAUST_WEEK + 2
    ]
    load = statistics.mode(kg for pre, kg, _ in first_sets if not pre)
    before = statistics.mean(reps for pre, kg, reps in first_sets if not pre and kg == load)
    after = statistics.mean(reps for pre, kg, reps in first_sets if pre and kg == load)
    assert 1.5 <= before - after <= 3.5, (load, before, after)


def test_the_tagger_finds_only_the_bench_pairs_also_in_a_long_history(sh: ModuleType, catalogue: Catalogue) -> None:
    tagger = MethodTagger(catalogue)
    ids = {name: catalogue.lookup(name).id for name in sh.EXERCISES}
    done = list(sh.workouts(sets=40_000))
    assert sum(w.sets for w in done) == 40_000
    assert done[-1].started.date() == date(2026, 11, 20)  # ends where the two-year story ends
    for w in done:
        sets = [ids[r[0]] for r in w.rows if r[1] != sh.REST_TIMER]
        tagged = {(e, m.value) for e, m in zip(sets, tagger.tag(sets, [""] * len(sets)).methods, strict=True)}
        expected = {(e, PRE if w.pre_exhaust and e in CHEST_FLIES | {"bench-press"} else TRAD) for e in sets}
        assert tagged == expected, (w.started, w.exercises)
    assert done[-1].pre_exhaust and not done[0].pre_exhaust


def test_a_seed_gives_the_same_file_and_sets_n_gives_exactly_n(sh: ModuleType, tmp_path: Path) -> None:
    assert list(sh.strong_rows(weeks=8)) == list(sh.strong_rows(weeks=8))
    assert list(sh.strong_rows(weeks=8)) != list(sh.strong_rows(seed=3, weeks=8))
    for n in (1, 77, 5000):
        rows = list(sh.strong_rows(sets=n))
        assert sum(1 for r in rows if r[4] != sh.REST_TIMER) == n
    out = tmp_path / "small.csv"
    assert sh.main(["--out", str(out), "--weeks", "4", "--start", "2025-03-03", "--seed", "7"]) == 0
    with out.open(newline="", encoding="utf-8") as fh:
        dates = sorted({datetime.fromisoformat(r["Date"]).date() for r in csv.DictReader(fh)})
    assert date(2025, 3, 3) <= dates[0] and dates[-1] < date(2025, 3, 31)
    with pytest.raises(ValueError, match="Monday"):
        list(sh.workouts(start=date(2025, 3, 4)))
