"""Learning a lifter's carry-over: synthetic lifters with a known value, the prior when there
is no data, shrinkage when there is little, and the prescription that follows."""

from __future__ import annotations

import random

import pytest

from exhaust.domain.fatigue import (
    DEFAULT_PRIOR,
    CarryOver,
    CarryOverObservation,
    FatigueModel,
    PreFatigue,
    Work,
    e1rm_from,
    estimate_by_lift,
    estimate_carry_over,
    prescribe,
    whole,
)
from exhaust.domain.plans import RepRange
from exhaust.services.catalogue import get_catalogue

CATALOGUE = get_catalogue()
MODEL = FatigueModel(CATALOGUE.capacity)
PRE_FATIGUE_FOR = {
    "bench-press": ("cable-fly", "pec-deck", "dumbbell-fly", "triceps-pushdown"),
    "leg-press": ("leg-extension",),
}


def synthetic_lifter(
    true_carry_over: float, n: int, seed: int, lift: str = "bench-press"
) -> list[CarryOverObservation]:
    """Sets a lifter with a known carry-over would log: varied pre-fatigue and loads, reps to
    failure as the model says plus the rep-to-rep scatter of real sets, whole reps only."""
    rng = random.Random(seed)
    truth = MODEL.with_carry_over(true_carry_over)
    compound, e1rm = CATALOGUE.get(lift), 100.0
    out: list[CarryOverObservation] = []
    for _ in range(n):
        iso = CATALOGUE.get(rng.choice(PRE_FATIGUE_FOR[lift]))
        work = Work.autoregulated(iso, sets=rng.randint(1, 2), reps=rng.randint(10, 15), rir=rng.choice((1, 2, 3)))
        before = PreFatigue((work,), rest_s=rng.choice((0, 15, 30, 60)))
        load_kg = rng.choice((55.0, 60.0, 62.5, 65.0, 67.5))
        reps = whole(truth.predict(compound, load_kg / e1rm, before).reps + rng.gauss(0, 1.0))
        out.append(CarryOverObservation(compound, load_kg, reps, before, fresh_e1rm_kg=e1rm))
    return out


def test_with_no_observations_the_estimate_is_the_published_prior() -> None:
    estimate = estimate_carry_over([], MODEL)
    assert (estimate.mean, estimate.sd, estimate.n) == (DEFAULT_PRIOR.mean, DEFAULT_PRIOR.sd, 0)
    assert not estimate.personal
    assert estimate.low < DEFAULT_PRIOR.mean < estimate.high


@pytest.mark.parametrize(("truth", "seed"), [(0.2, 7), (0.45, 1), (1.35, 2)])
def test_the_estimate_converges_to_a_synthetic_lifters_true_carry_over(truth: float, seed: int) -> None:
    sets = synthetic_lifter(truth, 400, seed)
    estimates = [estimate_carry_over(sets[:n], MODEL) for n in (0, 5, 20, 80, 400)]
    sds = [e.sd for e in estimates]
    assert sds == sorted(sds, reverse=True) and len(set(sds)) == len(sds)  # narrows with every batch
    assert abs(estimates[0].mean - truth) >= 0.45  # the prior is far off for this lifter
    final = estimates[-1]
    assert abs(final.mean - truth) < 0.03 and final.sd < 0.01
    assert final.low <= truth <= final.high and final.n > 350


def test_a_lifter_like_the_literature_stays_at_the_default() -> None:
    estimate = estimate_carry_over(synthetic_lifter(DEFAULT_PRIOR.mean, 200, seed=3), MODEL)
    assert estimate.low <= DEFAULT_PRIOR.mean <= estimate.high and estimate.sd < 0.02


def test_few_observations_are_shrunk_toward_the_prior() -> None:
    sets = synthetic_lifter(1.5, 3, seed=7)
    shrunk = estimate_carry_over(sets, MODEL)
    data_only = estimate_carry_over(sets, MODEL, prior=CarryOver(mean=DEFAULT_PRIOR.mean, sd=100.0))
    assert DEFAULT_PRIOR.mean < shrunk.mean < data_only.mean
    assert shrunk.sd < DEFAULT_PRIOR.sd


def test_sets_the_pre_fatigue_cannot_touch_teach_nothing() -> None:
    # Hamstring curls before squats: the quads still end the squat, so its reps say nothing.
    squat, curl = CATALOGUE.get("squat"), CATALOGUE.get("lying-leg-curl")
    before = PreFatigue((Work.to_failure(curl, 0.75),), rest_s=0)
    sets = [CarryOverObservation(squat, 75.0, 10, before, fresh_e1rm_kg=100.0) for _ in range(10)]
    estimate = estimate_carry_over(sets, MODEL)
    assert estimate.n == 0 and estimate.mean == DEFAULT_PRIOR.mean and estimate.sd == DEFAULT_PRIOR.sd


def test_each_lift_is_learnt_on_its_own() -> None:
    sets = synthetic_lifter(0.5, 150, seed=11) + synthetic_lifter(1.3, 150, seed=12, lift="leg-press")
    by_lift = estimate_by_lift(sets, MODEL)
    assert set(by_lift) == {"bench-press", "leg-press"}
    assert by_lift["bench-press"].mean == pytest.approx(0.5, abs=0.08)
    assert by_lift["leg-press"].mean == pytest.approx(1.3, abs=0.08)
    with pytest.raises(ValueError):
        estimate_carry_over(sets, MODEL)


def test_an_observation_can_come_from_a_fresh_set_instead_of_an_e1rm() -> None:
    bench, fly = CATALOGUE.get("bench-press"), CATALOGUE.get("cable-fly")
    before = PreFatigue((Work.autoregulated(fly, 2, 12, 2),), rest_s=0)
    obs = CarryOverObservation.from_fresh_set(bench, 65.0, 7, before, fresh_load_kg=80.0, fresh_reps=6)
    assert obs.fresh_e1rm_kg == pytest.approx(e1rm_from(80.0, 6)) == pytest.approx(96.0)
    assert obs.capacity_reps == 7.5
    with pytest.raises(ValueError):
        CarryOverObservation(bench, 0.0, 7, before, fresh_e1rm_kg=96.0)


# -- the prescription a service shows ------------------------------------------------------


def test_history_makes_the_prescription_personal_and_its_rep_range_narrower() -> None:
    bench, fly = CATALOGUE.get("bench-press"), CATALOGUE.get("cable-fly")
    before = PreFatigue((Work.autoregulated(fly, 2, 12, 2),), rest_s=0)
    target = RepRange(low=6, high=10)
    no_history = prescribe(MODEL, bench, 100.0, before, target)
    resilient = prescribe(
        MODEL, bench, 100.0, before, target, carry_over=estimate_carry_over(synthetic_lifter(0.4, 60, seed=21), MODEL)
    )
    fatigable = prescribe(
        MODEL, bench, 100.0, before, target, carry_over=estimate_carry_over(synthetic_lifter(1.4, 60, seed=22), MODEL)
    )
    assert fatigable.load_kg < no_history.load_kg < resilient.load_kg
    assert resilient.carry_over.personal and not no_history.carry_over.personal
    width = lambda p: p.to_failure[1] - p.to_failure[0]  # noqa: E731
    assert width(resilient) < width(no_history) and width(fatigable) < width(no_history)
    for advice in (no_history, resilient, fatigable):
        low, high = advice.to_failure
        assert low <= advice.expected_reps_mean <= high + 1 and advice.expected_reps_mean >= target.high
        # the reps to expect keep the target: a lifter who could do more stops at its top
        assert advice.expected_reps == (min(low, target.high), min(high, target.high))
        low, high = advice.expected_reps
        reps = str(low) if low == high else f"{low}-{high}"
        assert advice.text == f"expect {reps} reps at {advice.load_kg:g} kg"
