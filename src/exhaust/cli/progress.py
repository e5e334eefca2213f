"""One progress bar for the slow commands (export, import-backup, import), on stderr.

Only the standard library at module level: `exhaust --help` stays fast; Rich loads when a
bar is actually drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

Phased = Callable[[str, int, int], None]  # (phase, done, in all)
Counted = Callable[[int, int], None]  # (done, in all), for a command with one phase


@contextmanager
def progress_bar(minimum: int = 0) -> Iterator[Phased | None]:
    """A bar per phase ('Reading', 'Writing') when stderr is a terminal and the work has at
    least ``minimum`` steps; otherwise None, so scripts and small jobs print nothing extra."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    from exhaust.cli.output import console

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(phase: str, done: int, total: int) -> None:
            if total < minimum:
                return
            if phase not in tasks:
                tasks[phase] = bar.add_task(phase, total=total)
            bar.update(tasks[phase], completed=done, total=total or None)

        yield update


@contextmanager
def one_phase_bar(label: str) -> Iterator[Counted | None]:
    """The bar of a one-phase command, as the (done, in all) callback its service takes."""
    with progress_bar() as update:
        yield None if update is None else partial(update, label)
