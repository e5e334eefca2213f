"""One error hierarchy for everything the domain refuses (httpx's habit: catch one base)."""

from __future__ import annotations


class ExhaustError(Exception):
    """Base of every error exhaust reports to a user."""


class CatalogueError(ExhaustError):
    """The exercise catalogue text is broken; the message names the entry."""


class UnknownExercise(ExhaustError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        names = [s for s in suggestions if not s.startswith("(")]
        notes = [s for s in suggestions if s.startswith("(")]
        hint = f" Did you mean: {', '.join(names)}?" if names else ""
        hint += "".join(f" {n}" for n in notes)
        super().__init__(f"No exercise called {name!r}.{hint}")


class UnknownMuscle(ExhaustError):
    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"No muscle or muscle group called {name!r}. Known: {', '.join(known)}.")


class PlanFileError(ExhaustError):
    """A plan file that cannot be read; carries the line so the user can fix it."""

    def __init__(self, message: str, line: int, source: str = "<plan>") -> None:
        self.message = message
        self.line = line
        self.source = source
        super().__init__(f"{source}:{line}: {message}")


class CannotPlan(ExhaustError):
    """The inputs leave no valid session (e.g. no equipment for any pair)."""


class BadInput(ExhaustError):
    """A value given on the command line or in a form is not one we know (bad usage)."""
