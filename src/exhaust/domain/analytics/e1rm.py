"""Estimated one-repetition maximum (e1RM) from a set's weight, reps and, when logged, effort.

The six formulas are the published ones, as compared by LeSuer et al. 1997 ("The accuracy
of prediction equations for estimating 1-RM performance in the bench press, squat, and
deadlift", J Strength Cond Res 11(4):211-213), with r the reps and w the weight:

- Epley 1985:            w * (1 + r / 30)
- Brzycki 1993:          w * 36 / (37 - r)
- Lombardi 1989:         w * r ** 0.10
- Mayhew et al. 1992:    100 * w / (52.2 + 41.9 * exp(-0.055 * r))
- O'Conner et al. 1989:  w * (1 + 0.025 * r)
- Wathen 1994:           100 * w / (48.8 + 53.8 * exp(-0.075 * r))

They are fitted to sets of several reps; a single rep *is* the 1RM, so one rep gives its
weight under every formula (Epley and Mayhew would otherwise put a max single 3-9 % above
itself). Past 12 reps the estimates scatter widely (LeSuer: accurate under 10), so sets of
more than MAX_REPS give no estimate; they still count as volume.

Where a set's RPE or RIR is logged, the estimate comes from the RPE chart instead (Mike
Tuchscherer, The Reactive Training Manual, 2008): RPE 10 at 1 rep is 100 % of 1RM, and RPE 9
at r reps is RPE 10 at r + 1 reps (one rep in reserve), so a set is read as its reps plus its
reps in reserve at RPE 10. Half points of RPE fall halfway between two chart rows. Beyond the
chart's 12 reps, the chosen formula is used at reps + reps in reserve. RTS charts stop at RPE 6
(4 in reserve), and lifters judge their reserve less well far from failure (Zourdos et al.
2016), so a set logged as easier than that is read by the formula on the reps done: a floor,
not a guess.
"""

from __future__ import annotations

import math
from enum import StrEnum

MAX_REPS = 12
MAX_CHART_RIR = 4  # further from failure than this, the chart is not used


class Formula(StrEnum):
    EPLEY = "epley"
    BRZYCKI = "brzycki"
    LOMBARDI = "lombardi"
    MAYHEW = "mayhew"
    OCONNER = "oconner"
    WATHEN = "wathen"

    @property
    def label(self) -> str:
        return _TITLES[self]


_TITLES = {
    Formula.EPLEY: "Epley",
    Formula.BRZYCKI: "Brzycki",
    Formula.LOMBARDI: "Lombardi",
    Formula.MAYHEW: "Mayhew",
    Formula.OCONNER: "O'Conner",
    Formula.WATHEN: "Wathen",
}

# % of 1RM at RPE 10 (no reps in reserve) for 1..12 reps, the RTS chart's RPE 10 row.
RPE10_PERCENT = (100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0)


def by_formula(weight: float, reps: float, formula: Formula = Formula.EPLEY) -> float:
    """The formula's estimate for ``reps`` reps (any positive number) at ``weight``."""
    if reps <= 1:
        return weight
    if formula is Formula.EPLEY:
        return weight * (1 + reps / 30)
    if formula is Formula.BRZYCKI:
        return weight * 36 / (37 - min(reps, 36.0))
    if formula is Formula.LOMBARDI:
        return weight * float(reps**0.10)
    if formula is Formula.MAYHEW:
        return 100 * weight / (52.2 + 41.9 * math.exp(-0.055 * reps))
    if formula is Formula.OCONNER:
        return weight * (1 + 0.025 * reps)
    return 100 * weight / (48.8 + 53.8 * math.exp(-0.075 * reps))


def rpe_percent(reps_to_failure: float) -> float | None:
    """% of 1RM that ``reps_to_failure`` reps at RPE 10 stand for, or None off the chart."""
    if reps_to_failure < 1 or reps_to_failure > len(RPE10_PERCENT):
        return None
    low = int(reps_to_failure)
    frac = reps_to_failure - low
    if frac == 0:
        return RPE10_PERCENT[low - 1]
    return RPE10_PERCENT[low - 1] + frac * (RPE10_PERCENT[low] - RPE10_PERCENT[low - 1])


def reps_in_reserve(rpe: float | None, rir: float | None) -> float | None:
    if rir is not None:
        return float(rir)
    if rpe is not None:
        return 10.0 - rpe
    return None


def estimate(
    weight: float | None,
    reps: int,
    formula: Formula = Formula.EPLEY,
    rpe: float | None = None,
    rir: float | None = None,
) -> float | None:
    """A set's e1RM in the weight's unit, or None: no load, no reps, or more than MAX_REPS."""
    if weight is None or weight <= 0 or reps < 1 or reps > MAX_REPS:
        return None
    reserve = reps_in_reserve(rpe, rir)
    if reserve is None or reserve > MAX_CHART_RIR:
        return by_formula(weight, reps, formula)
    to_failure = reps + reserve
    percent = rpe_percent(to_failure)
    if percent is None:
        return by_formula(weight, to_failure, formula)
    return weight * 100 / percent


RPE_STEPS = tuple(x / 2 for x in range(2, 21))  # 1, 1.5, ... 10: the values a logged RPE can take
RIR_STEPS = tuple(range(11))


def factors(formula: Formula = Formula.EPLEY) -> list[tuple[int, float | None, int | None, float]]:
    """(reps, rpe, rir, f) for every readable set: its e1RM is its weight times f. Every formula
    and the RPE chart are a weight times a function of reps and effort, so the store can take
    each workout's best e1RM in the same pass that sums its volume, from this table."""
    out: list[tuple[int, float | None, int | None, float]] = []
    for reps in range(1, MAX_REPS + 1):
        efforts: list[tuple[float | None, int | None]] = [(None, None)]
        efforts += [(rpe, None) for rpe in RPE_STEPS] + [(None, rir) for rir in RIR_STEPS]
        for rpe, rir in efforts:
            value = estimate(1.0, reps, formula, rpe, rir)
            assert value is not None
            out.append((reps, rpe, rir, value))
    return out
