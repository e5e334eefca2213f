"""services/history.py on SQLite and PostgreSQL: pages of sets and workouts, newest first,
two statements a page whatever the history's size, one lifter's sets only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event

from exhaust.domain.logbook import SetType
from exhaust.services.history import History
from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod

DAY0 = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)  # a Monday


def train(book: Logbook, day: int, sets: list[tuple[str, str, int, str]], name: str = "Push") -> None:
    """A workout ``day`` days after DAY0: (exercise, weight, reps, block) per set, a minute apart."""
    start = DAY0 + timedelta(days=day)
    book.start(name=name, now=start)
    for i, (exercise, weight, reps, block) in enumerate(sets):
        kind = SetType.WARMUP if weight == "20" else SetType.WORKING
        book.log(
            exercise,
            Decimal(weight),
            reps,
            block=block,
            set_type=kind,
            now=start + timedelta(minutes=i + 1),
            custom=True,
        )
    book.finish(now=start + timedelta(hours=1))


@contextmanager
def statements(url: str) -> Iterator[list[str]]:
    """The SELECT statements the database is sent inside the block."""
    seen: list[str] = []
    engine = dbmod.open_database(url).engine

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def logbook(url: str, user: str = "anna") -> Logbook:
    return Logbook(dbmod.open_database(url), user)


def test_pages_of_sets_are_newest_first_with_the_total_in_one_statement(db_url: str) -> None:
    book = logbook(db_url)
    for day in range(9):  # 9 workouts of 5 sets: 45 sets
        train(book, day, [("bench press", str(60 + day), 8, "A")] * 3 + [("squat", "100", 5, "B")] * 2)
    history = History(logbook(db_url), UTC)  # a fresh logbook: nothing cached from the writes

    with statements(db_url) as seen:
        first = history.sets()
    assert len(seen) == 1, seen  # the page with its count: no query per row
    assert first.total == 45 and first.pages == 3 and len(first.items) == 20
    times = [h.set.logged_at for h in first.items]
    assert times == sorted(times, reverse=True)
    newest = first.items[0]
    assert newest.set.exercise == "Squat (Barbell)"
    assert newest.workout_name == "Push" and newest.in_catalogue and newest.set.text == "100 kg × 5"
    assert (first.first_index, first.last_index) == (1, 20)

    third = history.sets(page=3)
    assert len(third.items) == 5 and (third.first_index, third.last_index) == (41, 45)
    assert third.items[-1].set.logged_at == DAY0 + timedelta(minutes=1)  # the oldest set is last
    every = [h.set.id for p in (1, 2, 3) for h in history.sets(page=p).items]
    assert len(every) == len(set(every)) == 45  # pages neither overlap nor skip

    with statements(db_url) as seen:
        past = history.sets(page=4)
    assert past.items == [] and past.total == 45 and len(seen) == 2  # no row to carry the count

    bench = history.sets(exercise="bench", per_page=100)
    assert bench.total == 27 and bench.exercise == "Bench Press (Barbell)" and bench.exercise_id == "bench-press"
    assert {h.set.exercise_id for h in bench.items} == {bench.exercise_id}
    recent = history.sets(since=date(2025, 3, 10))  # days 7 and 8
    assert recent.total == 10 and all(h.set.logged_at >= datetime(2025, 3, 10, tzinfo=UTC) for h in recent.items)


def test_a_lifters_own_exercises_are_named_in_the_same_statement(db_url: str) -> None:
    book = logbook(db_url)
    train(book, 0, [("Zottman curl wobble", "12.5", 10, ""), ("bench press", "80", 5, "")])
    history = History(logbook(db_url), UTC)
    with statements(db_url) as seen:
        page = history.sets()
    assert len(seen) == 1
    own = next(h for h in page.items if not h.in_catalogue)
    assert own.set.exercise == "Zottman curl wobble" and own.set.exercise_id.startswith("custom:")
    assert history.sets(exercise=own.set.exercise_id).total == 1  # by id, as the links give it
    assert history.sets(exercise="Zottman curl wobble").total == 1  # and by name


def test_another_lifters_sets_and_workouts_never_appear(db_url: str) -> None:
    anna, ben = logbook(db_url, "anna"), logbook(db_url, "ben")
    train(anna, 0, [("bench press", "80", 5, "")])
    train(ben, 1, [("squat", "140", 3, "")] * 4, name="Ben's legs")
    seen = History(logbook(db_url, "anna"), UTC)
    assert seen.sets().total == 1 and seen.workouts().total == 1
    bens = History(logbook(db_url, "ben"), UTC).workouts().items[0]
    assert seen.workout(bens.id) is None  # scoped to the lifter: not hers
    assert History(logbook(db_url, "ben"), UTC).workout(bens.id) is not None


def test_workout_pages_count_sets_and_volume_without_warm_ups(db_url: str) -> None:
    book = logbook(db_url)
    for day in range(25):
        train(book, day, [("bench press", "20", 10, ""), ("bench press", "80", 5, "")], name=f"Day {day}")
    history = History(logbook(db_url), UTC)
    with statements(db_url) as seen:
        first = history.workouts()
    assert len(seen) == 2
    assert first.total == 25 and first.pages == 2 and [w.name for w in first.items[:2]] == ["Day 24", "Day 23"]
    top = first.items[0]
    assert top.sets == 2 and top.volume_kg == Decimal("400.0")  # the 20 kg warm-up is not volume
    assert top.duration == timedelta(hours=1)
    assert [w.name for w in history.workouts(page=2).items] == [f"Day {d}" for d in range(4, -1, -1)]


def test_a_workouts_detail_groups_a_linked_pair_whose_sets_alternate(db_url: str) -> None:
    book = logbook(db_url)
    pair = [("pec deck", "50", 12, "A1"), ("bench press", "70", 8, "A2")] * 2
    train(book, 0, [*pair, ("triceps pushdown", "30", 12, ""), ("triceps pushdown", "30", 10, "")])
    history = History(logbook(db_url), UTC)
    workout_id = history.workouts().items[0].id
    detail = history.workout(workout_id)
    assert detail is not None
    first, second = detail.blocks
    assert first.letter == "A" and first.linked
    assert [g.label for g in first.items] == ["A1", "A2"]
    assert [len(g.sets) for g in first.items] == [2, 2]
    assert first.items[1].method == "pre-exhaust"  # tagged when the workout was finished
    assert not second.linked and second.letter == "" and len(second.items[0].sets) == 2
    assert detail.duration == timedelta(hours=1)
    assert detail.volume == Decimal("50") * 24 + Decimal("70") * 16 + Decimal("30") * 22
