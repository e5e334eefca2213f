"""`exhaust predict`: what an isolation before or after a compound does to its reps and load.

Only typer and the standard library at module level; the fatigue model loads when the command runs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from exhaust.cli.output import console, emit_json, handled

if TYPE_CHECKING:
    from exhaust.domain.plans import RepRange

commands = typer.Typer(rich_markup_mode=None, add_completion=False)  # one command: Typer would add its own


class UnitChoice(StrEnum):
    KG = "kg"
    LB = "lb"


_AMOUNT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|kg|kgs|lb|lbs)?\s*$", re.IGNORECASE)
_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def _amount(text: str, option: str, unit: str | None) -> tuple[float | None, float | None]:
    """'80', '80kg', '185 lb' (a weight) or '75%' (of the 1RM): (weight, percent)."""
    from exhaust.domain.errors import BadInput

    match = _AMOUNT.match(text)
    if match is None:
        raise BadInput(f"{option} {text!r}: give a weight such as 80 (or 80kg, 185lb) or a percentage of 1RM (75%)")
    value, suffix = float(match[1]), (match[2] or "").lower()
    if suffix == "%":
        return None, value
    if suffix and unit is not None and suffix.rstrip("s") != unit:
        raise BadInput(f"{option} {text!r} is in {suffix.rstrip('s')}, but --unit says {unit}; say one unit")
    return value, None


def _target(text: str) -> RepRange:
    from exhaust.domain.errors import BadInput
    from exhaust.domain.plans import RepRange

    match = _RANGE.match(text)
    if match is None:
        raise BadInput(f"--target {text!r}: give reps such as 8 or a range such as 6-10")
    low = int(match[1])
    high = int(match[2] or low)
    if not 1 <= low <= high <= 50:
        raise BadInput(f"--target {text!r}: a rep range runs upward, from 1 to at most 50 reps")
    return RepRange(low=low, high=high)


def _unit_of(text: str) -> str | None:
    match = _AMOUNT.match(text)
    suffix = (match[2] or "").lower().rstrip("s") if match else ""
    return suffix if suffix in ("kg", "lb") else None


@commands.command()
def predict(
    compound: Annotated[str, typer.Argument(help="The compound lift: 'bench', 'squat', 'lat pulldown'.")],
    load: Annotated[
        str, typer.Option("--load", "-l", help="Its load: a weight (80, 185lb) or a percentage of your 1RM (75%).")
    ],
    after: Annotated[
        str | None,
        typer.Option("--after", help="An isolation done before it: pre-exhaust, or reverse pre-exhaust."),
    ] = None,
    post: Annotated[
        str | None,
        typer.Option("--post", help="An isolation done after it (post-exhaust): its reps are predicted."),
    ] = None,
    sets: Annotated[int, typer.Option("--sets", min=1, max=10, help="Sets of the isolation.")] = 2,
    reps: Annotated[int | None, typer.Option("--reps", min=0, max=100, help="Reps of each isolation set.")] = None,
    rir: Annotated[
        float | None, typer.Option("--rir", min=0, max=10, help="Reps in reserve on each isolation set.")
    ] = None,
    iso_load: Annotated[
        str | None,
        typer.Option("--iso-load", help="The isolation's load: a weight or a percentage of its 1RM."),
    ] = None,
    rest: Annotated[
        float, typer.Option("--rest", min=0, max=3600, help="Seconds between the two exercises (0: a superset).")
    ] = 0.0,
    between: Annotated[
        float, typer.Option("--between", min=0, max=3600, help="Seconds between the isolation's own sets.")
    ] = 60.0,
    compound_rir: Annotated[
        float,
        typer.Option("--compound-rir", min=0, max=10, help="With --post: reps in reserve on the compound set."),
    ] = 0.0,
    target: Annotated[
        str | None, typer.Option("--target", help="A rep range to keep, e.g. 6-10: the load that does it.")
    ] = None,
    e1rm: Annotated[
        float | None,
        typer.Option("--e1rm", min=1, help="Your fresh estimated 1RM on the compound (default: your logbook's)."),
    ] = None,
    unit: Annotated[
        UnitChoice | None, typer.Option("--unit", case_sensitive=False, help="kg or lb (default: your logbook's).")
    ] = None,
    no_history: Annotated[
        bool,
        typer.Option("--no-history", help="Ignore your logbook: the published carry-over, and --e1rm or percentages."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """Predict a compound's reps and weak link after an isolation, and its load."""
    from exhaust.domain.errors import BadInput
    from exhaust.domain.logbook import WeightUnit
    from exhaust.services import prediction

    with handled(json_out):
        isolation = after or post
        if isolation is None:
            given = [
                name
                for name, value, default in (
                    ("--sets", sets, 2),
                    ("--reps", reps, None),
                    ("--rir", rir, None),
                    ("--iso-load", iso_load, None),
                    ("--rest", rest, 0.0),
                    ("--between", between, 60.0),
                    ("--compound-rir", compound_rir, 0.0),
                )
                if value != default
            ]
            if given:
                raise BadInput(f"{', '.join(given)} describe the isolation: name it with --after or --post")
        elif after is not None and compound_rir:
            raise BadInput("--compound-rir describes the compound set before a --post isolation")
        logbook = None
        if not no_history:
            from exhaust.cli import context

            logbook = context.logbook()
        said = unit.value if unit is not None else _unit_of(load) or (iso_load and _unit_of(iso_load))
        chosen = WeightUnit(said) if said else (logbook.unit if logbook is not None else WeightUnit.KG)
        weight, percent = _amount(load, "--load", chosen.value)
        iso_weight, iso_percent = (None, None) if iso_load is None else _amount(iso_load, "--iso-load", chosen.value)
        spec = None
        if isolation is not None:
            spec = prediction.Isolation(
                isolation, sets, reps, rir, iso_weight, iso_percent, rest_s=rest, between_s=between
            )
        found = prediction.predict(
            compound,
            weight,
            percent=percent,
            after=spec if after is not None else None,
            post=spec if post is not None else None,
            e1rm=e1rm,
            logbook=logbook,
            target=_target(target) if target is not None else None,
            unit=chosen,
            compound_rir=compound_rir,
        )
    if json_out:
        emit_json(found.as_dict())
        return
    out = console()
    lines = found.lines
    out.print(lines[0], style="bold", markup=False, soft_wrap=True)
    for line in lines[1:]:
        out.print(f"  {line}", markup=False, soft_wrap=True)
