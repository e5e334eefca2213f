"""How a muscle gets its capacity back during rest: two exponentials, a fast and a slow one.

The fatigue a set leaves (a fraction of the muscle's capacity, see model.py) shrinks during
rest as

    remaining(t) = (1 - b) * exp(-t / tau_fast) + b * exp(-t / tau_slow)

with tau = half-life / ln 2. Why this shape and where each number comes from:

- Two phases. Force and the muscle's energy stores come back in a fast phase of tens of
  seconds and a slow phase of minutes (Allen, Lamb & Westerblad 2008, "Skeletal muscle
  fatigue: cellular mechanisms", Physiol Rev 88:287-332). Phosphocreatine, the store a set of
  6-20 reps draws down, is rebuilt biphasically with half-lives of about 21 s and 170 s
  (Harris et al. 1976, "The time course of phosphorylcreatine resynthesis during recovery of
  the quadriceps muscle in man", Pflugers Arch 367:137-142). We take those two half-lives.
- The slow share b is fitted to repetitions, not to phosphocreatine: Richmond & Godard 2004
  ("The effects of varied rest periods between sets to failure using the bench press in
  recreationally trained men", J Strength Cond Res 18(4):846-849) report the work of a second
  bench set to failure at 75 % 1RM after 1, 3 and 5 min of rest as 1389 +/- 530, 1495 +/- 451
  and 1711 +/- 478 (reps x weight), and that even 5 min did not bring the first set's reps
  back. In the model the second set's reps are the first set's times (1 - remaining(t)), so
  the 1 : 3 : 5 min ratios 0.81 : 0.87 : 1 fix b; least squares over both ratios gives
  b = 0.2 (the model then says 0.78 : 0.96 : 1, and 94 % of the first set's reps after 5 min).
  Their SDs are a third of the means, so b is known to about +/- 0.1, no better.
- The reviews agree with the shape: longer rest gives more reps over repeated sets, with
  3-5 min needed to keep repetitions up at 50-90 % 1RM (de Salles et al. 2009, "Rest interval
  between sets in strength training", Sports Med 39(9):765-777; Willardson & Burkett 2005,
  J Strength Cond Res 19(1):23-26; Willardson & Burkett 2006, J Strength Cond Res
  20(2):400-403). A test walks these directions (test_fatigue_studies.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FAST_HALF_LIFE_S = 21.0  # Harris et al. 1976: fast phase of phosphocreatine resynthesis
SLOW_HALF_LIFE_S = 170.0  # Harris et al. 1976: slow phase
SLOW_FRACTION = 0.2  # fitted to Richmond & Godard 2004 (see the module text)


@dataclass(frozen=True)
class Recovery:
    """The share of a set's fatigue still there ``t`` seconds after it."""

    fast_half_life_s: float = FAST_HALF_LIFE_S
    slow_half_life_s: float = SLOW_HALF_LIFE_S
    slow_fraction: float = SLOW_FRACTION

    def __post_init__(self) -> None:
        if self.fast_half_life_s <= 0 or self.slow_half_life_s <= 0:
            raise ValueError("half-lives must be positive")
        if not 0.0 <= self.slow_fraction <= 1.0:
            raise ValueError("the slow fraction is a share between 0 and 1")

    def remaining(self, seconds: float) -> float:
        """1 straight after the set, falling towards 0 as rest goes on; never rises."""
        t = max(0.0, seconds)
        fast = math.exp(-t * math.log(2) / self.fast_half_life_s)
        slow = math.exp(-t * math.log(2) / self.slow_half_life_s)
        return (1.0 - self.slow_fraction) * fast + self.slow_fraction * slow


DEFAULT_RECOVERY = Recovery()
