"""Every logbook command is one transaction, and bad input writes nothing.

A command that fails half-way (here: made to fail right after its INSERT or UPDATE reached
the database) leaves the logbook exactly as it was; a set that cannot be logged is refused
with a message that says what is wrong, through the service and through the CLI (exit 1,
one line on stderr, no traceback). Both engines, through ``db_url``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from exhaust.cli.app import app
from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.domain.logbook import LogError, WeightUnit, parse_unit
from exhaust.services.logbook import Logbook
from exhaust.store.models import WorkoutRow
from exhaust.store.repository import Repository


class Boom(RuntimeError):
    """The fault we inject: anything going wrong after the write."""


def stored(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of the logbook's tables as another program would read them."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
                for table in ("users", "workouts", "sets", "templates")
            }
    finally:
        engine.dispose()


@pytest.fixture
def book(db_url: str) -> Logbook:
    """A logbook with one open workout holding one set."""
    book = Logbook.open(db_url)
    book.start(name="Push")
    book.log("bench", Decimal("80"), 8, rpe=Decimal("8"))
    return book


def _fail_after(monkeypatch: pytest.MonkeyPatch, row_type: type) -> list[int]:
    """Make Repository.add raise right after it has flushed a row of ``row_type``;
    returns the ids the database gave those rows (proof the INSERT happened)."""
    original = Repository.add
    inserted: list[int] = []

    def add_then_fail(self: Repository, row: object) -> None:
        original(self, row)
        if isinstance(row, row_type):
            inserted.append(row.id)  # type: ignore[attr-defined]
            raise Boom("after the insert")

    monkeypatch.setattr(Repository, "add", add_then_fail)
    return inserted


# --- a failure half-way rolls the whole command back -----------------------------------------


def _fail_after_set_insert(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make Repository.insert_set (logging's own INSERT, no ORM object) raise right after
    the row reached the database; returns the ids it was given."""
    original = Repository.insert_set
    inserted: list[int] = []

    def insert_then_fail(self: Repository, values: dict[str, Any]) -> int:
        inserted.append(original(self, values))
        raise Boom("after the insert")

    monkeypatch.setattr(Repository, "insert_set", insert_then_fail)
    return inserted


def test_log_failing_after_its_insert_leaves_no_set(book: Logbook, db_url: str) -> None:
    before = stored(db_url)
    with pytest.MonkeyPatch.context() as mp:
        inserted = _fail_after_set_insert(mp)
        with pytest.raises(Boom):
            book.log("squat", Decimal("100"), 5)
    assert inserted, "the fault must come after the INSERT for this test to mean anything"
    assert stored(db_url) == before

    view, _ = book.log("squat", Decimal("100"), 5)
    assert view.position == 2  # no gap, no duplicate: the failed set never existed
    assert [s.exercise_id for s in book.show().sets] == ["bench-press", "squat"]


def test_log_failing_while_building_its_answer_leaves_no_set(
    book: Logbook, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored(db_url)

    def broken_view(*_: object, **__: object) -> Any:
        raise Boom("while building the view")

    monkeypatch.setattr(Logbook, "_values_view", broken_view)
    with pytest.raises(Boom):
        book.log("squat", Decimal("100"), 5)
    assert stored(db_url) == before
    assert len(before["sets"]) == 1


def test_start_failing_after_its_insert_leaves_no_workout(db_url: str) -> None:
    book = Logbook.open(db_url)
    before = stored(db_url)
    with pytest.MonkeyPatch.context() as mp:
        inserted = _fail_after(mp, WorkoutRow)
        with pytest.raises(Boom):
            book.start(name="Legs")
    assert inserted
    assert stored(db_url) == before
    with pytest.raises(ExhaustError, match="no workout is open"):  # nothing half-started is left open
        book.log("squat", Decimal("100"), 5)


def test_finish_failing_after_its_update_leaves_the_workout_open(book: Logbook, db_url: str) -> None:
    before = stored(db_url)
    original = Repository.workout

    def reread_then_fail(self: Repository, user_id: int, workout_id: int) -> WorkoutRow | None:
        found = original(self, user_id, workout_id)
        assert found is not None and found.ended_at is not None  # the UPDATE was flushed
        raise Boom("after the update")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Repository, "workout", reread_then_fail)
        with pytest.raises(Boom):
            book.finish(notes="great session")
    assert stored(db_url) == before
    assert book.show().ended_at is None
    assert book.log("squat", Decimal("100"), 5)[0].position == 2  # still open: logging goes on


# --- bad input writes nothing and says what is wrong -----------------------------------------

BAD_SETS: list[tuple[str, Callable[[Logbook], object], type[Exception], str]] = [
    ("negative-weight", lambda b: b.log("bench", Decimal("-5"), 8), LogError, "cannot be negative"),
    ("500-reps", lambda b: b.log("bench", Decimal("80"), 500), LogError, "reps"),
    ("rpe-11", lambda b: b.log("bench", Decimal("80"), 8, rpe=Decimal("11")), LogError, "RPE runs from 1 to 10"),
    ("rpe-and-rir", lambda b: b.log("bench", Decimal("80"), 8, rpe=Decimal(8), rir=2), LogError, "RPE or RIR"),
    ("two-tonnes", lambda b: b.log("bench", Decimal("2000"), 1), LogError, "over 1000 kg"),
    ("4500-lb", lambda b: b.log("bench", Decimal("4500"), 1, unit=WeightUnit.LB), LogError, "over 1000 kg"),
    ("unknown-unit", lambda b: b.log("bench", Decimal("80"), 8, unit=parse_unit("stone")), LogError, "kg or lb"),
    ("unknown-exercise", lambda b: b.log("flibbertigibbet", Decimal("80"), 8), UnknownExercise, "flibbertigibbet"),
]


@pytest.mark.parametrize(("case", "attempt", "error", "says"), BAD_SETS, ids=[c[0] for c in BAD_SETS])
def test_the_service_refuses_a_bad_set_and_writes_nothing(
    book: Logbook,
    db_url: str,
    case: str,
    attempt: Callable[[Logbook], object],
    error: type[Exception],
    says: str,
) -> None:
    before = stored(db_url)
    with pytest.raises(error, match=says):
        attempt(book)
    assert stored(db_url) == before


def test_a_misspelt_exercise_gets_suggestions_and_writes_nothing(book: Logbook, db_url: str) -> None:
    before = stored(db_url)
    with pytest.raises(UnknownExercise) as unknown:
        book.log("zercher bnech", Decimal("80"), 8)
    assert "Bench Press (Barbell)" in unknown.value.suggestions
    assert "Did you mean" in str(unknown.value) and "Bench Press (Barbell)" in str(unknown.value)
    assert stored(db_url) == before


def test_a_set_with_no_open_workout_writes_nothing_and_says_how_to_start(db_url: str) -> None:
    book = Logbook.open(db_url)
    book.start(name="Push")
    book.finish()
    before = stored(db_url)
    with pytest.raises(ExhaustError, match=r"no workout is open; start one with `exhaust workout start`"):
        book.log("bench", Decimal("80"), 8)
    assert stored(db_url) == before


# --- the same through the command line ----------------------------------------------------------

runner = CliRunner()

CLI_BAD_SETS = [
    ("negative-weight", ["bench", "-5", "8"], "a weight cannot be negative"),
    ("500-reps", ["bench", "80", "500"], "reps"),
    ("rpe-11-compact", ["bench", "80kg", "x", "8", "@11"], "RPE runs from 1 to 10"),
    ("rpe-11-option", ["bench", "80", "8", "--rpe", "11"], "RPE runs from 1 to 10"),
    ("unknown-unit-option", ["bench", "80", "8", "--unit", "stone"], "unknown weight unit 'stone'; use kg or lb"),
    ("unknown-unit-compact", ["bench", "80st", "x", "8"], "cannot read 'bench 80st x 8'"),
    ("two-tonnes", ["bench", "2000kg", "x", "1"], "over 1000 kg"),
    ("unknown-exercise", ["zercher", "bnech", "80", "8"], "Did you mean: "),
]


def _cli(db_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db_url, *args])
    # An exception escaping the command would also give exit code 1: make sure it is ours.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


@pytest.mark.parametrize(("case", "words", "says"), CLI_BAD_SETS, ids=[c[0] for c in CLI_BAD_SETS])
def test_the_cli_refuses_a_bad_set_with_exit_1_and_writes_nothing(
    book: Logbook, db_url: str, case: str, words: list[str], says: str
) -> None:
    before = stored(db_url)
    code, err = _cli(db_url, "workout", "log", *words)
    assert code == 1
    assert err.startswith("error: ") and says in err
    assert stored(db_url) == before


def test_the_cli_refuses_a_set_with_no_open_workout(db_url: str) -> None:
    Logbook.open(db_url)
    before = stored(db_url)
    code, err = _cli(db_url, "workout", "log", "bench", "80kg", "x", "8")
    assert code == 1
    assert "no workout is open" in err and "exhaust workout start" in err
    assert stored(db_url) == before


def test_the_cli_json_error_says_the_same_and_nothing_is_written(book: Logbook, db_url: str) -> None:
    before = stored(db_url)
    result = runner.invoke(app, ["--db", db_url, "workout", "log", "bench", "80", "500", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["exit_code"] == 1
    assert "reps" in json.loads(result.stdout)["error"]["message"]
    assert stored(db_url) == before


def test_a_refused_set_leaves_no_gap_in_the_positions(book: Logbook, db_url: str) -> None:
    """After a refused set the lifter fixes the typo and carries on: positions stay 1, 2."""
    assert _cli(db_url, "workout", "log", "bench", "80", "500")[0] == 1
    assert _cli(db_url, "workout", "log", "bench", "80", "5")[0] == 0
    assert [(s.position, s.reps) for s in book.show().sets] == [(1, 8), (2, 5)]
