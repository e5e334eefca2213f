"""From the solver's choice to a plan: each session ordered by its method, the weeks of the
block with double progression and deloads, the explanations, and a check of the result.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from exhaust.domain import prescriptions as rx
from exhaust.domain.exercises import Exercise
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Block, Goal, Load, LoadKind, Plan, Prescription, Session
from exhaust.domain.programs import volume as vol
from exhaust.domain.programs.problem import ISOLATION_REPS, Day, DayChoice, Group, Problem, Solution, Unsatisfiable
from exhaust.domain.programs.request import SPLIT_WHY
from exhaust.domain.sessions import compound_scheme

# A deload week every fourth week: compound sets halved and 10 % lighter, the isolation work
# kept (004: "Deload weeks: Reduce compound volume, keep isolation for muscle maintenance");
# no exhaust pairs that week. The four-week rhythm is ours (a common block length).
DELOAD_EVERY = 4
DELOAD_LOAD = 0.9
DELOAD_EXTRA_RIR = 2
PROGRESSION = (
    "Double progression: keep a load while you add reps; once every set reaches the top of its rep range, "
    "add the smallest step (2.5 kg / 5 lb upper body, 5 kg / 10 lb lower body) and build the reps again."
)


def _single(ex: Exercise, sets: int, goal: Goal, method: Method) -> Prescription:
    if ex.is_isolation:
        return Prescription(
            exercise_id=ex.id,
            sets=sets,
            reps=ISOLATION_REPS,
            load=Load(kind=LoadKind.RIR, low=1, high=2),
            rest_s=vol.standard_rest(ex, goal),
        )
    reps = compound_scheme(goal)[1]
    if method is Method.ACCESSORY_FIRST:  # after the isolation work an effort-based load absorbs it (002)
        load = Load(kind=LoadKind.RIR, low=1, high=2)
    else:
        load = Load(kind=LoadKind.PERCENT_1RM, low=rx.round_down(rx.fresh_percent(reps.high)))
    return Prescription(exercise_id=ex.id, sets=sets, reps=reps, load=load, rest_s=vol.standard_rest(ex, goal))


def _label(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def _session(day: Day, choice: DayChoice, problem: Problem, name: str) -> Session:
    req = problem.request
    exercise = problem.exercise
    paired = {eid for pair in choice.pairs for eid in pair.ids}
    singles = [exercise(eid) for eid in choice.sets if eid not in paired]
    compounds = [e for e in singles if e.is_compound]
    isolations = [e for e in singles if e.is_isolation]
    if day.method is Method.ACCESSORY_FIRST:  # seed 001: least intense first, compounds last
        ordered = sorted(isolations, key=lambda e: (e.intensity, e.id)) + sorted(
            compounds, key=lambda e: (e.intensity, e.id)
        )
    else:  # heavy compounds while fresh, then the isolations
        ordered = sorted(compounds, key=lambda e: (-e.intensity, e.id)) + sorted(
            isolations, key=lambda e: (-e.intensity, e.id)
        )
    blocks: list[Block] = []
    notes = [day.why[0].upper() + day.why[1:] + "."]
    for pair in sorted(choice.pairs, key=lambda p: (-p.candidate.compound.intensity, p.candidate.compound.id)):
        label = _label(len(blocks))
        blocks.append(pair.block.model_copy(update={"label": label}))
        notes.append(f"Block {label}: {pair.candidate.why}.")
    for ex in ordered:
        item = _single(ex, choice.sets[ex.id], req.goal, day.method)
        blocks.append(Block(label=_label(len(blocks)), items=(item,)))
    if choice.pairs:
        targets = tuple(dict.fromkeys(p.candidate.target for p in choice.pairs))
    else:
        trained = {m for eid in choice.sets for m in exercise(eid).prime_movers}
        targets = tuple(b.muscle for b in problem.bands if b.low > 0 and b.muscle in trained)
    return Session(name=name, method=day.method, targets=targets, blocks=tuple(blocks), notes=tuple(notes))


def _deload(session: Session, exercise_of: Callable[[str], Exercise]) -> Session:
    """The week's session lightened: compound sets halved and 10 % lighter, isolations kept,
    pairs undone (traditional order; an accessory-first session keeps its order)."""
    items: list[Prescription] = []
    for item in session.exercises:
        if exercise_of(item.exercise_id).is_isolation:
            items.append(item.model_copy(update={"note": "deload: isolation kept (004)"}))
            continue
        load = item.load
        if load is not None and load.kind is LoadKind.PERCENT_1RM:
            load = Load(kind=LoadKind.PERCENT_1RM, low=rx.round_down(load.low * DELOAD_LOAD))
        elif load is not None and load.kind is LoadKind.RIR:
            top = min(10.0, (load.high if load.high is not None else load.low) + DELOAD_EXTRA_RIR)
            load = Load(kind=LoadKind.RIR, low=min(10.0, load.low + DELOAD_EXTRA_RIR), high=top)
        rest = item.rest_s if item.rest_s and item.rest_s >= rx.REST_ISOLATION else rx.REST_COMPOUND
        items.append(
            item.model_copy(
                update={
                    "sets": max(1, item.sets // 2),
                    "load": load,
                    "rest_s": rest,
                    "note": "deload: half the sets, 10% lighter (004)",
                }
            )
        )
    method = session.method if session.method is Method.ACCESSORY_FIRST else Method.TRADITIONAL
    if method is Method.TRADITIONAL:
        items.sort(key=lambda i: exercise_of(i.exercise_id).is_isolation)  # stable: compounds first
    blocks = tuple(Block(label=_label(i), items=(item,)) for i, item in enumerate(items))
    return session.model_copy(
        update={
            "method": method,
            "blocks": blocks,
            "notes": ("Deload week: compound volume cut, isolation work kept, no exhaust pairs (004).",),
        }
    )


def is_deload(week: int) -> bool:
    return week % DELOAD_EVERY == 0


@dataclass(frozen=True)
class Program:
    plan: Plan
    problem: Problem
    solution: Solution
    weekly_sets: dict[Muscle, float]  # a building week's
    minutes: tuple[tuple[str, int], ...]  # a building week's sessions and their length
    explanations: tuple[str, ...]

    @property
    def trained(self) -> list[tuple[vol.Band, float]]:
        """Each muscle held to a floor or given some work, with its weekly sets (week 1)."""
        return [
            (band, self.weekly_sets[band.muscle])
            for band in self.problem.bands
            if band.low > 0 or self.weekly_sets[band.muscle] > 0
        ]

    @property
    def first_week(self) -> Plan:
        """Week 1's sessions under the plan's settings (the later weeks repeat them)."""
        days = len(self.problem.days)
        name = self.plan.name if len(self.plan.sessions) == days else f"{self.plan.name}, week 1"
        return self.plan.model_copy(update={"name": name, "sessions": self.plan.sessions[:days]})

    @property
    def weeks_note(self) -> str:
        """What the weeks after the first do ('' for a one-week programme)."""
        weeks = self.problem.request.weeks
        if weeks <= 1:
            return ""
        return f"Weeks 2-{weeks} repeat these sessions with double progression" + (
            f"; every {DELOAD_EVERY}th week is a deload (compound sets halved and 10% lighter, isolation work kept)."
            if weeks >= DELOAD_EVERY
            else "."
        )


def assemble(problem: Problem, solution: Solution) -> Program:
    req = problem.request
    exercise = problem.exercise
    week_one = [
        _session(day, choice, problem, day.name) for day, choice in zip(problem.days, solution.days, strict=True)
    ]
    sessions: list[Session] = []
    for week in range(1, req.weeks + 1):
        for base in week_one:
            if req.weeks == 1:
                sessions.append(base)
                continue
            name = f"Week {week} {base.name}"
            if is_deload(week):
                sessions.append(_deload(base, exercise).model_copy(update={"name": name}))
            else:
                sessions.append(base.model_copy(update={"name": name}))
    of = problem.exercises
    weekly = vol.weekly_sets(week_one, of)
    minutes = tuple((s.name, math.ceil(vol.session_seconds(s, of) / 60)) for s in week_one)
    explanations = _explain(problem, weekly)
    split = req.chosen_split
    notes = [
        f"Split: {SPLIT_WHY[split]}.",
        PROGRESSION,
    ]
    if req.weeks >= DELOAD_EVERY:
        notes.append(
            f"Every {DELOAD_EVERY}th week is a deload: compound sets halved and 10% lighter, isolation work kept (004)."
        )
    notes.extend(problem.left_out)
    plan = Plan(
        name=req.name or f"{req.days}-day {split.value} programme, {req.weeks} week{'s' * (req.weeks > 1)}",
        experience=req.experience,
        goal=req.goal,
        spotter=req.spotter,
        sessions=tuple(sessions),
        notes=tuple(notes),
    )
    return Program(plan, problem, solution, weekly, minutes, explanations)


def _explain(problem: Problem, weekly: dict[Muscle, float]) -> tuple[str, ...]:
    req = problem.request
    out = [f"Split: {SPLIT_WHY[req.chosen_split]}."]
    for day in problem.days:
        out.append(f"{day.name}: {day.why}.")
    major = next(b for b in problem.bands if b.muscle is vol.MAJOR[0])
    low, high = (
        major.low - (vol.LAGGING_EXTRA if major.lagging else 0),
        major.high - (vol.LAGGING_EXTRA if major.lagging else 0),
    )
    out.append(
        f"Weekly hard sets per muscle (a set counts 1 for a prime mover, 0.5 for a synergist): {low:g}-{high:g} "
        "for the chest, back, side delts and legs, half the low end for the arms, rear delts, calves and abs"
        + (f", {vol.LAGGING_EXTRA} more for {', '.join(m.label for m in req.lagging)} (lagging)" if req.lagging else "")
        + "."
    )
    out.extend(problem.left_out)
    return tuple(out)


# --- checking a programme against its constraints -----------------------------------------------


def violations(program: Program) -> list[str]:
    """What in ``program`` breaks its request's constraints: none for a solver's programme. The
    tests run it over generated requests; the service runs it before it hands a programme out."""
    problem = program.problem
    of = problem.exercises
    out: list[str] = []
    for band in problem.bands:
        got = program.weekly_sets[band.muscle]
        if not band.low - 1e-9 <= got <= band.high + 1e-9:
            out.append(f"{band.muscle.label}: {got:g} weekly sets, outside {band.text}")
    for name, minutes in program.minutes:
        if minutes * 60 > problem.seconds_limit + 59:
            out.append(f"{name}: {minutes} min, over {problem.request.minutes}")
    week = program.plan.sessions[: len(problem.days)]
    for a, b in problem.consecutive:
        first = {m for item in week[a].exercises for m in of[item.exercise_id].prime_movers}
        second = {m for item in week[b].exercises for m in of[item.exercise_id].prime_movers}
        for muscle in sorted(first & second):
            out.append(f"{muscle.label}: trained on {week[a].name} and the next day, {week[b].name}")
    return out


# --- when no programme exists -------------------------------------------------------------------


def explain_unsatisfiable(problem: Problem, exc: Unsatisfiable) -> str:
    """Which asks cannot all be met, and what to change, in words that read the same on the
    command line (whose options carry these names) and in the web form."""
    req = problem.request
    if exc.searched:
        return (
            f"No {req.days}-day programme was found within the solver's budget: the asks leave very little room. "
            "Try more minutes a session or more days a week, a lower band of weekly sets, or fewer lagging muscles."
        )
    by_group: dict[Group, list[str]] = {}
    for group, what in exc.groups:
        by_group.setdefault(group, []).append(what)
    bands = {b.muscle.value: b for b in problem.bands}
    reasons: list[str] = []
    hints: list[str] = []
    if Group.DURATION in by_group:
        need = f" (they need about {exc.needed_minutes})" if exc.needed_minutes is not None else ""
        reasons.append(f"the weekly sets do not fit in {req.minutes} minutes a session{need}")
        hints.append(f"{exc.needed_minutes} minutes a session" if exc.needed_minutes else "more minutes a session")
    if Group.VOLUME in by_group:
        shown = ", ".join(f"{Muscle(m).label} ({bands[m].text} sets)" for m in by_group[Group.VOLUME])
        reasons.append(f"the weekly sets for {shown} cannot all be reached")
    if Group.DURATION in by_group or Group.VOLUME in by_group:
        if req.days < 6:
            hints.append("more days a week")
        hints.append("a lower band of weekly sets (e.g. 6-12)")
    if Group.REST_DAYS in by_group:
        reasons.append(
            f"the {req.chosen_split.value} split on {req.days} days would train a muscle on two days running"
        )
        hints.append("the upper-lower or push-pull-legs split (they keep a muscle's days apart), or fewer days")
    if Group.PAIRS in by_group:
        method = problem.days[0].method.value if problem.days else "exhaust"
        reasons.append(f"no {method} pair fits {', '.join(by_group[Group.PAIRS])} with the equipment and joints given")
        hints.append("more equipment, fewer joints to spare, or another method")
    if Group.SIZE in by_group:
        reasons.append(f"a session of 2-8 exercises cannot carry it on {', '.join(by_group[Group.SIZE])}")
    joined = " and ".join(reasons) if exc.alone else "; together, ".join(reasons)
    todo = f"Try {', '.join(hints)}." if hints else "Loosen one of these asks."
    return f"No {req.days}-day programme meets every ask: {joined}. {todo}"
