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


def test_only_the_current_run_of_exhaust_work_is_judged() -> None:
    # pre-exhaust for a month a year ago, then traditional order, then pre-exhaust again now
    start = date(2025, 1, 6)
    values = (
        [(100 + i, False) for i in range(6)]
        + [(104.0, True)] * 4  # the old run: no decline
        + [(106 + i * 0.5, False) for i in range(40)]
        + [(124.0, True), (120.0, True), (118.0, True), (117.0, True)]  # now: down from ~125
    )
    sessions = [
        LiftSession(start + timedelta(days=7 * i), v, ex, "pre-exhaust" if ex else "")
        for i, (v, ex) in enumerate(values)
    ]
    decline = progress_watch("Bench Press (Barbell)", sessions)
    assert decline is not None and decline.since == sessions[50].day
    assert decline.methods == ("pre-exhaust",) and decline.sessions == 4
    assert decline.week.weekday() == 0 and decline.week <= decline.since


def test_a_technique_dropped_over_a_month_ago_is_not_in_use() -> None:
    sessions = history([100, 101, 102, 102.5, 103, 103.5], [99, 97.5, 96, 95])
    last = sessions[-1].day
    later = [LiftSession(last + timedelta(days=7 * (i + 1)), 96.0, False) for i in range(5)]
    assert progress_watch("Squat", sessions) is not None
    assert progress_watch("Squat", sessions + later) is None


def test_a_wide_swinging_lifter_is_not_warned_on_one_bad_week() -> None:
    # recent mean is 3 % down, but the scatter is so wide the drop cannot be told from noise
    sessions = history([92, 108, 95, 110, 90, 105], [84, 110, 96])  # 3.3 % down on average
    assert progress_watch("Squat", sessions) is None


def test_the_message_speaks_the_lifters_unit() -> None:
    sessions = history([100, 101, 102, 102.5, 103, 103.5], [101, 99, 97.5, 96, 95])
    decline = progress_watch("Bench Press (Barbell)", sessions)
    assert decline is not None
    text = decline.message("lb", 1 / 0.45359237)
    assert " lb " in text and "since the week of 2026-01-" in text
