"""Published acute studies of exercise order, as data the model must reproduce.

Every study here had trained or healthy subjects do one exercise to failure and then another,
and counted the reps of the second against doing it first or alone. ``reproduce`` runs the
same protocol through the model. The test (test_fatigue_studies.py) walks every study: the
model must give the reported direction, and where means and SDs are reported it must land
within one SD of each.

Only numbers we could check are written down. Where we could only confirm the direction,
the study says so (``Evidence.DIRECTION``) and its note tells what was and was not taken.
Loads are given as the studies give them, as an n-repetition maximum (nRM), and turned into a
fraction of 1RM with Epley (model.rm_load).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from exhaust.domain.catalogue import Catalogue
from exhaust.domain.fatigue.model import FatigueModel, rm_load
from exhaust.domain.fatigue.protocol import PreFatigue, Work
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle


class Evidence(StrEnum):
    MEANS = "means and SDs"  # reported numbers, checked within one SD
    DIRECTION = "direction"  # only the direction is taken from the source


@dataclass(frozen=True)
class Arm:
    """A reported mean and standard deviation of reps."""

    mean: float
    sd: float

    def holds(self, value: float) -> bool:
        return abs(value - self.mean) <= self.sd


@dataclass(frozen=True)
class Bout:
    """One exercise in a study: its catalogue id and its load as an n-repetition maximum."""

    exercise_id: str
    rm: float
    sets: int = 1
    rest_s: float = 0.0  # between its sets


@dataclass(frozen=True)
class OrderStudy:
    key: str
    citation: str
    subjects: str
    method: Method
    first: tuple[Bout, ...]  # done first, every set to failure
    rest_s: float  # between the last set of `first` and the measured set
    measured: Bout  # the exercise whose reps are counted, to failure
    evidence: Evidence
    fresh: Arm | None = None  # the measured exercise done first (or alone)
    after: Arm | None = None  # the measured exercise done after `first`
    note: str = ""


@dataclass(frozen=True)
class Reproduction:
    study: OrderStudy
    fresh_reps: float
    after_reps: float
    limiting_fresh: Muscle
    limiting_after: Muscle

    @property
    def fewer_after(self) -> bool:
        """Every study here reports fewer reps on the measured exercise when it comes second."""
        return self.after_reps < self.fresh_reps

    @property
    def within_one_sd(self) -> bool:
        """Each reported arm within one SD of the model (true when no numbers are reported)."""
        arms = ((self.study.fresh, self.fresh_reps), (self.study.after, self.after_reps))
        return all(arm.holds(value) for arm, value in arms if arm is not None)


def reproduce(study: OrderStudy, catalogue: Catalogue, model: FatigueModel) -> Reproduction:
    work = tuple(
        Work.to_failure(catalogue.get(b.exercise_id), rm_load(b.rm), sets=b.sets, rest_s=b.rest_s) for b in study.first
    )
    measured = catalogue.get(study.measured.exercise_id)
    effect = model.compare(measured, rm_load(study.measured.rm), PreFatigue(work, rest_s=study.rest_s))
    return Reproduction(
        study=study,
        fresh_reps=effect.fresh.reps,
        after_reps=effect.after.reps,
        limiting_fresh=effect.fresh.limiting,
        limiting_after=effect.after.limiting,
    )


SALLES_2008 = OrderStudy(
    key="salles-2008",
    citation=(
        "Salles et al. 2008, as issue 7 reports it (we could not re-check the full reference): "
        "leg extension after leg press 3.57 +/- 1.19 reps, done first 6.69 +/- 1.33"
    ),
    subjects="trained men",
    method=Method.POST_EXHAUST,
    first=(Bout("leg-press", rm=8),),
    rest_s=20,
    measured=Bout("leg-extension", rm=8),
    evidence=Evidence.MEANS,
    fresh=Arm(mean=6.69, sd=1.33),
    after=Arm(mean=3.57, sd=1.19),
    note=(
        "Both loads were 8RM, so the model says 8 reps for the leg extension done first; the "
        "study's 6.69 is lower, which suggests its mean covers more than one fresh set. "
        "DEFAULT_CARRY_OVER is fitted to the 'after' arm together with seed 004 (model.py)."
    ),
)

AUGUSTSSON_2003 = OrderStudy(
    key="augustsson-2003",
    citation=(
        "Augustsson, Thomee, Hornstedt, Lindblom, Karlsson & Grimby 2003, 'Effect of pre-exhaustion "
        "exercise on lower-extremity muscle activation during a leg press exercise', "
        "J Strength Cond Res 17(2):411-416"
    ),
    subjects="17 healthy men",
    method=Method.PRE_EXHAUST,
    first=(Bout("leg-extension", rm=10),),
    rest_s=0,  # 'immediately followed by'
    measured=Bout("leg-press", rm=10),
    evidence=Evidence.DIRECTION,
    note=(
        "The abstract reports significantly fewer leg press reps after the knee extension set "
        "(p < 0.001) and lower rectus femoris and vastus lateralis activation. We take the "
        "direction only; the rep means are not copied here because we could not re-check them."
    ),
)

BRENNECKE_2009 = OrderStudy(
    key="brennecke-2009",
    citation=(
        "Brennecke, Guimaraes, Leone, Cadarci, Mochizuki, Simao, Amadio & Serrao 2009, "
        "'Neuromuscular activity during bench press exercise performed with and without the "
        "preexhaustion method', J Strength Cond Res 23(7):1933-1940"
    ),
    subjects="12 trained subjects",
    method=Method.PRE_EXHAUST,
    first=(Bout("dumbbell-fly", rm=10),),  # the abstract's 'flying exercise'
    rest_s=0,
    measured=Bout("bench-press", rm=10),
    evidence=Evidence.DIRECTION,
    note=(
        "The abstract reports higher triceps activity and a movement changed 'as a result of "
        "muscular weakness' in the pre-exhausted bench press. We take only that the bench "
        "press is weaker after the fly (fewer reps at the 10RM); no rep counts are taken."
    ),
)

SOARES_2016 = OrderStudy(
    key="soares-2016",
    citation=(
        "Soares, Brown, Gomes et al. 2016, 'Comparison between pre-exhaustion and traditional "
        "exercise order on muscle activation and performance in trained men', "
        "J Sports Sci Med 15(1):111-117"
    ),
    subjects="14 resistance-trained men",
    method=Method.REVERSE_PRE_EXHAUST,  # the triceps, a synergist of the bench press, first
    first=(Bout("triceps-pushdown", rm=10),),
    rest_s=0,
    measured=Bout("bench-press", rm=10),
    evidence=Evidence.DIRECTION,
    note=(
        "Triceps pushdown then bench press, both at 10RM, against each done alone. We take the "
        "direction we read in the paper, fewer bench-press reps after the pushdown, and say "
        "so: we could not re-check its numbers, so none are written here."
    ),
)

SEED_002_PULLDOWN = OrderStudy(
    key="seed-002-pulldown",
    citation=(
        "Seed 002 (844d76d6fb363ba1): 'pre-exhausting the biceps reduced performance on pulldowns and "
        "increased perceived effort, especially with a narrow grip'; the paper it draws on is not named"
    ),
    subjects="not stated",
    method=Method.REVERSE_PRE_EXHAUST,  # the biceps is a synergist of the pulldown
    first=(Bout("biceps-curl", rm=10),),
    rest_s=0,
    measured=Bout("lat-pulldown", rm=10),
    evidence=Evidence.DIRECTION,
    note="Loads and rest are not given by the seed; 10RM and no rest are our stand-ins.",
)

ORDER_STUDIES: tuple[OrderStudy, ...] = (
    SALLES_2008,
    AUGUSTSSON_2003,
    BRENNECKE_2009,
    SOARES_2016,
    SEED_002_PULLDOWN,
)


@dataclass(frozen=True)
class RestStudy:
    """Two sets of one exercise to failure, with different rests between them."""

    key: str
    citation: str
    exercise_id: str
    load: float  # fraction of 1RM
    rests_s: tuple[float, ...]
    second_set: tuple[Arm, ...]  # reported per rest, in the unit the study reports
    note: str = ""


RICHMOND_GODARD_2004 = RestStudy(
    key="richmond-godard-2004",
    citation=(
        "Richmond & Godard 2004, 'The effects of varied rest periods between sets to failure using the "
        "bench press in recreationally trained men', J Strength Cond Res 18(4):846-849"
    ),
    exercise_id="bench-press",
    load=0.75,
    rests_s=(60, 180, 300),
    second_set=(Arm(1389.1, 529.9), Arm(1494.9, 451.0), Arm(1711.4, 478.0)),  # reps x weight
    note=(
        "28 men, two sets at 75 % 1RM to failure. Second-set work rose with rest, and reps fell "
        "from the first to the second set at every rest: 5 min did not fully restore them."
    ),
)
