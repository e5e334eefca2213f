"""The import map file: read as the lifter wrote it, every mistake named by its line, and
what exhaust writes reads back the same."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exhaust.domain.errors import ExhaustError
from exhaust.domain.importmap import HEADER, ImportMap, MapEntry, MapFileError, format_map, map_key, parse_map


def parse(text: str) -> ImportMap:
    return parse_map(textwrap.dedent(text).lstrip("\n"), "my.map")


def entries(imap: ImportMap) -> list[tuple[str, str, int]]:
    return [(e.name, e.target, e.line) for e in imap]


def test_reads_entries_with_their_lines_skipping_comments_and_blank_lines() -> None:
    imap = parse(
        """
        # exhaust import map
        Bench Press (Barbell) = bench-press

           # an indented comment
        Zottman Curl (Dumbbell)   =   custom
        \t
        Cable Crossover=Cable Fly
        """
    )
    assert imap.source == "my.map"
    assert entries(imap) == [
        ("Bench Press (Barbell)", "bench-press", 2),
        ("Zottman Curl (Dumbbell)", "custom", 5),
        ("Cable Crossover", "Cable Fly", 7),
    ]
    assert len(imap) == 3


def test_entries_are_keyed_by_the_folded_name() -> None:
    imap = parse("Bench Press (Barbell) = bench-press\n")
    assert list(imap.entries) == ["bench press barbell"]
    assert imap.get("bench press BARBELL") == MapEntry("Bench Press (Barbell)", "bench-press", 1)
    assert imap.get("Bench Press (Dumbbell)") is None


def test_a_line_splits_on_its_last_equals_sign() -> None:
    imap = parse("Curl = Hammer = Cable = cable-hammer-curl\n")
    assert entries(imap) == [("Curl = Hammer = Cable", "cable-hammer-curl", 1)]


def test_a_hash_inside_a_name_is_part_of_the_name() -> None:
    imap = parse("Squat #2 (Barbell) = squat\nPress # heavy = overhead-press\n")
    assert entries(imap) == [("Squat #2 (Barbell)", "squat", 1), ("Press # heavy", "overhead-press", 2)]


def test_a_name_starting_with_a_hash_is_escaped_with_a_backslash() -> None:
    imap = parse("\\#1 Squat = squat\n\\\\ weird = custom\n")
    assert entries(imap) == [("#1 Squat", "squat", 1), ("\\ weird", "custom", 2)]


def test_whitespace_runs_inside_a_side_count_as_one_space() -> None:
    imap = parse("Bench   Press\t(Barbell) = Bench   Press\n")
    assert entries(imap) == [("Bench Press (Barbell)", "Bench Press", 1)]


def test_a_byte_order_mark_and_windows_line_ends_are_read() -> None:
    imap = parse_map("\ufeff# header\r\nBench Press = bench-press\r\n", "win.map")
    assert entries(imap) == [("Bench Press", "bench-press", 2)]


def test_an_empty_file_is_an_empty_map() -> None:
    assert len(parse_map("", "empty.map")) == 0
    assert len(parse_map("# only comments\n\n", "empty.map")) == 0


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("# header\nBench Press bench-press\n", 2, ["no '='", "'Bench Press bench-press'", "then '='"]),
        ("Bench Press = bench-press\n = squat\n", 2, ["nothing before '='", "name from the import file"]),
        ("\n\nBench Press =   \n", 3, ["nothing after '='", "'Bench Press'", "custom"]),
        ("\\ = squat\n", 1, ["nothing before '='"]),
    ],
    ids=["no-equals", "empty-name", "empty-target", "only-the-escape"],
)
def test_a_broken_line_fails_with_source_line_and_what_to_do(text: str, line: int, words: list[str]) -> None:
    with pytest.raises(MapFileError) as raised:
        parse_map(text, "my.map")
    error = raised.value
    assert isinstance(error, ExhaustError)
    assert error.line == line and error.source == "my.map"
    message = str(error)
    assert message.startswith(f"my.map: line {line}: ")
    assert "; " in message  # what is wrong; what to do
    for word in words:
        assert word in message


def test_a_name_given_twice_after_folding_names_both_lines() -> None:
    text = "Bench Press (Barbell) = bench-press\n# comment\nSquat = squat\nbench press  BARBELL = custom\n"
    with pytest.raises(MapFileError) as raised:
        parse_map(text, "my.map")
    message = str(raised.value)
    assert raised.value.line == 4
    assert message.startswith("my.map: line 4: ")
    assert "line 1" in message and "'Bench Press (Barbell)'" in message
    assert "keep one of lines 1 and 4" in message


def test_plural_and_abbreviation_spellings_are_the_same_name() -> None:
    with pytest.raises(MapFileError, match="line 2"):
        parse_map("DB Flyes = dumbbell-fly\nDumbbell Fly = dumbbell-fly\n", "my.map")


def test_names_in_other_scripts_keep_distinct_keys() -> None:
    # normalise_name keeps only a-z and 0-9: these would all fold to '' or '2'.
    imap = parse_map("Жим лёжа = bench-press\nПрисед = squat\nЖим 2 = custom\nПрисед 2 = custom\n", "ru.map")
    assert len(imap) == 4
    assert imap.get("жим  ЛЁЖА") is not None
    assert map_key("Жим 2") != map_key("Присед 2")
    assert map_key("Bench Press (Barbell)") == "bench press barbell"


def test_format_map_writes_the_header_comments_before_entries_and_aligned_names() -> None:
    text = format_map(
        [
            ("Bench Press (Barbell)", "bench-press", "exact 100: Bench Press (Barbell)"),
            ("Cable Flyes", "cable-fly", "fuzzy 88: Cable Fly"),
            ("Zottman Curl (Dumbbell)", "custom", ""),
        ]
    )
    lines = text.splitlines()
    assert tuple(lines[:2]) == HEADER
    assert "# fuzzy 88: Cable Fly" in lines
    fly = lines.index("# fuzzy 88: Cable Fly")
    assert lines[fly + 1].startswith("Cable Flyes ") and lines[fly + 1].endswith(" = cable-fly")
    assert len({line.index(" = ") for line in lines if not line.startswith("#") and line}) == 1  # '=' lined up
    assert text.endswith("\n")
    assert entries(parse_map(text, "out.map"))[2][:2] == ("Zottman Curl (Dumbbell)", "custom")


def test_format_map_escapes_names_that_would_read_as_comments() -> None:
    text = format_map([("#1 Squat", "squat", "a # in a comment")])
    assert "\\#1 Squat" in text
    assert entries(parse_map(text, "out.map")) == [("#1 Squat", "squat", 5)]


@pytest.mark.parametrize(
    "rows",
    [
        [("", "squat", "")],
        [("Squat", "  ", "")],
        [("Squat", "a = b", "")],
        [("Bench Press", "bench-press", ""), ("bench  PRESS", "custom", "")],
    ],
    ids=["empty-name", "empty-target", "equals-in-target", "same-name-twice"],
)
def test_format_map_refuses_rows_the_format_cannot_hold(rows: list[tuple[str, str, str]]) -> None:
    with pytest.raises(ValueError):
        format_map(rows)


def _one_line(text: str) -> str:
    return " ".join(text.split())


_names = st.text(min_size=1, max_size=40).filter(lambda s: bool(_one_line(s)))
_targets = st.text(min_size=1, max_size=40).filter(lambda s: "=" not in s and bool(_one_line(s)))
_rows = st.lists(
    st.tuples(_names, _targets, st.text(max_size=40)),
    max_size=12,
    unique_by=lambda row: map_key(row[0]),
)


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_parse_map_reads_back_what_format_map_writes(rows: list[tuple[str, str, str]]) -> None:
    text = format_map(rows)
    imap = parse_map(text, "round.map")
    assert [(e.name, e.target) for e in imap] == [(_one_line(n), _one_line(t)) for n, t, _ in rows]
    lines = text.splitlines()
    for entry in imap:
        assert lines[entry.line - 1].rstrip().endswith(f"= {entry.target}")
        assert imap.get(entry.name) == entry
