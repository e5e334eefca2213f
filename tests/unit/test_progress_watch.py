"""PROGRESS-WATCH (seed 004): warn when a compound lift declines while exhaust work is in use,
and stay quiet on noise."""

from __future__ import annotations

import random
from datetime import date, timedelta

from exhaust.domain.rules import LiftSession, progress_watch


def history(before: list[float], during: list[float]) -> list[LiftSession]:
    start = date(2026, 1, 5)
    values = [(v, False) for v in before] + [(v, True) for v in during]
    return [LiftSession(start + timedelta(days=3 * i), v, ex) for i, (v, ex) in enumerate(values)]


def test_a_real_decline_under_pre_exhaust_is_named_with_its_size_and_start() -> None:
    sessions = history([100, 101, 102, 102.5, 103, 103.5], [101, 99, 97.5, 96, 95])
    decline = progress_watch("Bench Press (Barbell)", sessions)
    assert decline is not None
    assert decline.since == sessions[6].day
    assert 5 < decline.percent < 8
    assert "use the technique less often" in decline.message() and "Bench Press" in decline.message()


def test_noise_of_two_percent_does_not_warn() -> None:
    rng = random.Random(4)
    for _ in range(200):
        before = [100 * (1 + rng.uniform(-0.02, 0.02)) for _ in range(6)]
        during = [100 * (1 + rng.uniform(-0.02, 0.02)) for _ in range(8)]
        assert progress_watch("Squat", history(before, during)) is None


def test_a_decline_without_exhaust_work_is_not_this_rule() -> None:
    sessions = history([100, 101, 102, 98, 96, 94, 92], [])
    assert progress_watch("Squat", sessions) is None


def test_too_few_sessions_to_tell() -> None:
    assert progress_watch("Squat", history([100, 101, 102, 103], [90, 89])) is None
