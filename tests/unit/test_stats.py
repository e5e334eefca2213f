"""The statistics behind the intervals: t quantiles, mean intervals, Welch, and the trend line."""

from __future__ import annotations

import random

import pytest

from exhaust.domain.analytics.stats import fit_line, mean_ci, t_quantile, welch


def test_t_quantiles_match_the_printed_table_and_fall_between_rows() -> None:
    assert t_quantile(10) == pytest.approx(2.228)
    assert t_quantile(4, 0.95) == pytest.approx(2.132)
    assert 2.021 < t_quantile(35) < 2.042
    assert t_quantile(1e9) == pytest.approx(1.960, abs=1e-4)
    assert t_quantile(2.5) < t_quantile(2) and t_quantile(2.5) > t_quantile(3)
    with pytest.raises(ValueError):
        t_quantile(0.5)


def test_a_mean_interval_by_hand() -> None:
    est = mean_ci([1, 2, 3, 4])  # sd 1.291, se 0.6455, t(3) 3.182
    assert est.value == 2.5 and est.low == pytest.approx(2.5 - 3.182 * 0.6455, abs=1e-3)
    single = mean_ci([7])
    assert single.value == 7 and not single.known


def test_welch_by_hand_and_one_sided() -> None:
    est = welch([1, 2, 3], [4, 5, 6])  # se sqrt(2/3), df 4, t 2.776
    assert est.value == -3 and est.high == pytest.approx(-3 + 2.776 * (2 / 3) ** 0.5, abs=1e-3)
    assert est.excludes_zero()
    one_sided = welch([1, 2, 3], [4, 5, 6], p=0.95)
    assert one_sided.high is not None and est.high is not None and one_sided.high < est.high
    assert not welch([1], [2, 3]).known


def test_a_line_through_exact_points_has_its_slope_and_no_width() -> None:
    line = fit_line([0, 1, 2, 3], [10, 12, 14, 16])
    assert line is not None and line.slope.value == pytest.approx(2) and line.at(4) == pytest.approx(18)
    assert line.slope.low == pytest.approx(2) and line.slope.high == pytest.approx(2)
    assert fit_line([1, 1], [2, 3]) is None


def test_the_slope_interval_covers_the_true_slope_about_95_times_in_100() -> None:
    rng = random.Random(5)
    covered = 0
    for _ in range(400):
        xs = list(range(10))
        ys = [100 - 0.5 * x + rng.gauss(0, 2) for x in xs]
        line = fit_line(xs, ys)
        assert line is not None and line.slope.low is not None and line.slope.high is not None
        covered += line.slope.low <= -0.5 <= line.slope.high
    assert 0.92 < covered / 400 < 0.98
