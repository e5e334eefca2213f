"""Estimated 1RM: the published formulas to 0.1 kg, the RPE chart, and where no estimate is honest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exhaust.domain.analytics.e1rm import MAX_REPS, Formula, estimate, rpe_percent

# 100 kg for 5 reps, worked out by hand from each paper's equation (LeSuer et al. 1997 list them).
HAND_WORKED_100_X_5 = {
    Formula.EPLEY: 116.67,  # 100 * (1 + 5/30)
    Formula.BRZYCKI: 112.50,  # 100 * 36 / 32
    Formula.LOMBARDI: 117.46,  # 100 * 5^0.1
    Formula.MAYHEW: 119.01,  # 100 * 100 / (52.2 + 41.9 * e^-0.275)
    Formula.OCONNER: 112.50,  # 100 * (1 + 0.125)
    Formula.WATHEN: 116.58,  # 100 * 100 / (48.8 + 53.8 * e^-0.375)
}


@pytest.mark.parametrize(("formula", "expected"), HAND_WORKED_100_X_5.items())
def test_each_formula_matches_its_paper_to_a_tenth_of_a_kilo(formula: Formula, expected: float) -> None:
    value = estimate(100, 5, formula)
    assert value is not None and abs(value - expected) < 0.05


def test_ten_reps_by_brzycki_and_epley() -> None:
    assert estimate(80, 10, Formula.BRZYCKI) == pytest.approx(80 * 36 / 27, abs=0.05)  # 106.7
    assert estimate(80, 10) == pytest.approx(106.67, abs=0.05)


@pytest.mark.parametrize("formula", list(Formula))
def test_a_single_is_its_own_one_rep_max(formula: Formula) -> None:
    assert estimate(142.5, 1, formula) == 142.5


def test_no_estimate_without_a_load_or_past_twelve_reps() -> None:
    assert estimate(None, 5) is None
    assert estimate(0, 5) is None
    assert estimate(100, 0) is None
    assert estimate(60, MAX_REPS + 1) is None
    assert estimate(60, MAX_REPS) is not None


def test_rpe_chart_reads_reps_plus_reserve_at_rpe_ten() -> None:
    # 5 reps at RPE 8 = 7 reps to failure = 81.1 % (RTS chart): 100 / 0.811
    assert estimate(100, 5, rpe=8) == pytest.approx(123.30, abs=0.05)
    assert estimate(100, 5, rir=2) == estimate(100, 5, rpe=8)
    # RPE 9 at 3 reps is RPE 10 at 4 reps
    assert estimate(100, 3, rpe=9) == estimate(100, 4, rpe=10)
    assert estimate(200, 1, rpe=10) == 200


def test_half_points_of_rpe_fall_between_two_rows() -> None:
    assert rpe_percent(1.5) == pytest.approx((100 + 95.5) / 2)
    assert estimate(100, 1, rpe=9.5) == pytest.approx(100 / 0.9775, abs=0.01)


def test_beyond_the_chart_the_formula_reads_reps_plus_reserve() -> None:
    # 10 reps with 4 in reserve: 14 to failure, past the chart's 12
    assert estimate(100, 10, Formula.EPLEY, rpe=6) == pytest.approx(100 * (1 + 14 / 30))


def test_an_easy_set_is_read_on_the_reps_done_not_on_a_guessed_reserve() -> None:
    # 6 reps with 5 in reserve would read as an 11-rep max (141 kg); it is only a floor
    assert estimate(100, 6, rir=5) == estimate(100, 6) == pytest.approx(120)


def test_the_rpe_chart_wins_over_the_formula_when_effort_is_logged() -> None:
    assert estimate(100, 5, Formula.BRZYCKI, rpe=10) == pytest.approx(100 / 0.863, abs=0.01)


@given(
    st.sampled_from(list(Formula)),
    st.floats(min_value=1, max_value=500),
    st.integers(min_value=1, max_value=MAX_REPS - 1),
)
def test_more_weight_or_more_reps_never_lowers_the_estimate(formula: Formula, weight: float, reps: int) -> None:
    base = estimate(weight, reps, formula)
    assert base is not None and base >= weight
    heavier, more = estimate(weight + 2.5, reps, formula), estimate(weight, reps + 1, formula)
    assert heavier is not None and heavier > base
    assert more is not None and more >= base
