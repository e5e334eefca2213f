"""What the Today page and `exhaust workout start` say on the compound after its isolation: the
reps stay inside the plan's range, and what lies outside it is said with what to do."""

from __future__ import annotations

from exhaust.domain.fatigue import DEFAULT_PRIOR
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import RepRange
from exhaust.services.prediction import Expectation

SIX_TO_TEN = RepRange(low=6, high=10)


def said(reps: tuple[int, int], target: RepRange | None = SIX_TO_TEN) -> str:
    return Expectation(
        "A2", "bench-press", "Cable Fly", reps, 62.5, 72.5, "kg", Muscle.TRICEPS, Muscle.TRICEPS, DEFAULT_PRIOR, target
    ).text


def test_reps_past_the_top_of_the_range_are_capped_and_earn_weight() -> None:
    assert said((7, 12)) == (
        "after the Cable Fly, expect 7–10 reps at 72.5 kg (up to 12 to failure: stop at 10 and add weight next time)"
    )


def test_reps_under_the_bottom_say_the_weight_is_too_heavy() -> None:
    assert said((4, 8)) == "after the Cable Fly, expect 4–8 reps at 72.5 kg (as few as 4: under 6, take a plate off)"


def test_inside_the_range_it_is_just_the_reps() -> None:
    assert said((7, 9)) == "after the Cable Fly, expect 7–9 reps at 72.5 kg"
    assert said((11, 13), None) == "after the Cable Fly, expect 11–13 reps at 72.5 kg"
