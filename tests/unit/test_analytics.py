"""Weekly volume by muscle share, session bests and records, and methods compared."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from exhaust.domain.analytics.compare import MIN_SESSIONS, compare
from exhaust.domain.analytics.progress import lift_histories, lifts, progress, session_bests
from exhaust.domain.analytics.sets import SetGroup, Workload, week_of
from exhaust.domain.analytics.volume import Grouping, weekly_volume
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.exercises import Exercise

MONDAY = date(2026, 3, 2)


def group(
    exercise: str,
    reps: int = 8,
    weight: float | None = 100.0,
    sets: int = 1,
    day: date = MONDAY,
    workout: int = 1,
    method: str = "traditional",
    rpe: float | None = None,
    rir: int | None = None,
) -> SetGroup:
    load = 0.0 if weight is None else weight * reps * sets
    return SetGroup(workout, day, exercise, method, reps, rpe, rir, sets, load, weight)


@pytest.fixture
def lookup(catalogue: Catalogue):  # type: ignore[no-untyped-def]
    def find(exercise_id: str) -> Exercise | None:
        return catalogue.get(exercise_id) if exercise_id in catalogue else None

    return find


def test_a_bench_set_counts_by_share_and_once_for_its_prime_mover(lookup) -> None:  # type: ignore[no-untyped-def]
    report = weekly_volume([group("bench-press", sets=3)], lookup, Grouping.MUSCLE)
    chest, triceps = report.rows["chest"][MONDAY], report.rows["triceps"][MONDAY]
    assert chest.sets == pytest.approx(1.5) and chest.direct_sets == 3  # 3 sets x share 0.5
    assert triceps.sets == pytest.approx(0.84) and triceps.direct_sets == 0
    assert chest.volume_kg == pytest.approx(0.5 * 3 * 8 * 100)
    assert next(iter(report.rows)) == "chest"  # most sets first


def test_a_squat_set_is_one_direct_legs_set_though_two_leg_muscles_lead(lookup) -> None:  # type: ignore[no-untyped-def]
    report = weekly_volume([group("squat", sets=4)], lookup, Grouping.GROUP)
    legs = report.rows["legs"][MONDAY]
    assert legs.direct_sets == 4 and legs.sets == pytest.approx(4 * 0.9)  # quads .4 glutes .3 add .1 ham .1


def test_easy_sets_by_logged_effort_are_not_hard_sets(lookup) -> None:  # type: ignore[no-untyped-def]
    groups = [group("bench-press", rpe=5.5), group("bench-press", rir=5), group("bench-press", rpe=6)]
    report = weekly_volume(groups, lookup, Grouping.EXERCISE)
    assert report.rows["bench-press"][MONDAY].sets == 1


def test_exhaust_isolation_work_counts_toward_its_muscle_and_is_shown(lookup) -> None:  # type: ignore[no-untyped-def]
    groups = [group("dumbbell-fly", sets=2, method="pre-exhaust"), group("bench-press", sets=3, method="pre-exhaust")]
    chest = weekly_volume(groups, lookup, Grouping.MUSCLE).rows["chest"][MONDAY]
    assert chest.direct_sets == 5 and chest.exhaust_isolation_sets == 2


def test_own_exercises_are_counted_apart_and_weeks_without_sets_are_kept(lookup) -> None:  # type: ignore[no-untyped-def]
    later = MONDAY + timedelta(weeks=2, days=3)
    groups = [group("custom:sled-push", sets=3), group("bench-press", day=later)]
    report = weekly_volume(groups, lookup, Grouping.MUSCLE)
    assert report.unattributed == {MONDAY: 3}
    assert report.weeks == [MONDAY, MONDAY + timedelta(weeks=1), MONDAY + timedelta(weeks=2)]
    by_exercise = weekly_volume(groups, lookup, Grouping.EXERCISE, name=lambda i: i.upper())
    assert by_exercise.labels["custom:sled-push"] == "CUSTOM:SLED-PUSH"


def test_a_session_best_and_its_method_and_records() -> None:
    groups = [
        group("bench-press", reps=5, weight=100, sets=3, method="pre-exhaust"),
        group("bench-press", reps=8, weight=90, sets=1, method="pre-exhaust"),
        group("bench-press", reps=3, weight=110, day=MONDAY + timedelta(days=3), workout=2),
        group("bench-press", reps=15, weight=60, day=MONDAY + timedelta(days=3), workout=2),
    ]
    found = progress("bench-press", groups)
    first, second = found.sessions
    assert first.method == "pre-exhaust" and first.e1rm == pytest.approx(116.67, abs=0.01)  # 100x5 beats 90x8 (114)
    assert first.top is not None and (first.top.weight_kg, first.top.reps) == (100, 5)
    assert first.sets == 4 and first.reps == 23
    assert second.e1rm == pytest.approx(121.0)  # 110 x 3; the 15-rep set gives none
    assert found.best is second
    assert [(r.reps, r.weight_kg) for r in found.rep_records] == [(3, 110), (5, 100), (8, 90), (15, 60)]


def test_the_trend_is_kilos_per_week_over_the_last_eight_weeks() -> None:
    groups = [
        group("squat", reps=5, weight=100 + 2.5 * i, day=MONDAY + timedelta(weeks=i), workout=i) for i in range(12)
    ]
    found = progress("squat", groups)
    assert found.trend is not None and found.trend_sessions == 8
    assert found.trend.slope.value == pytest.approx(2.5 * (1 + 5 / 30))


def test_exhaust_work_on_a_lifts_muscle_in_the_same_week_counts_as_in_use(lookup) -> None:  # type: ignore[no-untyped-def]
    wednesday, next_monday = MONDAY + timedelta(days=2), MONDAY + timedelta(weeks=1)
    rows = [
        Workload(1, MONDAY, "bench-press", "traditional", 3, 24, 2400.0, 126.7),
        Workload(2, wednesday, "dumbbell-fly", "pre-exhaust", 2, 24, 480.0, 26.0),
        Workload(2, wednesday, "dips", "pre-exhaust", 3, 30, 0.0, None),
        Workload(2, wednesday, "dips", "pre-exhaust", 1, 8, 160.0, 25.0),  # one weighted set
        Workload(3, next_monday, "bench-press", "traditional", 3, 24, 2400.0, 128.0),
    ]
    histories = lift_histories(lifts(rows, lookup))
    assert [s.exhaust for s in histories["bench-press"]] == [True, False]
    assert histories["bench-press"][0].method == "on its muscle"
    assert [(s.method, s.e1rm) for s in histories["dips"]] == [("pre-exhaust", 25.0)]
    assert "dumbbell-fly" not in histories  # isolations are not watched


def sessions(method: str, reps: list[int], start: int, weight: float = 100.0) -> list[SetGroup]:
    return [
        group("bench-press", reps=r, weight=weight, sets=3, method=method, workout=start + i,
              day=MONDAY + timedelta(days=2 * (start + i)))
        for i, r in enumerate(reps)
    ]  # fmt: skip


def test_compare_finds_the_reps_pre_exhaust_costs_with_an_interval() -> None:
    groups = sessions("traditional", [8, 8, 9, 8, 7, 8], 0) + sessions("pre-exhaust", [6, 6, 5, 6, 7, 6], 10)
    found = compare("bench-press", groups, name="Bench Press")
    assert found.reference == "traditional"
    assert found.load_kg == pytest.approx((95, 105))
    reps = next(d for d in found.differences if d.metric == "reps_at_load")
    assert reps.estimate is not None and reps.estimate.value == pytest.approx(-2.0)
    assert reps.estimate.high is not None and reps.estimate.high < 0
    assert "2.0 fewer reps at 95.0–105.0 kg" in found.verdict and "seed 002" in found.verdict
    rpe = next(d for d in found.differences if d.metric == "rpe")
    assert rpe.estimate is None and "RPE or RIR" in rpe.verdict


def test_compare_says_when_the_data_are_too_few_or_the_difference_unclear() -> None:
    few = compare("bench-press", sessions("traditional", [8] * 5, 0) + sessions("pre-exhaust", [6, 6], 10))
    assert all(d.estimate is None for d in few.differences)
    assert f"need {MIN_SESSIONS} of each" in few.verdict
    rng = random.Random(1)
    same = sessions("traditional", [rng.choice([7, 8, 9]) for _ in range(6)], 0) + sessions(
        "pre-exhaust", [rng.choice([7, 8, 9]) for _ in range(6)], 10
    )
    unclear = compare("bench-press", same)
    assert "no clear difference" in unclear.verdict


def test_compare_in_pounds_and_with_one_method_only() -> None:
    groups = sessions("traditional", [8, 8, 9, 8], 0) + sessions("post-exhaust", [8, 7, 7, 6], 10)
    lb = compare("bench-press", groups, unit="lb", per_kg=1 / 0.45359237)
    e1rm = next(d for d in lb.differences if d.metric == "e1rm")
    assert " lb" in e1rm.verdict
    alone = compare("bench-press", sessions("traditional", [8, 8, 8], 0))
    assert "no other method" in alone.verdict and alone.differences == []


def test_weeks_start_on_monday() -> None:
    assert week_of(date(2026, 3, 8)) == MONDAY and week_of(MONDAY) == MONDAY
    assert session_bests([]) == []


def test_folded_rows_and_set_groups_give_the_same_volume(lookup) -> None:  # type: ignore[no-untyped-def]
    groups = [group("bench-press", sets=3, reps=8), group("bench-press", sets=1, reps=5, rpe=5), group("squat", sets=2)]
    folded = [Workload(1, MONDAY, "bench-press", "traditional", 3, 24, 2400.0, None),
              Workload(1, MONDAY, "squat", "traditional", 2, 16, 1600.0, None)]  # fmt: skip
    a = weekly_volume(groups, lookup, Grouping.MUSCLE)
    b = weekly_volume(folded, lookup, Grouping.MUSCLE)
    assert {k: (c[MONDAY].sets, c[MONDAY].reps, c[MONDAY].volume_kg) for k, c in a.rows.items()} == {
        k: (c[MONDAY].sets, c[MONDAY].reps, c[MONDAY].volume_kg) for k, c in b.rows.items()
    }


def test_every_formula_is_a_weight_times_a_factor_the_store_can_use() -> None:
    from exhaust.domain.analytics.e1rm import Formula, estimate, factors

    for formula in Formula:
        for reps, rpe, rir, f in factors(formula):
            assert estimate(87.5, reps, formula, rpe, rir) == pytest.approx(87.5 * f)
