"""`exhaust expected`: what the fatigue model expected on the compound after a pre-exhaust,
session by session, against the reps done (services/expected.py).

Only typer and the standard library at module level; the services load when the command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from exhaust.cli.output import console, emit_json, handled, since_day

if TYPE_CHECKING:
    from exhaust.services.expected import Review

commands = typer.Typer(rich_markup_mode=None, add_completion=False)  # one command: Typer would add its own


def _print(review: Review) -> None:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    out = console()
    if not review.sessions:
        out.print(review.hint, markup=False, soft_wrap=True)
        return
    table = Table(
        "date",
        "compound",
        "after",
        "weight",
        "expected (range)",
        "actual",
        "weak link",
        "carry-over",
        title="Expected against actual after a pre-exhaust: the fatigue model's reps at the weight lifted, "
        "with the carry-over known before the session, less the reps you left in reserve",
        title_justify="left",
        box=SIMPLE_HEAD,
    )
    for s in review.sessions:
        table.add_row(
            f"{s.day:%Y-%m-%d}",
            s.compound.name,
            s.after_text,
            s.weight_text(review.unit, review.per_kg),
            s.expected_text,
            s.actual_text + ("" if s.inside else " ✗"),
            s.weak_link_text,
            s.carry_over_text,
        )
    out.print(table)
    for line in review.summary:
        out.print(line, markup=False, soft_wrap=True)
    out.print("✗: outside the expected range (the carry-over one SD either side).", markup=False)


@commands.command("expected")
def expected_command(
    exercise: Annotated[
        str | None, typer.Argument(help="A compound lift ('bench'); without it, every lift after a pre-exhaust.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only sessions from this date (YYYY-MM-DD).")] = None,
    tz: Annotated[
        str | None,
        typer.Option("--tz", help="Your time zone for days, e.g. Europe/Berlin (default: this computer's)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")] = False,
) -> None:
    """What the fatigue model expected on the compound after a pre-exhaust, against the reps you did."""
    start = since_day(since)
    with handled(json_out):
        from exhaust.cli import context
        from exhaust.services.expected import review
        from exhaust.services.inputs import SystemZone, time_zone

        zone = time_zone(tz) if tz is not None else SystemZone()
        found = review(context.logbook(), zone, exercise, start)
    if json_out:
        emit_json(found.as_dict())
        return
    _print(found)
