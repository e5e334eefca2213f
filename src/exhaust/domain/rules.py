"""The guardrails of SPEC.md: every rule by its id, in this one module.

Each rule has an id, a default severity, the seeds that state it and a check. A check
yields hits; a hit's message says what to change and, where the seeds disagree, which
source says what. ``check_plan`` runs every plan rule; PROGRESS-WATCH reads logged
history instead of a plan and is ``progress_watch`` below.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from exhaust.domain import prescriptions as rx
from exhaust.domain.analytics.stats import mean, welch
from exhaust.domain.catalogue import Catalogue
from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.fatigue import PLATE_STEP_KG, CarryOver, FatigueModel, LoadPrescription, prescribe
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import PairKind, SessionPair, find_pairs
from exhaust.domain.plans import Experience, Goal, LoadKind, Phase, Plan, Prescription, Recovery, Session
from exhaust.domain.sessions import planned_pre_fatigue


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    source: str
    line: int
    session: str

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
            "line": self.line,
            "session": self.session,
        }


@dataclass(frozen=True)
class Hit:
    message: str
    line: int
    severity: Severity | None = None  # None: the rule's default


@dataclass
class SessionView:
    """A session with what the rules ask of it worked out once."""

    session: Session
    catalogue: Catalogue
    pairs: list[SessionPair]
    method: Method
    # compounds done after isolation work for their muscles, with the muscles pre-fatigued
    pre_fatigued: list[tuple[Prescription, list[Muscle]]] = field(default_factory=list)

    def ex(self, item: Prescription) -> Exercise:
        return self.catalogue.get(item.exercise_id)

    def name(self, item: Prescription) -> str:
        return self.ex(item).name

    @property
    def pre_pairs(self) -> list[SessionPair]:
        return [p for p in self.pairs if p.kind in (PairKind.PRE, PairKind.REVERSE)]

    @property
    def post_pairs(self) -> list[SessionPair]:
        return [p for p in self.pairs if p.kind is PairKind.POST]

    @property
    def uses_pre_exhaust(self) -> bool:
        """Isolation work placed before a compound for its muscles: pre, reverse or 001's."""
        return bool(self.pre_pairs) or self.method is Method.ACCESSORY_FIRST


@dataclass(frozen=True)
class Context:
    plan: Plan
    experience: Experience | None
    goal: Goal | None
    # the lifter's own carry-over by compound lift (services/prediction.py), for PRE-LOAD-DROP
    carry_over: Mapping[str, CarryOver] = field(default_factory=dict)


Check = Callable[[Context, SessionView], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    source: str
    summary: str
    check: Check | None  # None: not a plan rule (PROGRESS-WATCH reads history)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, source: str, summary: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        RULES[rule_id] = Rule(rule_id, severity, source, summary, check)
        return check

    return register


def _secs(value: int) -> str:
    return f"{value} s"


# --- pre-exhaust -----------------------------------------------------------------------


@rule("PRE-ONE-GROUP", Severity.ERROR, "000", "pre-exhaust at most one muscle group per session")
def _pre_one_group(ctx: Context, view: SessionView) -> Iterator[Hit]:
    groups: dict[str, SessionPair] = {}
    for pair in view.pre_pairs:
        groups.setdefault(pair.fatigued.group.value, pair)
    if len(groups) > 1:
        names = ", ".join(groups)
        last = list(groups.values())[-1]
        yield Hit(
            f"this session pre-exhausts {len(groups)} muscle groups ({names}); seed 000: "
            "'limit yourself to pre-exhausting a single muscle group in each workout session'. "
            f"Keep one and train the others in traditional order (unlink block {last.block.label}).",
            last.isolation.line,
        )


@rule("PRE-EARLY", Severity.WARNING, "000", "the pre-exhaust pair stands early in the session")
def _pre_early(ctx: Context, view: SessionView) -> Iterator[Hit]:
    for pair in view.pre_pairs:
        before = [
            item
            for block in view.session.blocks[: pair.block_index]
            for item in block.items
            if view.ex(item).is_compound
        ]
        if before:
            yield Hit(
                f"block {pair.block.label} pre-exhausts after {view.name(before[0])}; seed 000: "
                "schedule the pre-fatigue pair early in the session, when you are fresh. "
                f"Move block {pair.block.label} before the other compound lifts.",
                pair.isolation.line,
            )


@rule("PRE-ISO-SETS", Severity.WARNING, "000", "two isolation sets before the compound")
def _pre_iso_sets(ctx: Context, view: SessionView) -> Iterator[Hit]:
    for pair in view.pre_pairs:
        if pair.isolation.sets > rx.PRE_ISO_SETS:
            yield Hit(
                f"{pair.isolation.sets} sets of {view.name(pair.isolation)} before "
                f"{view.name(pair.compound)}; seed 000: 'aim for just two sets of each isolation "
                "exercise prior to the main compound lift to avoid over-fatiguing'. Use 2 sets.",
                pair.isolation.line,
            )


@rule("PRE-ISO-REPS", Severity.WARNING, "002", "isolation 10–15 reps, moderate load")
def _pre_iso_reps(ctx: Context, view: SessionView) -> Iterator[Hit]:
    low, high = rx.PRE_ISO_REPS
    for pair in view.pre_pairs:
        item = pair.isolation
        if not item.reps.within(low, high):
            yield Hit(
                f"{view.name(item)} for {item.reps.text} reps; seed 002: the pre-exhaust isolation "
                f"is done for {low}–{high} reps. Set the reps inside {low}-{high}.",
                item.line,
            )
        load = item.load
        if load and load.kind is LoadKind.PERCENT_1RM and (load.high or load.low) > rx.PRE_ISO_MAX_PCT:
            yield Hit(
                f"{view.name(item)} at {load.text}; seed 002: a moderate load that needs no very "
                f"heavy weight. Use at most {rx.PRE_ISO_MAX_PCT:g}% 1RM.",
                item.line,
            )


@rule("PRE-REST", Severity.WARNING, "000, 002", "rest isolation→compound: none, 30–60 s (002) or 60–90 s (000)")
def _pre_rest(ctx: Context, view: SessionView) -> Iterator[Hit]:
    lo2, hi2 = rx.PRE_REST_002
    lo0, hi0 = rx.PRE_REST_000
    for pair in view.pre_pairs:
        rest = pair.transition_rest
        if rest is None:
            continue
        if rest <= rx.PRE_REST_SUPERSET_MAX or lo2 <= rest <= hi2 or lo0 <= rest <= hi0:
            continue
        yield Hit(
            f"{_secs(rest)} rest between {view.name(pair.isolation)} and {view.name(pair.compound)}; "
            f"seed 002: none (a superset) or {lo2}–{hi2} s; seed 000: {lo0}–{hi0} s. "
            f"Rest 0 s or {lo2}–{hi0} s.",
            pair.isolation.line,
        )


_SUPPORTING_SEVERITY = {
    Method.REVERSE_PRE_EXHAUST: Severity.INFO,  # the lifter chose seed 003's method
}


@rule(
    "PRE-SUPPORTING",
    Severity.WARNING,
    "000 (against), 001 and 003 (for)",
    "warn when the pre-fatigued muscle is a supporting muscle that is not the target",
)
def _pre_supporting(ctx: Context, view: SessionView) -> Iterator[Hit]:
    targets = set(view.session.targets)
    reported: set[Muscle] = set()
    for compound, muscles in view.pre_fatigued:
        comp = view.ex(compound)
        for muscle in muscles:
            if muscle in targets or muscle in reported or comp.role_of(muscle) is Role.PRIME:
                continue
            reported.add(muscle)
            other = {
                Method.ACCESSORY_FIRST: "seed 001 tires the small accessory muscles first on purpose",
                Method.REVERSE_PRE_EXHAUST: "seed 003 calls this reverse pre-exhaust, but rates the "
                "evidence 'pure speculation'",
            }.get(view.method, "seed 003 calls this reverse pre-exhaust (speculative)")
            yield Hit(
                f"the {muscle.label} are pre-fatigued before {comp.name}, where they only support; "
                f"seed 000 calls pre-exhausting supporting muscles counter-intuitive unless they are "
                f"the target, while {other}. If the {muscle.label} are your target, add "
                f"'target: {muscle.value}'; otherwise pre-exhaust the {comp.main_muscle.label}.",
                compound.line,
                _SUPPORTING_SEVERITY.get(view.method),
            )


@rule("PRE-SPOTTER", Severity.WARNING, "000", "a spotter for a pre-exhausted free-weight compound")
def _pre_spotter(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if ctx.plan.spotter:
        return
    for compound, _ in view.pre_fatigued:
        if view.ex(compound).spotter:
            yield Hit(
                f"{view.name(compound)} comes after pre-fatigue; seed 000: have a spotter with you "
                "for safety. Train with a spotter (say so: 'spotter: yes' in the plan, or --spotter), or use a "
                "machine or dumbbell variant.",
                compound.line,
            )


@rule("PRE-STRENGTH-GOAL", Severity.WARNING, "002", "pre-exhaust is a poor fit for a strength goal")
def _pre_strength(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if ctx.goal is Goal.STRENGTH and view.uses_pre_exhaust:
        first = view.pre_pairs[0].isolation if view.pre_pairs else view.session.exercises[0]
        yield Hit(
            "the goal is strength, and this session fatigues muscles before the compound lift; "
            "seed 002: for getting stronger on the compound lifts pre-exhaustion is a poor fit "
            "(less weight, fewer reps). Train the compound fresh (traditional or post-exhaust).",
            first.line,
        )


@rule("PRE-BEGINNER", Severity.WARNING, "002, 003", "little benefit for beginners")
def _pre_beginner(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if ctx.experience is Experience.BEGINNER and view.uses_pre_exhaust:
        first = view.pre_pairs[0].isolation if view.pre_pairs else view.session.exercises[0]
        yield Hit(
            "a beginner's session with pre-exhaust; seed 002: for beginners the added fatigue "
            "offers little benefit over traditional order and adding weight over time; seed 003: "
            "the fundamentals get you more or less all the gains. Use traditional order.",
            first.line,
        )


def _model_load(ctx: Context, view: SessionView, compound: Prescription) -> LoadPrescription | None:
    """The compound's load the fatigue model prescribes after the isolation linked before it
    (a %1RM, as the session builder plans it: sessions._pre_block), with the lifter's own
    carry-over on the lift when the caller knows it; None when the block links no such pair."""
    for block in view.session.blocks:
        for index, item in enumerate(block.items):
            if item is not compound:
                continue
            before = planned_pre_fatigue(block, index, view.catalogue)
            if before is None:
                return None
            model = FatigueModel(view.catalogue.capacity)
            try:
                return prescribe(
                    model, view.ex(compound), 100.0, before, compound.reps, PLATE_STEP_KG,
                    ctx.carry_over.get(compound.exercise_id),
                )  # fmt: skip
            except ValueError:  # no load reaches the target after this pre-fatigue
                return None
    return None


@rule("PRE-LOAD-DROP", Severity.WARNING, "002, 004", "lower the compound load 10–20 % after pre-exhaust")
def _pre_load_drop(ctx: Context, view: SessionView) -> Iterator[Hit]:
    """Seed 004's 10-20 % against the plan's %1RM. Where the fatigue model prescribes less of a
    drop (a rest that lets the fatigue fade, an isolation that does not tire the compound's weak
    link) and the plan follows the model, the finding is an info that gives both figures: the
    builder plans the model's load (sessions.pre_load_note), and SPEC says to show both sources
    where they disagree, never to pick one silently. A load heavier than both still warns."""
    low_drop, high_drop = rx.PRE_LOAD_DROP
    for compound, _ in view.pre_fatigued:
        load = compound.load
        top = compound.reps.high
        fresh = rx.fresh_percent(top)
        band = f"{fresh * (1 - high_drop):.0f}–{fresh * (1 - low_drop):.0f}% 1RM"
        if load is None or load.kind is LoadKind.WEIGHT:
            yield Hit(
                f"expect fewer reps on {view.name(compound)} at your usual load (002); lower it "
                f"10–20 % (004) to stay in {compound.reps.text} reps — about {band}.",
                compound.line,
                Severity.INFO,
            )
            continue
        if load.kind is not LoadKind.PERCENT_1RM:
            continue
        planned = load.high or load.low
        if planned <= fresh * (1 - low_drop) + 0.5:
            continue
        model = _model_load(ctx, view, compound)
        said = f"Seed 004: pre-exhaust lowers the compound 10–20 % ({band})"
        if model is not None and abs(planned - model.load_kg) < PLATE_STEP_KG - 1e-9:
            drop = 100 * (1 - planned / fresh)
            lighter = f"{drop:.0f}% below" if round(drop) else "as heavy as"
            weak = model.limiting.label
            yield Hit(
                f"{view.name(compound)} at {load.text} is the fatigue model's load ({lighter} the "
                f"{fresh:.0f}% for {top} reps fresh; weak link after the pre-fatigue: {weak}; "
                f"{_carry_over_source(model)}). {said}. The sources disagree and this plan follows the "
                f"model; if your reps fall below {compound.reps.low}, lower it toward {band}.",
                compound.line,
                Severity.INFO,
            )
            continue
        also = ""
        if model is not None:
            also = f"; the fatigue model, for this pair and rest, says {model.load_kg:g}% 1RM"
        yield Hit(
            f"{view.name(compound)} at {load.text} after pre-exhaust: fresh, {top} reps is about "
            f"{fresh:.0f}% 1RM, and pre-fatigue costs reps (002). Lower it 10–20 % (004): {band}{also}.",
            compound.line,
        )


def _carry_over_source(advice: LoadPrescription) -> str:
    co = advice.carry_over
    return f"your carry-over {co.mean:.2f}" if co.personal else f"published carry-over {co.mean:.2f}"


@rule("PAIR-SAME-MUSCLE", Severity.ERROR, "002, 004", "the isolation loads a prime mover of the compound")
def _pair_same_muscle(ctx: Context, view: SessionView) -> Iterator[Hit]:
    for pair in view.pairs:
        if pair.matches:
            continue
        iso, comp = view.ex(pair.isolation), view.ex(pair.compound)
        primes = ", ".join(m.label for m in comp.prime_movers)
        if pair.kind is PairKind.REVERSE:
            yield Hit(
                f"{iso.name} works the {pair.fatigued.label}, which is not a synergist of "
                f"{comp.name}; reverse pre-exhaust (003) fatigues a synergist of the compound "
                "so the target works harder. Pick an isolation for one of its synergists "
                f"({', '.join(m.label for m in comp.synergists) or 'none'}).",
                pair.isolation.line,
            )
            continue
        yield Hit(
            f"{iso.name} works the {pair.fatigued.label}, not a prime mover of {comp.name} "
            f"({primes}); seeds 002 and 004: the isolation must hit the compound's primary mover. "
            f"Pick an isolation for the {comp.main_muscle.label}"
            + (
                " — or, to fatigue a synergist on purpose, use 'method: reverse-pre-exhaust' (003)."
                if comp.loads(pair.fatigued) and pair.kind is PairKind.PRE
                else "."
            ),
            pair.isolation.line,
        )


# --- post-exhaust ----------------------------------------------------------------------


@rule("POST-REST", Severity.WARNING, "004", "rest compound→isolation 30–90 s")
def _post_rest(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if view.method is Method.POST_EXHAUST_FINAL_SET:
        return  # the isolation follows the final set at once; A1's rest is between its sets
    low, high = rx.POST_REST
    for pair in view.post_pairs:
        rest = pair.transition_rest
        if rest is not None and rest > high:
            yield Hit(
                f"{_secs(rest)} between {view.name(pair.compound)} and {view.name(pair.isolation)}; "
                f"seed 004: resting longer than {high} s diminishes the post-exhaust effect "
                f"(its rest table also lists 90–120 s, for keeping volume across sets). "
                f"Rest {low}–{high} s.",
                pair.compound.line,
            )


def _is_legs(exercise: Exercise) -> bool:
    return exercise.main_muscle.group.value == "legs"


@rule("POST-COMPOUND-LOAD", Severity.WARNING, "004", "compound 3–4 × 6–10 at 75–85 % 1RM")
def _post_compound(ctx: Context, view: SessionView) -> Iterator[Hit]:
    s_lo, s_hi = rx.POST_COMPOUND_SETS
    p_lo, p_hi = rx.POST_COMPOUND_PCT
    for pair in view.post_pairs:
        item = pair.compound
        ex = view.ex(item)
        r_lo, r_hi = rx.POST_COMPOUND_REPS_LEGS if _is_legs(ex) else rx.POST_COMPOUND_REPS
        problems = []
        if not s_lo <= item.sets <= s_hi:
            problems.append(f"{item.sets} sets (004: {s_lo}–{s_hi})")
        if not item.reps.within(r_lo, r_hi):
            problems.append(f"{item.reps.text} reps (004: {r_lo}–{r_hi})")
        load = item.load
        if load and load.kind is LoadKind.PERCENT_1RM:
            if load.low < p_lo:
                problems.append(f"{load.text} is 'going too light' (004: {p_lo:g}–{p_hi:g}% 1RM)")
            elif (load.high or load.low) > p_hi:
                problems.append(f"{load.text} is above 004's {p_lo:g}–{p_hi:g}% 1RM")
        if problems:
            yield Hit(
                f"{ex.name} in a post-exhaust pair: {'; '.join(problems)}. Lift heavy on the "
                f"compound: {s_lo}–{s_hi} × {r_lo}–{r_hi} at {p_lo:g}–{p_hi:g}% 1RM.",
                item.line,
            )


@rule("POST-ISO-PRESCRIPTION", Severity.WARNING, "004", "isolation 3–4 × 12–20 at 50–65 % 1RM to 0–1 RIR")
def _post_iso(ctx: Context, view: SessionView) -> Iterator[Hit]:
    s_lo, s_hi = rx.POST_ISO_SETS
    r_lo, r_hi = rx.POST_ISO_REPS
    p_lo, p_hi = rx.POST_ISO_PCT
    final_set = view.method is Method.POST_EXHAUST_FINAL_SET
    for pair in view.post_pairs:
        item, comp = pair.isolation, pair.compound
        problems = []
        if not final_set:
            if not s_lo <= item.sets <= s_hi:
                problems.append(f"{item.sets} sets (004: {s_lo}–{s_hi})")
            elif item.sets != comp.sets:
                problems.append(f"{item.sets} sets against {comp.sets} on the compound (004: match them)")
        if not item.reps.within(r_lo, r_hi):
            problems.append(f"{item.reps.text} reps (004: {r_lo}–{r_hi})")
        load = item.load
        if load and load.kind is LoadKind.PERCENT_1RM and not (p_lo <= load.low and (load.high or load.low) <= p_hi):
            problems.append(f"{load.text} (004: {p_lo:g}–{p_hi:g}% 1RM)")
        if load and load.kind is LoadKind.RIR and load.low > rx.POST_ISO_RIR_MAX:
            problems.append(f"{load.text} stops short (004: take it to 0–1 RIR)")
        if problems:
            yield Hit(
                f"{view.name(item)} finishing {view.name(comp)}: {'; '.join(problems)}.",
                item.line,
            )


@rule("POST-PAIRS-BY-LEVEL", Severity.ERROR, "004", "post-exhaust pairs per workout by level")
def _post_pairs_by_level(ctx: Context, view: SessionView) -> Iterator[Hit]:
    count = len(view.post_pairs)
    if not count:
        return
    line = view.post_pairs[-1].compound.line
    level = ctx.experience
    if level is None:
        yield Hit(
            f"{count} post-exhaust pair(s), and no experience level to judge them by; add "
            "'experience: beginner|intermediate|advanced' or pass --experience.",
            line,
            Severity.INFO,
        )
        return
    main, faq = rx.POST_PAIRS_MAIN[level.value], rx.POST_PAIRS_FAQ[level.value]
    if count > max(main, faq):
        yield Hit(
            f"{count} post-exhaust pairs for a{'n' if level.value[0] in 'ai' else ''} {level.value} "
            f"lifter; seed 004 allows beginners 1, intermediates 2–3 (its FAQ: 1–2), advanced "
            f"3–4. Keep at most {max(main, faq)} and train the rest straight.",
            line,
        )
    elif count > min(main, faq):
        yield Hit(
            f"{count} post-exhaust pairs for an {level.value} lifter: within 004's 'Training "
            f"Frequency' ({main}), above its FAQ ({faq}). Sources differ; {faq} is the cautious choice.",
            line,
            Severity.WARNING,
        )
    elif level is Experience.BEGINNER:
        yield Hit(
            "one post-exhaust pair for a beginner; seed 004: only after 6–12 months of consistent "
            "training, once basic progressive overload is mastered.",
            line,
            Severity.INFO,
        )


@rule("POST-NOT-EVERYTHING", Severity.WARNING, "004", "at most 1–3 exhaust pairs per workout, never every exercise")
def _post_not_everything(ctx: Context, view: SessionView) -> Iterator[Hit]:
    pairs = view.post_pairs
    if not pairs:
        return
    paired = {id(p.isolation) for p in pairs} | {id(p.compound) for p in pairs}
    everything = len(paired) == len(view.session.exercises) and len(pairs) > 1
    line = pairs[-1].compound.line
    if len(pairs) > rx.POST_NOT_EVERYTHING_MAX or everything:
        what = "every exercise is in a post-exhaust pair" if everything else f"{len(pairs)} pairs"
        yield Hit(
            f"{what}; seed 004: 'reserve post-exhaust for 1-3 exercises per workout, not every "
            "movement' — overuse impairs recovery (though 004's own sample workout pairs four). "
            "Train some exercises without a finisher.",
            line,
        )


@rule("POST-NOT-FOR", Severity.WARNING, "004", "not for pure strength, peaking, or compromised recovery")
def _post_not_for(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if not view.post_pairs:
        return
    line = view.post_pairs[0].compound.line
    if ctx.plan.phase is Phase.PEAKING:
        yield Hit(
            "post-exhaust during powerlifting peaking; seed 004: during competition prep focus on "
            "the main lifts. Drop the finishers until after the meet.",
            line,
            Severity.ERROR,
        )
    if ctx.plan.recovery is Recovery.COMPROMISED:
        yield Hit(
            "post-exhaust while recovery is compromised; seed 004: skip it when overtrained.",
            line,
            Severity.ERROR,
        )
    if ctx.goal is Goal.STRENGTH:
        yield Hit(
            "post-exhaust with a pure strength goal; seed 004: not for when maximal strength is "
            "the only goal. Use traditional order, or keep only the final-set finisher.",
            line,
        )


# --- accessory-first -------------------------------------------------------------------


@rule("ORDER-INTENSITY", Severity.WARNING, "001", "accessory-first: least intense first, most intense last")
def _order_intensity(ctx: Context, view: SessionView) -> Iterator[Hit]:
    if view.method is not Method.ACCESSORY_FIRST:
        return
    items = view.session.exercises
    seen_compound: Prescription | None = None
    for prev, item in itertools.pairwise(items):
        ex, before = view.ex(item), view.ex(prev)
        if before.is_compound:
            seen_compound = seen_compound or prev
        if ex.is_isolation and seen_compound is not None:
            yield Hit(
                f"{ex.name} (single-joint) comes after {view.name(seen_compound)}; seed 001 does "
                "every single-joint exercise first and the compounds last. Move it up.",
                item.line,
                Severity.ERROR,
            )
        elif ex.intensity < before.intensity:
            yield Hit(
                f"{ex.name} (intensity {ex.intensity}) follows the more intense {before.name} "
                f"({before.intensity}); seed 001: 'start with the least intense exercise and work "
                "your way into the most intense'. Swap them.",
                item.line,
            )


# --- history ---------------------------------------------------------------------------

RULES["PROGRESS-WATCH"] = Rule(
    "PROGRESS-WATCH",
    Severity.WARNING,
    "004",
    "if the compound lift's numbers decline while an exhaust technique is in use, use it less often",
    None,
)


@dataclass(frozen=True)
class LiftSession:
    """One session's best estimated 1RM (kg) on a compound lift, and whether an exhaust
    technique was in use on that lift or its muscle that session (``method`` says which)."""

    day: date
    e1rm: float
    exhaust: bool
    method: str = ""


@dataclass(frozen=True)
class Decline:
    exercise: str
    since: date  # the first session of the current run of exhaust work
    baseline: float  # kg
    recent: float  # kg
    methods: tuple[str, ...] = ()  # the techniques in use since then
    sessions: int = 0  # sessions since then with the technique in use

    @property
    def percent(self) -> float:
        return 100.0 * (self.baseline - self.recent) / self.baseline

    @property
    def week(self) -> date:
        """The Monday of the week the decline began."""
        return self.since - timedelta(days=self.since.weekday())

    def message(self, unit: str = "kg", per_kg: float = 1.0) -> str:
        drop, before, now = ((v * per_kg) for v in (self.baseline - self.recent, self.baseline, self.recent))
        how = " and ".join(self.methods) or "an exhaust technique"
        return (
            f"{self.exercise}: estimated 1RM down {drop:.1f} {unit} ({self.percent:.1f} %), from "
            f"{before:.1f} to {now:.1f} {unit}, since the week of {self.week.isoformat()}, when "
            f"{how} began ({self.sessions} sessions since). Seed 004: if the compound lift declines, "
            "use the technique less often: keep it to one session a week for this lift, or go back "
            "to traditional order for two or three weeks and see whether the lift recovers."
        )


# The rule, stated so it can be tested (see tests/unit/test_progress_watch.py):
# - the *current run* of exhaust work is the latest sessions with the technique in use, no
#   two of them more than PW_GAP_DAYS apart, the last no more than PW_GAP_DAYS before the
#   lift's last session (a technique dropped a month ago is not "in use");
# - baseline = mean e1RM of the last PW_BASELINE_WINDOW sessions before that run began,
#   within PW_BASELINE_DAYS of it; recent = mean of the run's last PW_MIN_SESSIONS sessions;
# - a decline is reported when at least PW_MIN_SESSIONS stand on each side, recent is at
#   least PW_THRESHOLD below baseline, *and* the one-sided 95 % Welch bound on recent minus
#   baseline is below zero. With session-to-session noise of +-2 % the two means differ by
#   about 0.8 % (one standard deviation), so 3 % is well clear of noise, while a real 5 %
#   slide over three sessions is caught; the Welch bound keeps a lifter whose numbers swing
#   more than that from being warned on a bad week. (A best-of baseline would be biased
#   upward by the noise itself and cry wolf.)
PW_MIN_SESSIONS = 3
PW_BASELINE_WINDOW = 6
PW_THRESHOLD = 0.03
PW_GAP_DAYS = 28
PW_BASELINE_DAYS = 84


def progress_watch(exercise: str, history: Sequence[LiftSession]) -> Decline | None:
    ordered = sorted(history, key=lambda s: s.day)
    used = [i for i, s in enumerate(ordered) if s.exhaust]
    if not used or (ordered[-1].day - ordered[used[-1]].day).days > PW_GAP_DAYS:
        return None
    start = used[-1]
    for i in reversed(used[:-1]):
        if (ordered[start].day - ordered[i].day).days > PW_GAP_DAYS:
            break
        start = i
    began = ordered[start].day
    before = [s for s in ordered[:start] if (began - s.day).days <= PW_BASELINE_DAYS][-PW_BASELINE_WINDOW:]
    during = [s for s in ordered[start:] if s.exhaust]
    if len(before) < PW_MIN_SESSIONS or len(during) < PW_MIN_SESSIONS:
        return None
    baseline_values = [s.e1rm for s in before]
    recent_values = [s.e1rm for s in during[-PW_MIN_SESSIONS:]]
    baseline, recent = mean(baseline_values), mean(recent_values)
    bound = welch(recent_values, baseline_values, p=0.95).high
    if recent <= baseline * (1 - PW_THRESHOLD) and bound is not None and bound < 0:
        methods = tuple(dict.fromkeys(s.method for s in during if s.method))
        return Decline(exercise, began, round(baseline, 1), round(recent, 1), methods, len(during))
    return None


# --- running the plan rules ------------------------------------------------------------


def _view(session: Session, catalogue: Catalogue) -> SessionView:
    pairs = find_pairs(session, catalogue)
    method = session.method
    if method is None:
        kinds = {p.kind for p in pairs}
        method = (
            Method.POST_EXHAUST
            if PairKind.POST in kinds
            else Method.PRE_EXHAUST
            if PairKind.PRE in kinds
            else Method.TRADITIONAL
        )
    view = SessionView(session, catalogue, pairs, method)
    if method is Method.ACCESSORY_FIRST:
        tired: list[Muscle] = []
        for item in session.exercises:
            ex = catalogue.get(item.exercise_id)
            if ex.is_isolation:
                tired.extend(m for m in ex.prime_movers if m not in tired)
            else:
                hit = [m for m in tired if ex.loads(m)]
                if hit:
                    view.pre_fatigued.append((item, hit))
    else:
        view.pre_fatigued = [(p.compound, [p.fatigued]) for p in view.pre_pairs if p.matches or p.kind is PairKind.PRE]
    return view


def check_plan(
    plan: Plan,
    catalogue: Catalogue,
    experience: Experience | None = None,
    goal: Goal | None = None,
    carry_over: Mapping[str, CarryOver] | None = None,
) -> list[Finding]:
    """Every plan rule over every session; findings ordered by line. ``carry_over``: the
    lifter's own carry-over by compound lift, as the plan's loads were worked out with it
    (prediction.plan_session); without it, the published one."""
    ctx = Context(plan, experience or plan.experience, goal or plan.goal, carry_over or {})
    findings: list[Finding] = []
    for session in plan.sessions:
        view = _view(session, catalogue)
        for r in RULES.values():
            if r.check is None:
                continue
            for hit in r.check(ctx, view):
                findings.append(
                    Finding(r.id, hit.severity or r.severity, hit.message, r.source, hit.line, session.name)
                )
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    findings.sort(key=lambda f: (f.line, order[f.severity], f.rule))
    return findings
