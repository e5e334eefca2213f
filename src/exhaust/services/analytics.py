"""Use cases of looking back: progress of a lift, weekly volume, methods compared, warnings.

Read-only: every call is one read transaction. The store folds the sets: one lift's alike
sets (``Repository.lift_sets``) for its own progress and comparison, every exercise's work
per workout (``Repository.workloads``) for the volume and the overview; the pure domain
(``exhaust.domain.analytics``) does the rest. Weeks and days are the lifter's local ones
(``zone``); weights stay in kilograms until a command shows them in the lifter's unit
(``per_kg``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from exhaust.domain.analytics.compare import Comparison, compare
from exhaust.domain.analytics.e1rm import Formula, factors
from exhaust.domain.analytics.progress import Lifts, Progress, SessionBest, lift_histories, lifts, progress, summary
from exhaust.domain.analytics.sets import EASY_RIR, EXHAUST_METHODS, SetGroup, Workload, week_of
from exhaust.domain.analytics.stats import Line
from exhaust.domain.analytics.volume import Grouping, VolumeReport, weekly_volume
from exhaust.domain.errors import ExhaustError
from exhaust.domain.exercises import Exercise
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
class Report:
    volume: VolumeReport
    lifts: list[LiftSummary]
    warnings: list[Decline]


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
        self.per_kg = logbook.unit.per_kg

    # --- reading ------------------------------------------------------------------------

    def _since(self, day: date | None) -> datetime | None:
        if day is None:
            return None
        return datetime.combine(day, time(), tzinfo=self.zone).astimezone(UTC)

    def _days(self, repo: Repository, start: datetime | None) -> dict[int, date]:
        """Each workout's day in the lifter's zone (a set's time can trail its workout's start)."""
        starts = repo.workout_starts(self.logbook.user_id, start - START_SLACK if start else None)
        return {workout: self._day(started) for workout, started in starts.items()}

    def _lift_sets(self, exercise_id: str, since: date | None = None) -> list[SetGroup]:
        start = self._since(since)
        with self.logbook.db.transaction(write=False) as session:
            repo = Repository(session)
            rows = repo.lift_sets(self.logbook.user_id, exercise_id, start)
            days = self._days(repo, start)
        out = []
        for workout, exercise_id_, method, reps, rpe, rir, sets, load, weight in rows:
            day = days.get(workout)
            if day is None or (since is not None and day < since):  # the store filtered by UTC time
                continue
            out.append(SetGroup(workout, day, exercise_id_, method, reps, rpe, rir, sets, load, weight))
        return out

    def _workloads(self, since: date | None = None, lifts_only: bool = False) -> list[Workload]:
        """Each exercise's work per workout, folded by the store (``Repository.workloads``);
        with ``lifts_only`` just the compound lifts and the sets of exhaust pairs."""
        start = self._since(since)
        only = None
        if lifts_only:
            only = [e.id for e in get_catalogue().filter() if e.is_compound]
        with self.logbook.db.transaction(write=False) as session:
            repo = Repository(session)
            rows = repo.workloads(
                self.logbook.user_id,
                factors(self.formula),
                EASY_RIR,
                start,
                only,
                sorted(EXHAUST_METHODS) if lifts_only else (),
            )
            days = self._days(repo, start)
        out = []
        for workout, exercise_id, method, hard_sets, hard_reps, load, e1rm in rows:
            day = days.get(workout)
            if day is None or (since is not None and day < since):
                continue
            out.append(Workload(workout, day, exercise_id, method, hard_sets, hard_reps, load, e1rm))
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
        groups = self._lift_sets(exercise_id, since)
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
        return self._summaries(lifts(self._workloads(since, lifts_only=True), self._exercise))

    def _summaries(self, found: Lifts) -> list[LiftSummary]:
        declines = self._watch(found)
        out = []
        for lift, sessions in found.sessions.items():
            progress_of = summary(lift, sessions, self.formula)
            read = [s for s in sessions if s.e1rm is not None]
            if not read or progress_of.best is None:
                continue
            out.append(
                LiftSummary(
                    lift,
                    self.logbook.exercise_name(lift),
                    len(read),
                    read[-1],
                    progress_of.best,
                    progress_of.trend,
                    progress_of.trend_sessions,
                    declines.get(lift),
                )
            )
        out.sort(key=lambda s: (-s.sessions, s.name))
        return out

    def volume(self, by: Grouping = Grouping.MUSCLE, weeks: int = 12, today: date | None = None) -> VolumeReport:
        """The last ``weeks`` weeks, ending this week, or at the last logged week when the
        logbook stops earlier (an imported history)."""
        first, end = self._window(weeks, today)
        return self._volume(self._workloads(first), by, first, end)

    def _window(self, weeks: int, today: date | None) -> tuple[date, date]:
        if weeks < 1:
            raise ExhaustError("--weeks must be at least 1")
        now = today or datetime.now(self.zone).date()
        last = self._last_day()
        end = week_of(now)
        if last is not None and week_of(last) < end - timedelta(weeks=weeks - 1):
            end = week_of(last)
        return end - timedelta(weeks=weeks - 1), end

    def _volume(self, rows: list[Workload], by: Grouping, first: date, end: date) -> VolumeReport:
        last_day = end + timedelta(days=6)
        inside = [r for r in rows if first <= r.day <= last_day]
        return weekly_volume(inside, self._exercise, by, self.logbook.exercise_name, first, end)

    def report(self, by: Grouping = Grouping.MUSCLE, weeks: int = 12, today: date | None = None) -> Report:
        """Weekly volume, every lift's e1RM and the warnings at once, from one read of the
        history: what a progress page shows (the CLI's commands each ask for one of them)."""
        first, end = self._window(weeks, today)
        rows = self._workloads()
        found = lifts(rows, self._exercise)
        summaries = self._summaries(found)
        declines = sorted((s.decline for s in summaries if s.decline), key=lambda d: -d.percent)
        return Report(self._volume(rows, by, first, end), summaries, declines)

    def compare(self, exercise: str) -> tuple[str, Comparison]:
        exercise_id = self._lift_id(exercise)
        name = self.logbook.exercise_name(exercise_id)
        groups = self._lift_sets(exercise_id)
        found = compare(exercise_id, groups, self.formula, name, self.unit, self.per_kg)
        return name, found

    def warnings(self) -> list[Decline]:
        """PROGRESS-WATCH on every compound lift still being trained, largest decline first."""
        return sorted(self._declines(None).values(), key=lambda d: -d.percent)

    def _declines(self, since: date | None) -> dict[str, Decline]:
        return self._watch(lifts(self._workloads(since, lifts_only=True), self._exercise))

    def _watch(self, read: Lifts) -> dict[str, Decline]:
        histories = lift_histories(read)
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
