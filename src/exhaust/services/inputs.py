"""Turning what a person types into domain values, with messages that list the choices."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import TypeVar

from exhaust.domain.errors import BadInput
from exhaust.domain.exercises import Equipment, Mechanic
from exhaust.domain.methods import Method, parse_method
from exhaust.domain.muscles import Muscle, MuscleGroup, parse_muscle
from exhaust.domain.plans import Experience, Goal

E = TypeVar("E", bound=StrEnum)


def choice(enum: type[E], value: str, what: str) -> E:
    key = "-".join(value.strip().lower().replace("_", " ").split())
    try:
        return enum(key)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise BadInput(f"{what} {value!r} is not one of: {allowed}") from None


def muscle(value: str) -> Muscle:
    found = parse_muscle(value)
    if found is None:
        known = ", ".join(
            [m.value for m in Muscle] + [g.value for g in MuscleGroup if g.value not in Muscle._value2member_map_]
        )
        raise BadInput(f"no muscle or muscle group called {value!r}; known: {known}")
    return found


def method(value: str) -> Method:
    found = parse_method(value)
    if found is None:
        raise BadInput(f"method {value!r} is not one of: {', '.join(m.value for m in Method)}")
    return found


def equipment(values: Iterable[str] | None) -> tuple[Equipment, ...] | None:
    """None (a full gym) when nothing is given; a comma list or repeated flags otherwise."""
    parts = [p for v in values or () for p in v.split(",") if p.strip()]
    if not parts:
        return None
    return tuple(dict.fromkeys(choice(Equipment, p, "equipment") for p in parts))


def experience(value: str | None) -> Experience | None:
    return choice(Experience, value, "experience") if value else None


def goal(value: str | None) -> Goal | None:
    return choice(Goal, value, "goal") if value else None


def mechanic(value: str | None) -> Mechanic | None:
    return choice(Mechanic, value, "mechanic") if value else None


def time_zone(name: str) -> tzinfo:
    """An IANA time zone ('Europe/Berlin', 'UTC')."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise BadInput(
            f"time zone {name!r} is not one this computer knows; "
            "give an IANA name such as Europe/Berlin, America/New_York or UTC"
        ) from None


class SystemZone(tzinfo):
    """This computer's local time with its daylight-saving rules, as the C library knows them
    (a fixed offset from ``datetime.now().astimezone()`` would be an hour off half the year)."""

    @staticmethod
    def _local(dt: datetime | None) -> time.struct_time:
        when = (dt or datetime.now()).replace(tzinfo=None)
        return time.localtime(time.mktime((*when.timetuple()[:8], -1)))  # -1: the library decides DST

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(seconds=self._local(dt).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def fromutc(self, dt: datetime) -> datetime:
        """UTC to local time (``astimezone``), which the default needs ``dst`` for."""
        stamp = dt.replace(tzinfo=UTC).timestamp()
        return dt + timedelta(seconds=time.localtime(stamp).tm_gmtoff)

    def tzname(self, dt: datetime | None) -> str | None:
        return self._local(dt).tm_zone
