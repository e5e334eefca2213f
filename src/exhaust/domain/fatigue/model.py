"""The weak-link fatigue model: a set ends when its first muscle gives out.

Seeds 000, 002 and 004 argue about which muscle gives out first in a compound lift and what
an isolation exercise before or after it changes. The model makes that arithmetic:

1. Capacity. An exercise spreads its load over its muscles by their shares; each muscle has
   a relative capacity (the catalogue's ``[capacity]`` table). Muscle i's demand is
   share_i / capacity_i (as in exercises.weak_link). The muscle with the highest demand is
   the weak link and sets the exercise's one-repetition maximum (1RM); any other muscle
   alone would allow ``headroom_i = top demand / demand_i`` (>= 1) times that 1RM. Loads are
   fractions of the fresh 1RM. Stabilisers are left out, as in exercises.weak_link.
2. Reps from capacity. Epley 1985 (1RM = w (1 + r / 30)) solved for reps:
   r = 30 (1RM / w - 1). Why Epley: it is linear in reps, which makes every rep cost the same
   capacity (point 3) and keeps the model exact: after k reps of a set that allowed R, the
   formula allows R - k more. Of the six formulas LeSuer et al. 1997 compare only O'Conner et
   al. 1989 (w (1 + r / 40)) shares that; Epley is the app's default e1RM formula
   (analytics/e1rm.py), so a prediction and the lifter's e1RM chart agree.
3. Fatigue. A rep at load w costs each muscle w / (30 headroom_i) of its capacity, i.e. w / 30
   of the 1RM that muscle allows. A set to failure therefore leaves the weak link at
   capacity = load, as failure means. The fatigue a muscle carries is a fraction of its
   capacity; the 1RM muscle i allows is headroom_i (1 - fatigue_i); the exercise's 1RM is the
   smallest of these, and the muscle that gives it is the limiting muscle.
4. Rest. Each set's fatigue shrinks with rest by recovery.Recovery (two exponentials, with
   their sources).
5. Carry-over. Fatigue made by another exercise counts ``carry_over`` times in this one
   (fatigue made by the same exercise counts fully). Fatigue is partly specific to the task
   (Enoka & Duchateau 2008, "Muscle fatigue: what, why and how it influences muscle
   function", J Physiol 586(1):11-23), and in a compound the nervous system shifts work from
   a pre-fatigued prime mover onto its synergists: its activation falls (Augustsson et al.
   2003, J Strength Cond Res 17(2):411-416) and the triceps' rises (Brennecke et al. 2009,
   J Strength Cond Res 23(7):1933-1940), as seed 002 reports. ``carry_over`` is the
   parameter calibration.py learns per lifter and lift; DEFAULT_CARRY_OVER is where it
   starts.

Because every muscle's allowed 1RM falls by the same w / 30 per rep of one exercise, the
limiting muscle never changes within an exercise; it changes only when another exercise has
tired one muscle more than the others: the weak link shifts (seeds 000, 002).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.fatigue.protocol import PreFatigue, Work
from exhaust.domain.fatigue.recovery import DEFAULT_RECOVERY, Recovery
from exhaust.domain.muscles import Muscle

EPLEY_REPS = 30.0  # Epley 1985: 1RM = w (1 + r / 30)

# Fitted jointly to the two published figures issue 7 names: Salles et al. 2008
# (studies.SALLES_2008: leg extension after leg press, 20 s apart, 3.57 +/- 1.19 reps) and seed
# 004 (prescriptions.PRE_LOAD_DROP: pre-exhaust lowers the compound load 10-20 %, taken at its
# middle, 15 %, for two sets of 12-15 flyes at RIR 2 straight before the bench press). Least squares, each residual over
# its half-width (the SD; 5 points of load), gives 0.9 on a 0.05 grid; the model then predicts
# 3.7 reps for Salles and a 15-17 % lighter bench press after the flyes (a test redoes the fit).
# 1.0 would mean no task specificity at all.
DEFAULT_CARRY_OVER = 0.9


def reps_at(one_rm: float, load: float) -> float:
    """Reps to failure at ``load`` by Epley, for a set whose 1RM is ``one_rm`` (same unit)."""
    if load <= 0:
        raise ValueError("a load must be positive")
    return max(0.0, EPLEY_REPS * (one_rm / load - 1.0))


def load_at(one_rm: float, reps: float) -> float:
    """The load that allows exactly ``reps`` reps to failure, by Epley."""
    if reps < 0:
        raise ValueError("reps cannot be negative")
    return one_rm / (1.0 + reps / EPLEY_REPS)


def rm_load(reps: float) -> float:
    """An ``reps``-RM load as a fraction of the 1RM: 8RM is 0.789, 10RM is 0.75."""
    return load_at(1.0, reps)


def e1rm_from(load_kg: float, reps: float) -> float:
    """Epley's 1RM from a fresh set to failure (the same formula the model turns back)."""
    return load_kg * (1.0 + reps / EPLEY_REPS)


def whole(reps: float) -> int:
    """The reps a lifter completes: a started rep that cannot be finished does not count."""
    return max(0, math.floor(reps + 1e-9))


def headroom(exercise: Exercise, capacity: Mapping[Muscle, float]) -> dict[Muscle, float]:
    """For each prime mover and synergist, the 1RM it alone would allow, fresh, as a multiple
    of the exercise's 1RM (1.0 for the weak link), in the catalogue's order."""
    demand = {m.muscle: m.share / capacity[m.muscle] for m in exercise.muscles if m.role is not Role.STABILISER}
    top = max(demand.values())
    return {muscle: top / d for muscle, d in demand.items()}


@dataclass(frozen=True)
class MuscleState:
    """One muscle as the predicted set finds it."""

    muscle: Muscle
    role: Role
    fatigue: float  # fraction of the muscle's capacity missing, as this exercise feels it
    one_rm: float  # the exercise's 1RM this muscle alone allows, as a fraction of the fresh 1RM
    reps: float  # the reps this muscle alone allows at the load


@dataclass(frozen=True)
class SetPrediction:
    """Reps to failure of one set, and which muscle ends it."""

    exercise_id: str
    load: float  # fraction of the fresh 1RM
    reps: float
    limiting: Muscle
    muscles: tuple[MuscleState, ...]

    @property
    def whole_reps(self) -> int:
        return whole(self.reps)

    @property
    def one_rm(self) -> float:
        """The exercise's 1RM now, as a fraction of its fresh 1RM."""
        return min(m.one_rm for m in self.muscles)

    def state_of(self, muscle: Muscle) -> MuscleState:
        found = next((m for m in self.muscles if m.muscle is muscle), None)
        if found is None:
            raise KeyError(f"{self.exercise_id} does not load the {muscle.label} as a mover")
        return found


@dataclass(frozen=True)
class OrderEffect:
    """The same set fresh and after pre-fatigue: what the exercise order costs."""

    fresh: SetPrediction
    after: SetPrediction

    @property
    def reps_lost(self) -> float:
        return self.fresh.reps - self.after.reps

    @property
    def load_drop(self) -> float:
        """How much lighter the load must be for the same reps (Epley: in proportion to the 1RM)."""
        return 1.0 - self.after.one_rm / self.fresh.one_rm

    @property
    def shifted(self) -> bool:
        """The weak link moved: another muscle ends the set than would fresh."""
        return self.fresh.limiting is not self.after.limiting


def _weakest(exercise: Exercise, allowed: Mapping[Muscle, float]) -> Muscle:
    """The muscle allowing the smallest 1RM. Ties break as in exercises.weak_link: the main
    muscle first, then by name (a row's biceps and upper back tie exactly: 0.15/0.35 = 0.3/0.7)."""
    main = exercise.main_muscle
    return min(allowed, key=lambda m: (round(allowed[m], 9), m is not main, m.value))


@dataclass
class _Trace:
    """The fatigue one set left in one muscle, and how long ago."""

    muscle: Muscle
    exercise_id: str
    amount: float  # fraction of the muscle's capacity
    age_s: float = 0.0


@dataclass(frozen=True)
class FatigueModel:
    """Muscle capacities (the catalogue's), the recovery curve, and the carry-over."""

    capacity: Mapping[Muscle, float]
    recovery: Recovery = field(default=DEFAULT_RECOVERY)
    carry_over: float = DEFAULT_CARRY_OVER

    def __post_init__(self) -> None:
        if self.carry_over < 0:
            raise ValueError("carry-over cannot be negative")

    def with_carry_over(self, carry_over: float) -> FatigueModel:
        return replace(self, carry_over=max(0.0, carry_over))

    # -- the questions ------------------------------------------------------------------

    def predict(self, exercise: Exercise, load: float, before: PreFatigue | None = None) -> SetPrediction:
        """Reps to failure at ``load`` (fraction of the fresh 1RM), fresh or after ``before``."""
        return self._session(before).predict(exercise, load)

    def compare(self, exercise: Exercise, load: float, before: PreFatigue) -> OrderEffect:
        return OrderEffect(fresh=self.predict(exercise, load), after=self.predict(exercise, load, before))

    def one_rm(self, exercise: Exercise, before: PreFatigue | None = None) -> float:
        """The exercise's 1RM after ``before``, as a fraction of its fresh 1RM."""
        return min(self._session(before).allowed(exercise).values())

    def load_for(self, exercise: Exercise, reps: float, before: PreFatigue | None = None) -> float:
        """The load (fraction of the fresh 1RM) that allows exactly ``reps`` reps to failure."""
        return load_at(self.one_rm(exercise, before), reps)

    def limiting(self, exercise: Exercise, before: PreFatigue | None = None) -> Muscle:
        """The muscle that ends the set: the one allowing the smallest 1RM, whatever the load."""
        return _weakest(exercise, self._session(before).allowed(exercise))

    # -- the simulation -----------------------------------------------------------------

    def _session(self, before: PreFatigue | None) -> _Session:
        session = _Session(self)
        if before is not None:
            for index, work in enumerate(before.work):
                if index:
                    session.rest(before.work[index - 1].rest_s)
                session.perform(work)
            session.rest(before.rest_s)
        return session


class _Session:
    """The fatigue traces of one session, in order."""

    def __init__(self, model: FatigueModel) -> None:
        self.model = model
        self.traces: list[_Trace] = []

    def rest(self, seconds: float) -> None:
        for trace in self.traces:
            trace.age_s += seconds

    def fatigue(self, exercise: Exercise) -> dict[Muscle, float]:
        out: dict[Muscle, float] = {}
        for t in self.traces:
            weight = 1.0 if t.exercise_id == exercise.id else self.model.carry_over
            out[t.muscle] = out.get(t.muscle, 0.0) + weight * t.amount * self.model.recovery.remaining(t.age_s)
        return out

    def allowed(self, exercise: Exercise) -> dict[Muscle, float]:
        """The 1RM each muscle allows now, as a fraction of the exercise's fresh 1RM."""
        fatigue = self.fatigue(exercise)
        return {
            m: room * max(0.0, 1.0 - fatigue.get(m, 0.0)) for m, room in headroom(exercise, self.model.capacity).items()
        }

    def predict(self, exercise: Exercise, load: float) -> SetPrediction:
        fatigue = self.fatigue(exercise)
        allowed = self.allowed(exercise)
        states = tuple(
            MuscleState(
                muscle=m,
                role=exercise.role_of(m) or Role.SYNERGIST,
                fatigue=min(1.0, fatigue.get(m, 0.0)),
                one_rm=one_rm,
                reps=reps_at(one_rm, load),
            )
            for m, one_rm in allowed.items()
        )
        weakest = next(s for s in states if s.muscle is _weakest(exercise, allowed))
        return SetPrediction(
            exercise_id=exercise.id, load=load, reps=weakest.reps, limiting=weakest.muscle, muscles=states
        )

    def perform(self, work: Work) -> None:
        for index in range(work.sets):
            if index:
                self.rest(work.rest_s)
            one_rm = min(self.allowed(work.exercise).values())
            if work.load is None:  # reps at RIR: the weight that leaves `rir` after `reps`
                assert work.reps is not None and work.rir is not None
                reps = work.reps
                load = load_at(one_rm, reps + work.rir)
            else:
                load = work.load
                possible = reps_at(one_rm, load)
                reps = whole(possible - (work.rir or 0.0)) if work.reps is None else min(work.reps, whole(possible))
            self.lift(work.exercise, load, reps)

    def lift(self, exercise: Exercise, load: float, reps: int) -> None:
        if reps <= 0 or load <= 0:
            return
        for muscle, room in headroom(exercise, self.model.capacity).items():
            self.traces.append(_Trace(muscle, exercise.id, reps * load / (room * EPLEY_REPS)))
