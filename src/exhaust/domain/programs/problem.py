"""A programme as a constraint problem: what the solver may choose and what it must keep.

Each training day offers exercises (the day's muscles, the equipment, the joints to spare)
and, for a day whose method links exercises, pairs; the solver picks the exercises of each
day, their sets and the pairs. What it must keep (the constraint groups, `Group`):

- VOLUME: every muscle's weekly fractional sets inside its band (volume.py);
- DURATION: every session, warm-ups and rests included, inside the minutes given;
- REST_DAYS: no muscle trained as a prime mover on two days running;
- PAIRS: the exhaust pairs the day's method needs, within the guardrails (one pre-exhaust
  group a session, PRE-ONE-GROUP, 000; post-exhaust pairs by level and never every exercise,
  POST-PAIRS-BY-LEVEL, POST-NOT-EVERYTHING, 004);
- SIZE: 2-8 exercises a session, at most two for one main muscle, 2-5 sets each.

Two days of the same kind and method (the two push days of push / pull / legs) are one session
done twice: the lifter learns it once and progresses on the same lifts twice a week, and the
search halves. Full-body days may differ (A / B / C), as full-body programmes usually do.

The objective (minimised): how far each muscle's weekly sets fall from the middle of its band
(from the top for a lagging muscle), plus one cost per different exercise in the week (a
programme is easier to learn and to progress on few lifts), less each exercise's merit (a
staple, a large share for its main muscle) and each pair's (a classic pair of the seeds, a
lagging muscle's pair, a pair on a lift the lifter has trained that way); a compound that needs a
spotter, after pre-fatigue with none at hand, has less merit (PRE-SPOTTER).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.exercises import Exercise, Joint, Mechanic
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate, available, candidate_pairs
from exhaust.domain.plans import Block, Experience, Goal, RepRange
from exhaust.domain.programs import volume as vol
from exhaust.domain.programs.request import DAY_MUSCLES, WEEKDAYS, DayKind, ProgramRequest
from exhaust.domain.sessions import POST_PAIRS_PLANNED, compound_scheme

MIN_EXERCISES, MAX_EXERCISES = 2, 8
MAX_PER_MAIN_MUSCLE = 2
COMPOUND_SETS = (2, 5)
ISOLATION_SETS = (2, 4)
# The reps of an isolation planned on its own (assemble.py); a set's time is read from its top.
ISOLATION_REPS = RepRange(low=10, high=15)
# Per muscle, its best compounds and its best isolations.
SHORTLIST = {Mechanic.COMPOUND: 3, Mechanic.ISOLATION: 2}
PAIRS_PER_TARGET = 4
# Compounds this intense (heavy free-weight lifts, catalogue 'intensity') that load a joint to
# spare are left out, except after a pre-exhaust: the isolation lets the muscle reach a hard
# effort with a lighter compound load (000, 002).
HEAVY = 7
# Post-exhaust at most this many days a week for an intermediate: 004's FAQ, "1-2 post-exhaust
# pairs per workout, 2-3 times per week"; advanced lifters "multiple times per week".
POST_DAYS_INTERMEDIATE = 3
# A pair whose compound the lifter has trained after a pre-exhaust: worth a spotter's cost and more.
FAMILIAR_BONUS = 8
# The methods whose sessions link an isolation and a compound in a block.
LINKED = (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST, Method.POST_EXHAUST, Method.POST_EXHAUST_FINAL_SET)


class Group(StrEnum):
    VOLUME = "volume"
    DURATION = "duration"
    REST_DAYS = "rest-days"
    PAIRS = "pairs"
    SIZE = "size"


@dataclass(frozen=True)
class Option:
    """An exercise a day may hold."""

    exercise: Exercise
    min_sets: int
    max_sets: int
    set_seconds: int  # one set's work and the standard rest after it
    warm_up_s: int
    merit: int
    only_paired: bool = False  # a heavy lift on a joint to spare: only as a pre-exhaust's compound


@dataclass(frozen=True)
class PairOption:
    candidate: Candidate
    method: Method
    block: Block  # the pair as it will be planned (sessions.pre_block / post_block)
    first_sets: int  # sets of the block's items, in order
    second_sets: int
    seconds_adjust: int  # the block's own time less the standard time of those sets
    merit: int

    @property
    def ids(self) -> tuple[str, str]:
        return self.block.items[0].exercise_id, self.block.items[1].exercise_id


@dataclass(frozen=True)
class Day:
    index: int
    weekday: int
    kind: DayKind
    method: Method
    why: str  # the method, in a sentence the lifter can read
    options: tuple[Option, ...]
    pairs: tuple[PairOption, ...]
    pairs_min: int
    pairs_max: int
    pair_targets: tuple[Muscle, ...]
    twin_of: int | None = None  # an earlier day of the same kind and method: this day repeats it

    @property
    def name(self) -> str:
        return f"{WEEKDAYS[self.weekday]} - {self.kind.value}"


@dataclass(frozen=True)
class Problem:
    request: ProgramRequest
    days: tuple[Day, ...]
    bands: tuple[vol.Band, ...]
    consecutive: tuple[tuple[int, int], ...]  # indexes of days on weekdays that follow
    seconds_limit: int
    left_out: tuple[str, ...]  # sentences: what the guardrails or the joints kept out
    min_compounds: int = 1  # compound lifts a session holds at least

    @cached_property
    def exercises(self) -> dict[str, Exercise]:
        """Every exercise some day offers, by id."""
        return {o.exercise.id: o.exercise for day in self.days for o in day.options}

    def exercise(self, exercise_id: str) -> Exercise:
        return self.exercises[exercise_id]


# --- which method on which day ---------------------------------------------------------------


def refusal(method: Method, goal: Goal, experience: Experience) -> str | None:
    """Why the seeds advise against ``method`` for this lifter, or None when they do not."""
    if method in (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST):
        if goal is Goal.STRENGTH:
            return (
                f"{method.value} is a poor fit for a strength goal: it lowers the load and the reps on the "
                "compound lift (PRE-STRENGTH-GOAL, seed 002); choose --method traditional or post-exhaust"
            )
        if experience is Experience.BEGINNER:
            return (
                f"{method.value} brings a beginner little benefit (PRE-BEGINNER, seeds 002, 003); "
                "choose --method traditional"
            )
    if method in (Method.POST_EXHAUST, Method.POST_EXHAUST_FINAL_SET) and goal is Goal.STRENGTH:
        return (
            f"{method.value} is not for pure strength or powerlifting peaking (POST-NOT-FOR, seed 004); "
            "choose --method traditional"
        )
    return None


def _auto_methods(
    req: ProgramRequest, kinds: Sequence[DayKind], spare_targets: set[Muscle]
) -> list[tuple[Method, str, tuple[Muscle, ...]]]:
    """'Let exhaust choose': per day, a method, why, and the muscles its pairs are for."""
    out: list[tuple[Method, str, tuple[Muscle, ...]]] = []
    if req.goal is Goal.STRENGTH or req.experience is Experience.BEGINNER:
        why = (
            "traditional order (compounds first, then isolations): for a strength goal the seeds advise "
            "against exhaust techniques (PRE-STRENGTH-GOAL 002, POST-NOT-FOR 004)"
            if req.goal is Goal.STRENGTH
            else "traditional order: exhaust techniques bring a beginner little (PRE-BEGINNER 002, 003) and "
            "post-exhaust wants 6-12 months of training first (004)"
        )
        return [(Method.TRADITIONAL, why, ()) for _ in kinds]
    post_days = 0
    for kind in kinds:
        muscles = DAY_MUSCLES[kind]
        lagging = tuple(m for m in req.lagging if m in muscles)
        spared = tuple(sorted((m for m in spare_targets if m in muscles), key=list(Muscle).index))
        if lagging:
            out.append(
                (
                    Method.PRE_EXHAUST,
                    f"pre-exhaust for the lagging {lagging[0].label}: the muscle given the extra isolation "
                    "work grows more (002); one pre-exhaust group a session (PRE-ONE-GROUP, 000)",
                    lagging[:1] if len(lagging) == 1 else lagging,
                )
            )
        elif spared:
            joints = ", ".join(j.value for j in req.spare)
            out.append(
                (
                    Method.PRE_EXHAUST,
                    f"pre-exhaust to spare the {joints}: the isolation takes the {spared[0].label} to a hard "
                    "effort so the compound needs a lighter load (000, 002)",
                    spared,
                )
            )
        elif req.goal is Goal.HYPERTROPHY and (
            req.experience is Experience.ADVANCED or post_days < POST_DAYS_INTERMEDIATE
        ):
            post_days += 1
            out.append(
                (
                    Method.POST_EXHAUST,
                    "post-exhaust: the compound stays heavy and the isolation finishes its prime mover (004); "
                    f"at most {POST_PAIRS_PLANNED[req.experience]} pair(s) for your level (POST-PAIRS-BY-LEVEL)",
                    (),
                )
            )
        else:
            out.append(
                (
                    Method.TRADITIONAL,
                    "traditional order: compounds first while fresh, isolations after"
                    + (" (post-exhaust kept to 2-3 days a week for an intermediate, 004)" if post_days else ""),
                    (),
                )
            )
    return out


def _given_methods(req: ProgramRequest, method: Method, count: int) -> list[tuple[Method, str, tuple[Muscle, ...]]]:
    why = {
        Method.PRE_EXHAUST: "pre-exhaust as asked: one isolation → compound pair early, the rest in traditional order "
        "(PRE-ONE-GROUP, PRE-EARLY, 000)",
        Method.REVERSE_PRE_EXHAUST: "reverse pre-exhaust as asked: a synergist tired first so the target works "
        "harder (003)",
        Method.POST_EXHAUST: "post-exhaust as asked: heavy compound, then an isolation for its prime mover (004)",
        Method.POST_EXHAUST_FINAL_SET: "post-exhaust on the final set as asked: the finisher after the last compound "
        "set only (004)",
        Method.ACCESSORY_FIRST: "accessory-first as asked: every single-joint exercise first, least intense to most "
        "intense, compounds last (001)",
        Method.TRADITIONAL: "traditional order as asked: compounds first, then isolations",
    }[method]
    targets = tuple(req.lagging)
    return [(method, why, targets) for _ in range(count)]


# --- the offer of each day ---------------------------------------------------------------------


def _merit(ex: Exercise, goal: Goal) -> int:
    # For a strength goal the heavy compound lifts are the programme (002, 004: exhaust work is not).
    strength = 8 * (goal is Goal.STRENGTH and ex.is_compound and ex.staple)
    return 3 * ex.staple + round(5 * ex.share_of(ex.main_muscle)) + strength


def _shortlist(catalogue: Catalogue, req: ProgramRequest) -> list[Exercise]:
    """Per muscle held to a band, its best few compounds and isolations (main muscle, equipment at
    hand). Muscles with no floor of their own (forearms, traps, lower back...) get their work from
    these; a programme of shrugs and wrist curls to fill a count would be no programme."""
    wanted = set(vol.MAJOR) | set(vol.MINOR) | set(req.lagging)
    compounds_too = {Muscle.FRONT_DELTS, Muscle.LOWER_BACK}  # the presses and the hinges
    chosen: dict[str, Exercise] = {}
    for muscle in Muscle:
        mechanics = (Mechanic.COMPOUND, Mechanic.ISOLATION) if muscle in wanted else (Mechanic.COMPOUND,)
        if muscle not in wanted | compounds_too:
            continue
        for mechanic in mechanics:
            found = [
                e
                for e in catalogue.filter(muscle=muscle, mechanic=mechanic)
                if e.main_muscle is muscle and available(e, req.equipment)
            ]
            if mechanic is Mechanic.COMPOUND:
                # The big lifts first (bench press before push-ups), one per kind of equipment
                # while there are others: a barbell, a dumbbell or a machine version to choose from.
                found.sort(key=lambda e: (-e.staple, -e.intensity, -e.share_of(muscle), e.id))
                varied = list({e.equipment: e for e in reversed(found)}.values())[::-1]
                found = sorted(varied, key=found.index) + [e for e in found if e not in varied]
            else:
                found.sort(key=lambda e: (-e.staple, -e.share_of(muscle), -e.intensity, e.id))
            for e in found[: SHORTLIST[mechanic]]:
                chosen.setdefault(e.id, e)
    return sorted(chosen.values(), key=lambda e: e.id)


def _spotter_cost(ex: Exercise, req: ProgramRequest, method: Method) -> int:
    """PRE-SPOTTER (000): a free-weight compound that can pin you, after pre-fatigue and with no
    spotter, is worth less than its machine or dumbbell variant."""
    tired_first = method in (Method.ACCESSORY_FIRST, Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST)
    return 4 if tired_first and ex.spotter and not req.spotter else 0


def _spares(ex: Exercise, joints: Iterable[Joint]) -> bool:
    """A heavy compound on a joint to spare."""
    return ex.is_compound and ex.intensity >= HEAVY and any(j in ex.joints for j in joints)


def _fits(ex: Exercise, kind: DayKind) -> bool:
    return all(m in DAY_MUSCLES[kind] for m in ex.prime_movers)


def _option(ex: Exercise, req: ProgramRequest, only_paired: bool, method: Method) -> Option:
    sets = COMPOUND_SETS if ex.is_compound else ISOLATION_SETS
    if ex.is_compound and req.goal is Goal.STRENGTH:
        sets = (3, COMPOUND_SETS[1])
    reps = compound_scheme(req.goal)[1].high if ex.is_compound else ISOLATION_REPS.high
    return Option(
        exercise=ex,
        min_sets=sets[0],
        max_sets=sets[1],
        set_seconds=vol.work_s(reps) + vol.standard_rest(ex, req.goal),
        warm_up_s=vol.WARM_UP_PER_COMPOUND_S if ex.is_compound else 0,
        merit=_merit(ex, req.goal) - _spotter_cost(ex, req, method),
        only_paired=only_paired,
    )


def _block_seconds(block: Block, exercise_of: Callable[[str], Exercise]) -> int:
    total = 0
    for item in block.items:
        if exercise_of(item.exercise_id).is_compound:
            total += vol.WARM_UP_PER_COMPOUND_S
        total += item.sets * (vol.work_s(item.reps.high) + (item.rest_s or 0))
    return total


def build_problem(
    req: ProgramRequest,
    catalogue: Catalogue,
    pre_block: Callable[[Candidate], Block],
    post_block: Callable[[Candidate, bool], Block],
    familiar: Collection[str] = (),
) -> Problem:
    """The constraint problem for ``req``. ``pre_block`` and ``post_block`` plan a pair's block
    as the session builder does (the compound's load after a pre-exhaust from the fatigue model).
    ``familiar``: compound lifts the lifter has trained after a pre-exhaust (their own carry-over
    is known), preferred as a pair's compound: its load is theirs, not the published one."""
    kinds = req.chosen_split.days(req.days)
    shortlist = _shortlist(catalogue, req)
    spare_targets = {
        e.main_muscle for e in shortlist if _spares(e, req.spare) and e.staple and e.main_muscle in vol.MAJOR
    }
    if req.method is None:
        methods = _auto_methods(req, kinds, spare_targets)
    else:
        methods = _given_methods(req, req.method, len(kinds))
    left_out: list[str] = []
    heavy_out = sorted({e.name for e in shortlist if _spares(e, req.spare)})
    may_pair = any(m in (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST) for m, _, _ in methods)
    if heavy_out:
        joints = ", ".join(j.value for j in req.spare)
        where = " except straight after a pre-exhaust isolation (000, 002)" if may_pair else ""
        left_out.append(f"To spare the {joints}: {', '.join(heavy_out)} left out{where}.")
    by_id = {e.id: e for e in catalogue.filter()}

    days: list[Day] = []
    for index, (kind, (method, why, targets)) in enumerate(zip(kinds, methods, strict=True)):
        options: dict[str, Option] = {}
        for ex in shortlist:
            if _fits(ex, kind):
                options[ex.id] = _option(ex, req, _spares(ex, req.spare), method)
        pairs: list[PairOption] = []
        lo = hi = 0
        pair_targets: tuple[Muscle, ...] = ()
        if method in (
            Method.PRE_EXHAUST,
            Method.REVERSE_PRE_EXHAUST,
            Method.POST_EXHAUST,
            Method.POST_EXHAUST_FINAL_SET,
        ):
            pre = method in (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST)
            pair_targets = tuple(t for t in targets if t in DAY_MUSCLES[kind]) or tuple(
                m for m in vol.MAJOR if m in DAY_MUSCLES[kind]
            )
            for target in pair_targets:
                found = [
                    c
                    for c in candidate_pairs(catalogue, target, method, req.equipment)
                    if _fits(c.isolation, kind)
                    and _fits(c.compound, kind)
                    and (pre or not _spares(c.compound, req.spare))
                ][:PAIRS_PER_TARGET]
                for cand in found:
                    for ex in (cand.isolation, cand.compound):
                        if ex.id not in options:
                            options[ex.id] = _option(ex, req, _spares(ex, req.spare), method)
                    block = pre_block(cand) if pre else post_block(cand, method is Method.POST_EXHAUST_FINAL_SET)
                    first, second = block.items
                    standard = sum(
                        options[item.exercise_id].set_seconds * item.sets + options[item.exercise_id].warm_up_s
                        for item in block.items
                    )
                    merit = 6 * bool(cand.classic) + (8 if target in req.lagging else 0)
                    merit += FAMILIAR_BONUS * (cand.compound.id in familiar)
                    pairs.append(
                        PairOption(
                            candidate=cand,
                            method=method,
                            block=block,
                            first_sets=first.sets,
                            second_sets=second.sets,
                            seconds_adjust=_block_seconds(block, by_id.__getitem__) - standard,
                            merit=merit,
                        )
                    )
            if pre:
                lo = hi = 1
            else:
                lo, hi = 1, POST_PAIRS_PLANNED[req.experience]
        twin = next(
            (
                d.index
                for d in days
                if kind is not DayKind.FULL and (d.kind, d.method, d.pair_targets) == (kind, method, pair_targets)
            ),
            None,
        )
        days.append(
            Day(
                twin_of=twin,
                index=index,
                weekday=req.weekdays[index],
                kind=kind,
                method=method,
                why=why,
                options=tuple(sorted(options.values(), key=lambda o: o.exercise.id)),
                pairs=tuple(pairs),
                pairs_min=lo,
                pairs_max=hi,
                pair_targets=pair_targets,
            )
        )
    consecutive = tuple((a.index, b.index) for a in days for b in days if b.weekday - a.weekday == 1)
    return Problem(
        request=req,
        days=tuple(days),
        bands=tuple(vol.bands(req.goal, req.experience, req.lagging, req.weekly_sets)),
        consecutive=consecutive,
        seconds_limit=req.minutes * 60,
        left_out=tuple(left_out),
        min_compounds=2 if req.goal is Goal.STRENGTH else 1,
    )


# --- what the solver answers --------------------------------------------------------------------


@dataclass(frozen=True)
class DayChoice:
    sets: dict[str, int]  # exercise id -> sets
    pairs: tuple[PairOption, ...]


@dataclass(frozen=True)
class Solution:
    days: tuple[DayChoice, ...]
    optimal: bool  # proven optimal, or the best found within the solver's deterministic budget
    objective: int


class Unsatisfiable(Exception):
    """No programme keeps every constraint. ``groups``: the constraints (group, day or muscle) that
    cannot hold; ``alone``: leaving out any one of those groups would let a programme exist;
    ``needed_minutes``: the longest session the rest would need; ``searched``: the solver's budget
    ran out before it found a programme or proved there is none."""

    def __init__(
        self,
        groups: Sequence[tuple[Group, str]],
        needed_minutes: int | None = None,
        alone: bool = False,
        searched: bool = False,
    ) -> None:
        self.groups = tuple(groups)
        self.needed_minutes = needed_minutes
        self.alone = alone
        self.searched = searched
        super().__init__(", ".join(f"{g.value}:{w}" for g, w in self.groups) or "no programme found")
