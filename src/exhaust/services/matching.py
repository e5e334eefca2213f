"""Mapping the exercise names of another app's export to our catalogue.

Strong and Hevy write "Base Name (Equipment)" ("Bench Press (Dumbbell)", "Lat Pulldown -
Close Grip (Cable)"); FitNotes puts the equipment among the words ("Flat Barbell Bench
Press", "Leg Extension Machine"). A name is tried, in this order:

1. the lifter's map file (``--map``), which always wins;
2. the catalogue's ids, names and aliases, after folding case, plurals and punctuation;
3. the lifter's own exercises of that name;
4. the name re-read around its equipment: "Bench Press (Dumbbell)" is also tried as
   "Dumbbell Bench Press", "Leg Extension Machine" as "Leg Extension"; a hit counts only
   when the catalogue exercise's equipment agrees with the equipment the name states;
5. a fuzzy match (rapidfuzz) among the exercises whose equipment agrees, taken only when
   it is good and clearly ahead of the next exercise.

Whatever is left becomes the lifter's own exercise, listed in the import report with the
nearest catalogue names. The equipment rule is what keeps "Bench Press (Dumbbell)" off the
barbell bench press: if the catalogue had no dumbbell bench press, the name would stay
unmatched rather than land on the barbell lift.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz, process

from exhaust.domain.catalogue import Catalogue, normalise_name
from exhaust.domain.exercises import Equipment, Exercise
from exhaust.domain.importmap import ImportMap, MapEntry, MapFileError, map_key
from exhaust.services.catalogue import suggest

CUSTOM = "custom"  # a map target: keep the name as the lifter's own exercise

# How a name was matched (Match.how).
BY_MAP = "map"
BY_EXACT = "exact"
BY_OWN = "own"
BY_EQUIPMENT = "equipment"
BY_FUZZY = "fuzzy"
BY_CUSTOM = "custom"

# A fuzzy match is taken only when it scores at least FUZZY_ACCEPT and leads the best
# *other* exercise by at least FUZZY_LEAD. Only names that may be the same lift compete
# (same equipment, markers and movement; see _MARKERS), so the threshold need only sort
# near misses of a catalogue name from other lifts that share its words. Tuned on the
# table in tests/unit/test_matching.py, once exact, own and equipment matches are taken:
#   * right matches score 87-95 ('Cable Crossover Fly' 87.0, 'Single Arm Row (Dumbbell)'
#     88.8, 'Bench Pres (Barbell)' 94.4) and lead the next exercise by 13 or more;
#   * names the catalogue lacks score at most 82 against their nearest lift ('Donkey Calf
#     Raise' 82.0 against the standing calf raise, 'Push Up (Knees)' 81.8, 'Log Press'
#     80.0 against the floor press).
# 85 (services/catalogue.py's ACCEPT_SCORE) sits in that gap; the lead of 6 (its
# CLEAR_LEAD) sends a name equally close to two exercises to the report instead.
FUZZY_ACCEPT = 85.0
FUZZY_LEAD = 6.0
# Catalogue names at least this close are listed as candidates for a name left unmatched.
CANDIDATE_SCORE = 55.0
MAX_CANDIDATES = 3
_SHORTLIST = 60  # names per fuzzy ranking scored in full (see NameMatcher._ranked)

# Words that name equipment, folded as normalise_name folds them ('DB' -> 'dumbbell').
# Longer phrases are matched first, so 'smith machine' is not read as 'machine'.
_EQUIPMENT_PHRASES: dict[tuple[str, ...], Equipment] = {
    ("barbell",): Equipment.BARBELL,
    ("dumbbell",): Equipment.DUMBBELL,
    ("cable",): Equipment.CABLE,
    ("cable", "machine"): Equipment.CABLE,
    ("machine",): Equipment.MACHINE,
    ("plate", "loaded"): Equipment.MACHINE,
    ("machine", "plate"): Equipment.MACHINE,  # Hevy's 'Machine Plates'
    ("lever",): Equipment.MACHINE,
    ("leverage",): Equipment.MACHINE,
    ("selectorized",): Equipment.MACHINE,
    ("hammer", "strength"): Equipment.MACHINE,
    ("smith",): Equipment.SMITH_MACHINE,
    ("smith", "machine"): Equipment.SMITH_MACHINE,
    ("bodyweight",): Equipment.BODYWEIGHT,
    ("body", "weight"): Equipment.BODYWEIGHT,
    # Strong's 'Weighted Bodyweight': a pull-up or dip with a belt is still that exercise.
    ("weighted",): Equipment.BODYWEIGHT,
    ("kettlebell",): Equipment.KETTLEBELL,
    ("kb",): Equipment.KETTLEBELL,
    ("band",): Equipment.BAND,
    ("banded",): Equipment.BAND,
    ("resistance", "band"): Equipment.BAND,
    ("ez",): Equipment.EZ_BAR,
    ("ezbar",): Equipment.EZ_BAR,
    ("ez", "bar"): Equipment.EZ_BAR,
    ("ez", "curl", "bar"): Equipment.EZ_BAR,
    ("ez", "barbell"): Equipment.EZ_BAR,
    ("trap", "bar"): Equipment.TRAP_BAR,
    ("hex", "bar"): Equipment.TRAP_BAR,
    ("plate",): Equipment.OTHER,
}
_LONGEST_PHRASE = max(len(p) for p in _EQUIPMENT_PHRASES)
# How the equipment is spelled when a name is re-read with it ('hex bar' is also tried as
# 'trap bar'); OTHER has no word of its own.
_EQUIPMENT_WORD = {
    Equipment.BARBELL: "barbell",
    Equipment.DUMBBELL: "dumbbell",
    Equipment.CABLE: "cable",
    Equipment.MACHINE: "machine",
    Equipment.SMITH_MACHINE: "smith machine",
    Equipment.BODYWEIGHT: "bodyweight",
    Equipment.KETTLEBELL: "kettlebell",
    Equipment.BAND: "band",
    Equipment.EZ_BAR: "ez bar",
    Equipment.TRAP_BAR: "trap bar",
}
# 'Flat' says nothing about which bench lift or fly it is ('Flat Barbell Bench Press',
# 'Flat Dumbbell Fly'): flat is the default. Elsewhere it does ('Flat Knee Raise').
_FLAT = "flat"
_FLAT_MEANS_BENCH = frozenset({"bench", "press", "fly"})
# A fuzzy match forgives spelling and extra words, never a different lift. Two word lists
# say what a different lift is:
#   * markers make a catalogue exercise a different one from its neighbours ('reverse
#     wrist curl' is not 'wrist curl', 'incline' is not 'decline', 'leg press' is not a
#     'log press'). A catalogue name with a marker the imported name lacks is never a
#     fuzzy match, and neither is one that lacks a marker the imported name has, except
#     the markers of a mere variation (_VARIATIONS: 'Seated Dumbbell Lateral Raise' is
#     still a lateral raise, 'Single Leg Extension' still a leg extension);
#   * movements: when the imported name names one ('curl', 'row', 'snatch'), the
#     catalogue name must share one ('Reverse Curl (Dumbbell)' is no 'reverse fly').
_MARKERS = frozenset(
    {
        # bench angle, posture, direction
        "flat",
        "incline",
        "decline",
        "seated",
        "standing",
        "lying",
        "kneeling",
        "hanging",
        "front",
        "back",
        "rear",
        "reverse",
        "lateral",
        "overhead",
        "upright",
        "low",
        "high",
        # grip and stance
        "close",
        "wide",
        "underhand",
        "single",
        "sumo",
        # named variants
        "romanian",
        "stiff",
        "hammer",
        "preacher",
        "concentration",
        "zottman",
        "spider",
        "hack",
        "belt",
        "goblet",
        "split",
        "bulgarian",
        "sissy",
        "zercher",
        "box",
        "pause",
        "deficit",
        "pistol",
        "walking",
        "pendlay",
        "arnold",
        "landmine",
        "pike",
        "diamond",
        "inverted",
        "assisted",
        "push",
        "pull",
        # body parts
        "biceps",
        "triceps",
        "wrist",
        "calf",
        "hip",
        "glute",
        "leg",
        "chest",
    }
)
# Words that mean the same marker ('side raise' is a lateral raise).
_SAME_MARKER = {"side": "lateral", "one": "single", "narrow": "close", "supinated": "underhand"}
_VARIATIONS = frozenset({"seated", "standing", "single", "wide", "underhand"})
_MOVEMENTS = frozenset(
    {
        "curl",
        "fly",
        "press",
        "row",
        "raise",
        "squat",
        "deadlift",
        "lunge",
        "extension",
        "pulldown",
        "pushdown",
        "pressdown",
        "pullover",
        "shrug",
        "crunch",
        "dip",
        "thrust",
        "bridge",
        "kickback",
        "plank",
        "twist",
        "swing",
        "walk",
        "carry",
        "rollout",
        "clean",
        "snatch",
        "jerk",
        "thruster",
    }
)
# Two words the apps write apart and the catalogue together ('Rope Push Down').
_COMPOUNDS = {("push", "down"): "pushdown", ("pull", "down"): "pulldown", ("press", "down"): "pressdown"}
# A name with one of these words is an activity, not a lift: it is never fuzzily matched
# to a lift ('Rowing (Machine)' is not the machine row). The catalogue can still list one.
_CARDIO = frozenset(
    {
        "running",
        "run",
        "jogging",
        "jog",
        "treadmill",
        "cycling",
        "bike",
        "biking",
        "spinning",
        "elliptical",
        "swimming",
        "swim",
        "rowing",
        "erg",
        "ergometer",
        "stairmaster",
        "stair",
        "hiking",
        "hike",
        "skipping",
        "jump",
        "jumping",
        "sprint",
        "cardio",
        "yoga",
        "stretching",
        "aerobic",
        "aerobics",
    }
)
# ... and a name that is only one of these ('Walking', 'Walking (Outdoor)'), though
# 'Walking Lunge' is a lift.
_CARDIO_ALONE = frozenset({"walking", "walk"})
_SEPARATORS = str.maketrans({"(": "|", ")": "|", "[": "|", "]": "|", ",": "|"})
_DASHES = (" - ", " – ", " — ")


@dataclass(frozen=True)
class Match:
    """What an imported exercise name was mapped to, and how sure we are."""

    name: str  # as imported
    # A catalogue id, 'custom:<slug>' of one of the lifter's own exercises, or None: the
    # name becomes a new exercise of the lifter's own.
    exercise_id: str | None
    confidence: float  # 0-100; 100 for the map, the catalogue's own names and own exercises
    how: str  # map | exact | own | equipment | fuzzy | custom
    candidates: tuple[str, ...] = ()  # nearest catalogue names, for a fuzzy or unmatched name

    @property
    def matched(self) -> bool:
        return self.exercise_id is not None


@dataclass(frozen=True)
class _Reading:
    """A name taken apart: the words of the exercise, what qualifies it, the equipment."""

    words: str  # the base name without equipment words (and 'flat' where it means nothing)
    qualifiers: tuple[str, ...]  # other bracketed or dashed parts: 'close grip', 'assisted'
    equipment: frozenset[Equipment]
    equipment_words: tuple[str, ...]  # as the name spells them, then our usual spelling
    query: str  # the whole name folded, for the fuzzy match
    markers: frozenset[str]
    movements: frozenset[str]
    cardio: bool


def _fold(text: str) -> str:
    """normalise_name's folding, with 'push down' written 'pushdown' as the catalogue does."""
    words = normalise_name(text).split()
    out: list[str] = []
    for word in words:
        joined = _COMPOUNDS.get((out[-1], word)) if out else None
        if joined:
            out[-1] = joined
        else:
            out.append(word)
    return " ".join(out)


def _segments(name: str) -> list[str]:
    """'Lat Pulldown - Close Grip (Cable)' -> ['lat pulldown', 'close grip', 'cable']."""
    text = name.translate(_SEPARATORS)
    for dash in _DASHES:
        text = text.replace(dash, "|")
    return [s for s in (_fold(part) for part in text.split("|")) if s]


def _markers(words: Iterable[str]) -> frozenset[str]:
    return frozenset(m for m in (_SAME_MARKER.get(w, w) for w in words) if m in _MARKERS)


def _take_equipment(words: list[str]) -> tuple[list[str], list[tuple[str, Equipment]]]:
    """The words that are not equipment, and the equipment phrases found, in order."""
    rest: list[str] = []
    found: list[tuple[str, Equipment]] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST_PHRASE, len(words) - i), 0, -1):
            phrase = tuple(words[i : i + size])
            if phrase in _EQUIPMENT_PHRASES:
                found.append((" ".join(phrase), _EQUIPMENT_PHRASES[phrase]))
                i += size
                break
        else:
            rest.append(words[i])
            i += 1
    return rest, found


def _read(name: str) -> _Reading:
    segments = _segments(name)
    base, qualifiers = (segments[0], segments[1:]) if segments else ("", [])
    quals: list[str] = []
    found: list[tuple[str, Equipment]] = []
    for qualifier in qualifiers:
        rest, more = _take_equipment(qualifier.split())
        found += more
        if rest:
            quals.append(" ".join(rest))
    if found:
        # 'Cable Crunch (Machine)': the bracket states the equipment; the base name's
        # words are all part of the exercise's name.
        words = base.split()
    else:
        words, found = _take_equipment(base.split())
    every_word = [w for s in segments for w in s.split()]
    if _FLAT in words and _FLAT_MEANS_BENCH.intersection(every_word):
        words = [w for w in words if w != _FLAT]
        every_word = [w for w in every_word if w != _FLAT]
    spelled = [w for w, _ in found] + [_EQUIPMENT_WORD[e] for _, e in found if e in _EQUIPMENT_WORD]
    return _Reading(
        words=" ".join(words),
        qualifiers=tuple(quals),
        equipment=frozenset(e for _, e in found),
        equipment_words=tuple(dict.fromkeys(spelled)),
        query=" ".join(every_word),
        markers=_markers(every_word),
        movements=_MOVEMENTS.intersection(every_word),
        cardio=not _CARDIO.isdisjoint(every_word) or (len(words) == 1 and words[0] in _CARDIO_ALONE),
    )


def _agrees(stated: frozenset[Equipment], exercise: Exercise) -> bool:
    """Whether an exercise has the equipment a name states. A name that states two
    ('Barbell Cable Fly') contradicts itself, and no exercise agrees with it."""
    return not stated or (len(stated) == 1 and exercise.equipment in stated)


def _rereadings(reading: _Reading) -> list[str]:
    """The name spelled the ways the catalogue might spell it, most specific first."""
    if not reading.words:
        return []
    cores = [reading.words]
    if reading.qualifiers:
        joined = " ".join(reading.qualifiers)
        cores = [f"{joined} {reading.words}", f"{reading.words} {joined}"]
    spellings: list[str] = []
    for core in cores:
        for word in reading.equipment_words:
            spellings += [f"{word} {core}", f"{core} {word}"]
        spellings.append(core)
    return list(dict.fromkeys(spellings))


def _score(query: str, choice: str) -> float:
    # As in services/catalogue.py: WRatio forgives word order and extra words, which ties
    # every variant of a lift; plain ratio breaks the tie toward the closest whole name.
    return (fuzz.WRatio(query, choice) + fuzz.ratio(query, choice)) / 2


class NameMatcher:
    """Maps imported names to exercises; build it once per import, call ``match`` per row.

    A bad map file fails here, at construction, before anything is imported.
    """

    def __init__(
        self,
        catalogue: Catalogue,
        own: Mapping[str, str] = MappingProxyType({}),
        mapping: ImportMap | None = None,
    ) -> None:
        self.catalogue = catalogue
        self.own = dict(own)  # normalise_name(name) -> 'custom:<slug>'
        self.mapping = mapping
        self._names = catalogue.names()  # folded name -> exercise id, every alias included
        self._choices: dict[frozenset[Equipment], list[str]] = {}
        # Per catalogue name: its markers and its movements.
        self._words = {n: (_markers(n.split()), _MOVEMENTS.intersection(n.split())) for n in self._names}
        self._by_map = {key: self._resolve(entry) for key, entry in (mapping.entries if mapping else {}).items()}
        self._cache: dict[str, Match] = {}  # by the name exactly as imported

    # --- the map file ---------------------------------------------------------------------

    def _resolve(self, entry: MapEntry) -> tuple[str | None, str]:
        """The exercise a map entry's target means, and how: or a MapFileError naming its line."""
        target = entry.target
        if target.casefold() == CUSTOM:
            return self.own.get(normalise_name(entry.name)), BY_CUSTOM
        if target in self.catalogue:
            return target, BY_MAP
        if target in self.own.values():
            return target, BY_MAP
        found = self.catalogue.lookup(target)
        if found is not None:
            return found.id, BY_MAP
        own = self.own.get(normalise_name(target))
        if own is not None:
            return own, BY_MAP
        source = self.mapping.source if self.mapping else "<map>"
        suggestions = suggest(target, self.catalogue, limit=3)
        hint = f"did you mean {', '.join(repr(s) for s in suggestions)}? " if suggestions else ""
        raise MapFileError(
            source,
            entry.line,
            f"no exercise called {target!r} for {entry.name!r}",
            f"{hint}write a catalogue id or name (`exhaust exercises` lists them), one of your own exercises, "
            f"or {CUSTOM}",
            suggestions,
        )

    def map_entry(self, name: str) -> MapEntry | None:
        """The map file's entry for an imported name, if the map names it (whatever its target,
        ``custom`` included: such a match's ``how`` is 'custom', not 'map')."""
        return self.mapping.get(name) if self.mapping is not None else None

    # --- matching -------------------------------------------------------------------------

    def match(self, name: str) -> Match:
        """The exercise an imported name means; the same name is worked out only once."""
        hit = self._cache.get(name)
        if hit is None:
            hit = self._cache[name] = self._match(name)
        return hit

    def match_all(self, names: Iterable[str]) -> dict[str, Match]:
        return {name: self.match(name) for name in names}

    def _match(self, name: str) -> Match:
        mapped = self._by_map.get(map_key(name))
        if mapped is not None:
            exercise_id, how = mapped
            return Match(name, exercise_id, 100.0, how)
        found = self.catalogue.lookup(name)
        if found is not None:
            return Match(name, found.id, 100.0, BY_EXACT)
        folded = normalise_name(name)
        if folded and folded in self.own:
            return Match(name, self.own[folded], 100.0, BY_OWN)
        reading = _read(name)
        for spelling in _rereadings(reading):
            found = self.catalogue.lookup(spelling)
            if found is not None and _agrees(reading.equipment, found):
                return Match(name, found.id, 100.0, BY_EQUIPMENT)
        return self._fuzzy(name, reading)

    def _same_lift(self, reading: _Reading, choice: str) -> bool:
        """Whether a catalogue name may be a fuzzy match at all (see _MARKERS)."""
        markers, movements = self._words[choice]
        return (
            markers <= reading.markers
            and reading.markers - _VARIATIONS <= markers
            and (not reading.movements or not reading.movements.isdisjoint(movements))
        )

    def _ranked(self, reading: _Reading, stated: frozenset[Equipment], strict: bool) -> list[tuple[str, float]]:
        """Exercise ids whose equipment agrees, with their best score over all names, best first.

        ``strict``: only the names that may be the same lift (``_same_lift``).
        """
        choices = self._choices.get(stated)
        if choices is None:
            choices = self._choices[stated] = [
                n for n, ex_id in self._names.items() if _agrees(stated, self.catalogue.get(ex_id))
            ]
        if strict:
            choices = [n for n in choices if self._same_lift(reading, n)]
        best: dict[str, float] = {}
        # WRatio over every name runs in C; the blend (_score) only for its shortlist.
        for choice, _, _ in process.extract(reading.query, choices, scorer=fuzz.WRatio, limit=_SHORTLIST):
            ex_id = self._names[choice]
            best[ex_id] = max(best.get(ex_id, 0.0), _score(reading.query, choice))
        return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))

    def _fuzzy(self, name: str, reading: _Reading) -> Match:
        if not reading.query or reading.cardio:
            return Match(name, None, 0.0, BY_CUSTOM)
        ranked = self._ranked(reading, reading.equipment, strict=True)
        top_id, top = ranked[0] if ranked else (None, 0.0)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        accepted = top_id is not None and top >= FUZZY_ACCEPT and top - runner_up >= FUZZY_LEAD
        return Match(
            name,
            top_id if accepted else None,
            round(top, 1),
            BY_FUZZY if accepted else BY_CUSTOM,
            self._candidates(reading, ranked),
        )

    def _candidates(self, reading: _Reading, ranked: list[tuple[str, float]]) -> tuple[str, ...]:
        """For the report, nearest first: the names that may be the same lift with that
        equipment, then with any ('Preacher Curl (EZ Bar)' for 'Preacher Curl (Dumbbell)'),
        then any name with that equipment, then any name at all."""
        close = dict.fromkeys(ex_id for ex_id, score in ranked if score >= CANDIDATE_SCORE)
        stated = reading.equipment
        wider = [(frozenset(), True), (stated, False), (frozenset(), False)] if stated else [(stated, False)]
        for equipment, strict in wider:
            if len(close) >= MAX_CANDIDATES:
                break
            more = self._ranked(reading, equipment, strict=strict)
            close.update(dict.fromkeys(ex_id for ex_id, score in more if score >= CANDIDATE_SCORE))
        return tuple(self.catalogue.get(ex_id).name for ex_id in list(close)[:MAX_CANDIDATES])
