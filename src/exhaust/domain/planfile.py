"""The plan file: a text format a lifter writes by hand, the way a program is written on a
whiteboard. Parsed from a string (no I/O here); every error carries its line.

    # comments start with '#', anywhere
    plan: Chest day
    experience: intermediate        # beginner | intermediate | advanced
    goal: hypertrophy               # hypertrophy | strength | general
    spotter: yes                    # optional: a spotter is at hand

    session: Monday - chest
    method: pre-exhaust             # one of `exhaust methods`
    target: chest                   # muscles, comma separated

    A1  Cable Fly              2 x 12-15   RIR 2     rest 60s
    A2  Bench Press (Barbell)  3 x 6-10    62.5%     rest 2m
    B   Dips                   3 x 8-12    RPE 8     rest 90

An exercise line is: a block label (A, B … alone, or A1, A2 … for a linked pair or
superset), the exercise, SETS x REPS (or a rep range LOW-HIGH), then optionally a load
(``70%``, ``70% 1RM``, ``RIR 2``, ``RIR 0-1``, ``RPE 8``, ``@8``, ``80kg``, ``185 lb``)
and a rest (``rest 90``, ``rest 90s``, ``rest 2m``, ``rest 1:30``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import StrEnum

from pydantic import ValidationError

from exhaust.domain.errors import ExhaustError, PlanFileError
from exhaust.domain.exercises import Exercise
from exhaust.domain.methods import Method, parse_method
from exhaust.domain.muscles import Muscle, parse_muscle
from exhaust.domain.plans import (
    Block,
    Experience,
    Goal,
    Load,
    LoadKind,
    Phase,
    Plan,
    Prescription,
    Recovery,
    RepRange,
    Session,
)

Resolver = Callable[[str], Exercise]

_KEY = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]*?)\s*:\s*(?P<value>.*)$")
_EXERCISE = re.compile(
    r"^(?P<label>[A-Z])(?P<index>[1-9])?[.)]?\s+(?P<name>.+?)\s+"
    r"(?P<sets>\d+)\s*[x×]\s*(?P<reps>\d+(?:\s*-\s*\d+)?)(?P<tail>(?:\s.*)?)$"
)
_NUM = r"\d+(?:\.\d+)?"
_LOADS: list[tuple[re.Pattern[str], LoadKind]] = [
    (re.compile(rf"^(?P<lo>{_NUM})(?:\s*-\s*(?P<hi>{_NUM}))?\s*%(?:\s*1\s*RM)?$", re.I), LoadKind.PERCENT_1RM),
    (re.compile(rf"^RIR\s*(?P<lo>{_NUM})(?:\s*-\s*(?P<hi>{_NUM}))?$", re.I), LoadKind.RIR),
    (re.compile(rf"^(?:RPE\s*|@\s*)(?P<lo>{_NUM})(?:\s*-\s*(?P<hi>{_NUM}))?$", re.I), LoadKind.RPE),
    (re.compile(rf"^(?P<lo>{_NUM})(?:\s*-\s*(?P<hi>{_NUM}))?\s*(?P<unit>kg|kgs|lb|lbs)$", re.I), LoadKind.WEIGHT),
]
_REST = re.compile(
    r"\brest\s+(?:(?P<min>\d+):(?P<sec>\d\d)|(?P<n>\d+)\s*(?P<u>s|sec|secs|m|min|mins)?)\s*$",
    re.I,
)
_YES = {"yes", "true", "y", "1"}
_NO = {"no", "false", "n", "0"}

EXAMPLE_LINE = "A1  Cable Fly  2 x 12-15  RIR 2  rest 60s"


def _split_comment(line: str) -> tuple[str, str]:
    content, _, comment = line.partition("#")
    return content.strip(), comment.strip()


def _choice(enum: type[StrEnum], value: str, key: str, line: int, source: str) -> StrEnum:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = " | ".join(m.value for m in enum)
        raise PlanFileError(f"{key}: {value!r} is not one of {allowed}", line, source) from None


def parse_load(text: str) -> Load | None:
    text = text.strip()
    for pattern, kind in _LOADS:
        m = pattern.match(text)
        if m:
            unit = m.groupdict().get("unit")
            return Load(
                kind=kind,
                low=float(m["lo"]),
                high=float(m["hi"]) if m["hi"] else None,
                unit=("lb" if unit and unit.lower().startswith("lb") else "kg") if unit else None,
            )
    return None


def _parse_tail(tail: str, line: int, source: str) -> tuple[Load | None, int | None]:
    rest: int | None = None
    m = _REST.search(tail)
    if m:
        if m["min"]:
            rest = int(m["min"]) * 60 + int(m["sec"])
        else:
            rest = int(m["n"]) * (60 if (m["u"] or "s").lower().startswith("m") else 1)
        tail = tail[: m.start()]
    tail = tail.strip().strip(",").strip()
    if not tail:
        return None, rest
    try:
        load = parse_load(tail)
    except ValidationError as exc:
        raise PlanFileError(f"load {tail!r}: {exc.errors()[0]['msg']}", line, source) from None
    if load is None:
        raise PlanFileError(
            f"cannot read {tail!r}; after SETS x REPS write a load such as '70%', 'RIR 2', "
            f"'RPE 8', '80kg' and/or a rest such as 'rest 90s'",
            line,
            source,
        )
    return load, rest


class _SessionDraft:
    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line
        self.method: Method | None = None
        self.targets: list[Muscle] = []
        self.notes: list[str] = []
        self.blocks: list[tuple[str, list[tuple[int | None, Prescription]]]] = []

    def add(self, label: str, index: int | None, item: Prescription, line: int, source: str) -> None:
        if self.blocks and self.blocks[-1][0] == label:
            items = self.blocks[-1][1]
            prev = items[-1][0]
            if index is None or prev is None:
                raise PlanFileError(
                    f"block {label} already has an exercise; number linked exercises "
                    f"{label}1, {label}2 … or give the next block a new letter",
                    line,
                    source,
                )
            if index != prev + 1:
                raise PlanFileError(
                    f"expected {label}{prev + 1} after {label}{prev}, found {label}{index}",
                    line,
                    source,
                )
            items.append((index, item))
            return
        if any(existing == label for existing, _ in self.blocks):
            raise PlanFileError(
                f"block {label} appears twice in session {self.name!r}; the exercises of a "
                "block stand on consecutive lines",
                line,
                source,
            )
        if index not in (None, 1):
            raise PlanFileError(f"block {label} starts at {label}{index}; start at {label}1", line, source)
        self.blocks.append((label, [(index, item)]))

    def build(self) -> Session:
        return Session(
            name=self.name,
            method=self.method,
            targets=tuple(self.targets),
            blocks=tuple(Block(label=lab, items=tuple(i for _, i in items)) for lab, items in self.blocks),
            notes=tuple(self.notes),
            line=self.line,
        )


def parse_plan(text: str, resolve: Resolver, source: str = "<plan>") -> Plan:
    """Parse a plan file. ``resolve`` turns a written exercise name into a catalogue entry
    (raising ExhaustError with suggestions when it cannot)."""
    plan: dict[str, object] = {}
    plan_notes: list[str] = []
    sessions: list[_SessionDraft] = []

    def current(line: int) -> _SessionDraft:
        if not sessions:
            sessions.append(_SessionDraft("Session 1", line))
        return sessions[-1]

    for number, raw in enumerate(text.splitlines(), start=1):
        line, comment = _split_comment(raw.lstrip("\ufeff"))
        if not line:
            continue
        ex = _EXERCISE.match(line)
        if ex:
            try:
                exercise = resolve(ex["name"].strip())
            except ExhaustError as exc:
                raise PlanFileError(str(exc), number, source) from None
            reps_text = ex["reps"].replace(" ", "")
            low, _, high = reps_text.partition("-")
            load, rest = _parse_tail(ex["tail"] or "", number, source)
            try:
                item = Prescription(
                    exercise_id=exercise.id,
                    sets=int(ex["sets"]),
                    reps=RepRange(low=int(low), high=int(high or low)),
                    load=load,
                    rest_s=rest,
                    note=comment,  # a comment on an exercise line is kept as its note
                    line=number,
                )
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise PlanFileError(f"{where}: {err['msg']}", number, source) from None
            index = int(ex["index"]) if ex["index"] else None
            current(number).add(ex["label"], index, item, number, source)
            continue
        kv = _KEY.match(line)
        if not kv:
            raise PlanFileError(
                f"cannot read this line; expected 'key: value' or an exercise line such as '{EXAMPLE_LINE}'",
                number,
                source,
            )
        key = kv["key"].strip().lower()
        value = kv["value"].strip()
        if key == "session":
            sessions.append(_SessionDraft(value or f"Session {len(sessions) + 1}", number))
        elif key == "method":
            method = parse_method(value)
            if method is None:
                allowed = " | ".join(m.value for m in Method)
                raise PlanFileError(f"method: {value!r} is not one of {allowed}", number, source)
            current(number).method = method
        elif key in ("target", "targets"):
            for part in filter(None, (p.strip() for p in value.split(","))):
                muscle = parse_muscle(part)
                if muscle is None:
                    known = ", ".join(m.value for m in Muscle)
                    raise PlanFileError(f"target: unknown muscle {part!r}; known: {known}", number, source)
                current(number).targets.append(muscle)
        elif key == "note":
            (sessions[-1].notes if sessions else plan_notes).append(value)
        elif sessions:
            raise PlanFileError(
                f"{key!r} is not a session setting (method, target, note); plan settings "
                "such as experience and goal go above the first 'session:' line",
                number,
                source,
            )
        elif key in ("plan", "name"):
            plan["name"] = value
        elif key == "experience":
            plan["experience"] = _choice(Experience, value, key, number, source)
        elif key == "goal":
            plan["goal"] = _choice(Goal, value, key, number, source)
        elif key == "phase":
            plan["phase"] = _choice(Phase, value, key, number, source)
        elif key == "recovery":
            plan["recovery"] = _choice(Recovery, value, key, number, source)
        elif key == "spotter":
            if value.lower() not in _YES | _NO:
                raise PlanFileError(f"spotter: write yes or no, not {value!r}", number, source)
            plan["spotter"] = value.lower() in _YES
        else:
            raise PlanFileError(
                f"unknown setting {key!r}; plan settings are plan, experience, goal, phase, "
                "recovery, spotter, note; session settings are session, method, target, note",
                number,
                source,
            )

    for draft in sessions:
        if not draft.blocks:
            raise PlanFileError(f"session {draft.name!r} has no exercises", draft.line, source)
    if not sessions:
        raise PlanFileError(f"the plan has no exercises; add lines such as '{EXAMPLE_LINE}'", 1, source)
    return Plan(
        sessions=tuple(d.build() for d in sessions),
        notes=tuple(plan_notes),
        **plan,
    )


def _rest_text(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"rest {seconds // 60}m"
    if seconds > 60:
        return f"rest {seconds // 60}:{seconds % 60:02d}"
    return f"rest {seconds}s"


def format_plan(plan: Plan, name_of: Callable[[str], str]) -> str:
    """Write a plan as a plan file; ``parse_plan`` reads it back to the same plan."""
    out: list[str] = ["# exhaust plan file — edit freely; `exhaust check FILE` reviews it"]
    if plan.name:
        out.append(f"plan: {plan.name}")
    if plan.experience:
        out.append(f"experience: {plan.experience.value}")
    if plan.goal:
        out.append(f"goal: {plan.goal.value}")
    if plan.phase is not Phase.NORMAL:
        out.append(f"phase: {plan.phase.value}")
    if plan.recovery is not Recovery.GOOD:
        out.append(f"recovery: {plan.recovery.value}")
    if plan.spotter:
        out.append("spotter: yes")
    out.extend(f"note: {n}" for n in plan.notes)
    for session in plan.sessions:
        out += ["", f"session: {session.name}"]
        if session.method:
            out.append(f"method: {session.method.value}")
        if session.targets:
            out.append(f"target: {', '.join(m.value for m in session.targets)}")
        out.extend(f"note: {n}" for n in session.notes)
        out.append("")
        rows = []
        for block in session.blocks:
            for i, item in enumerate(block.items):
                rows.append(
                    (
                        block.item_label(i),
                        name_of(item.exercise_id),
                        f"{item.sets} x {item.reps.text}",
                        item.load.text if item.load else "",
                        _rest_text(item.rest_s) if item.rest_s is not None else "",
                        f"# {item.note}" if item.note else "",
                    )
                )
        widths = [max(len(r[c]) for r in rows) for c in range(5)]
        for r in rows:
            cells = [r[c].ljust(widths[c]) for c in range(5)] + [r[5]]
            out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"
