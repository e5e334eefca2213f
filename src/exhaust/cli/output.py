"""Printing: Rich for people, JSON for scripts, and one place that maps errors to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from rich.console import Console

EXIT_FINDING = 1  # a finding or a user error
EXIT_USAGE = 2  # bad usage


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def fail(message: str, code: int = EXIT_FINDING, as_json: bool = False, **where: object) -> typer.Exit:
    """Say what went wrong on stderr (and, for --json, as an object on stdout)."""
    sys.stderr.write(f"error: {message}\n")
    if as_json:
        emit_json({"error": {"message": message, "exit_code": code, **where}})
    return typer.Exit(code)


@contextmanager
def handled(as_json: bool = False) -> Iterator[None]:
    """User errors become a message and exit 1; unknown values exit 2; never a traceback."""
    from exhaust.domain.errors import BadInput, ExhaustError, PlanFileError

    try:
        yield
    except BadInput as exc:
        raise fail(str(exc), EXIT_USAGE, as_json) from None
    except PlanFileError as exc:
        raise fail(str(exc), EXIT_FINDING, as_json, file=exc.source, line=exc.line) from None
    except ExhaustError as exc:
        raise fail(str(exc), EXIT_FINDING, as_json) from None
    except OSError as exc:
        raise fail(f"{exc.filename or ''}: {exc.strerror or exc}", EXIT_FINDING, as_json) from None


def since_day(text: str | None) -> date | None:
    """A --since value: a date written YYYY-MM-DD, or bad usage naming it."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--since {text!r} is not a date; write YYYY-MM-DD", EXIT_USAGE) from None
