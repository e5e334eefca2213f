"""The programme's constraint problem (domain/programs/problem.py) solved by OR-Tools' CP-SAT.

Every constraint group of the problem is switched on by an assumption literal, so that when no
programme exists CP-SAT names a set of groups that cannot hold together (its infeasible core)
and the lifter is told which of their asks to loosen. One search worker and a deterministic
time budget: the same request gives the same programme on every run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from exhaust.domain.exercises import Role
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.programs import volume as vol
from exhaust.domain.programs.problem import (
    MAX_EXERCISES,
    MAX_PER_MAIN_MUSCLE,
    MIN_EXERCISES,
    DayChoice,
    Group,
    Problem,
    Solution,
    Unsatisfiable,
)

# Objective weights (problem.py states the objective): a half set away from the band's aim
# costs 3, a different exercise 6; merits are those of problem.py.
W_DEVIATION = 3
W_EXERCISE = 6
# The search stops after a budget of CP-SAT's deterministic time (counted in its own work units,
# so the same on a loaded machine as on an idle one, unlike a wall clock) with the best programme
# found, proven optimal or not: 0.4 of a unit is under a second for six days on a 2-core machine
# (bench/program.py); of 20 requests we tried, 13 came out as good as with 0.5, the rest a little worse.
# A tight request can take longer to find a first programme: the budget grows until one is found
# or the search is given up (the lifter is told the asks leave little room).
BUDGETS = (0.4, 2.0, 8.0)
SEED = 20261202
# CP-SAT's portfolio of subsolvers (LNS among them) interleaved in a deterministic order: good
# programmes sooner than one worker, and the same one on every run.
WORKERS = 8
INTERLEAVE = True


@dataclass
class _Model:
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    assumptions: list[tuple[cp_model.IntVar, Group, str]] = field(default_factory=list)
    y: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    s: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    p: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    seconds: dict[int, Any] = field(default_factory=dict)  # a day's length, a linear expression

    def switch(self, group: Group, what: str) -> cp_model.IntVar:
        lit = self.model.new_bool_var(f"{group.value}:{what}")
        self.assumptions.append((lit, group, what))
        return lit


def _build(problem: Problem, objective: bool = True) -> _Model:
    m = _Model()
    model = m.model
    volume: dict[Muscle, list[cp_model.LinearExpr]] = defaultdict(list)
    hard: dict[tuple[int, Muscle], cp_model.IntVar] = {}
    used: dict[str, cp_model.IntVar] = {}
    merit_terms: list[cp_model.LinearExpr] = []

    for day in problem.days:
        d = day.index
        size = m.switch(Group.SIZE, day.name)
        by_main: dict[Muscle, list[cp_model.IntVar]] = defaultdict(list)
        day_volume: dict[Muscle, list[cp_model.LinearExpr]] = defaultdict(list)
        for o in day.options:
            ex = o.exercise
            y = model.new_bool_var(f"y{d}:{ex.id}")
            s = model.new_int_var(0, o.max_sets, f"s{d}:{ex.id}")
            model.add(s >= o.min_sets * y)
            model.add(s <= o.max_sets * y)
            m.y[d, ex.id], m.s[d, ex.id] = y, s
            by_main[ex.main_muscle].append(y)
            merit_terms.append(o.merit * y)
            if ex.id not in used:
                used[ex.id] = model.new_bool_var(f"used:{ex.id}")
            model.add_implication(y, used[ex.id])
            for load in ex.muscles:
                credit = vol.CREDIT_HALVES[load.role]
                if credit:
                    volume[load.muscle].append(credit * s)
                    day_volume[load.muscle].append(credit * s)
                if load.role is Role.PRIME:
                    key = (d, load.muscle)
                    if key not in hard:
                        hard[key] = model.new_bool_var(f"hard{d}:{load.muscle.value}")
                    model.add_implication(y, hard[key])
        ys = [m.y[d, o.exercise.id] for o in day.options]
        model.add(sum(ys) >= MIN_EXERCISES).only_enforce_if(size)
        model.add(sum(ys) <= MAX_EXERCISES).only_enforce_if(size)
        compounds = [m.y[d, o.exercise.id] for o in day.options if o.exercise.is_compound]
        # Every session has a compound lift; for a strength goal two, the lifts being trained.
        model.add(sum(compounds) >= problem.min_compounds).only_enforce_if(size)
        for group in by_main.values():
            if len(group) > MAX_PER_MAIN_MUSCLE:
                model.add(sum(group) <= MAX_PER_MAIN_MUSCLE).only_enforce_if(size)
        for terms in day_volume.values():
            model.add(sum(terms) <= vol.SESSION_CAP * vol.HALF).only_enforce_if(size)

        # Pairs: each linked pair fixes its sets; an exercise is in one pair at most.
        pairs_here: list[cp_model.IntVar] = []
        in_pair: dict[str, list[cp_model.IntVar]] = defaultdict(list)
        for k, pair in enumerate(day.pairs):
            p = model.new_bool_var(f"p{d}:{k}")
            m.p[d, k] = p
            pairs_here.append(p)
            first, second = pair.ids
            for eid, sets in ((first, pair.first_sets), (second, pair.second_sets)):
                model.add_implication(p, m.y[d, eid])
                model.add(m.s[d, eid] == sets).only_enforce_if(p)
                in_pair[eid].append(p)
            merit_terms.append(pair.merit * p)
        for group in in_pair.values():
            if len(group) > 1:
                model.add_at_most_one(group)
        for o in day.options:
            if o.only_paired:
                carriers = [
                    m.p[d, k] for k, pair in enumerate(day.pairs) if pair.candidate.compound.id == o.exercise.id
                ]
                model.add(m.y[d, o.exercise.id] <= sum(carriers))
        if day.pairs_max:
            need = m.switch(Group.PAIRS, day.name)
            model.add(sum(pairs_here) >= day.pairs_min).only_enforce_if(need)
            model.add(sum(pairs_here) <= day.pairs_max)
            if day.method in (Method.POST_EXHAUST, Method.POST_EXHAUST_FINAL_SET):
                # POST-NOT-EVERYTHING (004): never every exercise of the session in a pair.
                model.add(sum(ys) >= 2 * sum(pairs_here) + 1)
        else:
            for p in pairs_here:
                model.add(p == 0)

        seconds = (
            vol.WARM_UP_S
            + sum(o.warm_up_s * m.y[d, o.exercise.id] for o in day.options)
            + sum(o.set_seconds * m.s[d, o.exercise.id] for o in day.options)
            + sum(pair.seconds_adjust * m.p[d, k] for k, pair in enumerate(day.pairs))
        )
        m.seconds[d] = seconds
        model.add(seconds <= problem.seconds_limit).only_enforce_if(m.switch(Group.DURATION, day.name))

    for day in problem.days:  # a day of the same kind repeats the earlier one (problem.py)
        if day.twin_of is not None:
            for o in day.options:
                model.add(m.s[day.index, o.exercise.id] == m.s[day.twin_of, o.exercise.id])
                model.add(m.y[day.index, o.exercise.id] == m.y[day.twin_of, o.exercise.id])
            for k in range(len(day.pairs)):
                model.add(m.p[day.index, k] == m.p[day.twin_of, k])

    rest = m.switch(Group.REST_DAYS, "")
    for a, b in problem.consecutive:
        for muscle in Muscle:
            if (a, muscle) in hard and (b, muscle) in hard:
                model.add(hard[a, muscle] + hard[b, muscle] <= 1).only_enforce_if(rest)

    deviations: list[cp_model.IntVar] = []
    for band in problem.bands:
        terms = volume.get(band.muscle, [])
        total = sum(terms) if terms else 0
        high = round(band.high * vol.HALF)
        model.add(total <= high)
        if band.low <= 0:
            continue
        low = round(band.low * vol.HALF)
        model.add(total >= low).only_enforce_if(m.switch(Group.VOLUME, band.muscle.value))
        aim = high if band.lagging else round((band.low + band.high) / 2 * vol.HALF)
        dev = model.new_int_var(0, 200, f"dev:{band.muscle.value}")
        model.add(dev >= total - aim)
        model.add(dev >= aim - total)
        deviations.append(dev)

    if objective:
        model.minimize(W_DEVIATION * sum(deviations) + W_EXERCISE * sum(used.values()) - sum(merit_terms))
    return m


def _solver(budget: float = BUDGETS[0]) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.interleave_search = INTERLEAVE
    solver.parameters.random_seed = SEED
    solver.parameters.max_deterministic_time = budget
    return solver


def solve(problem: Problem) -> Solution:
    """The best programme for ``problem`` within the budget; Unsatisfiable, naming the groups of
    constraints that clash, when none exists."""
    for budget in BUDGETS:
        m = _build(problem)
        m.model.add_assumptions([lit for lit, _, _ in m.assumptions])
        solver = _solver(budget)
        status = solver.solve(m.model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _read(problem, m, solver, status == cp_model.OPTIMAL)
        if status == cp_model.INFEASIBLE:
            raise _diagnose(problem)
    raise Unsatisfiable([], None, searched=True)


def _feasible(problem: Problem, drop: set[Group] | None = None, member: tuple[Group, str] | None = None) -> bool:
    """Whether a programme exists with the groups in ``drop`` (or the one ``member``) left out."""
    m = _build(problem, objective=False)
    gone = drop or set()
    m.model.add_assumptions(
        [lit for lit, group, what in m.assumptions if group not in gone and (group, what) != member]
    )
    return _solver().solve(m.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _diagnose(problem: Problem) -> Unsatisfiable:
    """Which group of constraints, left out alone, lets a programme exist (CP-SAT's own infeasible
    core is empty when presolve proves the problem infeasible, as it mostly does here)."""
    switches = _build(problem, objective=False).assumptions
    groups = sorted({group for _, group, _ in switches}, key=list(Group).index)
    culprits = [g for g in groups if _feasible(problem, drop={g})]
    found: list[tuple[Group, str]] = []
    for group in culprits or groups:
        members = sorted({what for _, g, what in switches if g is group})
        # The members that cannot hold: each one, left out alone, lets a programme exist.
        alone = [w for w in members if _feasible(problem, member=(group, w))]
        found.extend((group, w) for w in (alone or members))
    needed = _needed_minutes(problem) if Group.DURATION in culprits else None
    return Unsatisfiable(found, needed, alone=bool(culprits))


def _needed_minutes(problem: Problem) -> int | None:
    """The longest session a programme needs when the minutes given are left out."""
    m = _build(problem)
    m.model.add_assumptions([lit for lit, group, _ in m.assumptions if group is not Group.DURATION])
    longest = m.model.new_int_var(0, 24 * 3600, "longest")
    for seconds in m.seconds.values():
        m.model.add(longest >= seconds)
    m.model.minimize(longest)
    solver = _solver()
    status = solver.solve(m.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return -(-int(solver.value(longest)) // 60)
    return None


def _read(problem: Problem, m: _Model, solver: cp_model.CpSolver, optimal: bool) -> Solution:
    days = []
    for day in problem.days:
        sets = {
            o.exercise.id: int(solver.value(m.s[day.index, o.exercise.id]))
            for o in day.options
            if solver.boolean_value(m.y[day.index, o.exercise.id])
        }
        pairs = tuple(pair for k, pair in enumerate(day.pairs) if solver.boolean_value(m.p[day.index, k]))
        days.append(DayChoice(sets, pairs))
    return Solution(tuple(days), optimal, int(solver.objective_value))
