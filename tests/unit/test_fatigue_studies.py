"""The model with its default parameters against the published figures it is built on:
every order study's direction, Salles et al. 2008 within one SD, Richmond & Godard 2004's
rest intervals, and seed 004's 10-20 % lighter compound after a pre-exhaust."""

from __future__ import annotations

import re

import pytest

from exhaust.domain import prescriptions as rx
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.fatigue import (
    DEFAULT_CARRY_OVER,
    ORDER_STUDIES,
    PRIOR_SD,
    RICHMOND_GODARD_2004,
    Evidence,
    FatigueModel,
    OrderStudy,
    PreFatigue,
    Recovery,
    Work,
    prescribe,
    reproduce,
    rm_load,
)
from exhaust.domain.fatigue.studies import SALLES_2008
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import RepRange


@pytest.fixture(scope="module")
def model(catalogue: Catalogue) -> FatigueModel:
    return FatigueModel(catalogue.capacity)


@pytest.mark.parametrize("study", ORDER_STUDIES, ids=lambda s: s.key)
def test_every_study_is_reproduced(study: OrderStudy, catalogue: Catalogue, model: FatigueModel) -> None:
    result = reproduce(study, catalogue, model)
    assert result.fewer_after, (
        f"{study.key}: the model gives {result.after_reps:.1f} reps, fresh {result.fresh_reps:.1f}"
    )
    assert result.within_one_sd, f"{study.key}: fresh {result.fresh_reps:.2f}, after {result.after_reps:.2f}"


@pytest.mark.parametrize("study", ORDER_STUDIES, ids=lambda s: s.key)
def test_every_study_is_cited_and_says_what_was_taken(study: OrderStudy, catalogue: Catalogue) -> None:
    assert re.search(r"(19|20)\d\d|[Ss]eed 00\d", study.citation)
    assert all(b.exercise_id in catalogue for b in (*study.first, study.measured))
    if study.evidence is Evidence.MEANS:
        assert study.fresh is not None and study.after is not None
    else:
        assert study.fresh is None and study.after is None and study.note


def test_the_studies_cover_pre_post_and_reverse_pre_exhaust() -> None:
    methods = {s.method for s in ORDER_STUDIES}
    assert {Method.PRE_EXHAUST, Method.POST_EXHAUST, Method.REVERSE_PRE_EXHAUST} <= methods
    assert sum(s.key != "salles-2008" and not s.key.startswith("seed") for s in ORDER_STUDIES) >= 2


def test_salles_2008_leg_extension_after_the_leg_press(catalogue: Catalogue, model: FatigueModel) -> None:
    result = reproduce(SALLES_2008, catalogue, model)
    assert 3.57 - 1.19 <= result.after_reps <= 3.57 + 1.19
    assert result.after_reps == pytest.approx(3.70, abs=0.01)
    assert 6.69 - 1.33 <= result.fresh_reps <= 6.69 + 1.33  # an 8RM load: 8 reps
    assert result.limiting_after is Muscle.QUADS  # the leg press tired the leg extension's only muscle


def test_salles_2008_also_holds_if_its_first_arm_is_the_baseline(catalogue: Catalogue, model: FatigueModel) -> None:
    # The other reading of the protocol: the leg extension's load is what gave 6.69 reps fresh.
    before = PreFatigue((Work.to_failure(catalogue.get("leg-press"), rm_load(8)),), rest_s=20)
    after = model.predict(catalogue.get("leg-extension"), rm_load(6.69), before).reps
    assert 3.57 - 1.19 <= after <= 3.57 + 1.19


def test_richmond_godard_2004_second_sets_rise_with_rest_but_stay_short(
    catalogue: Catalogue, model: FatigueModel
) -> None:
    study = RICHMOND_GODARD_2004
    bench = catalogue.get(study.exercise_id)
    first = model.predict(bench, study.load).reps
    second = [
        model.predict(bench, study.load, PreFatigue((Work.to_failure(bench, study.load),), rest_s=rest)).reps
        for rest in study.rests_s
    ]
    assert second == sorted(second) and second[-1] < first  # more rest, more reps; never all back
    five_min = study.second_set[-1].mean
    for reps, arm in zip(second, study.second_set, strict=True):  # each against the 5-min arm
        assert abs(reps / second[-1] - arm.mean / five_min) <= arm.sd / five_min


def test_recovery_slow_fraction_is_the_least_squares_fit_to_richmond_godard(catalogue: Catalogue) -> None:
    study, bench = RICHMOND_GODARD_2004, catalogue.get(RICHMOND_GODARD_2004.exercise_id)
    reported = [arm.mean / study.second_set[-1].mean for arm in study.second_set[:-1]]

    def loss(fraction: float) -> float:
        model = FatigueModel(catalogue.capacity, recovery=Recovery(slow_fraction=fraction))
        reps = [
            model.predict(bench, study.load, PreFatigue((Work.to_failure(bench, study.load),), rest_s=rest)).reps
            for rest in study.rests_s
        ]
        return sum((r / reps[-1] - want) ** 2 for r, want in zip(reps, reported, strict=False))

    grid = [i / 20 for i in range(1, 10)]
    assert min(grid, key=loss) == pytest.approx(Recovery().slow_fraction)


def _flyes(catalogue: Catalogue, fly: str, reps: int, rest_s: float) -> PreFatigue:
    # Seed 000: two sets; 002 and the brief: 12-15 reps at a moderate load (RIR 2).
    return PreFatigue((Work.autoregulated(catalogue.get(fly), sets=rx.PRE_ISO_SETS, reps=reps, rir=2),), rest_s=rest_s)


def test_carry_over_is_the_joint_fit_to_salles_and_seed_004(catalogue: Catalogue) -> None:
    bench = catalogue.get("bench-press")
    middle = sum(rx.PRE_LOAD_DROP) / 2

    def loss(carry_over: float) -> float:
        model = FatigueModel(catalogue.capacity, carry_over=carry_over)
        salles = (reproduce(SALLES_2008, catalogue, model).after_reps - 3.57) / 1.19
        drops = [model.compare(bench, 0.75, _flyes(catalogue, "cable-fly", n, 0)).load_drop for n in (12, 13, 14, 15)]
        return salles**2 + sum(((d - middle) / 0.05) ** 2 for d in drops) / len(drops)

    grid = [i / 20 for i in range(10, 21)]
    assert min(grid, key=loss) == pytest.approx(DEFAULT_CARRY_OVER)


def test_prior_sd_is_salles_spread_over_the_models_slope(catalogue: Catalogue) -> None:
    def after(carry_over: float) -> float:
        return reproduce(SALLES_2008, catalogue, FatigueModel(catalogue.capacity, carry_over=carry_over)).after_reps

    slope = (after(DEFAULT_CARRY_OVER - 0.05) - after(DEFAULT_CARRY_OVER + 0.05)) / 0.1
    assert slope == pytest.approx(4.8, abs=0.05)
    assert 1.19 / slope == pytest.approx(PRIOR_SD, abs=0.01)


# -- seed 004: 'Pre-exhaust can reduce your loads on compound movements by 10-20%' ------------

SUPERSET_RESTS = (0, rx.PRE_REST_SUPERSET_MAX)  # 002: 'move immediately from the isolation'


@pytest.mark.parametrize("fly", ["cable-fly", "dumbbell-fly"])
@pytest.mark.parametrize("reps", [12, 13, 14, 15])
@pytest.mark.parametrize("rest", SUPERSET_RESTS)
def test_flyes_straight_before_the_bench_cost_10_to_20_percent_of_the_load(
    catalogue: Catalogue, model: FatigueModel, fly: str, reps: int, rest: float
) -> None:
    effect = model.compare(catalogue.get("bench-press"), 0.75, _flyes(catalogue, fly, reps, rest))
    low, high = rx.PRE_LOAD_DROP
    assert low <= effect.load_drop <= high


@pytest.mark.parametrize("reps", [12, 15])
@pytest.mark.parametrize("rest", SUPERSET_RESTS)
def test_a_lifter_with_no_history_is_prescribed_10_to_20_percent_less_on_the_bench(
    catalogue: Catalogue, model: FatigueModel, reps: int, rest: float
) -> None:
    advice = prescribe(
        model,
        catalogue.get("bench-press"),
        e1rm_kg=100.0,
        before=_flyes(catalogue, "cable-fly", reps, rest),
        target=RepRange(low=6, high=10),
    )
    assert advice.fresh_load_kg == pytest.approx(75.0)  # 10 reps fresh: Epley's 75 %
    assert 60.0 <= advice.load_kg <= 67.5 and advice.load_kg % 2.5 == 0
    assert 0.10 <= advice.drop <= 0.20 + 1e-9
    assert not advice.carry_over.personal
    assert advice.limiting is Muscle.FRONT_DELTS


def test_with_a_minute_of_rest_the_model_predicts_a_smaller_drop_than_seed_004(
    catalogue: Catalogue, model: FatigueModel
) -> None:
    # Seed 004 names no rest; most of a set's fatigue is gone within a minute (recovery.py), so
    # with 000's 60-90 s the model's drop is about 5 %. Both numbers are shown, neither hidden.
    bench = catalogue.get("bench-press")
    drops = [model.compare(bench, 0.75, _flyes(catalogue, "cable-fly", 12, rest)).load_drop for rest in (0, 30, 60)]
    assert drops[0] > drops[1] > drops[2] > 0.03
    assert drops[2] < rx.PRE_LOAD_DROP[0]
