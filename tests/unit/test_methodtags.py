"""Recognising pre-exhaust, post-exhaust, reverse pre-exhaust and traditional blocks in imported workouts."""

from __future__ import annotations

import pytest

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.logbook import OrderMethod
from exhaust.domain.methodtags import MethodTagger, block_letters

PRE, POST, REV, TRAD, NONE = (
    OrderMethod.PRE,
    OrderMethod.POST,
    OrderMethod.REVERSE,
    OrderMethod.TRADITIONAL,
    OrderMethod.NONE,
)


def sets(*spec: tuple[str | None, int]) -> list[str | None]:
    """('squat', 3) → three sets of squats, in order."""
    return [exercise for exercise, n in spec for _ in range(n)]


@pytest.fixture
def tagger(catalogue: Catalogue) -> MethodTagger:
    return MethodTagger(catalogue)


def test_an_isolation_right_before_its_compound_is_pre_exhaust(tagger: MethodTagger) -> None:
    done = sets(("leg-extension", 2), ("squat", 3), ("lying-leg-curl", 2))
    tagged = tagger.tag(done, [""] * len(done))
    assert tagged.methods == [PRE] * 5 + [TRAD] * 2  # the leg curl does not share a prime mover
    assert tagged.blocks == [""] * 7  # nothing in the file said 'superset'


def test_an_isolation_right_after_its_compound_is_post_exhaust(tagger: MethodTagger) -> None:
    done = sets(("bench-press", 3), ("dumbbell-fly", 3))
    assert tagger.tag(done, [""] * 6).methods == [POST] * 6


def test_a_synergist_fatigued_first_is_reverse_pre_exhaust(tagger: MethodTagger) -> None:
    done = sets(("lying-leg-curl", 2), ("squat", 3))  # seed 003: hamstrings before squats
    assert tagger.tag(done, [""] * 5).methods == [REV] * 5


def test_compounds_then_unrelated_isolations_are_traditional(tagger: MethodTagger) -> None:
    done = sets(("squat", 3), ("bench-press", 3), ("lat-pulldown", 3), ("triceps-pushdown", 2))
    assert set(tagger.tag(done, [""] * 11).methods) == {TRAD}


def test_a_superset_id_links_the_block_and_labels_it(tagger: MethodTagger) -> None:
    # Hevy lists a superset exercise by exercise; the group id says they were done together.
    done = sets(("squat", 1), ("pec-deck", 2), ("bench-press", 2))
    groups = ["", "7", "7", "7", "7"]
    tagged = tagger.tag(done, groups)
    assert tagged.blocks == ["", "B1", "B1", "B2", "B2"]
    assert tagged.methods == [TRAD, PRE, PRE, PRE, PRE]


def test_alternating_superset_sets_stay_one_block(tagger: MethodTagger) -> None:
    done = ["dumbbell-fly", "bench-press", "dumbbell-fly", "bench-press"]
    tagged = tagger.tag(done, ["1"] * 4)
    assert tagged.blocks == ["A1", "A2", "A1", "A2"]
    assert tagged.methods == [PRE] * 4


def test_an_isolation_between_two_compounds_keeps_the_first_pair(tagger: MethodTagger) -> None:
    done = sets(("squat", 2), ("leg-extension", 2), ("leg-press", 2))
    tagged = tagger.tag(done, [""] * 6)
    assert tagged.methods[:4] == [POST] * 4  # finished the squat first
    assert tagged.methods[4:] == [PRE] * 2  # and the leg press was still pre-exhausted


def test_exercises_we_do_not_know_get_no_tag_and_break_no_pair(tagger: MethodTagger) -> None:
    done = sets(("leg-extension", 1), ("custom:zercher-carry", 1), ("squat", 1))
    assert tagger.tag(done, [""] * 3).methods == [TRAD, NONE, TRAD]
    assert tagger.tag([None, "squat"], ["", ""]).methods == [NONE, TRAD]


def test_block_letters_go_past_z() -> None:
    assert [block_letters(i) for i in (0, 1, 25, 26, 27, 701, 702)] == ["A", "B", "Z", "AA", "AB", "ZZ", "AAA"]
