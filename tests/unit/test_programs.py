"""Whole programmes, the domain half (no solver): what is asked, the bands, the days' offers,
how a chosen week becomes sessions and weeks, and what is said when nothing fits."""

from __future__ import annotations

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import BadInput
from exhaust.domain.exercises import Joint
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate
from exhaust.domain.plans import Block, Experience, Goal, LoadKind
from exhaust.domain.programs import (
    DayChoice,
    DayKind,
    Group,
    Problem,
    ProgramRequest,
    Solution,
    Split,
    Unsatisfiable,
    assemble,
    bands,
    build_problem,
    explain_unsatisfiable,
    refusal,
    violations,
)
from exhaust.domain.sessions import Request, post_block, pre_block


def problem_for(catalogue: Catalogue, **kw: object) -> Problem:
    args: dict[str, object] = {
        "days": 3,
        "minutes": 75,
        "goal": Goal.HYPERTROPHY,
        "experience": Experience.INTERMEDIATE,
    }
    args.update(kw)
    req = ProgramRequest(**args)  # type: ignore[arg-type]
    session_req = Request(Method.TRADITIONAL, (), req.experience, req.goal, req.equipment)

    def pre(c: Candidate) -> Block:
        return pre_block(session_req, "A", c, catalogue, None)[0]

    def post(c: Candidate, final: bool) -> Block:
        return post_block(session_req, "A", c, final)

    return build_problem(req, catalogue, pre, post)


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [("days", 7, "days 7"), ("days", 1, "2 to 6"), ("minutes", 10, "minutes 10"), ("weeks", 0, "weeks 0")],
)
def test_a_request_out_of_range_is_refused_naming_the_option(field: str, value: int, says: str) -> None:
    args = {"days": 3, "minutes": 60, "goal": Goal.GENERAL, "experience": Experience.BEGINNER, field: value}
    with pytest.raises(BadInput, match=says):
        ProgramRequest(**args)  # type: ignore[arg-type]


def test_a_band_that_runs_backwards_is_refused() -> None:
    with pytest.raises(BadInput, match="10-20"):
        ProgramRequest(3, 60, Goal.GENERAL, Experience.BEGINNER, weekly_sets=(20, 10))


def test_splits_by_days_and_seed_001s_lower_push_pull() -> None:
    assert Split.LOWER_PUSH_PULL.days(3) == (DayKind.LOWER, DayKind.PUSH, DayKind.PULL)
    assert Split.PUSH_PULL_LEGS.days(6) == (DayKind.PUSH, DayKind.PULL, DayKind.LEGS) * 2
    assert ProgramRequest(4, 60, Goal.GENERAL, Experience.BEGINNER).chosen_split is Split.UPPER_LOWER
    assert ProgramRequest(2, 60, Goal.GENERAL, Experience.BEGINNER).chosen_split is Split.FULL_BODY


def test_a_lagging_muscle_gets_four_more_weekly_sets_and_the_arms_half_the_floor() -> None:
    by = {b.muscle: b for b in bands(Goal.HYPERTROPHY, Experience.INTERMEDIATE, [Muscle.CALVES], None)}
    assert (by[Muscle.CHEST].low, by[Muscle.CHEST].high) == (10, 20)
    assert (by[Muscle.CALVES].low, by[Muscle.CALVES].high) == (14, 24) and by[Muscle.CALVES].lagging
    assert by[Muscle.BICEPS].low == 5
    assert by[Muscle.FOREARMS].low == 0  # no floor of its own


@pytest.mark.parametrize(
    ("method", "goal", "level", "rule"),
    [
        (Method.PRE_EXHAUST, Goal.STRENGTH, Experience.ADVANCED, "PRE-STRENGTH-GOAL"),
        (Method.PRE_EXHAUST, Goal.HYPERTROPHY, Experience.BEGINNER, "PRE-BEGINNER"),
        (Method.REVERSE_PRE_EXHAUST, Goal.HYPERTROPHY, Experience.BEGINNER, "PRE-BEGINNER"),
        (Method.POST_EXHAUST, Goal.STRENGTH, Experience.INTERMEDIATE, "POST-NOT-FOR"),
    ],
)
def test_methods_the_seeds_advise_against_are_refused_with_the_rule(
    method: Method, goal: Goal, level: Experience, rule: str
) -> None:
    said = refusal(method, goal, level)
    assert said is not None and rule in said and "--method" in said


def test_a_beginner_may_have_traditional_or_accessory_first() -> None:
    assert refusal(Method.TRADITIONAL, Goal.HYPERTROPHY, Experience.BEGINNER) is None
    assert refusal(Method.ACCESSORY_FIRST, Goal.GENERAL, Experience.BEGINNER) is None


def test_let_exhaust_choose_pre_exhausts_a_lagging_muscle_and_post_exhausts_elsewhere(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, days=4, lagging=(Muscle.CHEST,))
    methods = {day.name: day.method for day in problem.days}
    assert methods["Monday - upper body"] is Method.PRE_EXHAUST
    assert problem.days[0].pair_targets == (Muscle.CHEST,)
    assert methods["Tuesday - lower body"] is Method.POST_EXHAUST
    assert all(p.candidate.target is Muscle.CHEST for p in problem.days[0].pairs)
    assert problem.days[0].pairs_min == problem.days[0].pairs_max == 1  # PRE-ONE-GROUP


def test_let_exhaust_choose_keeps_a_strength_goal_and_a_beginner_traditional(catalogue: Catalogue) -> None:
    for goal, level in ((Goal.STRENGTH, Experience.ADVANCED), (Goal.HYPERTROPHY, Experience.BEGINNER)):
        problem = problem_for(catalogue, goal=goal, experience=level, lagging=(Muscle.CHEST,))
        assert {d.method for d in problem.days} == {Method.TRADITIONAL}
        assert not any(d.pairs for d in problem.days)


def test_a_joint_to_spare_keeps_its_heavy_lifts_out_but_after_a_pre_exhaust(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, days=4, spare=(Joint.KNEE,))
    lower = problem.days[1]
    squat = next(o for o in lower.options if o.exercise.id == "squat")
    assert squat.only_paired
    assert lower.method is Method.PRE_EXHAUST and Muscle.QUADS in lower.pair_targets
    assert any("To spare the knee" in line and "Squat" in line for line in problem.left_out)


def test_days_on_following_weekdays_are_paired_for_the_rest_day_rule(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, days=4)  # Monday, Tuesday, Thursday, Friday
    assert problem.consecutive == ((0, 1), (2, 3))


def _choice(**sets: int) -> DayChoice:
    return DayChoice({k.replace("_", "-"): v for k, v in sets.items()}, ())


def test_an_accessory_first_day_runs_least_to_most_intense_compounds_last(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, split=Split.LOWER_PUSH_PULL, method=Method.ACCESSORY_FIRST, weeks=1)
    chosen = (
        _choice(squat=4, leg_extension=4, lying_leg_curl=4, romanian_deadlift=4, hip_thrust=4),
        _choice(dumbbell_bench_press=3, lateral_raise=3, rope_pushdown=3),
        _choice(pull_up=3, biceps_curl=3, straight_arm_pulldown=3),
    )
    program = assemble(problem, Solution(chosen, True, 0))
    monday = program.plan.sessions[0]
    exercises = [catalogue.get(i.exercise_id) for i in monday.exercises]
    assert [e.is_compound for e in exercises] == sorted(e.is_compound for e in exercises)
    isolations = [e.intensity for e in exercises if e.is_isolation]
    assert isolations == sorted(isolations)
    assert monday.name == "Monday - lower body"
    # after the isolation work the compounds are planned by effort (RIR), as 001's sessions need
    assert all(i.load is not None and i.load.kind is LoadKind.RIR for i in monday.exercises)


def test_a_block_of_weeks_repeats_the_week_and_deloads_every_fourth(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, split=Split.LOWER_PUSH_PULL, method=Method.TRADITIONAL, weeks=5)
    chosen = (
        _choice(squat=4, leg_extension=3),
        _choice(bench_press=4, lateral_raise=3),
        _choice(pull_up=3, biceps_curl=3),
    )
    plan = assemble(problem, Solution(chosen, True, 0)).plan
    assert len(plan.sessions) == 15
    assert plan.sessions[3].name == "Week 2 Monday - lower body"
    week1, week4 = plan.sessions[0], plan.sessions[9]
    assert week4.name == "Week 4 Monday - lower body"
    before = {i.exercise_id: i for i in week1.exercises}
    after = {i.exercise_id: i for i in week4.exercises}
    assert after["squat"].sets == 2  # compound volume cut (004)
    assert after["leg-extension"].sets == before["leg-extension"].sets  # isolation kept
    assert before["squat"].load is not None and after["squat"].load is not None
    assert after["squat"].load.low < before["squat"].load.low
    assert plan.sessions[12].exercises == week1.exercises  # week 5 builds again


def test_violations_name_a_muscle_outside_its_band(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, split=Split.LOWER_PUSH_PULL, method=Method.TRADITIONAL)
    chosen = (_choice(squat=2), _choice(bench_press=2), _choice(pull_up=2))
    found = violations(assemble(problem, Solution(chosen, True, 0)))
    assert any(v.startswith("chest: ") and "outside 10-20" in v for v in found)


def test_a_clash_of_minutes_says_how_many_are_needed(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, days=2, minutes=30)
    text = explain_unsatisfiable(problem, Unsatisfiable([(Group.DURATION, "Monday - full body")], 85, alone=True))
    assert text.startswith("No 2-day programme meets every ask")
    assert "30 minutes" in text and "Try 85 minutes a session" in text and "a lower band of weekly sets" in text


def test_a_clash_of_rest_days_points_to_a_split(catalogue: Catalogue) -> None:
    problem = problem_for(catalogue, days=6, split=Split.FULL_BODY)
    text = explain_unsatisfiable(problem, Unsatisfiable([(Group.REST_DAYS, "")], alone=True))
    assert "two days running" in text and "the upper-lower or push-pull-legs split" in text
