"""Session building: the seeds' prescriptions, and plans the checker accepts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhaust.domain import prescriptions as rx
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import CannotPlan
from exhaust.domain.exercises import Equipment, Role
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal, LoadKind
from exhaust.domain.rules import Severity, check_plan
from exhaust.domain.sessions import Request, build_session


def build(catalogue: Catalogue, method: Method, *targets: Muscle, **kw: object):  # type: ignore[no-untyped-def]
    req = Request(
        method,
        targets,
        kw.get("experience", Experience.INTERMEDIATE),  # type: ignore[arg-type]
        kw.get("goal", Goal.HYPERTROPHY),  # type: ignore[arg-type]
        kw.get("equipment"),  # type: ignore[arg-type]
    )
    return build_session(req, catalogue)


def test_pre_exhaust_chest_opens_with_a_linked_fly_and_press_at_a_lowered_load(catalogue: Catalogue) -> None:
    plan = build(catalogue, Method.PRE_EXHAUST, Muscle.CHEST)
    first = plan.sessions[0].blocks[0]
    assert first.linked
    iso, comp = (catalogue.get(i.exercise_id) for i in first.items)
    assert iso.is_isolation and iso.main_muscle is Muscle.CHEST
    assert comp.is_compound and comp.role_of(Muscle.CHEST) is Role.PRIME
    iso_rx, comp_rx = first.items
    assert iso_rx.sets == 2 and iso_rx.reps.within(10, 15)
    assert iso_rx.rest_s == 0  # straight into the compound: 002's superset (prescriptions.PRE_REST_PLANNED)
    assert comp_rx.load is not None and comp_rx.load.kind is LoadKind.PERCENT_1RM
    fresh = rx.fresh_percent(comp_rx.reps.high)
    assert fresh * 0.80 <= comp_rx.load.low <= fresh * 0.90  # seed 004's 10-20 %, from the fatigue model
    assert "fatigue model" in comp_rx.note and "PRE-LOAD-DROP" in comp_rx.note


def test_post_exhaust_pairs_follow_the_level(catalogue: Catalogue) -> None:
    targets = (Muscle.CHEST, Muscle.LATS, Muscle.QUADS, Muscle.SIDE_DELTS)
    for level, pairs in ((Experience.BEGINNER, 1), (Experience.INTERMEDIATE, 2), (Experience.ADVANCED, 3)):
        session = build(catalogue, Method.POST_EXHAUST, *targets, experience=level).sessions[0]
        linked = [b for b in session.blocks if b.linked]
        assert len(linked) == pairs
        for b in linked:
            assert catalogue.get(b.items[0].exercise_id).is_compound


def test_accessory_first_puts_isolations_first_in_rising_intensity(catalogue: Catalogue) -> None:
    session = build(catalogue, Method.ACCESSORY_FIRST, Muscle.QUADS, Muscle.HAMSTRINGS, Muscle.GLUTES).sessions[0]
    exs = [catalogue.get(i.exercise_id) for i in session.exercises]
    kinds = [e.is_isolation for e in exs]
    assert kinds == sorted(kinds, reverse=True)
    assert [e.intensity for e in exs] == sorted(e.intensity for e in exs)


def test_reverse_pre_exhaust_fatigues_a_synergist_not_the_target(catalogue: Catalogue) -> None:
    first = build(catalogue, Method.REVERSE_PRE_EXHAUST, Muscle.QUADS).sessions[0].blocks[0]
    iso, comp = (catalogue.get(i.exercise_id) for i in first.items)
    assert not iso.loads(Muscle.QUADS)
    assert comp.role_of(iso.main_muscle) is Role.SYNERGIST and comp.role_of(Muscle.QUADS) is Role.PRIME


def test_equipment_the_lifter_lacks_is_never_planned(catalogue: Catalogue) -> None:
    plan = build(catalogue, Method.PRE_EXHAUST, Muscle.CHEST, equipment=(Equipment.DUMBBELL,))
    for item in plan.sessions[0].exercises:
        assert catalogue.get(item.exercise_id).equipment in (Equipment.DUMBBELL, Equipment.BODYWEIGHT)


def test_no_pair_possible_is_explained(catalogue: Catalogue) -> None:
    with pytest.raises(CannotPlan, match="band"):
        build(catalogue, Method.PRE_EXHAUST, Muscle.CALVES, equipment=(Equipment.BAND,))


@settings(max_examples=80, deadline=None)
@given(
    method=st.sampled_from(list(Method)),
    targets=st.lists(
        st.sampled_from([Muscle.CHEST, Muscle.LATS, Muscle.QUADS, Muscle.HAMSTRINGS, Muscle.SIDE_DELTS,
                         Muscle.TRICEPS, Muscle.GLUTES, Muscle.FRONT_DELTS]),
        min_size=1, max_size=4, unique=True,
    ),
    experience=st.sampled_from([Experience.INTERMEDIATE, Experience.ADVANCED]),
    goal=st.sampled_from([Goal.HYPERTROPHY, Goal.GENERAL]),
)  # fmt: skip
def test_built_sessions_have_no_checker_errors(
    catalogue: Catalogue, method: Method, targets: list[Muscle], experience: Experience, goal: Goal
) -> None:
    try:
        plan = build(catalogue, method, *targets, experience=experience, goal=goal)
    except CannotPlan:
        return  # e.g. no reverse pair for that target; the message says so
    errors = [f for f in check_plan(plan, catalogue) if f.severity is Severity.ERROR]
    assert errors == []
