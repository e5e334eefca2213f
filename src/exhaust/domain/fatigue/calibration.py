"""Learning the lifter: each lifter's fatigue carry-over per compound lift, from the logbook.

The model's ``carry_over`` (model.py) says how much of the fatigue another exercise leaves
shows up in a compound. Lifters differ, so we estimate it per lifter and lift from their own
sets: a compound set taken to failure (or with its reps in reserve logged) after a logged
pre-fatigue, and the lifter's fresh e1RM on that lift at the time.

The estimate is a normal-normal Bayesian update (a precision-weighted mean):

- Prior: the published default, DEFAULT_CARRY_OVER with SD PRIOR_SD.
- Each observation, read at a carry-over c, gives its own estimate
  c_i = c + (reps_i - predicted_i(c)) / g_i, where g_i is how many reps one unit of
  carry-over is worth in that set (the model's slope there), with precision g_i^2 / sigma^2
  (sigma: the rep-count noise; reps_i is what the set shows: reps done, plus any logged in
  reserve, plus half a rep, see capacity_reps). A set the pre-fatigue barely touches (g_i near 0) tells us
  nothing and weighs nothing: hamstring curls before squats say nothing about the squat.
- Posterior precision = 1 / PRIOR_SD^2 + sum g_i^2 / sigma^2; the mean weighs the prior and
  each c_i by their precisions. With no observations it is the prior; as they accumulate the
  SD narrows and the prior's pull fades.

The sets are read at the posterior mean itself (Gauss-Newton until it settles, i.e. the
Laplace approximation). The model is linear in c while the weak link stays the same muscle
and reps stay above 0, so there the update is exact; reading every set at one common c keeps
sets near a change of weak link from being dropped or over-weighted one by one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exhaust.domain.exercises import Exercise
from exhaust.domain.fatigue.model import DEFAULT_CARRY_OVER, FatigueModel, e1rm_from
from exhaust.domain.fatigue.protocol import PreFatigue

# How far a lifter's reps to failure scatter from one attempt to the next: the standard error
# of measurement of reps to failure is 0.7 reps at 90 % 1RM and 1.1 at 70 % 1RM (Mitter, Csapo,
# Bauer & Tschan 2022, 'Reproducibility of strength performance and strength-endurance
# profiles: a test-retest study', PLoS One 17(5):e0268074). One rep sits between the two.
OBSERVATION_SD_REPS = 1.0

# How much lifters differ: Salles et al. 2008's SD of 1.19 reps (studies.SALLES_2008) divided by
# the model's 4.8 reps per unit of carry-over in that protocol; a test recomputes the slope.
# That SD also holds the rep-count noise, so the prior errs wide, which lets data move it.
PRIOR_SD = 0.25

MAX_CARRY_OVER = 3.0  # the estimate stays in [0, 3]: three times the fatigue a set leaves is implausible
_STEP = 0.02  # for the slope, in units of carry-over
_MAX_ITERATIONS = 50
_TOLERANCE = 1e-4  # in units of carry-over: a hundredth of the narrowest SD a logbook gives
_Z95 = 1.96


@dataclass(frozen=True)
class CarryOver:
    """A carry-over with its uncertainty: the prior, or a lifter's estimate for one lift."""

    mean: float
    sd: float
    n: int = 0  # observations that informed it
    exercise_id: str | None = None

    @property
    def low(self) -> float:
        """Lower end of the 95 % interval (a carry-over is never negative)."""
        return max(0.0, self.mean - _Z95 * self.sd)

    @property
    def high(self) -> float:
        return self.mean + _Z95 * self.sd

    @property
    def personal(self) -> bool:
        return self.n > 0


DEFAULT_PRIOR = CarryOver(mean=DEFAULT_CARRY_OVER, sd=PRIOR_SD)


@dataclass(frozen=True)
class CarryOverObservation:
    """One logged compound set after a logged pre-fatigue, with the lifter's fresh e1RM then."""

    compound: Exercise
    load_kg: float
    reps: int  # reps done on the compound after the pre-fatigue
    before: PreFatigue
    fresh_e1rm_kg: float
    rir: float = 0.0  # reps left in reserve on that set (0: to failure)

    def __post_init__(self) -> None:
        if self.load_kg <= 0 or self.fresh_e1rm_kg <= 0:
            raise ValueError("load and e1RM must be positive")
        if self.reps < 0 or self.rir < 0:
            raise ValueError("reps and reps in reserve cannot be negative")

    @classmethod
    def from_fresh_set(
        cls,
        compound: Exercise,
        load_kg: float,
        reps: int,
        before: PreFatigue,
        fresh_load_kg: float,
        fresh_reps: float,
        rir: float = 0.0,
    ) -> CarryOverObservation:
        """When the logbook has a fresh set to failure at a similar load instead of an e1RM."""
        return cls(compound, load_kg, reps, before, e1rm_from(fresh_load_kg, fresh_reps), rir)

    @property
    def load(self) -> float:
        """The load as a fraction of the fresh e1RM."""
        return self.load_kg / self.fresh_e1rm_kg

    @property
    def capacity_reps(self) -> float:
        """The reps to failure the set shows: a lifter who completed r reps could do between r
        and r + 1, so the middle, plus any reps left in reserve."""
        return self.reps + self.rir + 0.5


def _predicted(model: FatigueModel, obs: CarryOverObservation, carry_over: float) -> float:
    return model.with_carry_over(carry_over).predict(obs.compound, obs.load, obs.before).reps


def _slope(model: FatigueModel, obs: CarryOverObservation, at: float) -> float:
    """Reps per unit of carry-over in this set (negative: more carry-over, fewer reps)."""
    low, high = max(0.0, at - _STEP), min(MAX_CARRY_OVER, at + _STEP)
    return (_predicted(model, obs, high) - _predicted(model, obs, low)) / (high - low)


def _misfit(
    obs: Sequence[CarryOverObservation], predicted: Sequence[float], prior: CarryOver, sd: float, c: float
) -> float:
    """Minus twice the log posterior at ``c`` (``predicted``: each set's reps there), up to a constant."""
    data = sum((o.capacity_reps - p) ** 2 for o, p in zip(obs, predicted, strict=True)) / (sd * sd)
    return data + ((c - prior.mean) / prior.sd) ** 2


def estimate_carry_over(
    observations: Sequence[CarryOverObservation],
    model: FatigueModel,
    prior: CarryOver = DEFAULT_PRIOR,
    sd_reps: float = OBSERVATION_SD_REPS,
) -> CarryOver:
    """The posterior carry-over for one lift (pass observations of a single compound).

    Gauss-Newton on the posterior: every set is linearised at the current estimate c, where
    its own estimate is c_i = c + (reps_i - predicted_i(c)) / g_i with precision g_i^2 / sigma^2,
    and the next c is the precision-weighted mean of the prior and the c_i. At the fixed point
    this is the normal-normal update of the module text, with each set read at the posterior."""
    ids = {o.compound.id for o in observations}
    if len(ids) > 1:
        raise ValueError(f"observations of several lifts ({', '.join(sorted(ids))}); use estimate_by_lift")
    exercise_id = next(iter(ids), prior.exercise_id)
    prior_precision = 1.0 / (prior.sd * prior.sd)
    mean = prior.mean
    predicted = [_predicted(model, o, mean) for o in observations]
    slopes: list[float] = []
    sloped_at = math.nan  # where ``slopes`` were read; the SD takes them there when it is within _TOLERANCE
    for _ in range(_MAX_ITERATIONS):
        slopes, sloped_at = [_slope(model, o, mean) for o in observations], mean
        precision = prior_precision + sum(g * g for g in slopes) / (sd_reps * sd_reps)
        score = (prior.mean - mean) * prior_precision + sum(
            g * (o.capacity_reps - p) for g, o, p in zip(slopes, observations, predicted, strict=True)
        ) / (sd_reps * sd_reps)
        step = score / precision
        before = _misfit(observations, predicted, prior, sd_reps, mean)
        # Halve the step where the model bends (the weak link changes). Near the estimate the
        # finite-difference slope can point a hair past it; a step below _TOLERANCE is settled.
        while abs(step) >= _TOLERANCE:
            candidate = min(MAX_CARRY_OVER, max(0.0, mean + step))
            trial = [_predicted(model, o, candidate) for o in observations]
            if _misfit(observations, trial, prior, sd_reps, candidate) <= before:
                break
            step /= 2
        else:
            break
        moved = abs(candidate - mean)
        mean, predicted = candidate, trial
        if moved < _TOLERANCE:
            break
    if not abs(sloped_at - mean) < _TOLERANCE:  # (never read: nan)
        slopes = [_slope(model, o, mean) for o in observations]
    informative = [g for g in slopes if g * g / (sd_reps * sd_reps) > 1e-9]
    precision = prior_precision + sum(g * g for g in informative) / (sd_reps * sd_reps)
    return CarryOver(mean=mean, sd=1.0 / math.sqrt(precision), n=len(informative), exercise_id=exercise_id)


def estimate_by_lift(
    observations: Sequence[CarryOverObservation],
    model: FatigueModel,
    priors: Mapping[str, CarryOver] | None = None,
    default: CarryOver = DEFAULT_PRIOR,
) -> dict[str, CarryOver]:
    """One estimate per compound lift, each shrunk toward its prior (the default unless given)."""
    by_lift: dict[str, list[CarryOverObservation]] = {}
    for obs in observations:
        by_lift.setdefault(obs.compound.id, []).append(obs)
    return {
        lift: estimate_carry_over(group, model, (priors or {}).get(lift, default))
        for lift, group in sorted(by_lift.items())
    }
