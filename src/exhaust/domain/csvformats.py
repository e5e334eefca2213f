"""Reading the CSV exports of Strong, Hevy and FitNotes, every shape they come in.

The header says which app and which variant wrote a file; nothing else is guessed. Each
variant's columns are looked up by name, so a column that is missing in one variant (the
notes columns of an older Strong export) simply is not there. Every value is checked, and a
bad one stops the import with the line, the column and what was expected: a history comes
across whole or not at all.

The shapes (fixtures of each in tests/fixtures/imports/):

- Strong: ``Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
  Notes,Workout Notes,RPE``, comma-separated; also without the two notes columns; an older
  semicolon-separated one with ``Weight Unit`` and ``Distance Unit`` columns; a newer one with
  ``Workout #``, ``Duration (sec)``, ``Weight (kg)`` or ``Weight (lbs)`` and ``Distance
  (meters)``, with either separator. ``Set Order`` is the set number, or W (warm-up), D (drop
  set), F (failure), or ``Rest Timer`` for a row whose ``Seconds`` is a rest. Weights without a
  unit column are in the unit the lifter used in Strong, which only they can say (``--unit``).
- Hevy: ``title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,
  set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe``; imperial exports have
  ``weight_lbs`` and ``distance_miles``; newest workout first; times like ``2 Mar 2026, 19:59``.
- FitNotes: ``Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time``;
  a date and no time, so each date is one workout, placed at noon local time (its calendar
  date then reads the same in any time zone within eleven hours of the lifter's).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from itertools import chain
from operator import itemgetter

from exhaust.domain.imported import (
    ImportedSet,
    ImportedWorkout,
    ImportFileError,
    ParsedHistory,
    Skipped,
    SourceApp,
)
from exhaust.domain.logbook import MAX_KG, MAX_REPS, SetType, WeightUnit, to_kg

Progress = Callable[[int, int], None]  # (rows read, rows in all, roughly)

THOUSANDTH = Decimal("0.001")
HUNDREDTH = Decimal("0.01")
MAX_DURATION_S = 86_400
MAX_REST_S = 3600
MAX_NAME = 200  # characters of an exercise name, as the database keeps it
PROGRESS_EVERY = 20_000  # rows between progress reports
METRES = {
    "m": Decimal(1),
    "meters": Decimal(1),
    "metres": Decimal(1),
    "km": Decimal(1000),
    "kms": Decimal(1000),
    "mi": Decimal("1609.344"),  # the international mile
    "mile": Decimal("1609.344"),
    "miles": Decimal("1609.344"),
    "ft": Decimal("0.3048"),
    "feet": Decimal("0.3048"),
    "yd": Decimal("0.9144"),
    "yards": Decimal("0.9144"),
}
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
NOON = time(12, 0)

NOTHING_DONE = "no reps, weight, distance or time recorded"
BLANK_ROW = "blank row"
LATE_REST = "rest timer after the workout's last set (no set to attach it to)"
LONG_REST = f"rest timer over {MAX_REST_S // 60} minutes (left out as a forgotten timer)"


# --- the header: which app, which variant ----------------------------------------------------

STRONG_COLUMNS = {
    "workout #": "workout_number",
    "date": "date",
    "workout name": "workout_name",
    "duration": "duration",
    "workout duration": "duration",
    "duration (sec)": "duration_sec",
    "duration (seconds)": "duration_sec",
    "exercise name": "exercise",
    "set order": "set_order",
    "weight": "weight",
    "weight (kg)": "weight_kg",
    "weight (kgs)": "weight_kg",
    "weight (lbs)": "weight_lb",
    "weight (lb)": "weight_lb",
    "weight unit": "weight_unit",
    "reps": "reps",
    "distance": "distance",
    "distance (meters)": "distance_m",
    "distance (metres)": "distance_m",
    "distance (km)": "distance_km",
    "distance (miles)": "distance_mi",
    "distance unit": "distance_unit",
    "seconds": "seconds",
    "notes": "notes",
    "workout notes": "workout_notes",
    "rpe": "rpe",
}
HEVY_COLUMNS = {
    "title": "title",
    "start_time": "start",
    "end_time": "end",
    "description": "description",
    "exercise_title": "exercise",
    "superset_id": "superset",
    "exercise_notes": "exercise_notes",
    "set_index": "set_index",
    "set_type": "set_type",
    "weight_kg": "weight_kg",
    "weight_lbs": "weight_lb",
    "reps": "reps",
    "distance_km": "distance_km",
    "distance_miles": "distance_mi",
    "duration_seconds": "seconds",
    "rpe": "rpe",
}
FITNOTES_COLUMNS = {
    "date": "date",
    "exercise": "exercise",
    "category": "category",
    "weight": "weight",
    "weight (kgs)": "weight_kg",
    "weight (lbs)": "weight_lb",
    "weight unit": "weight_unit",
    "reps": "reps",
    "distance": "distance",
    "distance unit": "distance_unit",
    "time": "time",
}
COLUMNS = {SourceApp.STRONG: STRONG_COLUMNS, SourceApp.HEVY: HEVY_COLUMNS, SourceApp.FITNOTES: FITNOTES_COLUMNS}
# The column that names the app: nothing else has it.
SIGNATURE = {SourceApp.STRONG: "exercise name", SourceApp.HEVY: "exercise_title", SourceApp.FITNOTES: "category"}
REQUIRED = {
    SourceApp.STRONG: ("date", "exercise", "set_order", "reps"),
    SourceApp.HEVY: ("title", "start", "exercise", "reps"),
    SourceApp.FITNOTES: ("date", "exercise", "reps"),
}
# How the apps spell the required columns, for messages.
SPELLED = {
    SourceApp.STRONG: {"date": "Date", "exercise": "Exercise Name", "set_order": "Set Order", "reps": "Reps"},
    SourceApp.HEVY: {"title": "title", "start": "start_time", "exercise": "exercise_title", "reps": "reps"},
    SourceApp.FITNOTES: {"date": "Date", "exercise": "Exercise", "reps": "Reps"},
}
_NAME = {
    SourceApp.STRONG: "a Strong export",
    SourceApp.HEVY: "a Hevy export",
    SourceApp.FITNOTES: "a FitNotes export",
}


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def _fold(cell: str) -> str:
    return " ".join(cell.strip().lower().split())


def detect(first: str, source: str, app: SourceApp | None = None) -> tuple[SourceApp, str, list[str]]:
    """The app, the delimiter and the header cells of an export, from its first line; ``app``
    forces the app."""
    first = first.removeprefix("\ufeff").rstrip("\r\n")
    if not first.strip():
        raise ImportFileError(
            "the file is empty or starts with a blank line; expected the header row of a Strong, Hevy or "
            "FitNotes CSV export",
            source=source,
            line=1,
        )
    best: tuple[int, str, list[str], SourceApp | None] = (0, ",", [], None)
    for delimiter in (",", ";", "\t"):
        cells = _split_header(first, delimiter)
        folded = [_fold(c) for c in cells]
        if app is None:
            apps = [a for a in SourceApp if SIGNATURE[a] in folded]
        else:  # forced: the header needs at least the columns that app cannot do without
            roles = {COLUMNS[app].get(c) for c in folded}
            apps = [app] if all(r in roles for r in REQUIRED[app]) else []
        for candidate in apps:
            known = sum(1 for c in folded if c in COLUMNS[candidate])
            if known > best[0]:
                best = (known, delimiter, cells, candidate)
    known, delimiter, cells, found = best
    if found is None:
        if app is not None:
            expected = ", ".join(SPELLED[app].values())
            raise ImportFileError(
                f"this header is not that of {_NAME[app]}: expected columns such as {expected}",
                source=source,
                line=1,
            )
        raise ImportFileError(
            "cannot tell which app wrote this file: the header has none of Strong's 'Exercise Name', Hevy's "
            "'exercise_title' or FitNotes' 'Category'; expected the header row of a Strong, Hevy or FitNotes CSV "
            "export (or name the app with --format)",
            source=source,
            line=1,
        )
    return found, delimiter, cells


# --- cells -------------------------------------------------------------------------------------


class _CellError(ValueError):
    """A cell that does not hold what its column needs; the reader adds line and column."""


_DURATION = re.compile(r"^\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?\s*$", re.IGNORECASE)
_HEVY_TIME = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?\s*$")


class _Cells:
    """Turns cells into values, caching each distinct cell: a history of a million sets has
    only a few thousand distinct weights, dates and names."""

    def __init__(self, tz: tzinfo) -> None:
        self.tz = tz
        self.decimals: dict[str, Decimal | None] = {"": None}
        self.ints: dict[str, int] = {}
        self.times: dict[str, datetime] = {}

    def decimal(self, cell: str, what: str) -> Decimal | None:
        """A number ≥ 0 to 0.001 ('74.99999999999999' is 75: a float artefact of the app)."""
        try:
            return self.decimals[cell]
        except KeyError:
            pass
        text = cell.strip().replace(",", ".") if cell.count(",") == 1 and "." not in cell else cell.strip()
        if not text:
            value = None
        else:
            try:
                value = Decimal(text)
            except InvalidOperation:
                raise _CellError(f"expected {what}, got {cell!r}") from None
            if not value.is_finite():
                raise _CellError(f"expected {what}, got {cell!r}")
            if value < 0:
                raise _CellError(f"expected {what}; a negative number ({cell}) cannot be right")
            # Fewest digits, never an exponent: '50.000' and '5E+1' are both stored as '50'.
            value = Decimal(format(value.quantize(THOUSANDTH, rounding=ROUND_HALF_EVEN).normalize(), "f"))
        self.decimals[cell] = value
        return value

    def whole(self, cell: str, what: str, most: int) -> int | None:
        """A whole number from 0 to ``most`` ('10.0' is 10); None when the cell is empty."""
        try:
            return self.ints[cell]
        except KeyError:
            pass
        text = cell.strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise _CellError(f"expected {what}, got {cell!r}") from None
        if not number.is_finite() or number != number.to_integral_value():
            raise _CellError(f"expected {what} (a whole number), got {cell!r}")
        value = int(number)
        if value < 0:
            raise _CellError(f"expected {what}; a negative number ({cell}) cannot be right")
        if value > most:
            raise _CellError(f"{value} is more than exhaust keeps ({most}); expected {what}")
        self.ints[cell] = value
        return value

    def local(self, cell: str, parse: Callable[[str], datetime], what: str) -> datetime:
        """A local date-time of the lifter's, as aware UTC."""
        try:
            return self.times[cell]
        except KeyError:
            pass
        try:
            naive = parse(cell.strip())
        except ValueError:
            raise _CellError(f"expected {what}, got {cell!r}") from None
        value = (naive if naive.tzinfo is not None else naive.replace(tzinfo=self.tz)).astimezone(UTC)
        self.times[cell] = value
        return value


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _hevy_time(text: str) -> datetime:
    match = _HEVY_TIME.match(text)
    if match is None:
        return datetime.fromisoformat(text)
    day, month, year, hour, minute, second = match.groups()
    number = MONTHS.get(month.lower())
    if number is None:
        raise ValueError(month)
    return datetime(int(year), number, int(day), int(hour), int(minute), int(second or 0))


def _date_at_noon(text: str) -> datetime:
    return datetime.combine(datetime.fromisoformat(text).date(), NOON)


def duration_seconds(cell: str) -> int | None:
    """Strong's workout duration: '56m', '1h 2m', '1h', '45s'; '' when not given."""
    text = cell.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    match = _DURATION.match(text)
    if match is None or not any(match.groups()):
        raise _CellError(f"expected a duration such as 56m or 1h 2m, got {cell!r}")
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def clock_seconds(cell: str) -> int | None:
    """FitNotes' time: '0:01:30', '01:30' or plain seconds; '' when not given."""
    text = cell.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    match = _CLOCK.match(text)
    if match is None:
        raise _CellError(f"expected a time such as 0:01:30, got {cell!r}")
    h, m, s = (int(g or 0) for g in match.groups())
    return h * 3600 + m * 60 + s


def weight_unit(cell: str) -> WeightUnit | None:
    key = cell.strip().lower()
    if key in ("kg", "kgs", "kilograms"):
        return WeightUnit.KG
    if key in ("lb", "lbs", "pounds"):
        return WeightUnit.LB
    if not key:
        return None
    raise _CellError(f"expected a weight unit (kg, kgs, lb or lbs), got {cell!r}")


def metres_per(cell: str) -> Decimal | None:
    key = cell.strip().lower()
    if not key:
        return None
    factor = METRES.get(key)
    if factor is None:
        raise _CellError(f"expected a distance unit ({', '.join(sorted(METRES))}), got {cell!r}")
    return factor


STRONG_SET_ORDER = {"w": SetType.WARMUP, "d": SetType.DROP, "f": SetType.FAILURE}
HEVY_SET_TYPE = {
    "normal": SetType.WORKING,
    "": SetType.WORKING,
    "warmup": SetType.WARMUP,
    "warm-up": SetType.WARMUP,
    "dropset": SetType.DROP,
    "drop": SetType.DROP,
    "failure": SetType.FAILURE,
}


def rpe_value(value: Decimal | None, cell: str) -> Decimal | None:
    """RPE 1–10 in steps of 0.5; 0 is how some exports write 'not given'."""
    if value is None or value == 0:
        return None
    if not Decimal(1) <= value <= Decimal(10) or (value * 2) % 1:
        raise _CellError(f"expected an RPE from 1 to 10 in steps of 0.5, got {cell!r}")
    return value


# --- the reader ---------------------------------------------------------------------------------

# A set's values: type (None: a Strong rest timer), weight, unit, reps, RPE, metres, seconds.
_Values = tuple[SetType | None, Decimal | None, WeightUnit, int, Decimal | None, Decimal | None, int | None]

# The cells that make a set's values, and those that tell one workout from another.
VALUE_ROLES = {
    SourceApp.STRONG: (
        "set_order", "weight", "weight_kg", "weight_lb", "weight_unit", "reps", "rpe",
        "distance", "distance_m", "distance_km", "distance_mi", "distance_unit", "seconds",
    ),
    SourceApp.HEVY: (
        "set_type", "weight_kg", "weight_lb", "reps", "rpe", "distance_km", "distance_mi", "seconds",
    ),
    SourceApp.FITNOTES: (
        "weight", "weight_kg", "weight_lb", "weight_unit", "reps", "distance", "distance_unit", "time",
    ),
}  # fmt: skip
WORKOUT_ROLES = {
    SourceApp.STRONG: ("date", "workout_name", "workout_number"),
    SourceApp.HEVY: ("start", "title"),
    SourceApp.FITNOTES: ("date",),
}


def _getter(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at ``indexes`` of a row, as a tuple (itemgetter, which is C, with one index
    gives the cell itself rather than a tuple)."""
    if len(indexes) == 1:
        only = indexes[0]
        return lambda row: (row[only],)
    return itemgetter(*indexes)


class _Reader:
    """One pass over the rows, building workouts in the order they appear."""

    def __init__(
        self,
        lines: Iterator[str],
        total: int,
        source: str,
        app: SourceApp,
        delimiter: str,
        header: list[str],
        unit: WeightUnit | None,
        tz: tzinfo,
        progress: Progress | None,
    ) -> None:
        self.lines = lines
        self.total = total
        self.source = source
        self.app = app
        self.delimiter = delimiter
        self.header = header
        self.cells = _Cells(tz)
        self.progress = progress
        self.skipped = Skipped()
        self.workouts: dict[tuple[str, ...], ImportedWorkout] = {}
        self.pending_rest: dict[tuple[str, ...], tuple[int, int]] = {}  # workout → (seconds, line)
        self.rest_rows = 0
        self.categories: dict[str, str] = {}
        columns = COLUMNS[app]
        self.index: dict[str, int] = {}
        for i, cell in enumerate(header):
            role = columns.get(_fold(cell))
            if role is not None and role not in self.index:
                self.index[role] = i
        missing = [SPELLED[app][r] for r in REQUIRED[app] if r not in self.index]
        if missing:
            raise ImportFileError(
                f"{_NAME[app]} needs the column{'s' * (len(missing) > 1)} {', '.join(missing)}, which this header "
                f"lacks; expected a header like {', '.join(SPELLED[app].values())}, ...",
                source=source,
                line=1,
            )
        self.unit = self._unit(unit)
        self.distance_factor = self._distance_factor()
        self.i_exercise = self.index["exercise"]
        self.value_key = _getter([self.index[r] for r in VALUE_ROLES[app] if r in self.index])
        self.workout_key = _getter([self.index[r] for r in WORKOUT_ROLES[app] if r in self.index])
        self.values: dict[tuple[str, ...], _Values] = {}
        self.names: dict[str, str] = {}
        self.new_workout = {
            SourceApp.STRONG: self._strong_workout,
            SourceApp.HEVY: self._hevy_workout,
            SourceApp.FITNOTES: self._fitnotes_workout,
        }[app]

    # -- what the header says about units

    def _unit(self, given: WeightUnit | None) -> WeightUnit | None:
        """The unit of every weight, when the header fixes it; None when each row says it."""
        has = self.index.__contains__
        if has("weight_kg") and not has("weight_lb"):
            return WeightUnit.KG
        if has("weight_lb") and not has("weight_kg"):
            return WeightUnit.LB
        if has("weight_kg") and has("weight_lb"):
            return None  # both columns: a row uses whichever it fills
        if not has("weight"):
            raise ImportFileError(
                f"{_NAME[self.app]} needs a weight column (Weight, Weight (kg) or Weight (lbs)), which this "
                "header lacks",
                source=self.source,
                line=1,
            )
        if has("weight_unit"):
            return given  # each row names its unit; --unit only fills rows that leave it empty
        if given is None:
            raise ImportFileError(
                f"the weights in this {_NAME[self.app].removeprefix('a ')} have no unit column; say which unit "
                "you used in the app with --unit kg or --unit lb",
                source=self.source,
                line=1,
                usage=True,
            )
        return given

    def _distance_factor(self) -> Decimal | None:
        """Metres per distance unit when the header fixes it (None: per row, or no distances)."""
        has = self.index.__contains__
        if has("distance_m"):
            return Decimal(1)
        if has("distance_km"):
            return METRES["km"]
        if has("distance_mi"):
            return METRES["miles"]
        if has("distance") and not has("distance_unit"):
            # Strong's plain 'Distance' follows the app's unit setting: km with kg, miles with lb.
            return METRES["miles"] if self.unit is WeightUnit.LB else METRES["km"]
        return None

    # -- errors

    def fail(self, line: int, role: str | None, message: str) -> ImportFileError:
        if role is None or role not in self.index:
            return ImportFileError(message, source=self.source, line=line)
        i = self.index[role]
        return ImportFileError(message, source=self.source, line=line, column=i + 1, column_name=self.header[i].strip())

    # -- the pass

    def read(self) -> ParsedHistory:
        rows = csv.reader(self.lines, delimiter=self.delimiter, strict=True)
        width = len(self.header)
        handle = {SourceApp.STRONG: self._strong, SourceApp.HEVY: self._hevy, SourceApp.FITNOTES: self._fitnotes}[
            self.app
        ]
        total = self.total or 1
        count = 0
        end = 0  # the last line of the last record read
        try:
            next(rows)  # the header, already read
            end = rows.line_num
            for row in rows:
                line, end = end + 1, rows.line_num
                if len(row) != width:
                    if not any(c.strip() for c in row):
                        self.skipped.add(BLANK_ROW, line)
                        continue
                    raise ImportFileError(
                        f"this row has {len(row)} field{'s' * (len(row) != 1)} but the header has {width}; "
                        f"expected {width} fields separated by {self.delimiter!r} (a comma inside a name needs quotes)",
                        source=self.source,
                        line=line,
                    )
                count += 1
                handle(row, line)
                if self.progress is not None and count % PROGRESS_EVERY == 0:
                    self.progress(end, total)
        except UnicodeDecodeError:
            raise ImportFileError(
                "not UTF-8 text; save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8') and import it again",
                source=self.source,
                line=end + 1,
            ) from None
        except csv.Error as exc:
            raise ImportFileError(
                f"the CSV is broken in the row that starts here ({exc}); expected each quoted field to end with "
                "a closing quote before the next separator",
                source=self.source,
                line=end + 1,
            ) from None
        for seconds_line in self.pending_rest.values():
            self.skipped.add(LATE_REST, seconds_line[1])
        workouts = sorted(self.workouts.values(), key=lambda w: (w.started_at, w.line))
        for w in workouts:
            if w.ended_at is not None and w.ended_at < w.started_at:
                w.ended_at = None  # a duration cannot be negative; 'unknown' is the honest reading
        if self.progress is not None:
            self.progress(total, total)
        return ParsedHistory(
            app=self.app,
            variant=self.variant(),
            rows=count,
            workouts=workouts,
            skipped=self.skipped,
            rest_rows=self.rest_rows,
            categories=self.categories,
        )

    def variant(self) -> str:
        has = self.index.__contains__
        sep = {",": "comma", ";": "semicolon", "\t": "tab"}[self.delimiter]
        parts = [f"{sep}-separated"]
        if self.app is SourceApp.STRONG:
            if has("workout_number") or has("duration_sec"):
                parts.insert(0, "newer layout")
            elif has("weight_unit"):
                parts.insert(0, "older layout")
            if not has("notes") and not has("workout_notes"):
                parts.append("no notes columns")
        if self.unit is not None and not has("weight_unit"):
            parts.append(f"weights in {self.unit.value}")
        elif has("weight_unit"):
            parts.append("a unit on each row")
        return f"{self.app.value} ({', '.join(parts)})"

    # -- shared pieces

    def _cell(self, row: list[str], role: str) -> str:
        i = self.index.get(role)
        return row[i] if i is not None else ""

    def _weight(self, row: list[str], line: int) -> tuple[Decimal | None, WeightUnit]:
        cells = self.cells
        role = "weight"
        unit = self.unit
        try:
            if "weight" in self.index:
                value = cells.decimal(row[self.index["weight"]], "a weight such as 80 or 82.5")
                if "weight_unit" in self.index:
                    role = "weight_unit"
                    unit = weight_unit(row[self.index["weight_unit"]]) or self.unit
                    if unit is None and value is not None:
                        raise _CellError("expected the weight's unit (kg or lbs); the cell is empty")
            else:
                role = "weight_kg" if "weight_kg" in self.index else "weight_lb"
                value = cells.decimal(self._cell(row, "weight_kg"), "a weight in kg such as 80 or 82.5")
                unit = WeightUnit.KG
                if value is None and "weight_lb" in self.index:
                    role = "weight_lb"
                    value = cells.decimal(row[self.index["weight_lb"]], "a weight in lbs such as 135 or 137.5")
                    unit = WeightUnit.LB
        except _CellError as exc:
            raise self.fail(line, role, str(exc)) from None
        unit = unit or WeightUnit.KG
        if value is not None and to_kg(value, unit) > MAX_KG:
            too_heavy = f"{value} {unit.value} is over {MAX_KG} kg; expected a weight a person can lift"
            raise self.fail(line, role, too_heavy)
        return value, unit

    def _distance(self, row: list[str], line: int) -> Decimal | None:
        for role in ("distance", "distance_m", "distance_km", "distance_mi"):
            if role in self.index:
                break
        else:
            return None
        try:
            value = self.cells.decimal(row[self.index[role]], "a distance such as 5 or 2.5")
            if not value:
                return None
            factor = self.distance_factor
            if factor is None:
                role = "distance_unit"
                factor = metres_per(row[self.index["distance_unit"]]) if "distance_unit" in self.index else None
                if factor is None:
                    raise _CellError("expected the distance's unit (m, km or mi); the cell is empty")
        except _CellError as exc:
            raise self.fail(line, role, str(exc)) from None
        return (value * factor).quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)

    def _whole(self, row: list[str], line: int, role: str, what: str, most: int) -> int | None:
        try:
            return self.cells.whole(self._cell(row, role), what, most)
        except _CellError as exc:
            raise self.fail(line, role, str(exc)) from None

    def _rpe(self, row: list[str], line: int) -> Decimal | None:
        cell = self._cell(row, "rpe")
        try:
            return rpe_value(self.cells.decimal(cell, "an RPE from 1 to 10"), cell)
        except _CellError as exc:
            raise self.fail(line, "rpe", str(exc)) from None

    def _time(self, row: list[str], line: int, role: str, parse: Callable[[str], datetime], what: str) -> datetime:
        try:
            return self.cells.local(row[self.index[role]], parse, what)
        except _CellError as exc:
            raise self.fail(line, role, str(exc)) from None

    def _exercise(self, row: list[str], line: int) -> str:
        name = " ".join(row[self.index["exercise"]].split())
        if not name:
            raise self.fail(line, "exercise", "expected an exercise name; the cell is empty")
        if len(name) > MAX_NAME:
            raise self.fail(line, "exercise", f"expected an exercise name of at most {MAX_NAME} characters")
        return name

    def _add(self, key: tuple[str, ...], row: list[str], line: int, done: ImportedSet) -> None:
        """Add a set to its workout (the row's, made on its first set), unless it records nothing."""
        if not done.reps and done.weight is None and done.distance_m is None and done.duration_s is None:
            self.skipped.add(NOTHING_DONE, done.line)
            return
        found = self.workouts.get(key)
        if found is None:
            found = self.workouts[key] = self.new_workout(row, line)
        if self.pending_rest:
            rest = self.pending_rest.pop(key, None)
            if rest is not None:
                done.rest_s = rest[0]
        found.sets.append(done)

    # -- the apps: the cells that hold a set's values are read once per distinct combination
    # (a history repeats '80,8,,0,0' thousands of times), the rest per row.

    def _cached(self, key: tuple[str, ...], row: list[str], line: int, read: Callable[..., _Values]) -> _Values:
        values = self.values.get(key)
        if values is None:
            values = self.values[key] = read(row, line)
        return values

    def _name(self, row: list[str], line: int) -> str:
        cell = row[self.i_exercise]
        name = self.names.get(cell)
        if name is None:
            name = self.names[cell] = self._exercise(row, line)
        return name

    def _text(self, row: list[str], role: str) -> str:
        i = self.index.get(role)
        return row[i].strip() if i is not None and row[i] else ""

    # -- Strong

    def _strong_values(self, row: list[str], line: int) -> _Values:
        order = row[self.index["set_order"]].strip()
        seconds = self._whole(row, line, "seconds", "a number of seconds", MAX_DURATION_S)
        if order.lower() == "rest timer":
            return (None, None, WeightUnit.KG, 0, None, None, seconds)
        if order.isdigit():
            set_type = SetType.WORKING
        else:
            found = STRONG_SET_ORDER.get(order.lower())
            if found is None:
                raise self.fail(
                    line, "set_order", f"expected a set number, W (warm-up), D (drop set) or F (failure), got {order!r}"
                )
            set_type = found
        weight, unit = self._weight(row, line)
        reps = self._whole(row, line, "reps", "a number of reps", MAX_REPS) or 0
        return (set_type, weight, unit, reps, self._rpe(row, line), self._distance(row, line), seconds or None)

    def _strong(self, row: list[str], line: int) -> None:
        # The hot path of a big import: _cached and _name inlined.
        value_key = self.value_key(row)
        values = self.values.get(value_key)
        if values is None:
            values = self.values[value_key] = self._strong_values(row, line)
        set_type, weight, unit, reps, rpe, distance, seconds = values
        key = self.workout_key(row)
        name = self.names.get(row[self.i_exercise])
        if name is None:
            name = self._name(row, line)
        if set_type is None or name.lower() == "rest timer":
            self.rest_rows += 1
            if seconds is None:
                self.skipped.add("rest timer without seconds", line)
            elif seconds > MAX_REST_S:
                self.skipped.add(LONG_REST, line)
            else:
                self.pending_rest[key] = (seconds, line)
            return
        done = ImportedSet(line, name, set_type, weight, unit, reps, rpe, distance, seconds, self._text(row, "notes"))
        self._add(key, row, line, done)

    def _strong_workout(self, row: list[str], line: int) -> ImportedWorkout:
        started = self._time(row, line, "date", _iso, "a date and time such as 2024-03-02 18:30:00")
        if "duration_sec" in self.index:
            length = self._whole(row, line, "duration_sec", "a duration in seconds", 10 * MAX_DURATION_S)
        else:
            try:
                length = duration_seconds(self._cell(row, "duration"))
            except _CellError as exc:
                raise self.fail(line, "duration", str(exc)) from None
        return ImportedWorkout(
            line=line,
            name=self._text(row, "workout_name"),
            started_at=started,
            ended_at=started + timedelta(seconds=length) if length else None,
            notes=self._text(row, "workout_notes"),
        )

    # -- Hevy

    def _hevy_values(self, row: list[str], line: int) -> _Values:
        kind = self._cell(row, "set_type").strip().lower()
        set_type = HEVY_SET_TYPE.get(kind)
        if set_type is None:
            raise self.fail(line, "set_type", f"expected normal, warmup, dropset or failure, got {kind!r}")
        weight, unit = self._weight(row, line)
        seconds = self._whole(row, line, "seconds", "a number of seconds", MAX_DURATION_S)
        reps = self._whole(row, line, "reps", "a number of reps", MAX_REPS) or 0
        return (set_type, weight, unit, reps, self._rpe(row, line), self._distance(row, line), seconds or None)

    def _hevy(self, row: list[str], line: int) -> None:
        set_type, weight, unit, reps, rpe, distance, seconds = self._cached(
            self.value_key(row), row, line, self._hevy_values
        )
        done = ImportedSet(
            line,
            self._name(row, line),
            set_type or SetType.WORKING,
            weight,
            unit,
            reps,
            rpe,
            distance,
            seconds,
            self._text(row, "exercise_notes"),
            self._text(row, "superset").removesuffix(".0"),
        )
        self._add(self.workout_key(row), row, line, done)

    def _hevy_workout(self, row: list[str], line: int) -> ImportedWorkout:
        what = "a time such as 2 Mar 2026, 19:59"
        started = self._time(row, line, "start", _hevy_time, what)
        ended = self._time(row, line, "end", _hevy_time, what) if self._text(row, "end") else None
        return ImportedWorkout(
            line=line,
            name=self._text(row, "title"),
            started_at=started,
            ended_at=ended,
            notes=self._text(row, "description"),
        )

    # -- FitNotes

    def _fitnotes_values(self, row: list[str], line: int) -> _Values:
        weight, unit = self._weight(row, line)
        try:
            seconds = clock_seconds(self._cell(row, "time"))
        except _CellError as exc:
            raise self.fail(line, "time", str(exc)) from None
        if seconds is not None and seconds > MAX_DURATION_S:
            raise self.fail(line, "time", f"expected a time under 24 hours, got {self._cell(row, 'time')!r}")
        reps = self._whole(row, line, "reps", "a number of reps", MAX_REPS) or 0
        return (SetType.WORKING, weight, unit, reps, None, self._distance(row, line), seconds or None)

    def _fitnotes(self, row: list[str], line: int) -> None:
        set_type, weight, unit, reps, rpe, distance, seconds = self._cached(
            self.value_key(row), row, line, self._fitnotes_values
        )
        name = self._name(row, line)
        category = self._text(row, "category")
        if category:
            self.categories.setdefault(name, category)
        done = ImportedSet(line, name, set_type or SetType.WORKING, weight, unit, reps, rpe, distance, seconds)
        self._add(self.workout_key(row), row, line, done)

    def _fitnotes_workout(self, row: list[str], line: int) -> ImportedWorkout:
        started = self._time(row, line, "date", _date_at_noon, "a date such as 2024-03-02")
        return ImportedWorkout(line=line, name="", started_at=started, ended_at=None)


def read_export(
    text: str | Iterable[str],
    *,
    source: str,
    tz: tzinfo,
    app: SourceApp | None = None,
    unit: WeightUnit | None = None,
    progress: Progress | None = None,
    total_lines: int = 0,
) -> ParsedHistory:
    """Every workout of an export, checked whole. ``source`` names the file in errors; ``tz``
    is the zone the app wrote its local times in; ``unit`` the weight unit of files that do
    not say it; ``app`` forces the app instead of reading it from the header. ``text`` may be
    the whole text or its lines with their line ends (a file opened with ``newline=""``, so a
    big export is read as it goes); ``total_lines`` then sizes the progress reports."""
    if isinstance(text, str):
        total_lines = text.count("\n")
        text = io.StringIO(text, newline="")
    lines = iter(text)
    try:
        first = next(lines, "")
    except UnicodeDecodeError:
        raise ImportFileError(
            "not UTF-8 text; save the file as UTF-8 and import it again", source=source, line=1
        ) from None
    found, delimiter, header = detect(first, source, app)
    rows = chain([first.removeprefix("\ufeff")], lines)
    return _Reader(rows, total_lines, source, found, delimiter, header, unit, tz, progress).read()


__all__ = ["ParsedHistory", "Progress", "detect", "read_export"]
