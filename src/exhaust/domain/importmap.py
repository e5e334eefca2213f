"""The import map: how the lifter tells ``exhaust import`` what an exercise name in another
app's export means. Parsed from a string (no I/O here); every error carries its line.

    # exhaust import map: one "name in the file = exhaust exercise" per line.
    # The right side: a catalogue id or name, one of your own exercises, or `custom`.
    Bench Press (Barbell) = bench-press
    Zottman Curl (Dumbbell) = custom

A line is split on its *last* '=', so a name may itself contain '='; both sides are
stripped and runs of whitespace read as one space. Names compare after folding case,
plurals and punctuation (``normalise_name``), so a name given twice in two spellings is an
error. A line whose first non-blank character is '#' is a comment; comments are never
inline, because names can contain '#'. A name that itself starts with '#' or '\\' is
written with one '\\' in front (``\\#1 Squat = squat``); the reader drops that '\\'.

Which exercise the right side means is the matcher's question (it needs the catalogue and
the lifter's own exercises); here the file is only read and written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from exhaust.domain.catalogue import normalise_name
from exhaust.domain.errors import ExhaustError

HEADER = (
    '# exhaust import map: one "name in the file = exhaust exercise" per line.',
    "# The right side: a catalogue id or name, one of your own exercises, or `custom`.",
)
_ESCAPE = "\\"
_RIGHT_SIDE = "a catalogue id or name, one of your own exercises, or custom"
_WIDTH = 40  # names are padded to this width (at most) so the '=' signs line up


class MapFileError(ExhaustError):
    """A map file that cannot be used; the message says where, what is wrong and what to do."""

    def __init__(self, source: str, line: int, what: str, todo: str, suggestions: Iterable[str] = ()) -> None:
        self.source = source
        self.line = line
        self.what = what
        self.todo = todo
        self.suggestions = list(suggestions)
        super().__init__(f"{source}: line {line}: {what}; {todo}")


def _one_line(text: str) -> str:
    """Whitespace runs, line breaks included, as one space; the ends stripped."""
    return " ".join(text.split())


def map_key(name: str) -> str:
    """The key a name is known by in a map: ``normalise_name``'s folding.

    That folding keeps only a-z and 0-9, so a name in another script ('Жим лёжа') would
    fold to nothing, or to a stray digit shared with other names; such a name is keyed by
    its case-folded text instead, so two different names never share a key.
    """
    if all(c.isascii() for c in name if c.isalnum()):
        folded = normalise_name(name)
        if folded:
            return folded
    return _one_line(name).casefold()


@dataclass(frozen=True)
class MapEntry:
    name: str  # as the lifter wrote it (whitespace runs as one space)
    target: str  # the right side, unresolved
    line: int


@dataclass(frozen=True)
class ImportMap:
    source: str
    entries: dict[str, MapEntry] = field(default_factory=dict)  # map_key(name) -> entry

    def get(self, name: str) -> MapEntry | None:
        return self.entries.get(map_key(name))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[MapEntry]:
        return iter(self.entries.values())


def parse_map(text: str, source: str = "<map>") -> ImportMap:
    entries: dict[str, MapEntry] = {}
    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        content = raw.strip()
        if not content or content.startswith("#"):
            continue
        name, equals, target = content.rpartition("=")
        if not equals:
            raise MapFileError(
                source,
                number,
                f"no '=' in {content!r}",
                f"write the name from the import file, then '=', then {_RIGHT_SIDE}",
            )
        name, target = _one_line(name), _one_line(target)
        if name.startswith(_ESCAPE):
            name = name[1:]
        if not name:
            raise MapFileError(source, number, "nothing before '='", "write the name from the import file there")
        if not target:
            raise MapFileError(source, number, f"nothing after '=' for {name!r}", f"write {_RIGHT_SIDE} there")
        key = map_key(name)
        earlier = entries.get(key)
        if earlier is not None:
            same = "" if earlier.name == name else f" (as {earlier.name!r})"
            raise MapFileError(
                source,
                number,
                f"{name!r} is already mapped on line {earlier.line}{same}",
                f"keep one of lines {earlier.line} and {number}",
            )
        entries[key] = MapEntry(name=name, target=target, line=number)
    return ImportMap(source=source, entries=entries)


def format_map(rows: Iterable[tuple[str, str, str]]) -> str:
    """A map file from (imported name, target, comment) rows; ``parse_map`` reads it back.

    The comment, if any, goes on its own '#' line before the entry. Raises ValueError for a
    row the format cannot hold (an empty side, a target with '=', a name given twice).
    """
    entries: list[tuple[str, str, str]] = []
    seen: dict[str, str] = {}
    for name, target, comment in rows:
        name, target, comment = _one_line(name), _one_line(target), _one_line(comment)
        if not name or not target:
            raise ValueError(f"an import map row needs a name and a target, not {name!r} = {target!r}")
        if "=" in target:
            raise ValueError(f"an import map target cannot contain '=': {target!r}")
        key = map_key(name)
        if key in seen:
            raise ValueError(f"{name!r} and {seen[key]!r} are the same name in an import map")
        seen[key] = name
        if name.startswith(("#", _ESCAPE)):
            name = _ESCAPE + name
        entries.append((name, target, comment))
    width = min(_WIDTH, max((len(n) for n, _, _ in entries), default=0))
    lines = list(HEADER)
    for name, target, comment in entries:
        lines.append("")
        if comment:
            lines.append(f"# {comment}")
        lines.append(f"{name.ljust(width)} = {target}")
    return "\n".join(lines) + "\n"
