"""The six ordering methods of SPEC.md, as one concept.

Where the seeds disagree the text says which source says what (SPEC: 'it never silently
picks one').
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Method(StrEnum):
    PRE_EXHAUST = "pre-exhaust"
    ACCESSORY_FIRST = "accessory-first"
    REVERSE_PRE_EXHAUST = "reverse-pre-exhaust"
    POST_EXHAUST = "post-exhaust"
    POST_EXHAUST_FINAL_SET = "post-exhaust-final-set"
    TRADITIONAL = "traditional"

    @property
    def info(self) -> MethodInfo:
        return METHODS[self]

    @property
    def is_pre(self) -> bool:
        """Isolation before the compound: the PRE-* guardrails apply."""
        return self in (Method.PRE_EXHAUST, Method.REVERSE_PRE_EXHAUST)

    @property
    def is_post(self) -> bool:
        return self in (Method.POST_EXHAUST, Method.POST_EXHAUST_FINAL_SET)

    @property
    def is_exhaust(self) -> bool:
        return self is not Method.TRADITIONAL


@dataclass(frozen=True)
class MethodInfo:
    method: Method
    title: str
    order: str
    good_for: tuple[str, ...]
    against: tuple[str, ...]
    sources: tuple[str, ...]


_ALIASES = {
    "pre": Method.PRE_EXHAUST,
    "preexhaust": Method.PRE_EXHAUST,
    "pre-fatigue": Method.PRE_EXHAUST,
    "post": Method.POST_EXHAUST,
    "postexhaust": Method.POST_EXHAUST,
    "reverse": Method.REVERSE_PRE_EXHAUST,
    "reverse-pre": Method.REVERSE_PRE_EXHAUST,
    "isolation-first": Method.ACCESSORY_FIRST,
    "accessory": Method.ACCESSORY_FIRST,
    "post-final": Method.POST_EXHAUST_FINAL_SET,
    "post-exhaust-final": Method.POST_EXHAUST_FINAL_SET,
    "final-set": Method.POST_EXHAUST_FINAL_SET,
    "compound-first": Method.TRADITIONAL,
}


def parse_method(text: str) -> Method | None:
    key = "-".join(text.strip().lower().replace("_", " ").split())
    if key in Method._value2member_map_:
        return Method(key)
    return _ALIASES.get(key)


METHODS: dict[Method, MethodInfo] = {
    Method.PRE_EXHAUST: MethodInfo(
        Method.PRE_EXHAUST,
        "Pre-exhaust",
        "An isolation exercise for the target muscle, then a compound where that muscle is a "
        "prime mover (cable flyes, then bench press).",
        (
            "A lagging muscle that compound lifts leave under-worked: the extra isolation "
            "work grew the vastus lateralis 55 % more in the study seed 002 reports.",
            "Reaching high effort with a lighter compound load around an aching joint (000, 002).",
            "Feeling the target muscle work, the 'mind-muscle connection' (000).",
        ),
        (
            "Fewer reps and less volume on the compound at the same load, and higher "
            "perceived effort; the pre-fatigued muscle's activation tends to fall, not rise "
            "(002, 003).",
            "Over a training block, strength and size gains match traditional order (002).",
            "A poor fit when the goal is strength on the compound lift (002), and of little "
            "benefit to beginners (002, 003).",
        ),
        ("000", "002", "003"),
    ),
    Method.ACCESSORY_FIRST: MethodInfo(
        Method.ACCESSORY_FIRST,
        "Accessory-first (isolation-first session)",
        "Every single-joint exercise first, from least to most intense, the compounds last "
        "(leg extensions, leg curls, hip thrusts, then deadlifts and squats).",
        (
            "Seed 001 calls it pre-exhaust training: fatigue the small accessory muscles "
            "first so the main lifts at the end add metabolic and mechanical stress.",
            "Easy to apply to any bodybuilding split (001).",
        ),
        (
            "Seed 000 calls pre-exhausting supporting muscles such as biceps and triceps "
            "counter-intuitive unless they are the target; seed 001 does it on purpose.",
            "The compound lifts come last and tired, so their loads and reps drop (002).",
        ),
        ("001", "000", "002"),
    ),
    Method.REVERSE_PRE_EXHAUST: MethodInfo(
        Method.REVERSE_PRE_EXHAUST,
        "Reverse pre-exhaust",
        "Fatigue a synergist of the compound first so the target works harder "
        "(hamstring curls before squats, for the quads).",
        ("A way to shift work onto the target muscle in a compound lift (003).",),
        (
            "Seed 003 calls the evidence 'a mixed bag' and the hoped-for benefits 'pure speculation'.",
            "Seed 000 calls pre-exhausting a supporting muscle counter-intuitive unless it is the target.",
        ),
        ("003", "000"),
    ),
    Method.POST_EXHAUST: MethodInfo(
        Method.POST_EXHAUST,
        "Post-exhaust",
        "The compound first, then at once (30–90 s) an isolation for its prime mover (bench press, then cable flyes).",
        (
            "Keeps the compound heavy while the isolation finishes the target muscle (004).",
            "Hypertrophy blocks, time-limited workouts, stubborn muscles, deload weeks "
            "(keep the isolation, cut compound volume) (004).",
        ),
        (
            "Not for pure strength, powerlifting peaking, or when recovery is compromised (004).",
            "Demanding: 1–3 pairs per workout, never every exercise; beginners at most one "
            "pair, and only after 6–12 months of training (004).",
        ),
        ("004",),
    ),
    Method.POST_EXHAUST_FINAL_SET: MethodInfo(
        Method.POST_EXHAUST_FINAL_SET,
        "Post-exhaust on the final set only",
        "Compound sets 1..n-1 as usual; the last set is followed at once by the isolation.",
        ("Keeps most of the compound volume while adding the finisher (004's pro tip).",),
        ("Track the compound lift: if its numbers decline, use the technique less often (004).",),
        ("004",),
    ),
    Method.TRADITIONAL: MethodInfo(
        Method.TRADITIONAL,
        "Traditional",
        "All compound lifts first, then the isolation exercises.",
        (
            "Pure strength focus (004); the control condition in the studies seed 002 "
            "reports, with strength and size gains that match pre-exhaust.",
            "Seed 003: the fundamentals — overload, volume, frequency — get you more or "
            "less all the muscle and strength available.",
        ),
        (
            "Longer workouts (004).",
            "The compound set may end before the target muscle is fully worked when a "
            "weaker synergist gives out first (000, 004).",
        ),
        ("002", "003", "004"),
    ),
}
