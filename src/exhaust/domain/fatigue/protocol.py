"""What was done before the set the model predicts: sets of an exercise, and the rest after.

A pre-exhaust is ``PreFatigue((Work.autoregulated(fly, sets=2, reps=12, rir=2),), rest_s=30)``
before a bench press; a post-exhaust is ``PreFatigue((Work.to_failure(bench, load=0.8),),
rest_s=60)`` before the fly; a reverse pre-exhaust fatigues a synergist of the compound
first (hamstring curls before squats, seed 003). Loads are fractions of the exercise's fresh
one-repetition maximum (1RM), so the model needs no kilograms; prescribe.py converts.

How heavy a set is can be said three ways, as lifters and the seeds say it:
- reps and reps in reserve (RIR), no load: "12-15 reps at RIR 2". The lifter picks, set by
  set, the weight that leaves ``rir`` reps after ``reps`` (RIR-based autoregulation: Helms et
  al. 2016, "Application of the repetitions in reserve-based rating of perceived exertion
  scale for resistance training", Strength Cond J 38(4):42-49).
- a load and RIR, no reps: as many reps as leave ``rir`` in reserve (RIR 0: to failure, as the
  studies in studies.py do).
- a load and reps: the reps, or fewer if the muscles cannot do them.
"""

from __future__ import annotations

from dataclasses import dataclass

from exhaust.domain.exercises import Exercise


@dataclass(frozen=True)
class Work:
    """``sets`` sets of one exercise, ``rest_s`` apart (also the rest before any next work)."""

    exercise: Exercise
    sets: int = 1
    reps: int | None = None
    rir: float | None = None
    load: float | None = None  # fraction of the exercise's fresh 1RM
    rest_s: float = 60.0

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError("at least one set")
        if self.rest_s < 0:
            raise ValueError("rest cannot be negative")
        if self.reps is not None and self.reps < 0:
            raise ValueError("reps cannot be negative")
        if self.rir is not None and self.rir < 0:
            raise ValueError("reps in reserve cannot be negative")
        if self.load is not None and not 0 < self.load <= 1.0:
            raise ValueError("a load is a fraction of the 1RM, above 0 and at most 1")
        if self.load is None and (self.reps is None or self.rir is None):
            raise ValueError("without a load, give both reps and reps in reserve")
        if self.load is not None and self.reps is not None and self.rir is not None:
            raise ValueError("a load, reps and reps in reserve over-determine a set; give two of them")

    @classmethod
    def autoregulated(cls, exercise: Exercise, sets: int, reps: int, rir: float, rest_s: float = 60.0) -> Work:
        """Each set ``reps`` reps with ``rir`` in reserve, the weight chosen for that."""
        return cls(exercise=exercise, sets=sets, reps=reps, rir=rir, rest_s=rest_s)

    @classmethod
    def to_failure(cls, exercise: Exercise, load: float, sets: int = 1, rest_s: float = 60.0) -> Work:
        return cls(exercise=exercise, sets=sets, rir=0.0, load=load, rest_s=rest_s)

    @classmethod
    def fixed(cls, exercise: Exercise, sets: int, reps: int, load: float, rest_s: float = 60.0) -> Work:
        return cls(exercise=exercise, sets=sets, reps=reps, load=load, rest_s=rest_s)


@dataclass(frozen=True)
class PreFatigue:
    """Work done in order, then ``rest_s`` seconds before the set that is predicted."""

    work: tuple[Work, ...]
    rest_s: float = 0.0

    def __post_init__(self) -> None:
        if not self.work:
            raise ValueError("pre-fatigue needs some work; predict without it for a fresh set")
        if self.rest_s < 0:
            raise ValueError("rest cannot be negative")

    def with_rest(self, rest_s: float) -> PreFatigue:
        return PreFatigue(work=self.work, rest_s=rest_s)
