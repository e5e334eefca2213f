"""The analytics read the same numbers from SQLite and PostgreSQL: warm-ups left out, pounds
in kilograms, effort and methods kept, days in the lifter's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from exhaust.domain.analytics.volume import Grouping
from exhaust.domain.logbook import SetType, WeightUnit
from exhaust.services.analytics import Analytics
from exhaust.services.logbook import Logbook
from exhaust.store.database import open_database

BERLIN = ZoneInfo("Europe/Berlin")
# Monday 2 March 2026, 23:30 in Berlin is still Monday there but 22:30 UTC
LATE_MONDAY = datetime(2026, 3, 2, 22, 30, tzinfo=UTC)


def session(book: Logbook, start: datetime, sets: list[tuple[str, float | None, int, dict[str, object]]]) -> None:
    book.start(name="Chest", now=start)
    for i, (exercise, weight, reps, extra) in enumerate(sets):
        w = None if weight is None else Decimal(str(weight))
        book.log(exercise, w, reps, now=start + timedelta(minutes=3 * i), **extra)  # type: ignore[arg-type]
    book.finish(now=start + timedelta(hours=1))


@pytest.fixture
def book(db_url: str) -> Logbook:
    return Logbook(open_database(db_url), "lifter")


def test_a_logged_pre_exhaust_session_reads_back_whole(book: Logbook) -> None:
    session(
        book,
        LATE_MONDAY,
        [
            ("bench press", 40, 10, {"set_type": SetType.WARMUP}),
            ("dumbbell fly", 16, 12, {}),
            ("dumbbell fly", 16, 12, {}),
            ("bench press", 100, 5, {}),
            ("bench press", 220.5, 5, {"unit": WeightUnit.LB, "rpe": Decimal("8")}),  # 100.02 kg
            ("bench press", 100, 6, {"rir": 5}),  # easy: not a hard set
        ],
    )
    analytics = Analytics(book, BERLIN)
    found = analytics.progress("bench")
    (only,) = found.progress.sessions
    assert only.day == date(2026, 3, 2)  # Berlin's Monday, though UTC had turned to Tuesday
    assert only.method == "pre-exhaust"  # tagged when the workout finished
    assert only.sets == 2 and only.reps == 10
    assert only.e1rm == pytest.approx(100.02 / 0.811, abs=0.01)  # 5 @ RPE 8 = 7 to failure, RTS 81.1 %
    assert [(r.reps, r.weight_kg) for r in found.progress.rep_records] == [(5, 100.02), (6, 100.0)]

    chest = analytics.volume(Grouping.MUSCLE, weeks=1, today=date(2026, 3, 4)).rows["chest"]
    cell = chest[date(2026, 3, 2)]
    assert cell.direct_sets == 4 and cell.exhaust_isolation_sets == 2  # 2 flyes + 2 hard bench sets
    by_exercise = analytics.volume(Grouping.EXERCISE, weeks=1, today=date(2026, 3, 4))
    bench = by_exercise.rows["bench-press"][date(2026, 3, 2)]
    assert bench.volume_kg == pytest.approx(100 * 5 + 100.02 * 5)


def test_an_imported_history_that_stops_early_still_shows_its_last_weeks(book: Logbook) -> None:
    for week in range(3):
        session(book, datetime(2024, 5, 6, 17, tzinfo=UTC) + timedelta(weeks=week), [("squat", 120 + week, 5, {})])
    report = Analytics(book, UTC).volume(Grouping.EXERCISE, weeks=2, today=date(2026, 11, 21))
    assert report.weeks == [date(2024, 5, 13), date(2024, 5, 20)]
    assert report.rows["squat"][date(2024, 5, 20)].sets == 1


def test_an_exercise_with_no_sets_gets_a_clear_message(book: Logbook) -> None:
    from exhaust.domain.errors import ExhaustError

    with pytest.raises(ExhaustError, match="no sets of Deadlift"):
        Analytics(book, UTC).progress("deadlift")


def test_the_one_read_report_equals_the_reports_asked_apart(book: Logbook) -> None:
    for week in range(8):
        day = datetime(2026, 1, 5, 18, tzinfo=UTC) + timedelta(weeks=week)
        sets = [("dumbbell fly", 16, 12, {})] if week >= 4 else []
        session(book, day, [*sets, ("bench press", 100 - 3 * max(0, week - 3), 8, {}), ("squat", 120, 5, {})])
    analytics = Analytics(book, UTC)
    both = analytics.report(Grouping.MUSCLE, weeks=8, today=date(2026, 2, 27))
    apart = analytics.volume(Grouping.MUSCLE, weeks=8, today=date(2026, 2, 27))
    assert both.volume.weeks == apart.weeks and both.volume.rows == apart.rows
    assert both.lifts == analytics.overview()
    assert (
        [d.exercise for d in both.warnings] == ["Bench Press (Barbell)"] == [d.exercise for d in analytics.warnings()]
    )
