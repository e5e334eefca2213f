"""Editing a plan in the browser, and keeping plans as templates.

The plan text (the plan file of planfile.py) is the whole state: a page or a script sends
it with each edit, gets the edited text back and sends that next time. So nothing is kept
on the server between edits, and what comes back is parsed like any text a person typed:
a broken text is refused with its line, never trusted.

An edit sets an item's sets, reps, load, rest or note, or swaps its exercise. A swap keeps
the plan's pairs valid: an item linked to a partner (A1 isolation, A2 compound) may only
become an exercise of the same mechanic that still makes a valid pair with it
(PAIR-SAME-MUSCLE, seeds 002 and 004; for reverse pre-exhaust, seed 003's synergist rule);
a lone item only an exercise of the same mechanic with the same prime mover.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.errors import ExhaustError, PlanFileError
from exhaust.domain.exercises import Equipment, Exercise, Role
from exhaust.domain.fatigue import CarryOver
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate, PairKind, SessionPair, available, candidate_pairs, find_pairs
from exhaust.domain.planfile import format_plan, parse_load, parse_plan
from exhaust.domain.plans import Block, Experience, Goal, Plan, Prescription, Session
from exhaust.domain.rules import Finding, Severity, check_plan
from exhaust.services.catalogue import find_exercise, get_catalogue
from exhaust.store.database import Database
from exhaust.store.models import TemplateRow
from exhaust.store.repository import Repository

# A week of sessions with notes is a few kilobytes; far more is not a plan.
MAX_PLAN_TEXT = 50_000
MAX_TEMPLATE_NAME = 120
MAX_NOTE = 300
SOURCE = "plan text"


class TemplateExists(ExhaustError):
    """A template of that name is there already and the caller did not ask to replace it."""


class TemplateNotFound(ExhaustError):
    """No template of that name in the logbook asked about."""


# --- reading and checking ------------------------------------------------------------------


def read_plan_text(text: str, source: str = SOURCE) -> Plan:
    """Parse plan text that came from a person or a browser; errors carry their line."""
    if len(text) > MAX_PLAN_TEXT:
        raise PlanFileError(
            f"the plan text is {len(text):,} characters long; the most accepted is {MAX_PLAN_TEXT:,}",
            1,
            source,
        )
    catalogue = get_catalogue()
    return parse_plan(text, lambda name: find_exercise(name, catalogue), source=source)


def error_text(exc: ExhaustError) -> str:
    """A user's error in words; a plan text's error names its line."""
    if isinstance(exc, PlanFileError):
        return f"line {exc.line} of the plan text: {exc.message}"
    return str(exc)


def exercise_name(exercise_id: str) -> str:
    return get_catalogue().get(exercise_id).name


@dataclass(frozen=True)
class CheckedPlan:
    """A plan, its text (whose lines the findings point at) and the checker's findings."""

    plan: Plan
    text: str
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    def label_of(self, line: int) -> str | None:
        """The item label (A1, B…) standing on a line of the text, if any."""
        return line_labels(self.plan).get(line)


def line_labels(plan: Plan) -> dict[int, str]:
    """Plan-text line -> the item label on it (with the session's name when there are several)."""
    several = len(plan.sessions) > 1
    return {
        item.line: (f"{session.name} {block.item_label(i)}" if several else block.item_label(i))
        for session in plan.sessions
        for block in session.blocks
        for i, item in enumerate(block.items)
    }


def check_text(
    text: str,
    experience: Experience | None = None,
    goal: Goal | None = None,
    carry_over: Mapping[str, CarryOver] | None = None,
) -> CheckedPlan:
    """Findings on the text as written (experience and goal override the plan's own). A plan built
    with the lifter's own carry-over (prediction.carry_overs) is judged with it (PRE-LOAD-DROP)."""
    plan = read_plan_text(text)
    return CheckedPlan(plan, text, check_plan(plan, get_catalogue(), experience, goal, carry_over))


def checked(
    plan: Plan,
    experience: Experience | None = None,
    goal: Goal | None = None,
    carry_over: Mapping[str, CarryOver] | None = None,
) -> CheckedPlan:
    """Write the plan as text and check what was written, so findings point at its lines."""
    text = format_plan(plan, exercise_name)
    written = read_plan_text(text)
    return CheckedPlan(written, text, check_plan(written, get_catalogue(), experience, goal, carry_over))


# --- finding an item ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    session: int
    block: int
    item: int


def find_item(plan: Plan, label: str, session: int | None = None) -> Place:
    """An item by its label (A1, B) and, when the plan has several sessions, the session's
    index (0 = the first)."""
    wanted = label.strip().upper()
    if session is not None and not 0 <= session < len(plan.sessions):
        raise ExhaustError(
            f"the plan has {len(plan.sessions)} session(s); session {session} is not one of them (0 is the first)"
        )
    found: list[Place] = []
    for s, sess in enumerate(plan.sessions):
        if session is not None and s != session:
            continue
        for b, block in enumerate(sess.blocks):
            for i in range(len(block.items)):
                if block.item_label(i) == wanted:
                    found.append(Place(s, b, i))
    if not found:
        labels = ", ".join(
            block.item_label(i)
            for s, sess in enumerate(plan.sessions)
            if session is None or s == session
            for block in sess.blocks
            for i in range(len(block.items))
        )
        raise ExhaustError(f"the plan has no item {label!r}; its items are {labels}")
    if len(found) > 1:
        raise ExhaustError(
            f"{len(found)} sessions have an item {wanted}; say which session (0 is the first: "
            + ", ".join(f"{p.session} = {plan.sessions[p.session].name!r}" for p in found)
            + ")"
        )
    return found[0]


def _item(plan: Plan, place: Place) -> Prescription:
    return plan.sessions[place.session].blocks[place.block].items[place.item]


def _label(plan: Plan, place: Place) -> str:
    return plan.sessions[place.session].blocks[place.block].item_label(place.item)


def _replace(plan: Plan, place: Place, item: Prescription) -> Plan:
    session = plan.sessions[place.session]
    block = session.blocks[place.block]
    items = list(block.items)
    items[place.item] = item
    blocks = list(session.blocks)
    blocks[place.block] = block.model_copy(update={"items": tuple(items)})
    sessions = list(plan.sessions)
    sessions[place.session] = session.model_copy(update={"blocks": tuple(blocks)})
    return plan.model_copy(update={"sessions": tuple(sessions)})


# --- what a swap must keep ----------------------------------------------------------------------

PairKey = tuple[int, int, int]  # block index, isolation's position, compound's position


def _pairs(session: Session, catalogue: Catalogue) -> dict[PairKey, SessionPair]:
    found: dict[PairKey, SessionPair] = {}
    for pair in find_pairs(session, catalogue):
        items = pair.block.items
        iso = next(k for k, x in enumerate(items) if x is pair.isolation)
        comp = next(k for k, x in enumerate(items) if x is pair.compound)
        found[(pair.block_index, iso, comp)] = pair
    return found


def _pairs_of(pairs: dict[PairKey, SessionPair], block: int, item: int) -> list[PairKey]:
    return [key for key in pairs if key[0] == block and item in key[1:]]


def _article(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _labels(muscles: Iterable[Muscle]) -> str:
    return ", ".join(m.label for m in muscles) or "none"


def _broken_pair(session: Session, key: PairKey, catalogue: Catalogue) -> str:
    block = session.blocks[key[0]]
    iso = catalogue.get(block.items[key[1]].exercise_id)
    comp = catalogue.get(block.items[key[2]].exercise_id)
    pair = f"{block.item_label(min(key[1:]))}/{block.item_label(max(key[1:]))}"
    if session.method is Method.REVERSE_PRE_EXHAUST and key[1] < key[2]:
        targets = _labels(session.targets) if session.targets else "the target"
        return (
            f"{iso.name} before {comp.name} breaks the reverse pre-exhaust pair {pair}: seed 003 fatigues a "
            f"synergist of the compound ({_labels(comp.synergists)}) while the target ({targets}) stays "
            f"one of its prime movers; {iso.name} works the {iso.main_muscle.label}"
        )
    return (
        f"{iso.name} with {comp.name} breaks the pair {pair}: the isolation must load a prime mover "
        f"of the compound (PAIR-SAME-MUSCLE, seeds 002 and 004); {iso.name} works the "
        f"{_labels(iso.prime_movers)}, the prime movers of {comp.name} are the {_labels(comp.prime_movers)}"
    )


def _swap_problem(
    before: Plan,
    after: Plan,
    place: Place,
    equipment: Sequence[Equipment] | None,
    catalogue: Catalogue,
    pairs_before: dict[PairKey, SessionPair] | None = None,
) -> str | None:
    """Why the exercise now at ``place`` of ``after`` may not replace the one of ``before``;
    None when the swap keeps the session valid."""
    old = catalogue.get(_item(before, place).exercise_id)
    new = catalogue.get(_item(after, place).exercise_id)
    if new.id == old.id:
        return None
    label = _label(before, place)
    if new.mechanic is not old.mechanic:
        return (
            f"{new.name} is {_article(new.mechanic.value)} exercise and {label} ({old.name}) is "
            f"{_article(old.mechanic.value)}; a swap keeps an isolation for an isolation and a compound for a compound"
        )
    if not available(new, equipment):
        chosen = ", ".join(e.value for e in equipment or ())
        return f"{new.name} needs {_article(new.equipment.value)}, which is not among the equipment chosen ({chosen})"
    session = after.sessions[place.session]
    if pairs_before is None:
        pairs_before = _pairs(before.sessions[place.session], catalogue)
    mine = _pairs_of(pairs_before, place.block, place.item)
    if mine:
        pairs_after = _pairs(session, catalogue)
        for key in mine:
            found = pairs_after.get(key)
            if found is None or not found.matches:
                return _broken_pair(session, key, catalogue)
    elif new.role_of(old.main_muscle) is not Role.PRIME:
        muscle = old.main_muscle.label
        return (
            f"{new.name} does not train the {muscle} as a prime mover, as {old.name} does; "
            f"pick an exercise for the {muscle}"
        )
    for b, block in enumerate(session.blocks):
        for i, item in enumerate(block.items):
            if (b, i) != (place.block, place.item) and item.exercise_id == new.id:
                return f"{new.name} is already in this session ({block.item_label(i)}); pick another exercise"
    return None


# --- alternatives ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alternative:
    exercise: Exercise
    why: str
    classic: str | None = None  # the source naming the pair a classic, when it is one


@dataclass(frozen=True)
class ItemAlternatives:
    session: int
    label: str
    exercise: Exercise
    partners: tuple[str, ...]  # labels of the items it is paired with ('' when it stands alone)
    alternatives: list[Alternative]

    @property
    def paired(self) -> bool:
        return bool(self.partners)


def _why(
    after: Plan, place: Place, new: Exercise, old: Exercise, catalogue: Catalogue, keys: list[PairKey]
) -> Alternative:
    session = after.sessions[place.session]
    if not keys:
        muscle = old.main_muscle
        return Alternative(new, f"trains the {muscle.label} as a prime mover ({new.share_of(muscle):.0%})")
    parts: list[str] = []
    classic: str | None = None
    for key in keys:
        block = session.blocks[key[0]]
        iso = catalogue.get(block.items[key[1]].exercise_id)
        comp = catalogue.get(block.items[key[2]].exercise_id)
        partner = comp if new.id == iso.id else iso
        found = catalogue.is_classic(iso.id, comp.id)
        classic = classic or (found.source if found else None)
        if session.method is Method.REVERSE_PRE_EXHAUST and key[1] < key[2]:
            muscle = iso.main_muscle
            parts.append(f"the {muscle.label}: worked by {iso.name}, a synergist of {comp.name}")
        else:
            shared = [m for m in iso.prime_movers if comp.role_of(m) is Role.PRIME]
            shares = ", ".join(f"{m.label} {new.share_of(m):.0%}" for m in shared)
            parts.append(f"shares its prime mover with {partner.name} ({shares})")
    return Alternative(new, "; ".join(parts), classic)


def _candidates(catalogue: Catalogue, old: Exercise, equipment: Sequence[Equipment] | None) -> list[Exercise]:
    return [e for e in catalogue.exercises if e.mechanic is old.mechanic and e.id != old.id and available(e, equipment)]


def alternatives(
    plan: Plan, label: str, session: int | None = None, equipment: Sequence[Equipment] | None = None
) -> ItemAlternatives:
    """The exercises an item may become: those every swap check above lets through, best first
    (a classic pair, the same main muscle, a staple lift, the larger share first)."""
    return _alternatives_at(plan, find_item(plan, label, session), equipment)


def _alternatives_at(plan: Plan, place: Place, equipment: Sequence[Equipment] | None) -> ItemAlternatives:
    catalogue = get_catalogue()
    current = _item(plan, place)
    old = catalogue.get(current.exercise_id)
    pairs_before = _pairs(plan.sessions[place.session], catalogue)
    keys = _pairs_of(pairs_before, place.block, place.item)
    block = plan.sessions[place.session].blocks[place.block]
    partners = tuple(block.item_label(k) for key in keys for k in key[1:] if k != place.item)
    found: list[Alternative] = []
    for candidate in _candidates(catalogue, old, equipment):
        after = _replace(plan, place, current.model_copy(update={"exercise_id": candidate.id}))
        if _swap_problem(plan, after, place, equipment, catalogue, pairs_before) is None:
            found.append(_why(after, place, candidate, old, catalogue, keys))
    main = old.main_muscle
    found.sort(
        key=lambda a: (
            a.classic is None,
            a.exercise.main_muscle is not main,
            not a.exercise.staple,
            -a.exercise.share_of(main),
            a.exercise.name,
        )
    )
    return ItemAlternatives(place.session, _label(plan, place), old, partners, found)


def all_alternatives(
    plan: Plan, equipment: Sequence[Equipment] | None = None
) -> dict[tuple[int, str], ItemAlternatives]:
    """Alternatives for every item, keyed by (session index, label)."""
    out: dict[tuple[int, str], ItemAlternatives] = {}
    for s, session in enumerate(plan.sessions):
        for b, block in enumerate(session.blocks):
            for i in range(len(block.items)):
                found = _alternatives_at(plan, Place(s, b, i), equipment)
                out[(s, found.label)] = found
    return out


# --- edits ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemEdit:
    """What to change on one item; None leaves a field as it is."""

    item: str  # its label: A1, B …
    session: int | None = None  # which session (0 = the first); needed only when labels repeat
    sets: int | None = None
    reps_low: int | None = None
    reps_high: int | None = None
    rest_s: int | None = None
    load: str | None = None  # '70%', 'RIR 2', 'RPE 8', '80kg'; '' removes the load
    note: str | None = None  # '' removes the note
    exercise: str | None = None  # swap: a catalogue id or a name


def _edited(item: Prescription, edit: ItemEdit, label: str) -> Prescription:
    data = item.model_dump()
    reps = dict(data["reps"])
    if edit.sets is not None:
        data["sets"] = edit.sets
    if edit.reps_low is not None:
        reps["low"] = edit.reps_low
    if edit.reps_high is not None:
        reps["high"] = edit.reps_high
    data["reps"] = reps
    if edit.rest_s is not None:
        data["rest_s"] = edit.rest_s
    if edit.load is not None:
        text = edit.load.strip()
        try:
            load = parse_load(text) if text else None
        except ValidationError as exc:
            raise ExhaustError(f"{label}: load {text!r}: {_message(exc)}") from None
        if text and load is None:
            raise ExhaustError(
                f"{label}: cannot read the load {text!r}; write one such as '70%', 'RIR 2', 'RPE 8' or '80kg' "
                "(or leave it empty for none)"
            )
        data["load"] = load.model_dump() if load else None
    if edit.note is not None:
        note = " ".join(edit.note.split())
        if len(note) > MAX_NOTE:
            raise ExhaustError(f"{label}: the note is {len(note)} characters long; keep it under {MAX_NOTE}")
        data["note"] = note
    try:
        return Prescription.model_validate(data)
    except ValidationError as exc:
        raise ExhaustError(f"{label}: {_message(exc)}") from None


def _message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if p != "__root__")
    text = str(err["msg"]).removeprefix("Value error, ")
    names = {"sets": "sets", "reps.low": "reps (low)", "reps.high": "reps (high)", "rest_s": "rest (seconds)"}
    return f"{names.get(where, where)}: {text}" if where else text


def _renamed(plan: Plan, place: Place, old: Exercise, new: Exercise, catalogue: Catalogue) -> Plan:
    """Notes follow a swap: the old exercise's name becomes the new one's, and the builder's
    note on why the block's pair was chosen is written again for the new pair (or dropped)."""
    session = plan.sessions[place.session]
    block = session.blocks[place.block]
    items = tuple(i.model_copy(update={"note": i.note.replace(old.name, new.name)}) for i in block.items)
    block = block.model_copy(update={"items": items})
    blocks = list(session.blocks)
    blocks[place.block] = block
    prefix = f"Block {block.label}: "
    notes: list[str] = []
    for note in session.notes:
        if not note.startswith(prefix):
            notes.append(note)
            continue
        why = _pair_why(session.model_copy(update={"blocks": tuple(blocks)}), place.block, catalogue)
        if why:
            notes.append(f"{prefix}{why}.")
    session = session.model_copy(update={"blocks": tuple(blocks), "notes": tuple(notes)})
    sessions = list(plan.sessions)
    sessions[place.session] = session
    return plan.model_copy(update={"sessions": tuple(sessions)})


def _pair_why(session: Session, block_index: int, catalogue: Catalogue) -> str | None:
    for key, pair in _pairs(session, catalogue).items():
        if key[0] != block_index or not pair.matches:
            continue
        iso = catalogue.get(pair.isolation.exercise_id)
        comp = catalogue.get(pair.compound.exercise_id)
        target = pair.fatigued
        if pair.kind is PairKind.REVERSE:
            target = next((t for t in session.targets if comp.role_of(t) is Role.PRIME), comp.main_muscle)
        return Candidate(iso, comp, pair.fatigued, target, 0.0, catalogue.is_classic(iso.id, comp.id)).why
    return None


def apply_edits(
    text: str,
    edits: Sequence[ItemEdit],
    equipment: Sequence[Equipment] | None = None,
    experience: Experience | None = None,
    goal: Goal | None = None,
    carry_over: Mapping[str, CarryOver] | None = None,
) -> CheckedPlan:
    """Apply the edits to the plan text (all or none) and check the result."""
    return checked(edit_plan(read_plan_text(text), edits, equipment), experience, goal, carry_over)


def edit_plan(before: Plan, edits: Sequence[ItemEdit], equipment: Sequence[Equipment] | None = None) -> Plan:
    """Apply the edits in order, all or none. Swaps are judged on the plan after every edit,
    so a block's isolation and compound can be swapped together for another valid pair."""
    if not edits:
        raise ExhaustError("no edits given; say which item to change (e.g. item 'A1', sets 2)")
    catalogue = get_catalogue()
    plan = before
    swapped: dict[Place, tuple[Exercise, Exercise]] = {}
    for edit in edits:
        place = find_item(plan, edit.item, edit.session)
        label = _label(plan, place)
        item = _edited(_item(plan, place), edit, label)
        if edit.exercise is not None and edit.exercise.strip():
            wanted = edit.exercise.strip()
            new = catalogue.get(wanted) if wanted in catalogue else find_exercise(wanted, catalogue)
            old = swapped[place][0] if place in swapped else catalogue.get(item.exercise_id)
            item = item.model_copy(update={"exercise_id": new.id})
            swapped[place] = (old, new)
        plan = _replace(plan, place, item)
    for place in swapped:
        problem = _swap_problem(before, plan, place, equipment, catalogue)
        if problem is not None:
            offered = _alternatives_at(before, place, equipment).alternatives
            names = ", ".join(a.exercise.name for a in offered[:6])
            hint = f" Valid swaps for {_label(before, place)}: {names}." if names else " No swap keeps it valid."
            raise ExhaustError(f"{_label(before, place)}: {problem}.{hint}")
    for place, (old, new) in swapped.items():
        if old.id != new.id:
            plan = _renamed(plan, place, old, new, catalogue)
    return plan


# --- templates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    created_at: datetime
    exercises: int | None  # None: the stored text no longer reads as a plan


def _template(row: TemplateRow) -> Template:
    try:
        plan = read_plan_text(row.plan_text, source=f"template {row.name!r}")
        count: int | None = sum(len(s.exercises) for s in plan.sessions)
    except ExhaustError:
        count = None
    return Template(row.name, row.plan_text, row.created_at, count)


def _control(text: str) -> bool:
    """Control characters (NUL among them, which PostgreSQL refuses in text) name nothing."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def _template_name(name: str) -> str:
    name = " ".join(name.split())
    if _control(name):
        raise ExhaustError("a template name cannot hold control characters; use letters, digits and punctuation")
    if not name:
        raise ExhaustError("a template needs a name; give it one such as 'Chest day'")
    if len(name) > MAX_TEMPLATE_NAME:
        raise ExhaustError(f"the name is {len(name)} characters long; keep it to {MAX_TEMPLATE_NAME}")
    return name


def save_template(db: Database, user_id: int, name: str, text: str, replace: bool = False) -> Template:
    """Keep the plan text as a template in one user's logbook (the plan takes the template's
    name). An existing template of that name is replaced only when asked."""
    name = _template_name(name)
    plan = read_plan_text(text)
    saved = format_plan(plan.model_copy(update={"name": name}), exercise_name)
    try:
        with db.transaction() as session:
            repo = Repository(session)
            row = repo.template(user_id, name)
            if row is not None and not replace:
                raise TemplateExists(f"a template called {name!r} exists; tick 'replace' to overwrite it")
            if row is None:
                row = TemplateRow(user_id=user_id, name=name, plan_text=saved, created_at=datetime.now(UTC))
                repo.add(row)
            else:
                row.plan_text = saved
            return _template(row)
    except IntegrityError:  # saved by another request at the same moment
        raise TemplateExists(f"a template called {name!r} was saved just now; tick 'replace' to overwrite it") from None


def list_templates(db: Database, user_id: int) -> list[Template]:
    with db.transaction(write=False) as session:
        return [_template(row) for row in Repository(session).templates(user_id)]


def get_template(db: Database, user_id: int, name: str) -> Template:
    with db.transaction(write=False) as session:
        row = None if _control(name) else Repository(session).template(user_id, " ".join(name.split()))
        if row is None:
            raise TemplateNotFound(f"no template called {name!r} in this logbook")
        return _template(row)


# --- whole pairs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairOption:
    """A ranked pair for a session's target, and the block it can replace (None: none can take
    it without breaking a guardrail of the swap), or that it is the block's pair already."""

    candidate: Candidate
    block: str | None
    current: bool = False


def _pair_blocks(session: Session, target: Muscle, catalogue: Catalogue) -> list[tuple[Block, SessionPair]]:
    out = []
    for pair in find_pairs(session, catalogue):
        comp = catalogue.get(pair.compound.exercise_id)
        aimed = comp.role_of(target) is Role.PRIME if pair.kind is PairKind.REVERSE else pair.fatigued is target
        if aimed:
            out.append((pair.block, pair))
    return out


def pair_edits(plan: Plan, session: int, block_label: str, isolation: str, compound: str) -> list[ItemEdit]:
    """The two swaps that put an (isolation, compound) pair into a linked block."""
    if not 0 <= session < len(plan.sessions):
        raise ExhaustError(f"the plan has no session {session} (0 is the first)")
    catalogue = get_catalogue()
    wanted = block_label.strip().upper()
    block = next((b for b in plan.sessions[session].blocks if b.label == wanted), None)
    if block is None or not block.linked:
        raise ExhaustError(f"the session has no linked block {block_label!r} to put a pair into")
    edits: list[ItemEdit] = []
    for i, item in enumerate(block.items):
        ex = catalogue.get(item.exercise_id)
        swap = isolation if ex.is_isolation else compound
        edits.append(ItemEdit(item=block.item_label(i), session=session, exercise=swap))
    return edits


def pair_options(
    plan: Plan, session: int, equipment: Sequence[Equipment] | None = None, limit: int = 5
) -> list[tuple[Muscle, list[PairOption]]]:
    """For each target of a pair-method session: the best pairs, each with the block it fits."""
    catalogue = get_catalogue()
    sess = plan.sessions[session]
    if sess.method is None or not (sess.method.is_pre or sess.method.is_post):
        return []
    method = Method.REVERSE_PRE_EXHAUST if sess.method is Method.REVERSE_PRE_EXHAUST else Method.PRE_EXHAUST
    out: list[tuple[Muscle, list[PairOption]]] = []
    for target in sess.targets:
        blocks = _pair_blocks(sess, target, catalogue)
        options: list[PairOption] = []
        for cand in candidate_pairs(catalogue, target, method, equipment)[:limit]:
            fits: str | None = None
            current = False
            for block, pair in blocks:
                if (pair.isolation.exercise_id, pair.compound.exercise_id) == (cand.isolation.id, cand.compound.id):
                    fits, current = block.label, True
                    break
                try:
                    edit_plan(
                        plan, pair_edits(plan, session, block.label, cand.isolation.id, cand.compound.id), equipment
                    )
                except ExhaustError:
                    continue
                fits = block.label
                break
            options.append(PairOption(cand, fits, current))
        out.append((target, options))
    return out
