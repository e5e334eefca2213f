"""PRE-LOAD-DROP never contradicts the session builder: where the fatigue model asks for less of
a drop than seed 004's 10-20 % and the plan follows the model, the finding is an info that gives
both figures; a compound left at its fresh load when the model says it needs a lighter one
still warns."""

from __future__ import annotations

import itertools
import textwrap

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import CannotPlan
from exhaust.domain.exercises import Equipment
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.planfile import parse_plan
from exhaust.domain.plans import Experience, Goal, Plan
from exhaust.domain.rules import Finding, Severity, check_plan
from exhaust.domain.sessions import Request, build_session
from exhaust.services.catalogue import find_exercise

PRE_METHODS = (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST)


def load_drop(plan: Plan, catalogue: Catalogue, **kw: object) -> list[Finding]:
    return [f for f in check_plan(plan, catalogue, **kw) if f.rule == "PRE-LOAD-DROP"]  # type: ignore[arg-type]


def built(catalogue: Catalogue, req: Request) -> Plan | None:
    try:
        return build_session(req, catalogue)
    except CannotPlan:
        return None  # no pair for that target with that equipment; the message says so


def test_no_plan_the_builder_makes_gets_a_pre_load_drop_warning(catalogue: Catalogue) -> None:
    requests = [
        Request(method, (target,), experience, goal)
        for method, target, experience, goal in itertools.product(Method, Muscle, Experience, Goal)
    ]
    # the pairs change with the equipment at hand: every single kind, and the brief's dumbbells and dips
    kits = [(e,) for e in Equipment] + [(Equipment.DUMBBELL, Equipment.BODYWEIGHT)]
    requests += [
        Request(method, (target,), Experience.INTERMEDIATE, goal, kit)
        for method, target, goal, kit in itertools.product(PRE_METHODS, Muscle, (Goal.HYPERTROPHY, Goal.STRENGTH), kits)
    ]
    plans = [(req, plan) for req in requests if (plan := built(catalogue, req)) is not None]
    assert len(plans) > 1000
    infos = 0
    for req, plan in plans:
        found = load_drop(plan, catalogue)
        assert all(f.severity is Severity.INFO for f in found), (req, found)
        infos += len(found)
    assert infos > 0  # the cases where the model and seed 004 disagree are still shown


def test_where_the_model_keeps_the_load_the_finding_is_an_info_naming_both(catalogue: Catalogue) -> None:
    req = Request(
        Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY,
        (Equipment.DUMBBELL, Equipment.BODYWEIGHT),
    )  # fmt: skip
    plan = build_session(req, catalogue)
    iso, dips = plan.sessions[0].blocks[0].items
    assert (iso.exercise_id, dips.exercise_id) == ("dumbbell-fly", "dips")
    [found] = load_drop(plan, catalogue)
    assert found.severity is Severity.INFO
    message = found.message
    assert "Dips at 75% 1RM is the fatigue model's load (as heavy as the 75% for 10 reps fresh" in message
    assert "weak link after the pre-fatigue: triceps" in message  # the flyes do not tire what ends the set
    assert "Seed 004: pre-exhaust lowers the compound 10–20 % (60–68% 1RM)" in message
    assert "The sources disagree and this plan follows the model" in message
    assert "below 6, lower it toward 60–68% 1RM" in message  # what to do if the model is wrong for you


PLAN = """
    experience: intermediate
    goal: hypertrophy
    spotter: yes
    session: chest
    method: pre-exhaust
    target: chest
    A1 Cable Fly             2 x 12-15 RIR 2    rest {rest}
    A2 Bench Press (Barbell) 3 x 6-10  {load}    rest 2m
"""


def plan(catalogue: Catalogue, load: str, rest: str = "0s") -> Plan:
    text = textwrap.dedent(PLAN.format(load=load, rest=rest))
    return parse_plan(text, lambda n: find_exercise(n, catalogue))


@pytest.mark.parametrize("rest", ["0s", "30s", "60s", "90s"])
def test_the_fresh_load_after_flyes_still_warns_and_names_the_models_load(catalogue: Catalogue, rest: str) -> None:
    [found] = load_drop(plan(catalogue, "75%", rest), catalogue)
    assert found.severity is Severity.WARNING and found.line == 9
    assert "Lower it 10–20 % (004): 60–68% 1RM; the fatigue model, for this pair and rest, says" in found.message


def test_a_minute_of_rest_and_the_models_load_is_an_info_not_a_warning(catalogue: Catalogue) -> None:
    # After 60 s the flyes' fatigue has mostly faded: the model asks for about 5 % less, 004 for 10-20 %.
    [heavy] = load_drop(plan(catalogue, "75%", "60s"), catalogue)
    model = float(heavy.message.rsplit("says ", 1)[1].split("%")[0])
    assert 67.5 < model < 75
    [found] = load_drop(plan(catalogue, f"{model:g}%", "60s"), catalogue)
    assert found.severity is Severity.INFO and "is the fatigue model's load" in found.message
    assert load_drop(plan(catalogue, "65%", "60s"), catalogue) == []  # inside 004's band: nothing to say


def test_a_load_worked_out_with_the_lifters_own_carry_over_is_judged_with_it(catalogue: Catalogue) -> None:
    resilient = {"bench-press": CarryOver(mean=0.3, sd=0.05, n=30, exercise_id="bench-press")}
    req = Request(Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY)
    own = build_session(req, catalogue, resilient).model_copy(update={"spotter": True})
    bench = own.sessions[0].blocks[0].items[1]
    assert bench.load is not None and bench.load.low > 67.5  # less than 10 % below the fresh 75 %
    [found] = load_drop(own, catalogue, carry_over=resilient)
    assert found.severity is Severity.INFO and "your carry-over 0.30" in found.message
    # the same plan read against the published carry-over asks for more of a drop
    [published] = load_drop(own, catalogue)
    assert published.severity is Severity.WARNING
