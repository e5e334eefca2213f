"""A lifter whose bench press follows the fatigue model with a known carry-over, for the tests of
what the model expected after a pre-exhaust: each week a fresh bench session (for the e1RM) and
a pre-exhaust one, cable flyes straight into the bench, two rounds, every set logged with its
RIR and rest, reps with the scatter of real sets (SD 1 rep)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from exhaust.domain.fatigue import FatigueModel, PreFatigue, Work, whole
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import Logbook

E1RM = 100.0  # the lifter's true fresh 1RM on the bench press, kg
START = datetime(2026, 2, 2, 18, tzinfo=UTC)


def log_history(book: Logbook, carry_over: float, weeks: int, seed: int = 7, start: datetime = START) -> None:
    catalogue = get_catalogue()
    bench, fly = catalogue.get("bench-press"), catalogue.get("cable-fly")
    truth = FatigueModel(catalogue.capacity, carry_over=carry_over)
    rng = random.Random(seed)

    def reps(kg: float, before: PreFatigue | None) -> int:
        return whole(truth.predict(bench, kg / E1RM, before).reps + rng.gauss(0, 1.0))

    for week in range(weeks):
        day = start + timedelta(weeks=week)
        book.start(name="Bench", now=day)
        book.log("bench", Decimal(80), reps(80.0, None), rir=0, now=day + timedelta(minutes=5))
        book.finish(now=day + timedelta(minutes=20))

        day += timedelta(days=3)
        kg = rng.choice((60.0, 62.5, 65.0))
        book.start(name="Chest - pre-exhaust", now=day)
        at = day + timedelta(minutes=5)
        works: list[Work] = []
        for round_ in range(2):
            book.log("cable fly", Decimal(20), 15, rir=2, block="A1", rest_s=120 if round_ else None, now=at)
            works.append(Work.autoregulated(fly, 1, 15, 2, rest_s=0))
            done = reps(kg, PreFatigue(tuple(works), rest_s=0))
            at += timedelta(minutes=1)
            book.log("bench", Decimal(str(kg)), done, rir=0, block="A2", rest_s=0, now=at)
            works.append(Work.fixed(bench, 1, done, kg / E1RM, rest_s=120))
            at += timedelta(minutes=3)
        book.finish(now=at)
