"""Learning a lifter from their logbook: a synthetic lifter with a known carry-over logs fresh
bench sessions and pre-exhaust ones (flyes straight into the bench, as the plan builder plans
them); the service reads the logbook back, recovers the carry-over within its interval, and
plans and predicts with it. On SQLite and PostgreSQL."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from exhaust.domain.fatigue import DEFAULT_PRIOR, FatigueModel, PreFatigue, Work, whole
from exhaust.domain.logbook import WeightUnit
from exhaust.domain.methods import Method
from exhaust.domain.muscles import Muscle
from exhaust.domain.plans import Experience, Goal, RepRange
from exhaust.services import prediction
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import Logbook
from exhaust.store.database import open_database

CATALOGUE = get_catalogue()
BENCH, FLY = CATALOGUE.get("bench-press"), CATALOGUE.get("cable-fly")
E1RM = 100.0  # the synthetic lifter's true fresh 1RM on the bench press, kg
START = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


@dataclass
class Lifter:
    """Logs what a lifter whose bench press follows the model with ``carry_over`` would do, with
    the rep-to-rep scatter of real sets (SD 1 rep) and whole reps only."""

    book: Logbook
    carry_over: float
    seed: int
    pre_loads: tuple[float, ...] = (60.0, 62.5, 65.0)  # kg on the bench after the flyes

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.truth = FatigueModel(CATALOGUE.capacity, carry_over=self.carry_over)

    def reps(self, load: float, before: PreFatigue | None) -> int:
        return whole(self.truth.predict(BENCH, load, before).reps + self.rng.gauss(0, 1.0))

    def fresh_session(self, day: datetime) -> None:
        """Two bench sets to failure, 3 min apart, in traditional order."""
        self.book.start(name="Bench", now=day)
        kg = self.rng.choice((75.0, 80.0, 85.0))
        first = self.reps(kg / E1RM, None)
        again = PreFatigue((Work.fixed(BENCH, 1, first, kg / E1RM),), rest_s=180)
        second = self.reps(kg / E1RM, again)
        self.log("bench press", kg, first, day + timedelta(minutes=5), rir=0)
        self.log("bench press", kg, second, day + timedelta(minutes=8), rir=0, rest_s=180)
        self.book.finish(now=day + timedelta(minutes=30))

    def pre_exhaust_session(self, day: datetime) -> None:
        """A1 cable fly 15 reps at RIR 2, straight into A2 bench to failure, two rounds 2 min apart."""
        self.book.start(name="Chest - pre-exhaust", now=day)
        kg = self.rng.choice(self.pre_loads)
        works: list[Work] = []
        at = day + timedelta(minutes=5)
        for round_ in range(2):
            rest_fly = 120 if round_ else None
            self.log("cable fly", 20.0, 15, at, rir=2, block="A1", rest_s=rest_fly)
            works.append(Work.autoregulated(FLY, 1, 15, 2, rest_s=0))
            reps = self.reps(kg / E1RM, PreFatigue(tuple(works), rest_s=0))
            at += timedelta(minutes=1)
            self.log("bench press", kg, reps, at, rir=0, block="A2", rest_s=0)
            works.append(Work.fixed(BENCH, 1, reps, kg / E1RM, rest_s=120))
            at += timedelta(minutes=3)
        self.book.finish(now=at)

    def log(self, name: str, kg: float, reps: int, at: datetime, **extra: object) -> None:
        self.book.log(name, Decimal(str(kg)), reps, now=at, **extra)  # type: ignore[arg-type]

    def history(self, weeks: int, start: datetime = START) -> None:
        """A fresh session every Monday, a pre-exhaust one every Thursday."""
        for week in range(weeks):
            monday = start + timedelta(weeks=week)
            self.fresh_session(monday)
            self.pre_exhaust_session(monday + timedelta(days=3))


@pytest.fixture
def book(db_url: str) -> Logbook:
    return Logbook(open_database(db_url), "lifter")


def test_a_lifter_with_no_history_gets_the_published_carry_over(book: Logbook) -> None:
    assert prediction.carry_overs(book) == {}
    assert prediction.carry_over_for(book, "bench-press") == DEFAULT_PRIOR
    assert prediction.fresh_e1rm(book, "bench-press") is None


def test_the_logbook_teaches_the_lifters_own_carry_over(book: Logbook) -> None:
    truth = 0.45  # a lifter who tires far less than the literature's 0.9
    Lifter(book, truth, seed=4).history(weeks=14)

    found = prediction.carry_overs(book)
    assert set(found) == {"bench-press"}
    bench = found["bench-press"]
    assert bench.personal and bench.n == 28  # two bench sets after the flyes, 14 sessions
    assert bench.low <= truth <= bench.high, bench
    assert abs(bench.mean - truth) < abs(DEFAULT_PRIOR.mean - truth) / 3
    assert bench.sd < DEFAULT_PRIOR.sd / 2

    # the fresh e1RM it was read against: the median of the session bests, near the truth
    e1rm = prediction.fresh_e1rm(book, "bench-press")
    assert e1rm is not None and e1rm == pytest.approx(E1RM, rel=0.03)


def test_the_estimate_narrows_as_sessions_accumulate(book: Logbook) -> None:
    # A lifter who tires more than the literature says, and lightens the bench to still get reps.
    lifter = Lifter(book, 1.4, seed=11, pre_loads=(45.0, 47.5, 50.0))
    estimates = []
    for block in range(3):
        lifter.history(weeks=4, start=START + timedelta(weeks=4 * block))
        estimates.append(prediction.carry_over_for(book, "bench-press"))
    sds = [e.sd for e in estimates]
    assert sds == sorted(sds, reverse=True)
    assert [e.n for e in estimates] == [8, 16, 24]
    assert estimates[-1].low <= 1.4 <= estimates[-1].high
    assert estimates[-1].mean > DEFAULT_PRIOR.mean


def test_a_lifter_with_history_gets_a_plan_and_a_prediction_of_their_own(book: Logbook) -> None:
    Lifter(book, 0.45, seed=4).history(weeks=14)
    args = (Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY)
    from exhaust.services.planning import plan_session

    published = plan_session(*args).plan.sessions[0].blocks[0].items[1]
    own = prediction.plan_session(book, *args).plan.sessions[0].blocks[0].items[1]
    assert published.exercise_id == own.exercise_id == "bench-press"
    assert published.load is not None and own.load is not None
    fresh = 75.0  # 10 reps fresh, Epley
    assert 0.10 <= 1 - published.load.low / fresh <= 0.20  # no history: seed 004's range
    assert own.load.low > published.load.low  # this lifter tires less: a heavier bench press
    assert "your carry-over" in own.note and "published carry-over" in published.note

    said = prediction.predict(
        "bench",
        70.0,
        after=prediction.Isolation("cable fly", sets=2, reps=15, rir=2, between_s=120),
        logbook=book,
        target=RepRange(low=6, high=10),
    )
    assert said.carry_over.personal and said.e1rm_source == "logbook"
    assert said.e1rm == pytest.approx(E1RM, rel=0.03)
    assert said.after is not None and said.after.reps < said.fresh.reps
    assert said.target is not None and said.target.load > published.load.low  # kg of a ~100 kg e1RM
    assert "yours" in "\n".join(said.lines)


def test_what_to_expect_on_the_training_floor(book: Logbook) -> None:
    from exhaust.services.planning import plan_session

    block = plan_session(Method.PRE_EXHAUST, (Muscle.CHEST,), Experience.INTERMEDIATE, Goal.HYPERTROPHY)
    first = block.plan.sessions[0].blocks[0]
    (nothing_yet,) = prediction.expectations(book, first).values()
    assert nothing_yet.label == "A2" and nothing_yet.weight is None
    assert nothing_yet.text.startswith(
        f"after the {CATALOGUE.get(first.items[0].exercise_id).name}, expect "
        f"{nothing_yet.reps[0]}–{min(nothing_yet.reps[1], 10)} reps at 62.5% 1RM"
    )

    Lifter(book, 0.9, seed=5).history(weeks=6)
    (known,) = prediction.expectations(book, first).values()
    assert known.weight is not None and known.weight % 2.5 == 0
    assert known.weight == pytest.approx(0.625 * E1RM, abs=5)
    assert f"reps at {known.weight:g} kg" in known.text
    low, high = known.reps
    assert low <= 10 <= high + 1  # the plan's load aims at the top of 6-10
    at_72 = prediction.expectations(book, first, weights={"A2": (Decimal("72.5"), "kg")})["A2"]
    assert at_72.reps[1] <= known.reps[1] and "at 72.5 kg" in at_72.text
    in_pounds = prediction.expectations(book, first, weights={"A2": (160, "lb")})["A2"]  # 72.6 kg
    assert "at 160 lb" in in_pounds.text and in_pounds.reps == at_72.reps
    assert book.unit is WeightUnit.KG
