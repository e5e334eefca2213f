"""The shipped exercise catalogue (exhaust/data/catalogue.toml), checked as a user meets it.

These tests load the real package file, not a fixture, so a bad edit to the data fails here.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pytest

from exhaust.domain.catalogue import Catalogue, parse_catalogue
from exhaust.domain.errors import CatalogueError
from exhaust.domain.exercises import Role
from exhaust.domain.muscles import Muscle


def _text() -> str:
    return files("exhaust.data").joinpath("catalogue.toml").read_text(encoding="utf-8")


@cache
def _catalogue() -> Catalogue:
    return parse_catalogue(_text())


def _find(name: str):
    exercise = _catalogue().lookup(name)
    assert exercise is not None, f"no exercise found for {name!r}"
    return exercise


def test_catalogue_is_large_enough_to_plan_with() -> None:
    assert len(_catalogue()) >= 150


# What a lifter would type for every exercise the seeds name -> the exercise meant.
SEED_NAMES = {
    "bench": "bench-press",
    "bench press": "bench-press",
    "barbell bench press": "bench-press",
    "dumbbell bench press": "dumbbell-bench-press",
    "close grip bench": "close-grip-bench-press",
    "close-grip bench press": "close-grip-bench-press",
    "dips": "dips",
    "flyes": "dumbbell-fly",
    "dumbbell flyes": "dumbbell-fly",
    "chest flies": "dumbbell-fly",
    "cable flys": "cable-fly",
    "cable crossovers": "cable-fly",
    "pec deck": "pec-deck",
    "back squat": "squat",
    "squats": "squat",
    "barbell squats": "squat",
    "leg press": "leg-press",
    "leg extension": "leg-extension",
    "leg extensions": "leg-extension",
    "quadricep extensions": "leg-extension",
    "lying leg curl": "lying-leg-curl",
    "leg curls": "lying-leg-curl",
    "seated leg curl": "seated-leg-curl",
    "romanian deadlift": "romanian-deadlift",
    "rdl": "romanian-deadlift",
    "stiff-leg deadlifts": "stiff-leg-deadlift",
    "stiff leg deadlift": "stiff-leg-deadlift",
    "hip thrust": "hip-thrust",
    "hip thrusts": "hip-thrust",
    "kickbacks": "cable-kickback",
    "glute kickback": "cable-kickback",
    "lunges": "lunge",
    "dumbbell lunge": "lunge",
    "walking lunges": "walking-lunge",
    "deadlifts": "deadlift",
    "bent over row": "barbell-row",
    "barbell rows": "barbell-row",
    "bent-over barbell rows": "barbell-row",
    "dumbbell row": "dumbbell-row",
    "seated cable row": "seated-cable-row",
    "pull-ups": "pull-up",
    "chin up": "chin-up",
    "lat pulldown": "lat-pulldown",
    "lat- pulldown": "lat-pulldown",
    "straight arm pushdown": "straight-arm-pulldown",
    "straight-arm pulldowns": "straight-arm-pulldown",
    "pullovers": "pullover",
    "overhead press": "overhead-press",
    "ohp": "overhead-press",
    "shoulder press": "dumbbell-shoulder-press",
    "arnold press": "arnold-press",
    "lateral raises": "lateral-raise",
    "lateral shoulder raise": "lateral-raise",
    "front raise": "front-raise",
    "front shoulder raise": "front-raise",
    "triceps pushdown": "triceps-pushdown",
    "cable pushdowns": "triceps-pushdown",
    "overhead triceps extension": "overhead-triceps-extension",
    "overhead extensions": "overhead-triceps-extension",
    "tricep extension": "triceps-extension",
    "skull crushers": "skull-crusher",
    "hammer curls": "hammer-curl",
    "bicep curls": "biceps-curl",
    "dumbbell curl": "dumbbell-curl",
    "zottman curl": "zottman-curl",
    "calf raises": "calf-raise",
    "seated calf raise": "seated-calf-raise",
    "hip extensions": "hip-extension",
}


@pytest.mark.parametrize(("typed", "expected"), sorted(SEED_NAMES.items()))
def test_seed_exercises_are_found_by_the_names_lifters_type(typed: str, expected: str) -> None:
    assert _find(typed).id == expected


# Names as Strong and Hevy export them -> the exercise meant.
EXPORT_NAMES = {
    "Bench Press (Barbell)": "bench-press",
    "Bench Press (Dumbbell)": "dumbbell-bench-press",
    "Incline Bench Press (Barbell)": "incline-bench-press",
    "Squat (Barbell)": "squat",
    "Deadlift (Barbell)": "deadlift",
    "Lat Pulldown (Cable)": "lat-pulldown",
    "Bent Over Row (Barbell)": "barbell-row",
    "Overhead Press (Barbell)": "overhead-press",
    "Bicep Curl (Barbell)": "biceps-curl",
    "Bicep Curl (Dumbbell)": "dumbbell-curl",
    "Hammer Curl (Dumbbell)": "hammer-curl",
    "Triceps Pushdown (Cable - Straight Bar)": "triceps-pushdown",
    "Triceps Pushdown": "triceps-pushdown",
    "Leg Extension (Machine)": "leg-extension",
    "Lying Leg Curl (Machine)": "lying-leg-curl",
    "Seated Leg Curl (Machine)": "seated-leg-curl",
    "Leg Press": "leg-press",
    "Leg Press (Machine)": "leg-press",
    "Lateral Raise (Dumbbell)": "lateral-raise",
    "Front Raise (Dumbbell)": "front-raise",
    "Chest Fly (Dumbbell)": "dumbbell-fly",
    "Chest Fly (Machine)": "pec-deck",
    "Butterfly (Pec Deck)": "pec-deck",
    "Pull Up": "pull-up",
    "Chin Up": "chin-up",
    "Hip Thrust (Barbell)": "hip-thrust",
    "Romanian Deadlift (Barbell)": "romanian-deadlift",
    "Seated Row (Cable)": "seated-cable-row",
    "Seated Cable Row - V Grip (Cable)": "seated-cable-row",
    "Arnold Press (Dumbbell)": "arnold-press",
    "Shoulder Press (Dumbbell)": "dumbbell-shoulder-press",
    "Shrug (Barbell)": "barbell-shrug",
    "Face Pull (Cable)": "face-pull",
    "Standing Calf Raise (Machine)": "calf-raise",
    "Seated Calf Raise (Machine)": "seated-calf-raise",
}


@pytest.mark.parametrize(("exported", "expected"), sorted(EXPORT_NAMES.items()))
def test_strong_and_hevy_export_names_resolve(exported: str, expected: str) -> None:
    assert _find(exported).id == expected


def test_every_id_typed_with_spaces_finds_its_own_exercise() -> None:
    catalogue = _catalogue()
    wrong = {
        e.id: found.id for e in catalogue.exercises if (found := catalogue.lookup(e.id.replace("-", " "))) is not e
    }
    assert wrong == {}


@pytest.mark.parametrize("muscle", list(Muscle), ids=lambda m: m.value)
def test_every_muscle_has_an_isolation_exercise_that_targets_it(muscle: Muscle) -> None:
    isolations = [e.id for e in _catalogue().exercises if e.is_isolation and muscle in e.prime_movers]
    assert isolations, f"no isolation exercise has {muscle.value} as prime mover"


# SPEC.md 'Classic pairs (002, 004)': isolation -> compounds, for the muscle named.
SPEC_CLASSIC_PAIRS = {
    ("dumbbell-fly", "bench-press"),
    ("dumbbell-fly", "dips"),
    ("cable-fly", "bench-press"),
    ("cable-fly", "dips"),
    ("pec-deck", "bench-press"),
    ("pec-deck", "dips"),
    ("leg-extension", "squat"),
    ("leg-extension", "leg-press"),
    ("straight-arm-pulldown", "barbell-row"),
    ("straight-arm-pulldown", "pull-up"),
    ("straight-arm-pulldown", "lat-pulldown"),
    ("pullover", "barbell-row"),
    ("pullover", "pull-up"),
    ("pullover", "lat-pulldown"),
    ("lateral-raise", "overhead-press"),
    ("lateral-raise", "arnold-press"),
    ("front-raise", "overhead-press"),
    ("front-raise", "arnold-press"),
    ("lying-leg-curl", "romanian-deadlift"),
    ("lying-leg-curl", "stiff-leg-deadlift"),
    ("seated-leg-curl", "romanian-deadlift"),
    ("seated-leg-curl", "stiff-leg-deadlift"),
    ("triceps-pushdown", "close-grip-bench-press"),
    ("triceps-pushdown", "dips"),
    ("overhead-triceps-extension", "close-grip-bench-press"),
    ("overhead-triceps-extension", "dips"),
    ("hip-thrust", "lunge"),
    ("hip-thrust", "deadlift"),
    ("cable-kickback", "lunge"),
    ("cable-kickback", "deadlift"),
}


def test_every_classic_pair_the_spec_lists_is_in_the_catalogue() -> None:
    pairs = {(p.isolation, p.compound) for p in _catalogue().classic_pairs}
    assert SPEC_CLASSIC_PAIRS - pairs == set()


@pytest.mark.parametrize("pair", _catalogue().classic_pairs, ids=lambda p: f"{p.isolation}->{p.compound}")
def test_classic_pair_isolation_loads_a_prime_mover_of_the_compound(pair) -> None:
    catalogue = _catalogue()
    isolation, compound = catalogue.get(pair.isolation), catalogue.get(pair.compound)
    assert isolation.is_isolation
    assert compound.is_compound
    assert isolation.role_of(pair.muscle) is Role.PRIME
    assert compound.role_of(pair.muscle) is Role.PRIME, (
        f"{pair.muscle.value} is not a prime mover of {compound.id} (PAIR-SAME-MUSCLE)"
    )


def test_every_stated_weak_link_agrees_with_the_derived_one() -> None:
    catalogue = _catalogue()
    stated = [e for e in catalogue.exercises if e.weak_link is not None]
    assert stated, "bench press at least states its weak link"
    disagree = {
        e.id: [m.value for m in catalogue.weak_link(e).limiting] for e in stated if not catalogue.weak_link(e).agrees
    }
    assert disagree == {}


def test_bench_press_weak_link_is_triceps_and_front_delts_ahead_of_the_chest() -> None:
    catalogue = _catalogue()
    link = catalogue.weak_link(catalogue.get("bench-press"))
    assert link.main_muscle is Muscle.CHEST
    assert set(link.limiting) == {Muscle.TRICEPS, Muscle.FRONT_DELTS}
    assert link.demand[Muscle.TRICEPS] > link.demand[Muscle.CHEST]
    assert link.demand[Muscle.FRONT_DELTS] > link.demand[Muscle.CHEST]
    assert link.agrees


# Seed 001's sample accessory-first week, in the article's order and wording.
SEED_001_WEEK = {
    "Monday - lower body": [
        "Leg extensions",
        "Leg curls",
        "Hip thrust",
        "Romanian deadlift",
        "Back squat",
    ],
    "Tuesday - upper body push": [
        "Tricep extension",
        "Overhead tricep extension",
        "Front shoulder raise",
        "Lateral shoulder raise",
        "Shoulder press",
        "Dumbbell bench press",
    ],
    "Wednesday - upper body pull": [
        "Hammer curls",
        "Bicep curls",
        "Zottman curls",
        "Straight arm pushdown",
        "Lat- pulldown",
        "Bent over row",
    ],
}


@pytest.mark.parametrize("day", list(SEED_001_WEEK))
def test_seed_001_week_puts_isolations_first_and_intensity_never_drops(day: str) -> None:
    exercises = [_find(name) for name in SEED_001_WEEK[day]]
    mechanics = [e.is_isolation for e in exercises]
    assert mechanics == sorted(mechanics, reverse=True), (
        f"{day}: a compound comes before an isolation: {[e.id for e in exercises]}"
    )
    intensities = [e.intensity for e in exercises]
    assert intensities == sorted(intensities), f"{day}: intensity drops: {[(e.id, e.intensity) for e in exercises]}"


BROKEN_ENTRIES = {
    "shares-sum-to-0-8": (
        "broken-shares",
        """
[[exercise]]
id = "broken-shares"
name = "Broken Shares Press"
mechanic = "compound"
equipment = "barbell"
force = "push"
intensity = 5
muscles = [
  { muscle = "chest", role = "prime", share = 0.5 },
  { muscle = "triceps", role = "synergist", share = 0.3 },
]
""",
        "0.800",
    ),
    "unknown-muscle": (
        "broken-muscle",
        """
[[exercise]]
id = "broken-muscle"
name = "Broken Muscle Raise"
mechanic = "isolation"
equipment = "dumbbell"
force = "push"
intensity = 2
muscles = [
  { muscle = "neck", role = "prime", share = 1.0 },
]
""",
        "muscles.0.muscle",
    ),
    "duplicate-alias": (
        "broken-alias",
        """
[[exercise]]
id = "broken-alias"
name = "Broken Alias Press"
aliases = ["Flat Bench Press"]
mechanic = "compound"
equipment = "barbell"
force = "push"
intensity = 8
muscles = [
  { muscle = "chest", role = "prime", share = 1.0 },
]
""",
        "bench-press",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN_ENTRIES))
def test_a_broken_entry_fails_loudly_and_names_itself(case: str) -> None:
    entry_id, entry, detail = BROKEN_ENTRIES[case]
    with pytest.raises(CatalogueError) as raised:
        parse_catalogue(_text() + entry)
    message = str(raised.value)
    assert repr(entry_id) in message
    assert detail in message
