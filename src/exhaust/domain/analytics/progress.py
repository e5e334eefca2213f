"""One lift's progress: each session's best e1RM, personal records, and the recent trend.

A session's e1RM is the best estimate among its non-warm-up sets (e1rm.py says how each set
is read). Its method is the tag most of the lift's sets carried that session, so a bench
press done straight after flyes reads as pre-exhaust. The trend is a least-squares line
through the sessions of the last TREND_WEEKS weeks, in kg per week with its 95 % interval.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from exhaust.domain.analytics.e1rm import Formula, estimate
from exhaust.domain.analytics.sets import SetGroup, Workload, week_of
from exhaust.domain.analytics.stats import Line, fit_line
from exhaust.domain.exercises import Exercise
from exhaust.domain.rules import LiftSession

TREND_WEEKS = 8


@dataclass(frozen=True)
class TopSet:
    weight_kg: float
    reps: int
    rpe: float | None
    rir: int | None


@dataclass(frozen=True)
class SessionBest:
    workout: int
    day: date
    method: str  # the tag most of the lift's sets carried; '' untagged
    e1rm: float | None  # kg; None when no set could be read (all over 12 reps, or unloaded)
    top: TopSet | None  # the set the e1RM came from
    sets: int  # hard sets
    reps: int  # reps in hard sets
    volume_kg: float  # sets x reps x weight of hard sets

    @property
    def week(self) -> date:
        return week_of(self.day)


@dataclass(frozen=True)
class RepRecord:
    reps: int
    weight_kg: float
    day: date  # the first session that lifted it


@dataclass(frozen=True)
class Progress:
    exercise_id: str
    formula: Formula
    sessions: list[SessionBest]  # oldest first
    best: SessionBest | None  # the session with the highest e1RM
    rep_records: list[RepRecord]  # the heaviest weight for each rep count, fewest reps first
    trend: Line | None  # e1RM, kg per week, over the TREND_WEEKS weeks up to the last session
    trend_sessions: int


def session_bests(groups: Iterable[SetGroup], formula: Formula = Formula.EPLEY) -> list[SessionBest]:
    """One entry per workout, oldest first, from the groups of one exercise."""
    by_workout: dict[int, list[SetGroup]] = defaultdict(list)
    for g in groups:
        by_workout[g.workout].append(g)
    out = []
    for workout, items in by_workout.items():
        best: tuple[float, TopSet] | None = None
        methods: Counter[str] = Counter()
        sets = reps = 0
        volume = 0.0
        for g in items:
            methods[g.method] += g.sets
            if g.hard:
                sets += g.sets
                reps += g.sets * g.reps
                volume += g.load_kg
            value = estimate(g.top_kg, g.reps, formula, g.rpe, g.rir)
            if value is not None and (best is None or value > best[0]):
                assert g.top_kg is not None
                best = (value, TopSet(g.top_kg, g.reps, g.rpe, g.rir))
        method = max(methods.items(), key=lambda kv: (kv[1], kv[0]))[0]
        day = items[0].day
        e1rm, top = (best[0], best[1]) if best else (None, None)
        out.append(SessionBest(workout, day, method, e1rm, top, sets, reps, volume))
    out.sort(key=lambda s: (s.day, s.workout))
    return out


def rep_records(groups: Iterable[SetGroup]) -> list[RepRecord]:
    best: dict[int, RepRecord] = {}
    for g in sorted(groups, key=lambda g: (g.day, g.workout)):
        if g.top_kg is None or g.top_kg <= 0 or g.reps < 1:
            continue
        held = best.get(g.reps)
        if held is None or g.top_kg > held.weight_kg:
            best[g.reps] = RepRecord(g.reps, g.top_kg, g.day)
    return [best[r] for r in sorted(best)]


def trend(sessions: Sequence[SessionBest], weeks: int = TREND_WEEKS) -> tuple[Line | None, int]:
    read = [(s.day, s.e1rm) for s in sessions if s.e1rm is not None]
    if not read:
        return None, 0
    end = read[-1][0]
    recent = [((day - end).days / 7, e1rm) for day, e1rm in read if (end - day).days < weeks * 7]
    return fit_line([x for x, _ in recent], [y for _, y in recent]), len(recent)


def progress(exercise_id: str, groups: Sequence[SetGroup], formula: Formula = Formula.EPLEY) -> Progress:
    sessions = session_bests(groups, formula)
    read = [s for s in sessions if s.e1rm is not None]
    best = max(read, key=lambda s: (s.e1rm or 0.0, -s.day.toordinal())) if read else None
    line, n = trend(sessions)
    return Progress(exercise_id, formula, sessions, best, rep_records(groups), line, n)


def sessions_of(rows: Iterable[Workload]) -> list[SessionBest]:
    """Session bests of one exercise from the store's folded rows (no top set: not kept there).
    A workout with the exercise under two method tags takes the tag of most of its hard sets."""
    by_workout: dict[int, SessionBest] = {}
    for r in rows:
        held = by_workout.get(r.workout)
        if held is None:
            by_workout[r.workout] = SessionBest(
                r.workout, r.day, r.method, r.e1rm, None, r.hard_sets, r.hard_reps, r.hard_load_kg
            )
            continue
        e1rm = held.e1rm if r.e1rm is None or (held.e1rm is not None and held.e1rm >= r.e1rm) else r.e1rm
        method = r.method if (r.hard_sets, r.method) > (held.sets, held.method) else held.method
        by_workout[r.workout] = SessionBest(
            r.workout,
            held.day,
            method,
            e1rm,
            None,
            held.sets + r.hard_sets,
            held.reps + r.hard_reps,
            held.volume_kg + r.hard_load_kg,
        )
    return sorted(by_workout.values(), key=attrgetter("day", "workout"))


def summary(exercise_id: str, sessions: list[SessionBest], formula: Formula = Formula.EPLEY) -> Progress:
    """A lift's progress from its sessions (``sessions_of``): best and trend (no rep records)."""
    read = [s for s in sessions if s.e1rm is not None]
    best = max(read, key=lambda s: (s.e1rm or 0.0, -s.day.toordinal())) if read else None
    line, n = trend(sessions)
    return Progress(exercise_id, formula, sessions, best, [], line, n)


@dataclass(frozen=True)
class Lifts:
    """The compound lifts of a history, read once for both the overview and PROGRESS-WATCH."""

    sessions: dict[str, list[SessionBest]]  # lift -> its sessions, oldest first
    primes: dict[str, set[str]]  # lift -> its prime movers
    tired: dict[date, set[str]]  # week -> the muscles an exhaust pair's isolation worked


def lifts(rows: Iterable[Workload], exercise: Callable[[str], Exercise | None]) -> Lifts:
    by_lift: dict[str, list[Workload]] = defaultdict(list)
    tired: dict[date, set[str]] = defaultdict(set)
    known: dict[str, Exercise | None] = {}
    for r in rows:
        if r.exercise_id not in known:
            known[r.exercise_id] = exercise(r.exercise_id)
        ex = known[r.exercise_id]
        if ex is None:
            continue
        if ex.is_compound:
            by_lift[r.exercise_id].append(r)
        elif r.exhaust:
            tired[week_of(r.day)].update(m.value for m in ex.prime_movers)
    primes = {lift: {m.value for m in ex.prime_movers} for lift, ex in known.items() if ex is not None}
    return Lifts({lift: sessions_of(items) for lift, items in by_lift.items()}, primes, dict(tired))


def lift_histories(found: Lifts) -> dict[str, list[LiftSession]]:
    """For every compound lift: its sessions as PROGRESS-WATCH reads them. A session counts as
    "exhaust in use" when the lift's own sets were in an exhaust pair, or when that week an
    exhaust pair's isolation worked one of the lift's prime movers (the technique was in use
    on its muscle)."""
    out: dict[str, list[LiftSession]] = {}
    for lift, sessions in found.sessions.items():
        primes = found.primes[lift]
        history = []
        for s in sessions:
            if s.e1rm is None:
                continue
            on_lift = s.method if s.method and s.method != "traditional" else ""
            on_muscle = bool(found.tired.get(s.week, set()) & primes)
            method = on_lift or ("on its muscle" if on_muscle else "")
            history.append(LiftSession(s.day, s.e1rm, bool(method), method))
        if history:
            out[lift] = history
    return out
