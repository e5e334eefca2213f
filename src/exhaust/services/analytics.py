"""Use cases of looking back: progress of a lift, weekly volume, methods compared, warnings.

Read-only: every call is one read transaction. The store folds the sets into groups of alike
sets (``Repository.set_groups``); the pure domain (``exhaust.domain.analytics``) does the
rest. Weeks and days are the lifter's local ones (``zone``); weights stay in kilograms
until a command shows them in the lifter's unit (``per_kg``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from exhaust.domain.analytics.compare import Comparison, compare
from exhaust.domain.analytics.e1rm import Formula
from exhaust.domain.analytics.progress import Progress, SessionBest, lift_histories, progress
from exhaust.domain.analytics.sets import SetGroup, week_of
from exhaust.domain.analytics.stats import Line
from exhaust.domain.analytics.volume import Grouping, VolumeReport, weekly_volume
from exhaust.domain.errors import ExhaustError
from exhaust.domain.exercises import Exercise
from exhaust.domain.logbook import KG_PER_LB, WeightUnit
from exhaust.domain.rules import Decline, progress_watch
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import Logbook
from exhaust.store.repository import Repository

# A lift last trained this long before the logbook's latest workout is not "in use": its old
# decline is history, not a warning.
CURRENT_DAYS = 56
START_SLACK = timedelta(days=2)  # a set's logged_at can trail its workout's start


@dataclass(frozen=True)
class LiftSummary:
    """One compound lift at a glance, for `exhaust progress` without an exercise."""

    exercise_id: str
    name: str
    sessions: int
    last: SessionBest
    best: SessionBest
    trend: Line | None
    trend_sessions: int
    decline: Decline | None


@dataclass(frozen=True)
class LiftProgress:
    name: str
    progress: Progress
    decline: Decline | None
    sets: dict[int, list[SetGroup]]  # workout -> its sets of the lift, one group per weight, reps and effort


class Analytics:
    def __init__(self, logbook: Logbook, zone: tzinfo, formula: Formula = Formula.EPLEY) -> None:
        self.logbook = logbook
        self.zone = zone
        self.formula = formula
        self.unit = logbook.unit.value
        self.per_kg = 1.0 if logbook.unit is WeightUnit.KG else float(1 / KG_PER_LB)

    # --- reading ------------------------------------------------------------------------

    def _since(self, day: date | None) -> datetime | None:
        if day is None:
            return None
        return datetime.combine(day, time(), tzinfo=self.zone).astimezone(UTC)

    def _groups(
        self, since: date | None = None, exercise_id: str | None = None, by_weight: bool = False
    ) -> list[SetGroup]:
        start = self._since(since)
        with self.logbook.db.transaction(write=False) as session:
            repo = Repository(session)
            rows = repo.set_groups(self.logbook.user_id, start, exercise_id, by_weight)
            starts = repo.workout_starts(self.logbook.user_id, start - START_SLACK if start else None)
        days = {workout: self._day(started) for workout, started in starts.items()}
        out = []
        for workout, exercise_id_, method, reps, rpe, rir, sets, load, top in rows:
            day = days.get(workout)
            if day is None or (since is not None and day < since):  # the store filtered by UTC time
                continue
            out.append(SetGroup(workout, day, exercise_id_, method, reps, rpe, rir, sets, load, top))
        return out

    def _day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    @staticmethod
    def _exercise(exercise_id: str) -> Exercise | None:
        catalogue = get_catalogue()
        return catalogue.get(exercise_id) if exercise_id in catalogue else None

    def _lift_id(self, name: str) -> str:
        exercise_id = self.logbook.exercise_id_for(name)
        with self.logbook.db.transaction(write=False) as session:
            has_sets = bool(Repository(session).history(self.logbook.user_id, exercise_id, limit=1))
        if not has_sets:
            shown = self.logbook.exercise_name(exercise_id)
            raise ExhaustError(
                f"no sets of {shown} are logged yet; `exhaust history` lists what is, "
                "and `exhaust progress` without a name shows every lift"
            )
        return exercise_id

    def _last_day(self) -> date | None:
        with self.logbook.db.transaction(write=False) as session:
            last = Repository(session).last_workout_start(self.logbook.user_id)
        return self._day(last) if last else None

    # --- use cases ----------------------------------------------------------------------

    def progress(self, exercise: str, since: date | None = None) -> LiftProgress:
        """One lift: session bests, records, trend, and its PROGRESS-WATCH warning if any."""
        exercise_id = self._lift_id(exercise)
        name = self.logbook.exercise_name(exercise_id)
        groups = self._groups(since, exercise_id, by_weight=True)
        found = progress(exercise_id, groups, self.formula)
        decline = None
        ex = self._exercise(exercise_id)
        if ex is not None and ex.is_compound:
            decline = self._declines(since).get(exercise_id)
        sets: dict[int, list[SetGroup]] = defaultdict(list)
        for g in groups:
            sets[g.workout].append(g)
        return LiftProgress(name, found, decline, dict(sets))

    def overview(self, since: date | None = None) -> list[LiftSummary]:
        """Every compound lift with an e1RM, most sessions first."""
        groups = self._groups(since)
        by_lift: dict[str, list[SetGroup]] = defaultdict(list)
        for g in groups:
            ex = self._exercise(g.exercise_id)
            if ex is not None and ex.is_compound:
                by_lift[g.exercise_id].append(g)
        declines = self._watch(groups)
        out = []
        for lift, items in by_lift.items():
            found = progress(lift, items, self.formula)
            read = [s for s in found.sessions if s.e1rm is not None]
            if not read or found.best is None:
                continue
            out.append(
                LiftSummary(
                    lift,
                    self.logbook.exercise_name(lift),
                    len(read),
                    read[-1],
                    found.best,
                    found.trend,
                    found.trend_sessions,
                    declines.get(lift),
                )
            )
        out.sort(key=lambda s: (-s.sessions, s.name))
        return out

    def volume(self, by: Grouping = Grouping.MUSCLE, weeks: int = 12, today: date | None = None) -> VolumeReport:
        """The last ``weeks`` weeks, ending this week, or at the last logged week when the
        logbook stops earlier (an imported history)."""
        if weeks < 1:
            raise ExhaustError("--weeks must be at least 1")
        now = today or datetime.now(self.zone).date()
        last = self._last_day()
        end = week_of(now)
        if last is not None and week_of(last) < end - timedelta(weeks=weeks - 1):
            end = week_of(last)
        first = end - timedelta(weeks=weeks - 1)
        groups = [g for g in self._groups(first) if week_of(g.day) <= end]
        return weekly_volume(groups, self._exercise, by, self.logbook.exercise_name, first, end)

    def compare(self, exercise: str) -> tuple[str, Comparison]:
        exercise_id = self._lift_id(exercise)
        name = self.logbook.exercise_name(exercise_id)
        groups = self._groups(None, exercise_id, by_weight=True)
        found = compare(exercise_id, groups, self.formula, name, self.unit, self.per_kg)
        return name, found

    def warnings(self) -> list[Decline]:
        """PROGRESS-WATCH on every compound lift still being trained, largest decline first."""
        return sorted(self._declines(None).values(), key=lambda d: -d.percent)

    def _declines(self, since: date | None) -> dict[str, Decline]:
        return self._watch(self._groups(since))

    def _watch(self, groups: list[SetGroup]) -> dict[str, Decline]:
        histories = lift_histories(groups, self._exercise, self.formula)
        if not histories:
            return {}
        latest = max(s.day for sessions in histories.values() for s in sessions)
        out = {}
        for lift, sessions in histories.items():
            if (latest - sessions[-1].day).days > CURRENT_DAYS:
                continue
            found = progress_watch(self.logbook.exercise_name(lift), sessions)
            if found is not None:
                out[lift] = found
        return out
