"""Weekly volume per muscle, and how long a session takes.

Volume is counted in hard sets per muscle per week, *fractionally*: a set counts 1 for each
prime mover of the exercise and 0.5 for each synergist, as Pelland et al. (2024, SportRxiv,
"The resistance training dose-response", fractional set counting) count it. The analytics of
the logbook count a set the same way for its prime movers (services/analytics, domain/analytics).
To keep the solver in integers, counts are kept in half sets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exhaust.domain import prescriptions as rx
from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal, Session

HALF = 2  # half sets per set
CREDIT_HALVES = {Role.PRIME: 2, Role.SYNERGIST: 1, Role.STABILISER: 0}

# The band of weekly hard sets per muscle, by goal and level (low, high).
# - Hypertrophy: 10 or more weekly sets grow muscle more than fewer (Schoenfeld, Ogborn &
#   Krieger 2017, J Sports Sci 35:1073); 12-20 is the range Baz-Valle et al. 2022 (J Hum Kinet
#   81:199) recommend for trained lifters. Beginners grow on less.
# - Strength: the heavy compound work matters more than the count; about 5-10 sets per exercise
#   a week are enough (Ralston et al. 2017, Sports Med 47:2585).
# - General fitness: a few sets per muscle two or three times a week (ACSM position stand,
#   Med Sci Sports Exerc 2009, 41:687).
BANDS: dict[Goal, dict[Experience, tuple[int, int]]] = {
    Goal.HYPERTROPHY: {Experience.BEGINNER: (6, 12), Experience.INTERMEDIATE: (10, 20), Experience.ADVANCED: (12, 22)},
    Goal.STRENGTH: {Experience.BEGINNER: (4, 10), Experience.INTERMEDIATE: (6, 12), Experience.ADVANCED: (6, 14)},
    Goal.GENERAL: {Experience.BEGINNER: (4, 10), Experience.INTERMEDIATE: (6, 12), Experience.ADVANCED: (8, 16)},
}
# A lagging muscle gets this many more weekly sets at both ends of its band: more sets, more
# growth (Schoenfeld et al. 2017), and seed 002: the muscle given the extra isolation work grows more.
LAGGING_EXTRA = 4

# The muscles held to the whole band; the arms, rear delts, calves and abs to half its low end,
# since the compounds already give them much of their work (as synergists); every other
# muscle only to its top. Our choice, stated in the output.
MAJOR = (
    Muscle.CHEST,
    Muscle.LATS,
    Muscle.UPPER_BACK,
    Muscle.SIDE_DELTS,
    Muscle.QUADS,
    Muscle.HAMSTRINGS,
    Muscle.GLUTES,
)
MINOR = (Muscle.TRICEPS, Muscle.BICEPS, Muscle.REAR_DELTS, Muscle.CALVES, Muscle.ABS)
# One session gives a muscle at most this many fractional sets: per-session volume shows
# diminishing returns (Pelland et al. 2024); the figure is ours.
SESSION_CAP = 10


@dataclass(frozen=True)
class Band:
    muscle: Muscle
    low: float  # weekly sets
    high: float
    lagging: bool = False

    @property
    def text(self) -> str:
        return f"{self.low:g}-{self.high:g}"


def bands(goal: Goal, experience: Experience, lagging: Iterable[Muscle], given: tuple[int, int] | None) -> list[Band]:
    """The weekly band of every muscle: a lagging one gets LAGGING_EXTRA more at both ends."""
    low, high = given if given is not None else BANDS[goal][experience]
    lag = set(lagging)
    out: list[Band] = []
    for muscle in Muscle:
        extra = LAGGING_EXTRA if muscle in lag else 0
        if muscle in MAJOR or muscle in lag:
            floor: float = low + extra
        elif muscle in MINOR:
            floor = low / 2
        else:
            floor = 0
        out.append(Band(muscle, floor, high + extra, muscle in lag))
    return out


def credit_halves(exercise: Exercise, muscle: Muscle) -> int:
    role = exercise.role_of(muscle)
    return 0 if role is None else CREDIT_HALVES[role]


def weekly_sets(sessions: Iterable[Session], exercise_of: dict[str, Exercise]) -> dict[Muscle, float]:
    """Fractional hard sets per muscle over ``sessions`` (warm-ups are not in plans)."""
    halves: dict[Muscle, int] = dict.fromkeys(Muscle, 0)
    for session in sessions:
        for item in session.exercises:
            ex = exercise_of[item.exercise_id]
            for load in ex.muscles:
                halves[load.muscle] += item.sets * CREDIT_HALVES[load.role]
    return {m: h / HALF for m, h in halves.items()}


# --- time ---------------------------------------------------------------------------------
SECONDS_PER_REP = 3  # a controlled 1-2 s up, 1-2 s down (as services/prediction reads rests)
SET_UP_S = 15  # getting into position, unracking
WARM_UP_S = 300  # a general warm-up before each session
WARM_UP_PER_COMPOUND_S = 120  # two or three lighter ramp-up sets before each compound lift
REST_COMPOUND_STRENGTH = 180  # heavier sets need longer rests (de Salles et al. 2009, Sports Med 39:765)


def work_s(top_reps: int) -> int:
    return SET_UP_S + SECONDS_PER_REP * top_reps


def standard_rest(exercise: Exercise, goal: Goal) -> int:
    if exercise.is_isolation:
        return rx.REST_ISOLATION
    return REST_COMPOUND_STRENGTH if goal is Goal.STRENGTH else rx.REST_COMPOUND


def session_seconds(session: Session, exercise_of: dict[str, Exercise]) -> int:
    """How long ``session`` takes: warm-ups, then every set's work and the rest after it
    (inside a pair the rest before the next exercise, after the pair's last the round's rest)."""
    total = WARM_UP_S
    for item in session.exercises:
        ex = exercise_of[item.exercise_id]
        if ex.is_compound:
            total += WARM_UP_PER_COMPOUND_S
        total += item.sets * (work_s(item.reps.high) + (item.rest_s or 0))
    return total
