"""Expected against actual: what the fatigue model expected on the compound after a pre-exhaust,
session by session, against the reps the lifter did.

For every logged session where a compound lift followed a pre-exhaust (or reverse pre-exhaust)
isolation in its block, each compound set the calibration can read (prediction.pre_exhaust_sets:
its effort and rests are known, and a fresh e1RM of the lift from the 8 weeks before) gets the
model's reps at the weight lifted, after what was done before it in its block, with the
carry-over that was known *before* that session: the lifter's own from their earlier sessions,
or the published default while there were none. That is the figure the app would have shown
then, so the comparison is fair: no session is judged by a carry-over learnt from itself.

- expected: whole reps at the carry-over's estimate, less the reserve the lifter logged (RIR,
  10 - RPE), as the sets were done short of failure by that much;
- range: the same at the carry-over one SD either side (prescribe.py's band);
- error: actual minus expected, in reps; a session is inside when its total reps lie inside
  the sum of its sets' ranges.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from exhaust.domain.exercises import Exercise, Role
from exhaust.domain.fatigue import CarryOver, CarryOverObservation, SetPrediction, whole
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.services import prediction
from exhaust.services.logbook import Logbook


@dataclass(frozen=True)
class SetReading:
    weight_kg: float
    reps: int  # done
    reserve: float  # reps left in reserve, as logged
    predicted: float  # reps to failure at the carry-over's estimate
    expected: int  # whole reps at the estimate, less the reserve
    low: int  # ... at the carry-over one SD above the estimate
    high: int  # ... one SD below

    @property
    def error(self) -> int:
        return self.reps - self.expected


@dataclass(frozen=True)
class SessionReading:
    """One session's compound sets after a pre-exhaust: expected against done."""

    workout: int
    day: date
    compound: Exercise
    after: tuple[Exercise, ...]
    method: Method
    sets: tuple[SetReading, ...]
    carry_over: CarryOver  # known before this session: the lifter's own, or the published default
    limiting: Muscle  # the muscle the model expects to end the first set
    limiting_fresh: Muscle
    fresh_e1rm_kg: float
    unread: int = 0  # compound sets of this session after the isolation that could not be read

    @property
    def expected(self) -> int:
        return sum(s.expected for s in self.sets)

    @property
    def low(self) -> int:
        return sum(s.low for s in self.sets)

    @property
    def high(self) -> int:
        return sum(s.high for s in self.sets)

    @property
    def actual(self) -> int:
        return sum(s.reps for s in self.sets)

    @property
    def error(self) -> int:
        return self.actual - self.expected

    @property
    def inside(self) -> bool:
        return self.low <= self.actual <= self.high

    @property
    def personal(self) -> bool:
        return self.carry_over.personal

    # -- in words, for the command and the page ---------------------------------------------

    @property
    def after_text(self) -> str:
        names = ", ".join(e.name for e in self.after)
        return names + (" (reverse)" if self.method is Method.REVERSE_PRE_EXHAUST else "")

    def weight_text(self, unit: str, per_kg: float) -> str:
        weights = sorted({round(s.weight_kg * per_kg, 1) for s in self.sets})
        shown = f"{weights[0]:g}" if len(weights) == 1 else f"{weights[0]:g}–{weights[-1]:g}"
        return f"{shown} {unit}"

    @property
    def expected_text(self) -> str:
        """'11 + 9 = 20 (13–24)': set by set, the total, and its range."""
        return f"{_sum_text([s.expected for s in self.sets])} ({self.low}–{self.high})"

    @property
    def actual_text(self) -> str:
        return _sum_text([s.reps for s in self.sets])

    @property
    def weak_link_text(self) -> str:
        if self.limiting is self.limiting_fresh:
            return self.limiting.label
        return f"{self.limiting.label} (fresh: {self.limiting_fresh.label})"

    @property
    def carry_over_text(self) -> str:
        co = self.carry_over
        return f"yours {co.mean:.2f} (n={co.n})" if co.personal else f"published {co.mean:.2f}"


def _sum_text(values: Sequence[int]) -> str:
    return str(values[0]) if len(values) == 1 else f"{' + '.join(map(str, values))} = {sum(values)}"


@dataclass(frozen=True)
class Tally:
    """Expected against actual over some sessions."""

    sessions: int
    sets: int
    mean_error: float | None  # actual minus expected, reps a set
    mean_abs_error: float | None
    inside: int  # sessions whose reps lay inside the expected range

    @classmethod
    def of(cls, sessions: Sequence[SessionReading]) -> Tally:
        errors = [s.error for r in sessions for s in r.sets]
        return cls(
            sessions=len(sessions),
            sets=len(errors),
            mean_error=statistics.fmean(errors) if errors else None,
            mean_abs_error=statistics.fmean(abs(e) for e in errors) if errors else None,
            inside=sum(r.inside for r in sessions),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "sets": self.sets,
            "mean_error": None if self.mean_error is None else round(self.mean_error, 2),
            "mean_abs_error": None if self.mean_abs_error is None else round(self.mean_abs_error, 2),
            "inside": self.inside,
        }

    def text(self, what: str) -> str:
        """'All: 6 sessions, 12 sets; actual − expected +0.9 reps a set on average (...)'."""
        if self.mean_error is None or self.mean_abs_error is None:
            return f"{what}: no sessions"
        return (
            f"{what}: {_count(self.sessions, 'session')}, {_count(self.sets, 'set')}; actual − expected "
            f"{self.mean_error:+.1f} reps a set on average ({self.mean_abs_error:.1f} either way); "
            f"{self.inside} of {self.sessions} inside the expected range"
        )


def _ref(e: Exercise) -> dict[str, str]:
    return {"id": e.id, "name": e.name}


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class Review:
    sessions: list[SessionReading]  # oldest first
    unread: dict[str, int]  # compound sets after a pre-exhaust that could not be read, by why
    unit: str
    per_kg: float

    @property
    def total(self) -> Tally:
        return Tally.of(self.sessions)

    @property
    def personal(self) -> Tally:
        """The sessions read with a carry-over learnt from the lifter's earlier sessions."""
        return Tally.of([s for s in self.sessions if s.personal])

    def as_dict(self) -> dict[str, Any]:
        """As `exhaust expected --json` prints it and the API's ExpectedOut reads it; weights in
        the lifter's unit."""
        k = self.per_kg

        def session(s: SessionReading) -> dict[str, Any]:
            co = s.carry_over
            return {
                "workout": s.workout,
                "date": s.day.isoformat(),
                "compound": _ref(s.compound),
                "after": [_ref(e) for e in s.after],
                "method": s.method.value,
                "sets": [
                    {
                        "weight": round(x.weight_kg * k, 2),
                        "reps": x.reps,
                        "reserve": x.reserve,
                        "expected": x.expected,
                        "low": x.low,
                        "high": x.high,
                        "to_failure": round(x.predicted, 2),
                    }
                    for x in s.sets
                ],
                "expected": s.expected,
                "low": s.low,
                "high": s.high,
                "actual": s.actual,
                "error": s.error,
                "inside": s.inside,
                "limiting": s.limiting.value,
                "limiting_fresh": s.limiting_fresh.value,
                "carry_over": {
                    "mean": round(co.mean, 4),
                    "sd": round(co.sd, 4),
                    "n": co.n,
                    "source": "your logbook" if co.personal else "published default",
                },
                "fresh_e1rm": round(s.fresh_e1rm_kg * k, 1),
                "unread_sets": s.unread,
            }

        return {
            "unit": self.unit,
            "sessions": [session(s) for s in self.sessions],
            "summary": self.total.as_dict(),
            "with_your_carry_over": self.personal.as_dict(),
            "unread": self.unread,
            "message": None if self.sessions else self.hint,
        }

    @property
    def summary(self) -> list[str]:
        """The tallies in words: all sessions, and those read with the lifter's own carry-over
        when some were read with the published one; what was left out, and why."""
        out = [self.total.text("All")]
        if 0 < self.personal.sessions < self.total.sessions:
            out.append(self.personal.text("With your own carry-over"))
        if self.unread:
            why = "; ".join(f"{reason} ({n})" for reason, n in self.unread.items())
            out.append(f"Compound sets after a pre-exhaust left out: {why}.")
        return out

    @property
    def hint(self) -> str:
        """How to get sessions into this review, when it has none."""
        why = "; ".join(f"{_count(n, 'set')}: {reason}" for reason, n in self.unread.items())
        found = f" Compound sets after a pre-exhaust that could not be read: {why}." if why else ""
        return (
            "No pre-exhaust sessions to compare yet. Log an isolation straight before a compound lift "
            "for its muscles (a linked block, A1 then A2: `exhaust plan --method pre-exhaust`), with the "
            "compound sets' RIR or RPE, and now and then the lift fresh in traditional order for its e1RM." + found
        )


def _method(isolations: Sequence[Exercise], compound: Exercise) -> Method:
    prime = any(compound.role_of(m) is Role.PRIME for iso in isolations for m in iso.prime_movers)
    return Method.PRE_EXHAUST if prime else Method.REVERSE_PRE_EXHAUST


def _reading(obs: CarryOverObservation, carry_over: CarryOver) -> tuple[SetReading, Muscle]:
    """One set read with ``carry_over``, and the muscle the model expects to end it."""
    model = prediction.fatigue_model()

    def at(c: float) -> SetPrediction:
        return model.with_carry_over(max(0.0, c)).predict(obs.compound, obs.load, obs.before)

    estimate = at(carry_over.mean)
    low, high = at(carry_over.mean + carry_over.sd), at(carry_over.mean - carry_over.sd)
    reading = SetReading(
        weight_kg=obs.load_kg,
        reps=obs.reps,
        reserve=obs.rir,
        predicted=estimate.reps,
        expected=whole(estimate.reps - obs.rir),
        low=whole(low.reps - obs.rir),
        high=whole(high.reps - obs.rir),
    )
    return reading, estimate.limiting


def _session(read: Sequence[prediction.PreExhaustSet], carry_over: CarryOver, day: date, unread: int) -> SessionReading:
    first = read[0]
    assert first.observation is not None
    readings = [_reading(s.observation, carry_over) for s in read if s.observation is not None]
    return SessionReading(
        workout=first.workout,
        day=day,
        compound=first.compound,
        after=first.after,
        method=_method(first.after, first.compound),
        sets=tuple(r for r, _ in readings),
        carry_over=carry_over,
        limiting=readings[0][1],
        limiting_fresh=prediction.fatigue_model().limiting(first.compound),
        fresh_e1rm_kg=first.observation.fresh_e1rm_kg,
        unread=unread,
    )


def review(logbook: Logbook, zone: tzinfo, exercise: str | None = None, since: date | None = None) -> Review:
    """Expected against actual on every compound lift after a pre-exhaust (or ``exercise``:
    an id or a name), for the sessions on or after ``since`` (days in ``zone``), oldest first.
    The carry-over of each session is learnt from the sessions before it, whatever ``since``."""
    lifts = None if exercise is None else [prediction.resolve_compound(exercise, logbook).id]
    by_session: dict[tuple[int, str], list[prediction.PreExhaustSet]] = defaultdict(list)
    for s in prediction.pre_exhaust_sets(logbook, lifts):
        by_session[(s.workout, s.compound.id)].append(s)

    unread: dict[str, int] = defaultdict(int)
    learnt: dict[str, list[tuple[CarryOverObservation, float]]] = defaultdict(list)
    out: list[SessionReading] = []
    for (_, lift), sets in sorted(by_session.items(), key=lambda kv: kv[1][0].at):
        read = [s for s in sets if s.observation is not None]
        day = sets[0].at.astimezone(zone).date()
        if since is None or day >= since:
            for s in sets:
                if s.observation is None:
                    unread[s.unread] += 1
            if read:
                out.append(_session(read, prediction.carry_over_from(learnt[lift]), day, len(sets) - len(read)))
        learnt[lift].extend((s.observation, s.se) for s in read if s.observation is not None)
    return Review(out, dict(unread), logbook.unit.value, logbook.unit.per_kg)
