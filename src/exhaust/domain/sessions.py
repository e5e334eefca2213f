"""Session building: method + targets + lifter -> a session of blocks with sets, reps,
load and rest, from the seeds' prescriptions (prescriptions.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exhaust.domain import prescriptions as rx
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import CannotPlan
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, Role
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate, available, candidate_pairs
from exhaust.domain.plans import (
    Block,
    Experience,
    Goal,
    Load,
    LoadKind,
    Plan,
    Prescription,
    RepRange,
    Session,
)

# Post-exhaust pairs the builder plans per level: the cautious figure where 004 gives two.
POST_PAIRS_PLANNED = {Experience.BEGINNER: 1, Experience.INTERMEDIATE: 2, Experience.ADVANCED: 3}


@dataclass(frozen=True)
class Request:
    method: Method
    targets: tuple[Muscle, ...]
    experience: Experience
    goal: Goal
    equipment: tuple[Equipment, ...] | None = None  # None: a full gym


def _pct(value: float) -> Load:
    return Load(kind=LoadKind.PERCENT_1RM, low=value)


def _rir(low: float, high: float | None = None) -> Load:
    return Load(kind=LoadKind.RIR, low=low, high=high)


def _compound_scheme(goal: Goal) -> tuple[int, RepRange]:
    if goal is Goal.STRENGTH:
        return 4, RepRange(low=4, high=6)
    return 3, RepRange(low=6, high=10)


def _fresh_compound(ex: Exercise, goal: Goal) -> Prescription:
    sets, reps = _compound_scheme(goal)
    pct = rx.round_down(rx.fresh_percent(reps.high))
    return Prescription(exercise_id=ex.id, sets=sets, reps=reps, load=_pct(pct), rest_s=rx.REST_COMPOUND)


def _isolation(ex: Exercise, sets: int = 3) -> Prescription:
    return Prescription(
        exercise_id=ex.id, sets=sets, reps=RepRange(low=10, high=15), load=_rir(1, 2), rest_s=rx.REST_ISOLATION
    )


def _best_isolation(catalogue: Catalogue, muscle: Muscle, equipment: Sequence[Equipment] | None) -> Exercise | None:
    options = [
        e
        for e in catalogue.filter(muscle=muscle, mechanic=Mechanic.ISOLATION)
        if e.main_muscle is muscle and available(e, equipment)
    ]
    return max(options, key=lambda e: (e.staple, e.share_of(muscle), -e.intensity, e.id), default=None)


def _best_compound(
    catalogue: Catalogue, muscle: Muscle, equipment: Sequence[Equipment] | None, avoid: set[str]
) -> Exercise | None:
    options = [
        e
        for e in catalogue.filter(muscle=muscle, mechanic=Mechanic.COMPOUND)
        if e.role_of(muscle) is Role.PRIME and available(e, equipment) and e.id not in avoid
    ]
    return max(options, key=lambda e: (e.staple, e.share_of(muscle), e.intensity, e.id), default=None)


def _pick_pair(req: Request, catalogue: Catalogue, target: Muscle, used: set[str]) -> Candidate:
    method = Method.REVERSE_PRE_EXHAUST if req.method is Method.REVERSE_PRE_EXHAUST else Method.PRE_EXHAUST
    candidates = [
        c
        for c in candidate_pairs(catalogue, target, method, req.equipment)
        if c.isolation.id not in used and c.compound.id not in used
    ]
    if not candidates:
        raise CannotPlan(
            f"no {req.method.value} pair for the {target.label} with the equipment given "
            f"({', '.join(e.value for e in req.equipment or ())}); add equipment or choose another target"
        )
    return candidates[0]


def _pre_block(req: Request, label: str, pair: Candidate) -> tuple[Block, str]:
    _, reps = _compound_scheme(req.goal)
    fresh = rx.round_down(rx.fresh_percent(reps.high))
    lowered = rx.lowered_percent(reps.high)
    drop = 100 * (1 - lowered / rx.fresh_percent(reps.high))
    iso = Prescription(
        exercise_id=pair.isolation.id,
        sets=rx.PRE_ISO_SETS,
        reps=RepRange(low=12, high=15),
        load=_rir(2),
        rest_s=60,  # inside 002's 30-60 s and 000's 60-90 s
        note=f"pre-exhaust the {pair.muscle.label}: 2 sets (000), 12-15 reps at a moderate load (002)",
    )
    sets, _ = _compound_scheme(req.goal)
    comp = Prescription(
        exercise_id=pair.compound.id,
        sets=sets,
        reps=reps,
        load=_pct(lowered),
        rest_s=rx.REST_BETWEEN_ROUNDS,
        note=(
            f"PRE-LOAD-DROP: {drop:.0f}% below the {fresh:g}% you would use fresh for "
            f"{reps.high} reps; expect fewer reps after the {pair.isolation.name} (002, 004)"
        ),
    )
    return Block(label=label, items=(iso, comp)), pair.why


def _post_block(req: Request, label: str, pair: Candidate, final_set: bool) -> Block:
    legs = pair.compound.main_muscle.group.value == "legs"
    reps = RepRange(low=8, high=12) if legs else RepRange(low=6, high=10)
    comp = Prescription(
        exercise_id=pair.compound.id,
        sets=4,
        reps=reps,
        load=_pct(75.0 if legs else 80.0),
        rest_s=rx.REST_BETWEEN_ROUNDS if final_set else 60,
        note="sets 1-3 straight; the 4th is followed at once by the finisher (004)"
        if final_set
        else "lift heavy: 75-85% 1RM (004)",
    )
    iso = Prescription(
        exercise_id=pair.isolation.id,
        sets=1 if final_set else 4,
        reps=RepRange(low=12, high=20) if not legs else RepRange(low=15, high=20),
        load=_rir(0, 1),
        rest_s=rx.REST_BETWEEN_ROUNDS,
        note="finisher: 0-1 reps in reserve (004)",
    )
    return Block(label=label, items=(comp, iso))


def build_session(req: Request, catalogue: Catalogue) -> Plan:
    if not req.targets:
        raise CannotPlan("name at least one target muscle (--target chest)")
    targets = list(dict.fromkeys(req.targets))
    labels = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    blocks: list[Block] = []
    notes: list[str] = []
    used: set[str] = set()

    def straight(muscle: Muscle) -> None:
        comp = _best_compound(catalogue, muscle, req.equipment, used)
        if comp is not None:
            used.add(comp.id)
            blocks.append(Block(label=next(labels), items=(_fresh_compound(comp, req.goal),)))

    def finishers(muscles: Sequence[Muscle]) -> None:
        for muscle in muscles:
            iso = _best_isolation(catalogue, muscle, req.equipment)
            if iso is not None and iso.id not in used:
                used.add(iso.id)
                blocks.append(Block(label=next(labels), items=(_isolation(iso),)))

    method = req.method
    if method in (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST):
        first, rest = targets[0], targets[1:]
        pair = _pick_pair(req, catalogue, first, used)
        used |= {pair.isolation.id, pair.compound.id}
        block, why = _pre_block(req, next(labels), pair)
        blocks.append(block)
        notes.append(f"Block A: {why}.")
        if rest:
            notes.append(
                f"PRE-ONE-GROUP (000): only the {first.label} is pre-exhausted; "
                f"{', '.join(m.label for m in rest)} in traditional order."
            )
        straight(first)  # a second compound for the target, done straight
        for muscle in rest:
            straight(muscle)
        finishers(rest)
    elif method in (Method.POST_EXHAUST, Method.POST_EXHAUST_FINAL_SET):
        limit = POST_PAIRS_PLANNED[req.experience]
        paired, rest = targets[:limit], targets[limit:]
        for muscle in paired:
            pair = _pick_pair(req, catalogue, muscle, used)
            used |= {pair.isolation.id, pair.compound.id}
            label = next(labels)
            blocks.append(_post_block(req, label, pair, method is Method.POST_EXHAUST_FINAL_SET))
            notes.append(f"Block {label}: {pair.why}.")
        if rest:
            notes.append(
                f"POST-PAIRS-BY-LEVEL (004): {limit} pair(s) for a{'n' if req.experience.value[0] in 'ai' else ''} "
                f"{req.experience.value} lifter; {', '.join(m.label for m in rest)} trained straight."
            )
        for muscle in rest:
            straight(muscle)
    elif method is Method.ACCESSORY_FIRST:
        isolations = [e for m in targets if (e := _best_isolation(catalogue, m, req.equipment))]
        compounds = []
        for m in targets:
            comp = _best_compound(catalogue, m, req.equipment, used)
            if comp is not None:
                used.add(comp.id)
                compounds.append(comp)
        ordered = sorted(dict.fromkeys(isolations), key=lambda e: (e.intensity, e.id)) + sorted(
            compounds, key=lambda e: (e.intensity, e.id)
        )
        sets, reps = _compound_scheme(req.goal)
        for ex in ordered:
            if ex.is_isolation:
                item = Prescription(
                    exercise_id=ex.id,
                    sets=3,
                    reps=RepRange(low=15, high=20),
                    load=_rir(1, 2),
                    rest_s=rx.REST_ISOLATION,
                )
            else:
                item = Prescription(
                    exercise_id=ex.id,
                    sets=sets,
                    reps=reps,
                    load=_rir(1, 2),
                    rest_s=rx.REST_COMPOUND,
                    note="after the isolation work: effort-based load (RIR) absorbs the pre-fatigue (002)",
                )
            blocks.append(Block(label=next(labels), items=(item,)))
        notes.append("Seed 001: single-joint exercises first, least to most intense; compounds last.")
    else:  # traditional
        for muscle in targets:
            straight(muscle)
        finishers(targets)
        notes.append("Traditional order: compounds first, then isolations (002's control, 004).")

    if not blocks:
        raise CannotPlan("no exercise fits these targets and this equipment")
    session = Session(
        name=f"{req.method.info.title}: {', '.join(m.label for m in targets)}",
        method=req.method,
        targets=tuple(targets),
        blocks=tuple(blocks),
        notes=tuple(notes),
    )
    return Plan(
        name=session.name,
        experience=req.experience,
        goal=req.goal,
        sessions=(session,),
    )
