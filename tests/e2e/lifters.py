"""A lifter with history, for the tests of what the fatigue model makes of a logbook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from exhaust.domain.fatigue import FatigueModel, PreFatigue, Work, whole
from exhaust.services.catalogue import get_catalogue
from exhaust.services.logbook import LOCAL_USER, Logbook


def pre_exhaust_history(
    url: str | None = None, user: str = LOCAL_USER, carry_over: float = 0.4, weeks: int = 9
) -> None:
    """A lifter with a 100 kg bench press (80 kg x 7 to failure, fresh) who tires less than the
    published 0.9 after flyes: each week a fresh bench session and one of cable flyes straight
    into the bench, their reps as a model with ``carry_over`` says."""
    book = Logbook.open(url, user)
    catalogue = get_catalogue()
    bench, fly = catalogue.get("bench-press"), catalogue.get("cable-fly")
    truth = FatigueModel(catalogue.capacity, carry_over=carry_over)
    start = datetime(2026, 2, 2, 18, tzinfo=UTC)
    for week in range(weeks):
        day = start + timedelta(weeks=week)
        book.start(name="Bench", now=day)
        book.log("bench", Decimal(80), 7, rir=0, now=day + timedelta(minutes=5))
        book.finish(now=day + timedelta(minutes=20))
        day += timedelta(days=3)
        kg = (60.0, 62.5, 65.0)[week % 3]
        reps = whole(truth.predict(bench, kg / 100, PreFatigue((Work.autoregulated(fly, 1, 15, 2),), rest_s=0)).reps)
        book.start(name="Chest - pre-exhaust", now=day)
        book.log("cable fly", Decimal(20), 15, rir=2, block="A1", now=day + timedelta(minutes=5))
        book.log("bench", Decimal(str(kg)), reps, rir=0, block="A2", rest_s=0, now=day + timedelta(minutes=6))
        book.finish(now=day + timedelta(minutes=20))
