"""Session building: method + targets + lifter -> a session of blocks with sets, reps,
load and rest, from the seeds' prescriptions (prescriptions.py); the compound after a
pre-exhaust gets its load from the weak-link fatigue model (domain/fatigue).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from exhaust.domain import prescriptions as rx
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import CannotPlan
from exhaust.domain.exercises import Equipment, Exercise, Mechanic, Role
from exhaust.domain.fatigue import CarryOver, FatigueModel, LoadPrescription, PreFatigue, Work, prescribe
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


def compound_scheme(goal: Goal) -> tuple[int, RepRange]:
    if goal is Goal.STRENGTH:
        return 4, RepRange(low=4, high=6)
    return 3, RepRange(low=6, high=10)


def _fresh_compound(ex: Exercise, goal: Goal) -> Prescription:
    sets, reps = compound_scheme(goal)
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


def planned_pre_fatigue(block: Block, index: int, catalogue: Catalogue) -> PreFatigue | None:
    """What the lifter has done before item ``index`` of a linked block, for the fatigue model:
    the isolation just before it, when that loads a mover of this compound (pre-exhaust, or a
    synergist: reverse pre-exhaust). None when there is no such isolation.

    A linked block is trained round by round (A1, A2, A1, A2, A2): the first compound set
    follows one isolation set, the later ones both. We take the isolation's sets all done, as
    seed 000 says ("two sets of each isolation exercise prior to the main compound lift"), a
    round's rest apart (the block's last rest), and leave out the compound's own earlier sets,
    as the fresh percentages leave out fatigue from set to set. The isolation is read at the top
    of its rep range and the hard end of its effort, as the compound is read at the top of its
    range: the safe side, a compound a little light rather than one that misses its reps."""
    if index < 1 or not block.linked:
        return None
    iso_rx, comp_rx = block.items[index - 1], block.items[index]
    if iso_rx.exercise_id not in catalogue or comp_rx.exercise_id not in catalogue:
        return None
    iso, comp = catalogue.get(iso_rx.exercise_id), catalogue.get(comp_rx.exercise_id)
    if not (iso.is_isolation and comp.is_compound):
        return None
    if not any(comp.role_of(m) in (Role.PRIME, Role.SYNERGIST) for m in iso.prime_movers):
        return None
    between = block.items[-1].rest_s
    between_s = float(rx.REST_BETWEEN_ROUNDS if between is None else between)
    reps, load = iso_rx.reps.high, iso_rx.load
    if load is not None and load.kind is LoadKind.PERCENT_1RM:
        work = Work.fixed(iso, iso_rx.sets, reps, (load.high or load.low) / 100, rest_s=between_s)
    else:
        if load is not None and load.kind is LoadKind.RIR:
            rir = load.low
        elif load is not None and load.kind is LoadKind.RPE:
            rir = 10.0 - (load.high or load.low)
        else:  # a weight or nothing: how hard that is for the lifter, the plan cannot say
            rir = float(rx.PRE_ISO_RIR_ASSUMED)
        work = Work.autoregulated(iso, iso_rx.sets, reps, rir, rest_s=between_s)
    return PreFatigue((work,), rest_s=float(iso_rx.rest_s or 0))


def _pct_text(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def carry_over_text(carry_over: CarryOver) -> str:
    """Where the carry-over behind a prediction comes from, in words."""
    if not carry_over.personal:
        return "fatigue model, published carry-over"
    sets = "set" if carry_over.n == 1 else "sets"
    return f"fatigue model, your carry-over {carry_over.mean:.2f} ± {carry_over.sd:.2f} from {carry_over.n} {sets}"


def pre_load_note(advice: LoadPrescription, after: str, rest_s: float) -> str:
    """The compound's plan note after a pre-fatigue: the reps to expect at the model's load
    (a %1RM: ``advice`` worked out for an e1RM of 100), which muscle gives out first, and seed
    004's 10-20 %; where the two disagree the note says both, and which is planned."""
    low, high = advice.expected_reps
    reps = str(low) if low == high else f"{low}-{high}"
    when = "straight after" if rest_s <= rx.PRE_REST_SUPERSET_MAX else f"{rest_s:g} s after"
    fresh, drop = advice.fresh_load_kg, 100 * advice.drop
    weak = advice.limiting.label + (f" (fresh: {advice.limiting_fresh.label})" if advice.shifted else "")
    lo, hi = rx.PRE_LOAD_DROP
    said = f"seed 004 (PRE-LOAD-DROP): {100 * lo:.0f}-{100 * hi:.0f}% lighter"
    if not lo - 1e-9 <= advice.drop <= hi + 1e-9:
        said = (
            f"{said} ({fresh * (1 - hi):.0f}-{fresh * (1 - lo):.0f}% 1RM); the sources disagree, "
            f"the model's {drop:.0f}% is planned"
        )
    lighter = f"{drop:.0f}% below" if round(drop) else "as heavy as"
    return (
        f"{when} the {after} expect {reps} reps at {_pct_text(advice.load_kg)}% 1RM, {lighter} the "
        f"{fresh:.0f}% for {advice.target.high} reps fresh; weak link: {weak} ({carry_over_text(advice.carry_over)}); "
        f"{said}"
    )


def pre_block(
    req: Request, label: str, pair: Candidate, catalogue: Catalogue, carry_over: CarryOver | None
) -> tuple[Block, str]:
    sets, reps = compound_scheme(req.goal)
    iso = Prescription(
        exercise_id=pair.isolation.id,
        sets=rx.PRE_ISO_SETS,
        reps=RepRange(low=12, high=15),
        load=_rir(2),
        rest_s=rx.PRE_REST_PLANNED,  # straight into the compound (prescriptions.PRE_REST_PLANNED)
        note=f"pre-exhaust the {pair.muscle.label}: 2 sets (000), 12-15 reps at a moderate load (002), "
        "then straight to the compound (002)",
    )
    comp = Prescription(exercise_id=pair.compound.id, sets=sets, reps=reps, rest_s=rx.REST_BETWEEN_ROUNDS)
    before = planned_pre_fatigue(Block(label=label, items=(iso, comp)), 1, catalogue)
    assert before is not None  # the pair's isolation loads a mover of its compound
    # The plan knows no kilograms: an e1RM of 100 makes the model's load a %1RM.
    advice = prescribe(FatigueModel(catalogue.capacity), pair.compound, 100.0, before, reps, 2.5, carry_over)
    comp = comp.model_copy(
        update={"load": _pct(advice.load_kg), "note": pre_load_note(advice, pair.isolation.name, before.rest_s)}
    )
    return Block(label=label, items=(iso, comp)), pair.why


def post_block(req: Request, label: str, pair: Candidate, final_set: bool) -> Block:
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


def build_session(req: Request, catalogue: Catalogue, carry_over: Mapping[str, CarryOver] | None = None) -> Plan:
    """The session for ``req``. A compound after a pre-exhaust gets its load from the fatigue
    model (domain/fatigue) with the lifter's own carry-over for that lift from ``carry_over``
    (by exercise id; services/prediction.py learns it from a logbook), else the published one."""
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
        block, why = pre_block(req, next(labels), pair, catalogue, (carry_over or {}).get(pair.compound.id))
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
            blocks.append(post_block(req, label, pair, method is Method.POST_EXHAUST_FINAL_SET))
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
        sets, reps = compound_scheme(req.goal)
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
