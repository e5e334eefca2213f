"""The logbook's own rules for the fields an imported history brings: the order-method tag,
distance and duration of a set, and where a workout came from."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from exhaust.domain.logbook import LoggedSet, OrderMethod, Workout
from exhaust.domain.methods import Method


def logged(**fields: Any) -> LoggedSet:
    return LoggedSet(exercise_id="plank", position=1, reps=0, **fields)


def test_a_set_without_the_new_fields_is_untagged_with_no_distance_or_time() -> None:
    s = logged()
    assert (s.method, s.distance_m, s.duration_s) == (OrderMethod.NONE, None, None)
    assert s.method == ""


def test_the_method_tags_are_methods_of_the_catalogue_of_methods() -> None:
    assert {m.value for m in OrderMethod} - {""} <= {m.value for m in Method}
    assert logged(method="reverse-pre-exhaust").method is OrderMethod.REVERSE


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"method": "bogus"}, "method"),
        ({"method": "accessory-first"}, "method"),  # a method, but not a tag a set carries
        ({"distance_m": Decimal("-1")}, "a distance cannot be negative"),
        ({"distance_m": Decimal("0.005")}, "distances are kept to 0.01 m"),
        ({"distance_m": Decimal("1000000.01")}, "is over 1000000 m"),
        ({"duration_s": -1}, "greater than or equal to 0"),
        ({"duration_s": 86_401}, "less than or equal to 86400"),
    ],
)
def test_values_the_database_would_refuse_are_refused_first(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        logged(**fields)


def test_the_edges_are_allowed() -> None:
    s = logged(method=OrderMethod.POST, distance_m=Decimal("1000000.00"), duration_s=86_400)
    assert (s.method, s.distance_m, s.duration_s) == ("post-exhaust", Decimal("1000000"), 86_400)
    assert logged(distance_m=Decimal("0"), duration_s=0).distance_m == 0


def test_a_workout_says_where_it_came_from() -> None:
    start = datetime(2026, 1, 8, 7, 30, tzinfo=UTC)
    assert (Workout(started_at=start).source, Workout(started_at=start).fingerprint) == ("", "")
    imported = Workout(started_at=start, source="strong", fingerprint="ab" * 32)
    assert (imported.source, len(imported.fingerprint)) == ("strong", 64)
    with pytest.raises(ValidationError, match="fingerprint"):
        Workout(started_at=start, fingerprint="ab" * 33)
