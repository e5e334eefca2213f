"""The compound's load after a pre-fatigue: in kilograms, with the reps to expect and why.

Given the lifter's fresh e1RM on the compound, what they do before it and the rep range they
train in, the load is the one whose reps to failure reach the top of the range after the
pre-fatigue (as prescriptions.fresh_percent does for a fresh lift), rounded down to the
plates. The reps to failure at that load are the model's for a carry-over one SD either side
of the lifter's estimate (calibration.py): the prior for a lifter with no history, their own
for a lifter with some, so a lifter with history also gets a narrower range.

That band is not the reps to expect: the load aims the estimate at the top of the range and
rounds down, so the optimistic half of the band lies above the target (7-12 reps to failure
for a 6-10 target after flyes, with the published prior). A lifter keeping a rep target
stops at its top with those reps in reserve, so the reps to expect are the band capped at
the top (7-10); what lies outside the target is said apart (``spare``: reps left at the top
when the carry-over is low, so add a plate next time; ``short``: reps missing at the bottom
when it is high, so take one off).

Seed 004 says pre-exhaust lowers the compound load by 10-20 % ("Pre-exhaust can reduce your
loads on compound movements by 10-20%"); PRE-LOAD-DROP (seeds 002, 004) checks plans against it.
The model reproduces 10-20 % for two sets of flyes taken straight to the bench press (rest up
to 10 s, a superset: prescriptions.PRE_REST_SUPERSET_MAX), which is how the session builder
plans a pre-exhaust (prescriptions.PRE_REST_PLANNED; sessions.py takes its load from here).
With 30-60 s of rest (seeds 000, 002) it predicts less, about 3-9 %, because most of a set's
fatigue is gone within a minute (recovery.py). Seed 004 names no rest, so the two do not
strictly contradict; where a plan's figure falls outside 004's, its note shows both
(sessions.pre_load_note; SPEC: 'it never silently picks one').
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from exhaust.domain.exercises import Exercise
from exhaust.domain.fatigue.calibration import DEFAULT_PRIOR, CarryOver
from exhaust.domain.fatigue.model import FatigueModel, rm_load, whole
from exhaust.domain.fatigue.protocol import PreFatigue
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import RepRange

PLATE_STEP_KG = 2.5  # the smallest common jump on a barbell: a 1.25 kg plate each side


def round_down(load_kg: float, step_kg: float = PLATE_STEP_KG) -> float:
    if step_kg <= 0:
        raise ValueError("the plate step must be positive")
    return math.floor(load_kg / step_kg + 1e-9) * step_kg


@dataclass(frozen=True)
class LoadPrescription:
    exercise_id: str
    target: RepRange
    load_kg: float  # rounded down to the plate step
    fresh_load_kg: float  # the load the same rep target takes fresh (not rounded)
    to_failure: tuple[int, int]  # whole reps to failure, carry-over one SD above and below the estimate
    expected_reps_mean: float  # reps to failure at the estimate itself, before rounding to whole reps
    limiting: Muscle  # the muscle expected to end the set after the pre-fatigue
    limiting_fresh: Muscle
    carry_over: CarryOver
    plate_step_kg: float = PLATE_STEP_KG

    @property
    def expected_reps(self) -> tuple[int, int]:
        """The reps to expect keeping the target: ``to_failure`` capped at its top, where a
        lifter who could do more stops (low-high, as ``to_failure``)."""
        low, high = self.to_failure
        return min(low, self.target.high), min(high, self.target.high)

    @property
    def spare(self) -> int:
        """Reps to failure above the target's top at the optimistic end (0: none)."""
        return max(0, self.to_failure[1] - self.target.high)

    @property
    def short(self) -> int:
        """Reps below the target's bottom at the pessimistic end (0: none)."""
        return max(0, self.target.low - self.to_failure[0])

    @property
    def within(self) -> bool:
        """The reps to expect lie inside the target."""
        return self.short == 0

    @property
    def drop(self) -> float:
        """How much lighter than fresh, as a fraction (0.15 = 15 % lighter)."""
        return 1.0 - self.load_kg / self.fresh_load_kg

    @property
    def shifted(self) -> bool:
        return self.limiting is not self.limiting_fresh

    @property
    def text(self) -> str:
        low, high = self.expected_reps
        reps = str(low) if low == high else f"{low}-{high}"
        return f"expect {reps} reps at {self.load_kg:g} kg"


def prescribe(
    model: FatigueModel,
    compound: Exercise,
    e1rm_kg: float,
    before: PreFatigue,
    target: RepRange,
    plate_step_kg: float = PLATE_STEP_KG,
    carry_over: CarryOver | None = None,
) -> LoadPrescription:
    """The compound's load after ``before`` for ``target`` reps, for a lifter whose fresh
    e1RM on it is ``e1rm_kg`` (model.e1rm_from turns a fresh set into one)."""
    if e1rm_kg <= 0:
        raise ValueError("the e1RM must be positive")
    estimate = carry_over or DEFAULT_PRIOR
    at_estimate = model.with_carry_over(estimate.mean)
    fresh_load_kg = e1rm_kg * rm_load(target.high)
    load_kg = round_down(e1rm_kg * at_estimate.load_for(compound, target.high, before), plate_step_kg)
    if load_kg <= 0:
        raise ValueError(f"no load on a {plate_step_kg:g} kg step reaches {target.high} reps after this pre-fatigue")
    load = load_kg / e1rm_kg
    expected = at_estimate.predict(compound, load, before)
    pessimistic = model.with_carry_over(estimate.mean + estimate.sd).predict(compound, load, before)
    optimistic = model.with_carry_over(estimate.mean - estimate.sd).predict(compound, load, before)
    return LoadPrescription(
        exercise_id=compound.id,
        target=target,
        load_kg=load_kg,
        fresh_load_kg=fresh_load_kg,
        to_failure=(whole(pessimistic.reps), whole(optimistic.reps)),
        expected_reps_mean=expected.reps,
        limiting=expected.limiting,
        limiting_fresh=model.limiting(compound),
        carry_over=estimate,
        plate_step_kg=plate_step_kg,
    )
