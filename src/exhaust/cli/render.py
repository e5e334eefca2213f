"""How the CLI shows domain objects: Rich tables for people, plain dicts for --json."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from exhaust.domain.exercises import Exercise
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.pairing import Candidate
from exhaust.domain.plans import Plan
from exhaust.domain.rules import Finding, Severity
from exhaust.services.catalogue import get_catalogue
from exhaust.services.planning import ExerciseDetail

_COLOUR = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def exercise_dict(e: Exercise) -> dict[str, Any]:
    return e.model_dump(mode="json")


def exercise_table(found: list[Exercise], out: Console) -> None:
    table = Table("id", "name", "mechanic", "equipment", "prime movers", "intensity")
    for e in found:
        table.add_row(
            e.id,
            e.name,
            e.mechanic.value,
            e.equipment.value,
            ", ".join(m.label for m in e.prime_movers),
            str(e.intensity),
        )
    out.print(table)
    out.print(f"{len(found)} exercises")


def exercise_detail_dict(d: ExerciseDetail) -> dict[str, Any]:
    w = d.weak_link
    return {
        **exercise_dict(d.exercise),
        "weak_link": {
            "limiting": [m.value for m in w.limiting],
            "limiter": w.limiter.value,
            "main_muscle": w.main_muscle.value,
            "demand": {m.value: v for m, v in w.demand.items()},
            "how_known": w.how_known,
        },
    }


def exercise_detail(d: ExerciseDetail, out: Console) -> None:
    e, w = d.exercise, d.weak_link
    out.print(f"[bold]{e.name}[/bold]  ({e.id})")
    if e.aliases:
        out.print(f"also: {', '.join(e.aliases)}")
    out.print(
        f"{e.mechanic.value}, {e.equipment.value}, {e.force.value}; intensity {e.intensity}/10"
        + ("; a spotter is advised (seed 000)" if e.spotter else "")
    )
    if e.joints:
        out.print(f"joints loaded: {', '.join(j.value for j in e.joints)}")
    table = Table("muscle", "group", "role", "share", "demand")
    for m in e.muscles:
        demand = w.demand.get(m.muscle)
        table.add_row(
            m.muscle.label, m.muscle.group.value, m.role.value, f"{m.share:.0%}", f"{demand:.2f}" if demand else "—"
        )
    out.print(table)
    if e.is_compound:
        if w.limiting:
            out.print(
                f"Weak link: the {' and '.join(m.label for m in w.limiting)} give out before the "
                f"{w.main_muscle.label} ({w.how_known})."
            )
        else:
            out.print(f"Weak link: the {w.main_muscle.label} itself limits the set ({w.how_known}).")
    if e.notes:
        out.print(f"Note: {e.notes}")


def candidate_dict(c: Candidate) -> dict[str, Any]:
    return {
        "isolation": c.isolation.id,
        "isolation_name": c.isolation.name,
        "compound": c.compound.id,
        "compound_name": c.compound.name,
        "fatigued_muscle": c.muscle.value,
        "target": c.target.value,
        "score": c.score,
        "classic_source": c.classic.source if c.classic else None,
        "why": c.why,
    }


def candidate_table(found: list[Candidate], target: Muscle, method: Method, out: Console) -> None:
    if not found:
        out.print(f"No {method.value} pairs for the {target.label} with this equipment.")
        return
    first, second = ("compound", "isolation") if method.is_post else ("isolation", "compound")
    table = Table("#", first, "then " + second, "score", "classic")
    for i, c in enumerate(found, 1):
        a, b = (c.compound, c.isolation) if method.is_post else (c.isolation, c.compound)
        table.add_row(str(i), a.name, b.name, f"{c.score:.2f}", c.classic.source if c.classic else "")
    out.print(f"{method.info.title} pairs for the {target.label}, best first:")
    out.print(table)
    out.print(f"Why #1: {found[0].why}.")


def _rest(seconds: int | None) -> str:
    if seconds is None:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else f"{seconds} s"


def plan_view(plan: Plan, out: Console) -> None:
    catalogue = get_catalogue()
    level = plan.experience.value if plan.experience else "any level"
    goal = plan.goal.value if plan.goal else "any goal"
    for session in plan.sessions:
        out.print(f"[bold]{session.name}[/bold]  ({level}, {goal})")
        table = Table("block", "exercise", "sets × reps", "load", "rest after")
        notes: list[str] = []
        for block in session.blocks:
            for i, item in enumerate(block.items):
                label = block.item_label(i)
                if item.note:
                    notes.append(f"{label}: {item.note}")
                if block.linked and i < len(block.items) - 1:
                    label += " ↓"  # linked to the next exercise
                table.add_row(
                    label,
                    catalogue.get(item.exercise_id).name,
                    f"{item.sets} × {item.reps.text}",
                    item.load.text if item.load else "",
                    _rest(item.rest_s),
                )
        out.print(table)
        for note in notes + list(session.notes):
            out.print(f"• {note}")


def block_labels(plan: Plan) -> dict[int, str]:
    """Plan-file line -> the block label (A1, B…) it holds, for findings on a plan not on disk."""
    return {
        item.line: block.item_label(i)
        for session in plan.sessions
        for block in session.blocks
        for i, item in enumerate(block.items)
    }


def findings(
    found: list[Finding], path: str, out: Console, summary: bool = False, labels: dict[int, str] | None = None
) -> None:
    """Findings as 'file:line: severity RULE: message', or by block label for a plan not on disk."""
    for f in found:
        colour = _COLOUR[f.severity]
        where = f"{path}:{f.line}" if labels is None else labels.get(f.line, f.session)
        out.print(f"{where}: [{colour}]{f.severity.value}[/{colour}] {f.rule}: {f.message}")
    if not (summary or found):
        return
    if not found:
        out.print(f"{path}: no findings — every guardrail holds.")
        return
    counts = {s: sum(f.severity is s for f in found) for s in Severity}
    out.print(
        f"{path}: {counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s), "
        f"{counts[Severity.INFO]} note(s)"
    )
