"""Looking back page by page: a lifter's sets newest first, their workouts, one workout's detail.

Each call is one read transaction. A page of sets is one statement whatever the history's
size (``Repository.history_page``): the page read in the order of an index on (user,
logged_at), with the workout's and the lifter's own exercises' names joined and the count of
all matching sets as a subquery run once, so nothing is asked per row (only a page past
the end asks for the count on its own). Catalogue names come from the in-memory catalogue.

Paging is by offset: pages are numbered and linkable (``?page=7`` shows the same sets
on a reload), the total is needed for the pager anyway, and page *n* costs the index
entries it skips, ``20 n`` of them (a few thousand at the end of a 10,000-set history, well
under a millisecond's walk), never a scan of the sets themselves. A keyset cursor would
pay only on pages nobody reads and lose the page numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Generic, TypeVar

from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.domain.logbook import WeightUnit, from_kg
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import CUSTOM_PREFIX, Logbook, SetView, WorkoutView
from exhaust.store.repository import Repository

PER_PAGE = 20
MAX_PER_PAGE = 200

T = TypeVar("T")


@dataclass(frozen=True)
class Paged(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """At least one: an empty history is one empty page."""
        return max(1, -(-self.total // self.per_page))

    @property
    def first_index(self) -> int:
        """The 1-based number of the page's first item (0 on an empty page)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.per_page + len(self.items)


@dataclass(frozen=True)
class HistorySet:
    """A set on a history page, with what the page shows of its workout."""

    set: SetView
    workout_id: int
    workout_name: str
    workout_started_at: datetime
    workout_source: str
    in_catalogue: bool  # a catalogue exercise (it has a page of its own); else the lifter's own


@dataclass(frozen=True)
class SetPage(Paged[HistorySet]):
    exercise_id: str | None = None
    exercise: str | None = None  # the filter's exercise, as exhaust names it
    since: date | None = None


@dataclass(frozen=True)
class WorkoutSummary:
    id: int
    name: str
    started_at: datetime
    ended_at: datetime | None
    source: str
    plan_name: str
    session_name: str
    sets: int
    volume_kg: Decimal  # weight x reps of the non-warm-up sets
    unit: str  # the lifter's unit, which ``volume`` is given in

    @property
    def duration(self) -> timedelta | None:
        return None if self.ended_at is None else self.ended_at - self.started_at

    @property
    def volume(self) -> Decimal:
        return from_kg(self.volume_kg, WeightUnit(self.unit)).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ExerciseGroup:
    """One exercise's sets within a block, in the order they were done."""

    label: str  # 'A1', 'B', or '' for a set logged outside any block
    exercise_id: str
    exercise: str
    in_catalogue: bool
    sets: list[SetView] = field(default_factory=list)

    @property
    def method(self) -> str:
        """The order method most of these sets were tagged with ('' untagged)."""
        tags = [s.method for s in self.sets if s.method]
        return max(set(tags), key=tags.count) if tags else ""


@dataclass(frozen=True)
class BlockGroup:
    """A block of the workout: one exercise, or a linked pair (A1/A2) done together."""

    letter: str  # 'A'; '' for an exercise logged outside any block
    items: list[ExerciseGroup]

    @property
    def linked(self) -> bool:
        return len(self.items) > 1


@dataclass(frozen=True)
class WorkoutDetail:
    workout: WorkoutView
    blocks: list[BlockGroup]
    unit: str  # the lifter's unit, which ``volume`` is given in

    @property
    def duration(self) -> timedelta | None:
        w = self.workout
        return None if w.ended_at is None else w.ended_at - w.started_at

    @property
    def volume(self) -> Decimal:
        return from_kg(self.workout.volume_kg, WeightUnit(self.unit)).quantize(Decimal("0.1"))


SOURCES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}


def source_label(source: str) -> str:
    """'imported from Strong', or '' for a workout logged in exhaust."""
    return f"imported from {SOURCES.get(source, source)}" if source else ""


def check_paging(page: int, per_page: int) -> None:
    if page < 1:
        raise ExhaustError(f"page {page} does not exist; pages start at 1")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ExhaustError(f"per_page {per_page} is out of range; ask for 1 to {MAX_PER_PAGE} items a page")


class History:
    """The history of one logbook. ``zone``: the lifter's days, for ``since``."""

    def __init__(self, logbook: Logbook, zone: tzinfo) -> None:
        self.logbook = logbook
        self.zone = zone

    def exercise_id(self, name: str) -> str:
        """A catalogue id or name, one of the lifter's own exercises by name or id, or a close
        spelling (UnknownExercise, with suggestions, when nothing is close)."""
        found = get_catalogue().lookup(name)
        if found is not None:
            return found.id
        if name.startswith(CUSTOM_PREFIX) and self.logbook.exercise_name(name) != name:
            return name
        try:
            return self.logbook.exercise_id_for(name)
        except UnknownExercise as exc:  # without the logging advice the logbook adds
            raise UnknownExercise(name, [s for s in exc.suggestions if not s.startswith("(")]) from None

    def _start(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.zone).astimezone(UTC)

    def sets(
        self, page: int = 1, per_page: int = PER_PAGE, exercise: str | None = None, since: date | None = None
    ) -> SetPage:
        """One page of sets, newest first; ``exercise`` and ``since`` (a day in the lifter's
        zone) narrow it. A page past the last one is empty."""
        check_paging(page, per_page)
        exercise_id = self.exercise_id(exercise) if exercise else None
        start = self._start(since) if since is not None else None
        catalogue = get_catalogue()
        user_id = self.logbook.user_id
        offset = (page - 1) * per_page
        with self.logbook.db.transaction(write=False) as session:
            repo = Repository(session)
            rows = repo.history_page(user_id, CUSTOM_PREFIX, exercise_id, start, per_page, offset)
            # Each row carries the total; a page past the end has none to carry it.
            total = rows[0][-1] if rows else repo.count_history(user_id, exercise_id, start) if offset else 0
        items = []
        names: dict[str, tuple[str, bool]] = {}
        for r in rows:
            # By position (the columns history_page documents): a fraction of the cost by name.
            sid, uid, position, ex_id, block, set_type, weight, unit, weight_kg, reps, rpe, rir, rest_s, notes = r[:14]
            logged_at, method, distance_m, duration_s, workout_id, workout_name, started_at, source, own = r[14:23]
            named = names.get(ex_id)
            if named is None:
                known = catalogue.get(ex_id) if ex_id in catalogue else None
                named = names[ex_id] = (known.name, True) if known is not None else (own or ex_id, False)
            view = SetView(
                id=sid,
                uid=uid,
                position=position,
                exercise_id=ex_id,
                exercise=named[0],
                block=block,
                set_type=set_type,
                weight=weight,
                unit=unit,
                weight_kg=weight_kg,
                reps=reps,
                rpe=rpe,
                rir=rir,
                rest_s=rest_s,
                notes=notes,
                logged_at=logged_at,
                method=method,
                distance_m=distance_m,
                duration_s=duration_s,
            )
            items.append(HistorySet(view, workout_id, workout_name, started_at, source, named[1]))
        shown = None if exercise_id is None else self.logbook.exercise_name(exercise_id)
        return SetPage(items, total, page, per_page, exercise_id=exercise_id, exercise=shown, since=since)

    def workouts(self, page: int = 1, per_page: int = PER_PAGE) -> Paged[WorkoutSummary]:
        """One page of workouts, newest first, each with its set count and volume load."""
        check_paging(page, per_page)
        user_id = self.logbook.user_id
        with self.logbook.db.transaction(write=False) as session:
            repo = Repository(session)
            total = repo.count_workouts(user_id)
            rows = repo.workouts_page(user_id, per_page, (page - 1) * per_page) if (page - 1) * per_page < total else []
        items = [
            WorkoutSummary(
                id=r.id,
                name=r.name,
                started_at=r.started_at,
                ended_at=r.ended_at,
                source=r.source,
                plan_name=r.plan_name,
                session_name=r.session_name,
                sets=int(r.sets),
                volume_kg=Decimal(str(r.volume_kg)).quantize(Decimal("0.1")),
                unit=self.logbook.unit.value,
            )
            for r in rows
        ]
        return Paged(items, total, page, per_page)

    def workout(self, workout_id: int) -> WorkoutDetail | None:
        """One of this lifter's workouts with its sets grouped by block, or None when the
        lifter has no workout with that id (whoever else may have one)."""
        try:
            found = self.logbook.show(workout_id)
        except ExhaustError:
            return None
        return WorkoutDetail(found, group_blocks(found.sets), self.logbook.unit.value)


def group_blocks(sets: list[SetView]) -> list[BlockGroup]:
    """The sets by block in the order the blocks began: a linked block's exercises (A1, A2)
    side by side even when their sets alternate; sets outside any block, one group per
    exercise where it first appeared."""
    catalogue = get_catalogue()
    blocks: dict[str, dict[str, ExerciseGroup]] = {}
    for s in sorted(sets, key=lambda s: s.position):
        letter = s.block.rstrip("0123456789") if s.block else ""
        key = letter or f"_{s.exercise_id}"
        item_key = f"{s.block}|{s.exercise_id}"
        items = blocks.setdefault(key, {})
        group = items.get(item_key)
        if group is None:
            in_catalogue = s.exercise_id in catalogue
            group = items[item_key] = ExerciseGroup(s.block, s.exercise_id, s.exercise, in_catalogue)
        group.sets.append(s)
    return [BlockGroup(key if not key.startswith("_") else "", list(items.values())) for key, items in blocks.items()]
