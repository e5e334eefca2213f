"""What the weak-link fatigue model (domain/fatigue) predicts for a lifter, and what their logbook teaches it.

- ``predict``: reps to failure on a lift fresh and after another exercise (pre-exhaust,
  reverse pre-exhaust, post-exhaust), the muscle that ends the set each way, and the load
  that keeps a rep target; with a logbook, the lifter's own carry-over and e1RM.
- ``carry_overs``: the lifter's carry-over per compound lift, learnt from their logged
  compound sets after a pre-exhaust against their fresh e1RM at the time, shrunk toward the
  published default (domain/fatigue/calibration.py).
- ``plan_session``: planning.plan_session with those carry-overs, so a lifter with history
  gets a compound load of their own after a pre-exhaust.
- ``expectations``: for a plan block being trained, "after the flyes expect 6-7 reps at
  72.5 kg" (the Today page, `exhaust workout start`).

Reads are bounded: a calibration is three queries whatever the number of lifts, a fresh e1RM one.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from exhaust.domain import prescriptions as rx
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import BadInput, ExhaustError, UnknownExercise
from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.fatigue import (
    DEFAULT_PRIOR,
    EPLEY_REPS,
    OBSERVATION_SD_REPS,
    CarryOver,
    CarryOverObservation,
    FatigueModel,
    LoadPrescription,
    PreFatigue,
    SetPrediction,
    Work,
    e1rm_from,
    estimate_carry_over,
    prescribe,
    rm_load,
    round_down,
)
from exhaust.domain.logbook import OrderMethod, SetType, WeightUnit
from exhaust.domain.methods import Method
from exhaust.domain.methodtags import MethodTagger
from exhaust.domain.pairing import candidate_pairs
from exhaust.domain.plans import Block, Experience, Goal, LoadKind, RepRange
from exhaust.domain.sessions import Request, build_session, carry_over_text, planned_pre_fatigue
from exhaust.services.catalogue import find_exercise, get_catalogue
from exhaust.store.repository import Repository

if TYPE_CHECKING:
    from exhaust.domain.exercises import Equipment
    from exhaust.domain.muscles import Muscle
    from exhaust.services.logbook import Logbook
    from exhaust.services.planning import PlannedSession

# A lifter's fresh e1RM on a lift at some moment: their sessions of it in traditional order
# (or untagged) in the eight weeks before, each session's best set, and the median of those.
# The median, not the best: the best of eight noisy sessions sits a rep or so above the lifter's
# real capacity, which would read as fatigue that is not there. Within a session the best set,
# as the logbook's e1RM does: a back-off set or a warm-up logged as working reads low.
FRESH_WINDOW = timedelta(weeks=8)
FRESH_METHODS = (OrderMethod.TRADITIONAL.value, OrderMethod.NONE.value)
FRESH_SETS_READ = 400  # for one lift's current e1RM: its newest sets, far more than 8 weeks hold
# The calibration reads the latest this many pre-exhaust workouts, within a year of the last
# workout: lifters change, and the estimate is already narrow long before (calibration.py).
CALIBRATION_WORKOUTS = 100
CALIBRATION_WINDOW = timedelta(days=365)
PRE_METHODS = (OrderMethod.PRE.value, OrderMethod.REVERSE.value)
# Per lift, the latest: past a few dozen sets the interval is set by the fresh e1RM's error, not their number.
MAX_OBSERVATIONS = 60
# A set's length when its rest is read from the times two sets were logged: the rest is the gap
# less the later set, at about 3 s a rep (a controlled 1-2 s up, 1-2 s down tempo).
SECONDS_PER_REP = 3.0
BETWEEN_SETS_S = 60.0  # rest between an isolation's own sets when none is said (000: 60-90 s)
PLATE_STEP = {WeightUnit.KG: 2.5, WeightUnit.LB: 5.0}
_BLOCK = re.compile(r"^([A-Z]+)(\d+)$")


@lru_cache(maxsize=1)
def fatigue_model() -> FatigueModel:
    """The model with the catalogue's capacities and the published defaults."""
    return FatigueModel(get_catalogue().capacity)


# --- learning the lifter --------------------------------------------------------------------


@dataclass(frozen=True)
class _Set:
    workout: int
    position: int
    exercise_id: str
    block: str
    set_type: str
    weight_kg: float | None
    reps: int
    rpe: float | None
    rir: int | None
    rest_s: int | None
    at: datetime

    @property
    def reserve(self) -> float | None:
        return _reserve(self.set_type, self.rpe, self.rir)


def _reserve(set_type: str, rpe: float | None, rir: int | None) -> float | None:
    """Reps left in reserve, when the logbook says: RIR, 10 - RPE, or 0 for a set to failure."""
    if rir is not None:
        return float(rir)
    if rpe is not None:
        return max(0.0, 10.0 - rpe)
    return 0.0 if set_type == SetType.FAILURE else None


def _shows(reps: int, reserve: float | None) -> float:
    """The reps to failure a set shows: reps done plus those in reserve, plus half a rep when the
    effort is known (r reps done means r to r + 1 possible), as CarryOverObservation reads them."""
    return reps + (0.0 if reserve is None else reserve + 0.5)


@dataclass(frozen=True)
class Reference:
    """A fresh e1RM (kg) and its standard error as a fraction of it."""

    e1rm: float
    se: float


class _FreshE1rm:
    """A lifter's fresh e1RM on each lift at any moment, from their session bests. Each session
    best is uncertain by the rep-to-rep scatter of its set (calibration.OBSERVATION_SD_REPS reps,
    i.e. sd / (30 + reps) of the e1RM by Epley); the median of k of them by about 1.25 / sqrt(k)
    times that."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        best: dict[tuple[str, int], tuple[datetime, float, float]] = {}
        for workout, exercise_id, at, set_type, weight_kg, reps, rpe, rir in rows:
            shows = _shows(reps, _reserve(set_type, rpe, rir))
            e1rm = e1rm_from(float(weight_kg), shows)  # Epley, as the model reads reps
            key = (exercise_id, workout)
            first, top, sd = best.get(key, (at, 0.0, 0.0))
            if e1rm > top:
                top, sd = e1rm, OBSERVATION_SD_REPS / (EPLEY_REPS + shows)
            best[key] = (min(first, at), top, sd)
        self.sessions: dict[str, list[tuple[datetime, float, float]]] = defaultdict(list)
        for (exercise_id, _), value in best.items():
            self.sessions[exercise_id].append(value)
        for found in self.sessions.values():
            found.sort()

    def at(self, exercise_id: str, moment: datetime) -> Reference | None:
        found = [(e, sd) for at, e, sd in self.sessions.get(exercise_id, ()) if moment - FRESH_WINDOW <= at <= moment]
        if not found:
            return None
        spread = math.sqrt(sum(sd * sd for _, sd in found) / len(found))
        return Reference(statistics.median(e for e, _ in found), 1.2533 * spread / math.sqrt(len(found)))

    def latest(self, exercise_id: str) -> Reference | None:
        found = self.sessions.get(exercise_id)
        return self.at(exercise_id, found[-1][0]) if found else None


@dataclass(frozen=True)
class _Candidate:
    """A compound set after a pre-exhaust, with what came before it in its block."""

    compound: Exercise
    set: _Set
    before: tuple[_Set, ...]  # in order: the isolation's sets and the compound's earlier ones


def _groups(sets: list[_Set], catalogue: Catalogue, tagger: MethodTagger) -> Iterable[_Candidate]:
    """The compound sets of one workout that follow a pre-exhaust isolation in their block: a
    linked block (A1, A2) by its letter; sets logged without blocks (an import without
    supersets) by the run of sets right before, of the isolation and the compound only."""
    for index, current in enumerate(sets):
        if current.exercise_id not in catalogue or current.set_type == SetType.WARMUP:
            continue
        compound = catalogue.get(current.exercise_id)
        if not compound.is_compound:
            continue

        def pairs_with(s: _Set, compound: Exercise = compound) -> bool:
            found = tagger.pair(s.exercise_id if s.exercise_id in catalogue else None, compound.id)
            return found is not None and found[0] in (OrderMethod.PRE, OrderMethod.REVERSE)

        match = _BLOCK.match(current.block)
        if match:
            before = [s for s in sets[:index] if (m := _BLOCK.match(s.block)) and m[1] == match[1]]
        else:
            before = []
            for s in reversed(sets[:index]):
                if s.block or not (s.exercise_id == compound.id or pairs_with(s)):
                    break
                before.insert(0, s)
        before = [s for s in before if s.set_type != SetType.WARMUP]
        others = [s for s in before if s.exercise_id != compound.id]
        if others and all(pairs_with(s) for s in others):
            yield _Candidate(compound, current, tuple(before))


def _rest_before(later: _Set, earlier: _Set) -> float | None:
    """The rest taken before ``later``: as logged, else read from the two sets' times."""
    if later.rest_s is not None:
        return float(later.rest_s)
    gap = (later.at - earlier.at).total_seconds()
    if gap <= 0:  # logged at one moment (an import): the rest is not known
        return None
    return max(0.0, gap - SECONDS_PER_REP * later.reps)


# Why a compound set after a pre-exhaust cannot be read, in words for the lifter.
NO_EFFORT = "no RIR or RPE logged on the compound set"
NO_REST = "no rest logged, and the sets were logged at one moment"
NO_LOAD = "no weight, or one above the fresh e1RM"
NO_FRESH = "no traditional-order session of the lift in the 8 weeks before"


def _observation(c: _Candidate, fresh_e1rm: float, catalogue: Catalogue) -> CarryOverObservation | str:
    """The candidate as the calibration reads it, or why not, when something it needs is not
    known: the compound set's effort (reps short of failure by an unknown number would read as
    fatigue), a rest, or a load that fits the fresh e1RM."""
    s = c.set
    reserve = s.reserve
    if reserve is None:
        return NO_EFFORT
    if s.weight_kg is None or s.weight_kg <= 0 or s.weight_kg > fresh_e1rm:
        return NO_LOAD
    chain = [*c.before, s]
    works: list[Work] = []
    for earlier, later in pairwise(chain):
        rest = _rest_before(later, earlier)
        if rest is None:
            return NO_REST
        exercise = catalogue.get(earlier.exercise_id)
        if earlier.exercise_id == c.compound.id:
            if earlier.weight_kg is None or not 0 < earlier.weight_kg <= fresh_e1rm:
                return NO_LOAD
            works.append(Work.fixed(exercise, 1, earlier.reps, earlier.weight_kg / fresh_e1rm, rest_s=rest))
        else:
            effort = earlier.reserve
            rir = float(rx.PRE_ISO_RIR_ASSUMED) if effort is None else effort
            works.append(Work.autoregulated(exercise, 1, earlier.reps, rir, rest_s=rest))
    # Each set is its own Work whose rest_s is the rest before the next one (protocol.py), so
    # the last one's is the rest before the compound set.
    before = PreFatigue(tuple(works), rest_s=works[-1].rest_s)
    return CarryOverObservation(c.compound, s.weight_kg, s.reps, before, fresh_e1rm, rir=reserve)


@dataclass(frozen=True)
class PreExhaustSet:
    """A compound set the logbook holds right after a pre-exhaust (or reverse pre-exhaust)
    isolation in its block, as the calibration reads it."""

    workout: int
    at: datetime
    compound: Exercise
    after: tuple[Exercise, ...]  # the isolations before it in its block, in order
    weight_kg: float | None
    reps: int
    observation: CarryOverObservation | None  # None: it cannot be read, see ``unread``
    se: float = 0.0  # the standard error of the fresh e1RM it is read against, as a fraction
    unread: str = ""  # why it cannot be read (NO_EFFORT, NO_REST, NO_LOAD, NO_FRESH)


def pre_exhaust_sets(logbook: Logbook, lifts: Iterable[str] | None = None) -> list[PreExhaustSet]:
    """The lifter's compound sets after a pre-exhaust (or reverse pre-exhaust) isolation, each
    with what came before it in its block and their fresh e1RM on that lift then, oldest first:
    the latest CALIBRATION_WORKOUTS such workouts within CALIBRATION_WINDOW of the last workout.
    A set is read only when its effort (RIR, RPE, or a failure set) and rests (logged, or read
    from the times the sets were logged) are known. Three queries, whatever the number of lifts."""
    catalogue = get_catalogue()
    wanted = None if lifts is None else set(lifts)
    with logbook.db.transaction(write=False) as session:
        repo = Repository(session)
        last = repo.last_workout_start(logbook.user_id)
        if last is None:
            return []
        rows = repo.carry_over_sets(logbook.user_id, PRE_METHODS, last - CALIBRATION_WINDOW, CALIBRATION_WORKOUTS)
        by_workout: dict[int, list[_Set]] = defaultdict(list)
        for row in rows:
            by_workout[row[0]].append(_Set(*tuple(row)))
        tagger = MethodTagger(catalogue)
        candidates = [
            c
            for sets in by_workout.values()
            for c in _groups(sets, catalogue, tagger)
            if wanted is None or c.compound.id in wanted
        ]
        if not candidates:
            return []
        first = min(c.set.at for c in candidates)
        until = max(c.set.at for c in candidates)
        lift_ids = sorted({c.compound.id for c in candidates})
        fresh = _FreshE1rm(repo.loaded_sets(logbook.user_id, lift_ids, FRESH_METHODS, first - FRESH_WINDOW, until))
    out = []
    for c in sorted(candidates, key=lambda c: (c.set.at, c.set.workout, c.set.position)):
        after = tuple(dict.fromkeys(catalogue.get(b.exercise_id) for b in c.before if b.exercise_id != c.compound.id))
        found = PreExhaustSet(c.set.workout, c.set.at, c.compound, after, c.set.weight_kg, c.set.reps, None)
        reference = fresh.at(c.compound.id, c.set.at)
        if reference is None:
            out.append(replace(found, unread=NO_FRESH))
            continue
        read = _observation(c, reference.e1rm, catalogue)
        if isinstance(read, str):
            out.append(replace(found, unread=read))
        else:
            out.append(replace(found, observation=read, se=reference.se))
    return out


def observations(logbook: Logbook, lifts: Iterable[str] | None = None) -> list[tuple[CarryOverObservation, float]]:
    """The pre_exhaust_sets the calibration can read, oldest first, each with the standard
    error of its fresh e1RM as a fraction of it."""
    return [(s.observation, s.se) for s in pre_exhaust_sets(logbook, lifts) if s.observation is not None]


def carry_overs(logbook: Logbook, lifts: Iterable[str] | None = None) -> dict[str, CarryOver]:
    """The lifter's own carry-over per compound lift with sets to learn from (others are not
    in the result: use DEFAULT_PRIOR). Each is shrunk toward the published default, and its SD
    narrows as sets accumulate (domain/fatigue/calibration.py), from their latest
    MAX_OBSERVATIONS sets of the lift."""
    by_lift: dict[str, list[tuple[CarryOverObservation, float]]] = defaultdict(list)
    for obs, se in observations(logbook, lifts):
        by_lift[obs.compound.id].append((obs, se))
    return {lift: carry_over_from(group) for lift, group in sorted(by_lift.items())}


def carry_over_from(sets: Sequence[tuple[CarryOverObservation, float]]) -> CarryOver:
    """What the latest MAX_OBSERVATIONS of these sets of one lift (each with its fresh e1RM's
    standard error, as ``observations`` gives them) teach; the published default without any."""
    return _estimate(tuple(sets[-MAX_OBSERVATIONS:])) if sets else DEFAULT_PRIOR


@lru_cache(maxsize=256)
def _estimate(group: tuple[tuple[CarryOverObservation, float], ...]) -> CarryOver:
    """The calibration of one lift, with the error of the fresh e1RM added to its SD.

    The calibration's SD counts the scatter of the reps after the pre-exhaust, which averages
    out over many sets; the fresh e1RM they are read against is uncertain too, and its error is
    shared by the sets read against it, so it does not. We add it, taking the errors as one
    (the safe side): how far the estimate moves when every fresh e1RM is one standard error
    higher, by one Gauss-Newton step at the estimate (calibration.py), in quadrature to the SD.
    Without it a lifter with a few dozen sets gets an interval a tenth as wide as it should be.

    Cached: the estimate simulates every set a few dozen times (about 10 ms a set), and the
    same logbook is read again on every view of a plan or of today's session."""
    model = fatigue_model()
    estimate = estimate_carry_over([o for o, _ in group], model)
    at = model.with_carry_over(estimate.mean)
    lower, upper = model.with_carry_over(max(0.0, estimate.mean - 0.02)), model.with_carry_over(estimate.mean + 0.02)
    score, precision = 0.0, 1.0 / (DEFAULT_PRIOR.sd * DEFAULT_PRIOR.sd)
    for obs, se in group:
        slope = (
            upper.predict(obs.compound, obs.load, obs.before).reps
            - lower.predict(obs.compound, obs.load, obs.before).reps
        ) / (upper.carry_over - lower.carry_over)
        moved = (
            at.predict(obs.compound, obs.load / (1 + se), obs.before).reps
            - at.predict(obs.compound, obs.load, obs.before).reps
        )
        score -= slope * moved / OBSERVATION_SD_REPS**2
        precision += slope * slope / OBSERVATION_SD_REPS**2
    return replace(estimate, sd=math.hypot(estimate.sd, score / precision))


def carry_over_for(logbook: Logbook | None, lift: str) -> CarryOver:
    """The carry-over to use on ``lift``: the lifter's own, else the published default."""
    if logbook is None:
        return DEFAULT_PRIOR
    return carry_overs(logbook, [lift]).get(lift, DEFAULT_PRIOR)


def fresh_e1rm(logbook: Logbook, exercise_id: str, methods: Sequence[str] = FRESH_METHODS) -> float | None:
    """The lifter's fresh e1RM on a lift now, in kg: the median of their session bests in the
    eight weeks up to their latest session of it (in traditional order), or None. One query."""
    with logbook.db.transaction(write=False) as session:
        rows = Repository(session).loaded_sets(logbook.user_id, [exercise_id], methods, limit=FRESH_SETS_READ)
    found = _FreshE1rm(rows).latest(exercise_id)
    return None if found is None else found.e1rm


# --- predicting ---------------------------------------------------------------------------------


def _reps(n: int) -> str:
    return f"{n} rep" if n == 1 else f"{n} reps"


@dataclass(frozen=True)
class Isolation:
    """The isolation exercise of a prediction, as a lifter says it: its sets, and how hard each
    is (reps with reps in reserve, reps at a load, or a load with reps in reserve). ``load`` is
    in the prediction's unit, ``percent`` of the isolation's 1RM; ``rest_s`` is the rest between
    it and the compound, ``between_s`` between its own sets."""

    name: str
    sets: int = 2
    reps: int | None = None
    rir: float | None = None
    load: float | None = None
    percent: float | None = None
    rest_s: float = 0.0
    between_s: float = BETWEEN_SETS_S


@dataclass(frozen=True)
class Target:
    """The load that keeps a rep target after the other exercise."""

    reps: RepRange
    advice: LoadPrescription  # loads in the prediction's unit (or %1RM without an e1RM)
    in_percent: bool

    @property
    def load(self) -> float:
        return self.advice.load_kg

    @property
    def fresh_load(self) -> float:
        return self.advice.fresh_load_kg

    def outside(self, unit: str) -> list[str]:
        """What falls outside the target, and why: the reps to failure at the load for a
        carry-over one SD either side of the estimate (prescribe.py), in words."""
        a, co = self.advice, self.advice.carry_over
        whose = "your carry-over" if co.personal else "the carry-over"
        step = f"{a.plate_step_kg:g}{unit}"
        out = []
        if a.spare:
            out.append(
                f"up to {_reps(a.to_failure[1])} to failure if {whose} is one SD lower "
                f"({max(0.0, co.mean - co.sd):.2f}): stop at {self.reps.high} and add {step} next time"
            )
        if a.short:
            out.append(
                f"as few as {_reps(a.to_failure[0])} if {whose} is one SD higher ({co.mean + co.sd:.2f}): "
                f"below {self.reps.low} reps, take {step} off"
            )
        return out


@dataclass(frozen=True)
class Prediction:
    method: Method | None  # None: the set fresh, nothing before it
    measured: Exercise  # the exercise whose set is predicted
    first: Exercise | None  # the exercise done before it
    first_work: Work | None
    rest_s: float
    load: float  # fraction of the measured exercise's fresh 1RM
    weight: float | None  # the load in ``unit``, when known
    e1rm: float | None  # the measured exercise's fresh e1RM in ``unit``, when known
    e1rm_source: str  # 'given', 'logbook' or ''
    unit: WeightUnit
    fresh: SetPrediction
    after: SetPrediction | None
    carry_over: CarryOver
    target: Target | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def reps_lost(self) -> float:
        return 0.0 if self.after is None else self.fresh.reps - self.after.reps

    @property
    def load_drop(self) -> float:
        """How much lighter the load must be for the same reps as fresh (0.15: 15 %)."""
        return 0.0 if self.after is None else 1.0 - self.after.one_rm / self.fresh.one_rm

    @property
    def shifted(self) -> bool:
        return self.after is not None and self.after.limiting is not self.fresh.limiting

    def _weight_text(self, value: float) -> str:
        return f"{value:g} {self.unit.value}"

    def _first_text(self) -> str:
        w = self.first_work
        if w is None or self.first is None:
            return ""
        if w.load is not None and w.reps is not None:
            how = f"{w.reps} reps at {100 * w.load:.0f}% 1RM"
        elif w.load is not None:
            how = f"to RIR {w.rir:g} at {100 * w.load:.0f}% 1RM" if w.rir else f"to failure at {100 * w.load:.0f}% 1RM"
        else:
            how = f"{w.reps} reps at RIR {w.rir:g}"
        rest = "straight" if self.rest_s <= rx.PRE_REST_SUPERSET_MAX else f"{self.rest_s:g} s"
        return f"{rest} after {w.sets} x {self.first.name} ({how})"

    @property
    def lines(self) -> list[str]:
        """The prediction in words, one finding a line."""
        pct = f"{100 * self.load:.1f}".rstrip("0").rstrip(".") + "%"
        load = f"{pct} 1RM"
        if self.weight is not None and self.e1rm is not None:
            load = f"{self._weight_text(self.weight)} ({pct} of your {self._weight_text(round(self.e1rm, 1))} e1RM)"
        head = f"{self.measured.name} at {load}"
        if self.method is not None:
            head += f", {self.method.value}"
        out = [head]
        out.append(
            f"fresh: {_reps(self.fresh.whole_reps)} to failure ({self.fresh.reps:.1f}); "
            f"weak link: {self.fresh.limiting.label}"
        )
        if self.after is not None:
            out.append(
                f"{self._first_text()}: {_reps(self.after.whole_reps)} ({self.after.reps:.1f}, "
                f"{self.reps_lost:.1f} fewer); weak link: {self.after.limiting.label}"
            )
            if self.shifted:
                out.append(
                    f"the weak link shifted from the {self.fresh.limiting.label} to the {self.after.limiting.label}"
                )
            out.append(f"for the same reps as fresh: {100 * self.load_drop:.0f}% lighter")
        if self.target is not None:
            t = self.target
            low, high = t.advice.expected_reps
            reps = str(low) if low == high else f"{low}-{high}"
            unit = "% 1RM" if t.in_percent else f" {self.unit.value}"
            out.append(
                f"for {t.reps.text} reps: {t.load:g}{unit} (fresh {t.fresh_load:.1f}{unit}, "
                f"{100 * t.advice.drop:.0f}% lighter); expect {reps} reps"
            )
            out.extend(t.outside(unit))
        co = self.carry_over
        if co.personal:
            out.append(
                f"carry-over: yours, {co.mean:.2f} (95 % interval {co.low:.2f}-{co.high:.2f}) from {co.n} "
                f"set{'s' if co.n != 1 else ''} in your logbook, instead of the published {DEFAULT_PRIOR.mean:.2f}"
            )
        else:
            out.append(
                f"carry-over: the published default {co.mean:.2f} (Salles et al. 2008, seed 004); "
                "log compound sets after a pre-exhaust with their RIR to make it yours"
            )
        out.extend(self.notes)
        return out

    def as_dict(self) -> dict[str, Any]:
        def state(p: SetPrediction | None) -> dict[str, Any] | None:
            if p is None:
                return None
            return {"reps": round(p.reps, 2), "whole_reps": p.whole_reps, "limiting": p.limiting.value}

        first = None
        if self.first is not None and self.first_work is not None:
            w = self.first_work
            first = {
                "id": self.first.id,
                "name": self.first.name,
                "sets": w.sets,
                "reps": w.reps,
                "rir": w.rir,
                "percent_1rm": None if w.load is None else round(100 * w.load, 1),
                "between_s": w.rest_s,
                "rest_s": self.rest_s,
            }
        target = None
        if self.target is not None:
            t = self.target
            target = {
                "reps": t.reps.text,
                "load": t.load,
                "fresh_load": round(t.fresh_load, 2),
                "unit": "%1RM" if t.in_percent else self.unit.value,
                "drop": round(t.advice.drop, 4),
                "expected_reps": list(t.advice.expected_reps),
                "reps_to_failure": list(t.advice.to_failure),
                "outside": t.outside("% 1RM" if t.in_percent else f" {self.unit.value}"),
                "limiting": t.advice.limiting.value,
            }
        co = self.carry_over
        return {
            "method": None if self.method is None else self.method.value,
            "exercise": {"id": self.measured.id, "name": self.measured.name},
            "before": first,
            "load": {
                "value": self.weight,
                "unit": self.unit.value,
                "percent_1rm": round(100 * self.load, 2),
            },
            "e1rm": None
            if self.e1rm is None
            else {"value": round(self.e1rm, 1), "unit": self.unit.value, "source": self.e1rm_source},
            "fresh": state(self.fresh),
            "after": state(self.after),
            "reps_lost": round(self.reps_lost, 2),
            "weak_link_shifted": self.shifted,
            "load_drop": round(self.load_drop, 4),
            "target": target,
            "carry_over": {
                "mean": round(co.mean, 4),
                "sd": round(co.sd, 4),
                "low": round(co.low, 4),
                "high": round(co.high, 4),
                "n": co.n,
                "personal": co.personal,
                "source": "your logbook" if co.personal else "published default",
            },
        }


def _exercise(name: str, catalogue: Catalogue, logbook: Logbook | None) -> Exercise:
    try:
        return find_exercise(name, catalogue)
    except UnknownExercise as unknown:
        own = False
        if logbook is not None:
            try:
                own = logbook.exercise_id_for(name) not in catalogue
            except UnknownExercise:
                raise unknown from None  # the catalogue's suggestions, without the logbook's --custom hint
        if own:
            raise ExhaustError(
                f"{name!r} is one of your own exercises; the fatigue model knows only the catalogue's "
                "muscles and shares. Name the catalogue exercise closest to it (`exhaust exercises`)"
            ) from None
        raise


def resolve_compound(name: str, logbook: Logbook | None = None) -> Exercise:
    """The catalogue's compound lift called ``name`` (an id, a name, an alias or a near miss);
    an isolation or one of the lifter's own exercises is refused with what to name instead."""
    found = _exercise(name, get_catalogue(), logbook)
    if not found.is_compound:
        raise ExhaustError(
            f"{found.name} is an isolation exercise; name the compound lift that follows it "
            "(`exhaust pair MUSCLE` lists the pairs)"
        )
    return found


def order_method(isolation: Exercise, compound: Exercise, isolation_first: bool) -> Method:
    """Pre-exhaust, reverse pre-exhaust or post-exhaust, as methodtags.py reads a pair; an
    isolation that loads no prime mover of the compound (nor, before it, a synergist) is refused
    with PAIR-SAME-MUSCLE and the isolations that do pair with it."""
    shared = any(compound.role_of(m) is Role.PRIME for m in isolation.prime_movers)
    if shared:
        return Method.PRE_EXHAUST if isolation_first else Method.POST_EXHAUST
    if isolation_first and compound.role_of(isolation.main_muscle) is Role.SYNERGIST:
        return Method.REVERSE_PRE_EXHAUST
    catalogue = get_catalogue()
    method = Method.PRE_EXHAUST if isolation_first else Method.POST_EXHAUST
    fits = list(
        dict.fromkeys(
            c.isolation.name
            for m in compound.prime_movers
            for c in candidate_pairs(catalogue, m, method)
            if c.compound.id == compound.id
        )
    )[:5]
    primes = ", ".join(m.label for m in compound.prime_movers)
    also = "" if not isolation_first else " (or, before it, a synergist: reverse pre-exhaust, seed 003)"
    hint = f" Isolations that pair with it: {', '.join(fits)}." if fits else ""
    raise ExhaustError(
        f"PAIR-SAME-MUSCLE (seeds 002, 004): {isolation.name} does not load a prime mover of "
        f"{compound.name} ({primes}){also}, so it is no {method.value} pair.{hint}"
    )


def _fraction(
    weight: float | None,
    percent: float | None,
    e1rm: float | None,
    what: str,
    unit: WeightUnit,
    hint: str = "give it with --e1rm, log sets of it, or give the load as a percentage of your 1RM (e.g. 75%)",
) -> float:
    if percent is not None:
        if not 0 < percent <= 100:
            raise BadInput(f"{what}: a percentage of the 1RM is above 0 and at most 100")
        return percent / 100
    assert weight is not None
    if weight <= 0:
        raise BadInput(f"{what}: a load must be positive")
    if e1rm is None:
        raise ExhaustError(f"no e1RM to read {weight:g} {unit.value} of {what} against: {hint}")
    if weight > e1rm:
        raise ExhaustError(
            f"{weight:g} {unit.value} of {what} is above your e1RM of {e1rm:.1f} {unit.value}; "
            "give a lighter load or a newer e1RM"
        )
    return weight / e1rm


ISO_HINT = "log sets of it, or give --iso-load as a percentage of its 1RM (e.g. 60%), or its reps and RIR"


def _isolation_work(iso: Isolation, exercise: Exercise, e1rm: float | None, unit: WeightUnit) -> Work:
    load = None
    if iso.load is not None or iso.percent is not None:
        load = _fraction(iso.load, iso.percent, e1rm, exercise.name, unit, ISO_HINT)
    rir = iso.rir
    if load is None and rir is None:
        rir = float(rx.PRE_ISO_RIR_ASSUMED)
    try:
        return Work(exercise, sets=iso.sets, reps=iso.reps, rir=rir, load=load, rest_s=iso.between_s)
    except ValueError as exc:
        raise BadInput(f"{exercise.name}: {exc}") from None


def predict(
    compound: str,
    load: float | None = None,
    *,
    percent: float | None = None,
    after: Isolation | None = None,
    post: Isolation | None = None,
    e1rm: float | None = None,
    logbook: Logbook | None = None,
    target: RepRange | None = None,
    unit: WeightUnit = WeightUnit.KG,
    compound_rir: float = 0.0,
) -> Prediction:
    """Reps to failure on ``compound`` at ``load`` (in ``unit``; or ``percent`` of its 1RM), fresh
    and ``after`` an isolation (pre-exhaust, or reverse pre-exhaust when it tires a synergist);
    or, with ``post``, the isolation's reps fresh and after one set of the compound at that load
    taken to ``compound_rir`` (post-exhaust). With ``target``, the load that keeps that many
    reps. With a ``logbook``, the lifter's own carry-over on the compound and their e1RMs."""
    catalogue = get_catalogue()
    if (load is None) == (percent is None):
        raise BadInput("give the compound's load as a weight or as a percentage of its 1RM (one of them)")
    if after is not None and post is not None:
        raise BadInput("an isolation goes before the compound (--after) or after it (--post), not both")
    comp = _exercise(compound, catalogue, logbook)
    if not comp.is_compound:
        raise ExhaustError(
            f"{comp.name} is an isolation exercise; name the compound lift first and the isolation "
            f"with --after or --post (exhaust predict bench --load 80 --after {comp.id})"
        )
    per_kg = unit.per_kg
    source = "given" if e1rm is not None else ""
    if e1rm is None and logbook is not None and load is not None:
        found = fresh_e1rm(logbook, comp.id)
        if found is not None:
            e1rm, source = found * per_kg, "logbook"
    fraction = _fraction(load, percent, e1rm, comp.name, unit)
    co = carry_over_for(logbook, comp.id)
    model = fatigue_model().with_carry_over(co.mean)

    iso_spec = after or post
    if iso_spec is None:
        if target is not None:
            raise BadInput("a rep target is kept after another exercise: name it with --after or --post")
        fresh = model.predict(comp, fraction)
        return Prediction(None, comp, None, None, 0.0, fraction, load, e1rm, source, unit, fresh, None, co)
    iso = _exercise(iso_spec.name, catalogue, logbook)
    if not iso.is_isolation:
        raise ExhaustError(
            f"{iso.name} is a compound lift; --after and --post take an isolation exercise "
            "(`exhaust pair MUSCLE` lists the pairs)"
        )
    method = order_method(iso, comp, isolation_first=after is not None)
    iso_e1rm = None
    if logbook is not None and iso_spec.load is not None:
        found = fresh_e1rm(logbook, iso.id, (*FRESH_METHODS, *PRE_METHODS))
        iso_e1rm = None if found is None else found * per_kg

    if after is not None:
        measured, measured_load, measured_e1rm = comp, fraction, e1rm
        work = _isolation_work(after, iso, iso_e1rm, unit)
        first, rest = iso, after.rest_s
    else:
        assert post is not None
        measured, measured_e1rm = iso, iso_e1rm
        if post.load is not None or post.percent is not None:
            measured_load = _fraction(post.load, post.percent, iso_e1rm, iso.name, unit, ISO_HINT)
        elif post.reps is not None:  # the weight the lifter would use fresh for those reps
            measured_load = rm_load(post.reps + (post.rir or 0.0))
        else:
            raise BadInput(f"say how heavy the {iso.name} set is: its reps (--reps), or its load (--iso-load)")
        try:
            work = Work(comp, sets=1, rir=compound_rir, load=fraction)
        except ValueError as exc:
            raise BadInput(f"{comp.name}: {exc}") from None
        first, rest = comp, post.rest_s
    if rest < 0:
        raise BadInput("a rest cannot be negative")
    before = PreFatigue((work,), rest_s=rest)
    fresh = model.predict(measured, measured_load)
    later = model.predict(measured, measured_load, before)
    aim = None
    if target is not None:
        in_percent = measured_e1rm is None
        try:
            advice = prescribe(
                fatigue_model(),
                measured,
                100.0 if in_percent else measured_e1rm or 100.0,
                before,
                target,
                2.5 if in_percent else PLATE_STEP[unit],
                co,
            )
        except ValueError as exc:
            raise ExhaustError(f"{exc}; lower the rep target or the pre-fatigue") from None
        aim = Target(target, advice, in_percent)
    weight = load if measured is comp else (post.load if post is not None else None)
    notes: tuple[str, ...] = ()
    if after is not None and after.rir is None and after.load is None and after.percent is None:
        notes = (f"{iso.name}: RIR {rx.PRE_ISO_RIR_ASSUMED} taken (002's moderate load); say --rir or --iso-load",)
    return Prediction(
        method, measured, first, work, rest, measured_load, weight, measured_e1rm,
        source if measured is comp else ("logbook" if measured_e1rm is not None else ""),
        unit, fresh, later, co, aim, notes,
    )  # fmt: skip


# --- plans and the training floor ------------------------------------------------------------


def plan_session(
    logbook: Logbook,
    method: Method,
    targets: tuple[Muscle, ...],
    experience: Experience,
    goal: Goal,
    equipment: tuple[Equipment, ...] | None = None,
    spotter: bool = False,
) -> PlannedSession:
    """planning.plan_session for this lifter: a compound after a pre-exhaust gets the load of
    their own carry-over on that lift where their logbook has one."""
    from exhaust.domain.planfile import format_plan, parse_plan
    from exhaust.domain.rules import check_plan
    from exhaust.services.planning import PlannedSession, exercise_name

    catalogue = get_catalogue()
    own = carry_overs(logbook)
    plan = build_session(Request(method, targets, experience, goal, equipment), catalogue, own)
    plan = plan.model_copy(update={"spotter": spotter})
    text = format_plan(plan, exercise_name)
    written = parse_plan(text, lambda n: find_exercise(n, catalogue), source="<plan>")
    return PlannedSession(written, text, check_plan(written, catalogue, carry_over=own))


@dataclass(frozen=True)
class Expectation:
    """What to expect on a compound of a plan block after its isolation."""

    label: str  # the item's label in the block: A2
    exercise_id: str
    after: str  # the isolation's name
    reps: tuple[int, int]  # low-high, the carry-over one SD either side
    percent: float  # the load as a %1RM
    weight: float | None  # in ``unit``, when the lifter's e1RM is known
    unit: str
    limiting: Muscle
    limiting_fresh: Muscle
    carry_over: CarryOver
    target: RepRange | None = None  # the plan's rep range for the item

    @property
    def text(self) -> str:
        """The reps to expect, kept inside the plan's range: past its top the lifter stops there
        (and has earned more weight), below its bottom the weight is too heavy; both are said."""
        low, high = self.reps
        top = self.target.high if self.target is not None else high
        shown_low, shown_high = min(low, top), min(high, top)
        reps = str(shown_low) if shown_low == shown_high else f"{shown_low}–{shown_high}"
        load = f"{self.weight:g} {self.unit}" if self.weight is not None else f"{self.percent:g}% 1RM"
        text = f"after the {self.after}, expect {reps} reps at {load}"
        if high > top:
            text += f" (up to {high} to failure: stop at {top} and add weight next time)"
        elif self.target is not None and low < self.target.low:
            text += f" (as few as {low}: under {self.target.low}, take a plate off)"
        return text

    @property
    def why(self) -> str:
        weak = f"weak link: {self.limiting.label}"
        if self.limiting is not self.limiting_fresh:
            weak += f" (fresh: {self.limiting_fresh.label})"
        return f"{weak}; {carry_over_text(self.carry_over)}"


def expectations(
    logbook: Logbook, block: Block, weights: Mapping[str, tuple[float | Decimal, str]] | None = None
) -> dict[str, Expectation]:
    """For each compound of ``block`` that follows an isolation for its muscles, by its label
    (A2): the reps to expect at the weight the caller suggests (``weights``: label -> (weight,
    'kg' or 'lb'), e.g. a Suggestion's), else the plan's own weight, else the plan's %1RM of
    the lifter's fresh e1RM, else the model's load for the top of its rep range. Empty for a
    block without such a pair. A few small reads per compound (carry_over_for, fresh_e1rm)."""
    catalogue = get_catalogue()
    model = fatigue_model()
    out: dict[str, Expectation] = {}
    for index, item in enumerate(block.items):
        before = planned_pre_fatigue(block, index, catalogue)
        if before is None:
            continue
        compound = catalogue.get(item.exercise_id)
        label = block.item_label(index)
        load = item.load
        given = (weights or {}).get(label)
        if given is None and load is not None and load.kind is LoadKind.WEIGHT:
            given = (load.low, load.unit or logbook.unit.value)
        unit = WeightUnit(given[1]) if given is not None else logbook.unit
        co = carry_over_for(logbook, compound.id)
        found = fresh_e1rm(logbook, compound.id)
        e1rm = None if found is None else found * unit.per_kg
        weight: float | None = None
        if given is not None and e1rm is not None:
            weight = float(given[0])
            fraction = min(1.0, weight / e1rm)
        else:
            if load is not None and load.kind is LoadKind.PERCENT_1RM:
                fraction = load.low / 100
            else:
                fraction = prescribe(model, compound, 100.0, before, item.reps, 2.5, co).load_kg / 100
            if e1rm is not None and round_down(e1rm * fraction, PLATE_STEP[unit]) > 0:
                weight = round_down(e1rm * fraction, PLATE_STEP[unit])
                fraction = weight / e1rm
        expected = model.with_carry_over(co.mean).predict(compound, fraction, before)
        low = model.with_carry_over(co.mean + co.sd).predict(compound, fraction, before).whole_reps
        high = model.with_carry_over(max(0.0, co.mean - co.sd)).predict(compound, fraction, before).whole_reps
        out[label] = Expectation(
            label=label,
            exercise_id=compound.id,
            after=catalogue.get(block.items[index - 1].exercise_id).name,
            reps=(low, high),
            percent=round(100 * fraction, 1),
            weight=weight,
            unit=unit.value,
            limiting=expected.limiting,
            limiting_fresh=model.limiting(compound),
            carry_over=co,
            target=item.reps,
        )
    return out
