"""The small statistics the reports need: means with t intervals, Welch's difference of two
means, and a least-squares line with the interval of its slope.

Student's t quantiles come from the standard table (two-sided 95 % and 90 %, i.e. one-sided
97.5 % and 95 %), interpolated in 1/df between rows, which is how printed tables are meant
to be read; for df past 120 the normal quantile is within 0.4 % of the truth.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# fmt: off
_DF = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
       40, 60, 120)
_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
         2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
         2.021, 2.000, 1.980)
_T95 = (6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753,
        1.746, 1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
        1.684, 1.671, 1.658)
# fmt: on
_Z = {0.975: 1.960, 0.95: 1.645}


def t_quantile(df: float, p: float = 0.975) -> float:
    """Student's t quantile for p = 0.975 or 0.95 at df >= 1 degrees of freedom (any real df)."""
    table = {0.975: _T975, 0.95: _T95}[p]
    if df < 1:
        raise ValueError("a t quantile needs at least one degree of freedom")
    if df >= _DF[-1]:  # between 120 and infinity, linear in 1/df
        return _Z[p] + (table[-1] - _Z[p]) * _DF[-1] / df
    for i in range(len(_DF) - 1):
        lo, hi = _DF[i], _DF[i + 1]
        if lo <= df <= hi:
            w = (1 / lo - 1 / df) / (1 / lo - 1 / hi)
            return table[i] + w * (table[i + 1] - table[i])
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Estimate:
    """A value with its 95 % interval; ``low``/``high`` are None when n is too small for one."""

    value: float
    low: float | None
    high: float | None
    n: int

    @property
    def known(self) -> bool:
        return self.low is not None and self.high is not None

    def excludes_zero(self) -> bool:
        return self.low is not None and self.high is not None and (self.low > 0 or self.high < 0)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def variance(values: Sequence[float]) -> float:
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def mean_ci(values: Sequence[float]) -> Estimate:
    """The mean with its two-sided 95 % t interval (none for fewer than two values)."""
    n = len(values)
    if n == 0:
        raise ValueError("no values")
    m = mean(values)
    if n < 2:
        return Estimate(m, None, None, n)
    half = t_quantile(n - 1) * math.sqrt(variance(values) / n)
    return Estimate(m, m - half, m + half, n)


def welch(a: Sequence[float], b: Sequence[float], p: float = 0.975) -> Estimate:
    """mean(a) - mean(b) with Welch's interval (two-sided 95 % at p=0.975; one-sided 95 % bound
    at p=0.95). Needs two values on each side."""
    diff = mean(a) - mean(b)
    n = len(a) + len(b)
    if len(a) < 2 or len(b) < 2:
        return Estimate(diff, None, None, n)
    va, vb = variance(a) / len(a), variance(b) / len(b)
    se2 = va + vb
    if se2 == 0:
        return Estimate(diff, diff, diff, n)
    df = se2**2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = t_quantile(max(df, 1.0), p) * math.sqrt(se2)
    return Estimate(diff, diff - half, diff + half, n)


@dataclass(frozen=True)
class Line:
    intercept: float
    slope: Estimate  # per unit of x, with its 95 % interval

    def at(self, x: float) -> float:
        return self.intercept + self.slope.value * x


def fit_line(xs: Sequence[float], ys: Sequence[float]) -> Line | None:
    """Ordinary least squares; None when the xs do not spread (fewer than two distinct)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = mean(xs), mean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    if n < 3:
        return Line(intercept, Estimate(slope, None, None, n))
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    half = t_quantile(n - 2) * math.sqrt(residual / (n - 2) / sxx)
    return Line(intercept, Estimate(slope, slope - half, slope + half, n))
