"""A load prescribed to keep a rep target shows reps inside that target: the reps to failure
above its top are reps a lifter keeps in reserve (stop there, add a plate next time), and any
below its bottom are said apart, with why (the carry-over's uncertainty)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from exhaust.domain.errors import ExhaustError
from exhaust.domain.fatigue import CarryOver, FatigueModel, PreFatigue, Work, prescribe, whole
from exhaust.domain.logbook import WeightUnit
from exhaust.domain.plans import RepRange
from exhaust.services import prediction
from exhaust.services.catalogue import get_catalogue

CATALOGUE = get_catalogue()
MODEL = FatigueModel(CATALOGUE.capacity)
PAIRS = [("bench-press", "cable-fly"), ("bench-press", "pec-deck"), ("leg-press", "leg-extension"),
         ("romanian-deadlift", "seated-leg-curl"), ("lat-pulldown", "straight-arm-pulldown"),
         ("overhead-press", "lateral-raise")]  # fmt: skip


@st.composite
def targets(draw: st.DrawFn) -> RepRange:
    low = draw(st.integers(3, 20))
    return RepRange(low=low, high=draw(st.integers(low, 20)))


@settings(max_examples=300, deadline=None)
@given(
    pair=st.sampled_from(PAIRS),
    target=targets(),
    e1rm=st.floats(30, 300),
    step=st.sampled_from([1.0, 2.5, 5.0]),
    mean=st.floats(0.0, 2.0),
    sd=st.floats(0.01, 0.4),
    iso_reps=st.integers(8, 20),
    rir=st.integers(0, 3),
    rest=st.sampled_from([0, 10, 30, 60, 90]),
)
def test_the_reps_to_expect_never_run_past_the_target(
    pair: tuple[str, str],
    target: RepRange,
    e1rm: float,
    step: float,
    mean: float,
    sd: float,
    iso_reps: int,
    rir: int,
    rest: int,
) -> None:
    compound, iso = CATALOGUE.get(pair[0]), CATALOGUE.get(pair[1])
    before = PreFatigue((Work.autoregulated(iso, 2, iso_reps, rir),), rest_s=rest)
    try:
        advice = prescribe(MODEL, compound, e1rm, before, target, step, CarryOver(mean, sd))
    except ValueError:
        return  # no load on the plates reaches the target: the service says so
    low, high = advice.expected_reps
    assert low <= high <= target.high
    assert whole(advice.expected_reps_mean) >= target.high  # the load aims at the top, rounded down
    below, above = advice.to_failure
    assert advice.spare == max(0, above - target.high) and advice.short == max(0, target.low - below)
    assert (target.low <= low) == advice.within  # inside the target, or said to fall short


FOR = re.compile(r"for (\d+)(?:-(\d+))? reps: .*; expect (\d+)(?:-(\d+))? reps$")


@settings(max_examples=150, deadline=None)
@given(
    target=targets(),
    load=st.integers(50, 95),
    e1rm=st.sampled_from([60.0, 100.0, 142.5, 220.0]),
    unit=st.sampled_from(list(WeightUnit)),
    iso=st.sampled_from(["cable fly", "pec deck", "dumbbell fly"]),
    iso_reps=st.integers(10, 15),
    rest=st.sampled_from([0.0, 30.0, 60.0]),
)
def test_predict_says_which_reps_fall_outside_the_target_and_what_to_do(
    target: RepRange, load: int, e1rm: float, unit: WeightUnit, iso: str, iso_reps: int, rest: float
) -> None:
    after = prediction.Isolation(iso, sets=2, reps=iso_reps, rir=2, rest_s=rest)
    try:
        found = prediction.predict("bench", percent=load, after=after, e1rm=e1rm, target=target, unit=unit)
    except ExhaustError:
        return  # "lower the rep target or the pre-fatigue"
    assert found.target is not None
    advice = found.target.advice
    lines = found.lines
    (said,) = [m for line in lines if (m := FOR.match(line))]
    low, high = int(said[3]), int(said[4] or said[3])
    assert high <= target.high
    assert (low, high) == advice.expected_reps
    text = "\n".join(lines)
    step = f"{advice.plate_step_kg:g} {unit.value}"
    assert (f"stop at {target.high} and add {step} next time" in text) == (advice.spare > 0)
    assert (f"below {target.low} reps, take {step} off" in text) == (low < target.low)
    data = found.as_dict()["target"]
    assert data["expected_reps"] == [low, high] and data["reps_to_failure"] == list(advice.to_failure)
    assert len(data["outside"]) == (advice.spare > 0) + (low < target.low)


def test_the_bench_after_flyes_is_no_longer_told_more_reps_than_its_target() -> None:
    # exhaust predict bench --load 80 --e1rm 100 --after "cable fly" --sets 2 --reps 12 --rir 2
    #   --rest 0 --target 6-10 used to print "expect 7-12 reps".
    after = prediction.Isolation("cable fly", sets=2, reps=12, rir=2, rest_s=0)
    found = prediction.predict("bench", 80.0, after=after, e1rm=100.0, target=RepRange(low=6, high=10))
    text = "\n".join(found.lines)
    assert "for 6-10 reps: 62.5 kg (fresh 75.0 kg, 17% lighter); expect 7-10 reps" in text
    assert "up to 12 reps to failure if the carry-over is one SD lower (0.65): stop at 10 and add 2.5 kg" in text
    assert "below 6 reps" not in text
