from __future__ import annotations

from decimal import Decimal

from exhaust.services.logbook import Logbook


def test_log_and_read_back(db_url: str) -> None:
    book = Logbook.open(db_url)
    book.start(name="Push")
    view, _ = book.log("bench", Decimal("80"), 8, rpe=Decimal("8"))
    assert view.weight_kg == Decimal("80.00")
    done = book.finish()
    assert [s.exercise_id for s in done.sets] == ["bench-press"]
