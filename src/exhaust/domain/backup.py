"""The backup format: everything of one lifter as a versioned JSON document (docs/backup-format.md).

Pure: pydantic models of the format, the deterministic text they are written as, and a
reader that walks a backup's text one workout at a time, so neither writing nor checking a
backup of 1,000,000 sets needs all of it as objects at once. No I/O here; the service
(``exhaust.services.backup``) reads and writes the files.

Deterministic bytes: fixed key order, workouts by (started_at, uid), sets by position,
times as ISO 8601 UTC with 'Z' (microseconds only when nonzero), decimals as canonical
strings ("80", "74.99"), no export timestamp, UTF-8, indent 2, a trailing newline. The text
equals ``json.dumps(document, indent=2, ensure_ascii=False) + "\\n"``; it is built here piece
by piece so it can be streamed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Annotated, Any, ClassVar, Final, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from exhaust.domain.errors import ExhaustError
from exhaust.domain.logbook import (
    HUNDREDTH,
    MAX_DISTANCE_M,
    MAX_DURATION_S,
    MAX_FINGERPRINT,
    MAX_KG,
    MAX_REPS,
    MAX_SOURCE,
    OrderMethod,
    SetType,
    WeightUnit,
    to_kg,
)

FORMAT = "exhaust-backup"
VERSION: Final = 2  # what this exhaust writes; it reads every version from 1 up to this one
MAX_POSITION = 2_147_483_647  # the database's integer
MAX_RIR = 10
MAX_REST_S = 3600
THOUSANDTH = Decimal("0.001")
# Integer fields with both bounds: an error says the whole range.
RANGES: dict[str, tuple[int, int]] = {
    "reps": (0, MAX_REPS),
    "rir": (0, MAX_RIR),
    "rest_s": (0, MAX_REST_S),
    "duration_s": (0, MAX_DURATION_S),
    "position": (1, MAX_POSITION),
}
HEADER_KEYS = ("format", "version", "user", "custom_exercises", "templates")
IMPORT_HINT = "Strong and Hevy exports are read by `exhaust import`, not by import-backup"


class BackupError(ExhaustError):
    """A backup that cannot be read: says where (a JSON path, or a line and column) and what."""

    def __init__(self, message: str, path: str = "", line: int | None = None, column: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        super().__init__(f"{self.where}: {message}" if self.where else message)

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"line {self.line}, column {self.column}"
        return self.path


# --- values ------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of range once converted to UTC") from None


def _rule(field: str | tuple[str | int, ...], message: str) -> PydanticCustomError:
    """An error found by a model-level check, located at one of the model's fields."""
    loc = (field,) if isinstance(field, str) else field
    return PydanticCustomError("backup_rule", "{message}", {"loc": loc, "message": message})


def _check_text(model: BaseModel, fields: Sequence[str]) -> None:
    """Text the databases can keep: no NUL characters, no unpaired surrogates."""
    for name in fields:
        value = getattr(model, name)
        if value.isascii():
            if "\x00" in value:
                raise _rule(name, "contains a NUL character (\\u0000), which no database can keep")
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _rule(name, "contains an unpaired surrogate, which is not text") from None


UtcTime = Annotated[AwareDatetime, AfterValidator(_utc)]
Uid = Annotated[str, Field(strict=True, min_length=1, max_length=36)]
Text = Annotated[str, Field(strict=True)]


def _sized(n: int, min_length: int = 0) -> Any:
    return Annotated[str, Field(strict=True, min_length=min_length, max_length=n)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Fields that a version added, by the version: an older document that has one is refused
    # as it would be by the exhaust that wrote it (reading passes the document's version as
    # the validation context; without one, the current version is meant).
    added_in: ClassVar[dict[str, int]] = {}

    @model_validator(mode="before")
    @classmethod
    def _of_its_version(cls, data: Any, info: ValidationInfo) -> Any:
        version = (info.context or {}).get("version", VERSION)
        if isinstance(data, dict) and version < VERSION:
            for name, since in cls.added_in.items():
                if name in data and version < since:
                    raise _rule(name, f"is not a field of a version {version} backup (it came in version {since})")
        return data


class BackupUser(_Model):
    unit: WeightUnit  # the lifter's preferred unit


class BackupCustomExercise(_Model):
    slug: Annotated[str, Field(strict=True, min_length=1, max_length=120)]  # what sets' exercise_id refer to
    name: Annotated[str, Field(strict=True, min_length=1, max_length=200)]
    definition: dict[str, Any] = Field(default_factory=dict)
    created_at: UtcTime

    @model_validator(mode="after")
    def _text(self) -> BackupCustomExercise:
        _check_text(self, ("slug", "name"))
        try:
            json.dumps(self.definition, ensure_ascii=False).encode("utf-8")
        except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
            raise _rule("definition", "holds something that is not JSON text (an unpaired surrogate?)") from None
        return self


class BackupTemplate(_Model):
    name: Annotated[str, Field(strict=True, min_length=1, max_length=120)]
    plan_text: Text
    created_at: UtcTime

    @model_validator(mode="after")
    def _text(self) -> BackupTemplate:
        _check_text(self, ("name", "plan_text"))
        return self


class BackupSet(_Model):
    added_in: ClassVar[dict[str, int]] = {"method": 2, "distance_m": 2, "duration_s": 2, "imported_name": 2}

    uid: Uid
    position: int = Field(strict=True, ge=1, le=MAX_POSITION)
    exercise_id: Annotated[str, Field(strict=True, min_length=1, max_length=120)]
    block: Annotated[str, Field(strict=True, max_length=8)] = ""
    method: OrderMethod = OrderMethod.NONE  # the order method of the set's block; '' untagged
    set_type: SetType = SetType.WORKING
    weight: Decimal | None = None  # in ``unit``; None: bodyweight / no load
    unit: WeightUnit = WeightUnit.KG
    reps: int = Field(strict=True, ge=0, le=MAX_REPS)
    distance_m: Decimal | None = None  # metres, to 0.01
    duration_s: int | None = Field(default=None, strict=True, ge=0, le=MAX_DURATION_S)
    rpe: Decimal | None = None
    rir: int | None = Field(default=None, strict=True, ge=0, le=MAX_RIR)
    rest_s: int | None = Field(default=None, strict=True, ge=0, le=MAX_REST_S)
    notes: Text = ""
    logged_at: UtcTime
    imported_name: Annotated[str, Field(strict=True, max_length=200)] = ""

    @model_validator(mode="after")
    def _rules(self) -> BackupSet:
        """The logbook's rules for a set (domain/logbook.py LoggedSet), each at its field."""
        _check_text(self, ("uid", "exercise_id", "block", "notes", "imported_name"))
        if self.weight is not None:
            if self.weight < 0:
                raise _rule("weight", "a weight cannot be negative")
            if self.weight > MAX_KG * 10 or to_kg(self.weight, self.unit) > MAX_KG:
                raise _rule("weight", f"{self.weight} {self.unit.value} is over {MAX_KG} kg")
            if self.weight != self.weight.quantize(THOUSANDTH):
                raise _rule("weight", "weights are kept to 0.001 of a unit")
        if self.distance_m is not None:
            if self.distance_m < 0:
                raise _rule("distance_m", "a distance cannot be negative")
            if self.distance_m > MAX_DISTANCE_M:
                raise _rule("distance_m", f"{self.distance_m} m is over {MAX_DISTANCE_M} m")
            if self.distance_m != self.distance_m.quantize(HUNDREDTH):
                raise _rule("distance_m", "distances are kept to 0.01 m")
        if self.rpe is not None and (not Decimal(1) <= self.rpe <= Decimal(10) or (self.rpe * 2) % 1):
            raise _rule("rpe", "RPE runs from 1 to 10 in steps of 0.5")
        if self.rpe is not None and self.rir is not None:
            raise _rule("rir", "give RPE or RIR, not both")
        return self

    @property
    def weight_kg(self) -> Decimal | None:
        return None if self.weight is None else to_kg(self.weight, self.unit)


class BackupWorkout(_Model):
    added_in: ClassVar[dict[str, int]] = {"source": 2, "fingerprint": 2}

    uid: Uid
    name: Annotated[str, Field(strict=True, max_length=200)] = ""
    started_at: UtcTime
    ended_at: UtcTime | None = None
    notes: Text = ""
    plan_name: Annotated[str, Field(strict=True, max_length=200)] = ""
    session_name: Annotated[str, Field(strict=True, max_length=200)] = ""
    plan_text: Text = ""
    source: Annotated[str, Field(strict=True, max_length=MAX_SOURCE)] = ""  # '' logged in exhaust; 'strong'…
    fingerprint: Annotated[str, Field(strict=True, max_length=MAX_FINGERPRINT)] = ""
    sets: list[BackupSet] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rules(self) -> BackupWorkout:
        _check_text(self, ("uid", "name", "notes", "plan_name", "session_name", "plan_text", "source", "fingerprint"))
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise _rule("ended_at", "a workout cannot end before it starts")
        seen: dict[int, int] = {}
        for i, s in enumerate(self.sets):
            if s.position in seen:
                raise _rule(("sets", i, "position"), f"{s.position} is also the position of sets[{seen[s.position]}]")
            seen[s.position] = i
        return self


class BackupHeader(_Model):
    """Everything of a backup but its workouts."""

    format: Literal["exhaust-backup"] = "exhaust-backup"
    version: Literal[1, 2] = VERSION
    user: BackupUser
    custom_exercises: list[BackupCustomExercise] = Field(default_factory=list)
    templates: list[BackupTemplate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> BackupHeader:
        _unique_names("custom_exercises", "slug", [c.slug for c in self.custom_exercises])
        _unique_names("templates", "name", [t.name for t in self.templates])
        return self


def _unique_names(key: str, field: str, names: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise _rule((key, i, field), f"{name!r} is also the {field} of {key}[{seen[name]}]")
        seen[name] = i


# --- errors with a JSON path ---------------------------------------------------------------


def json_path(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_FRIENDLY = {
    "missing": "is missing",
    "int_type": "must be a whole number",
    "string_type": "must be text (a JSON string)",
    "string_too_short": "must not be empty",
    "timezone_aware": "needs a time zone, e.g. 2024-05-01T18:30:00Z",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "finite_number": "must be a finite number",
}


def _scalar_input(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | Decimal | bool)


def _describe(err: ErrorDetails, version: int) -> tuple[list[str | int], str]:
    loc: list[str | int] = list(err["loc"])
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "backup_rule":
        return loc + list(ctx["loc"]), str(ctx["message"])
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        message = f"is not a field of a version {version} backup"
    elif kind in ("less_than_equal", "greater_than_equal") and isinstance(field, str) and field in RANGES:
        lo, hi = RANGES[field]
        message = f"must be between {lo} and {hi}"
    elif kind == "string_too_long":
        message = f"is longer than {ctx.get('max_length')} characters"
    elif kind.startswith("datetime") or kind.startswith("date_"):
        message = "must be an ISO 8601 time like 2024-05-01T18:30:00Z"
    elif kind.startswith("decimal"):
        message = 'must be a decimal number written as a string, e.g. "80" or "74.99"'
    elif kind in _FRIENDLY:
        message = _FRIENDLY[kind]
    else:
        message = err["msg"].removeprefix("Value error, ")
        message = re.sub(r"^Input should", "must", message)
    raw = err.get("input")
    if kind not in ("missing", "extra_forbidden") and _scalar_input(raw):
        shown = json.dumps(raw, ensure_ascii=False, default=str)
        message += f" (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    return loc, message


def _from_validation(exc: ValidationError, prefix: Sequence[str | int] = (), version: int = VERSION) -> BackupError:
    errors = exc.errors(include_url=False)
    loc, message = _describe(errors[0], version)
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
    return BackupError(message, path=json_path([*prefix, *loc]) or "backup")


# --- writing -------------------------------------------------------------------------------


def canonical_decimal(value: Decimal) -> str:
    """'80', '74.99', '0.5': normalised, never an exponent, never '-0'."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def iso_utc(value: datetime) -> str:
    """2024-05-01T18:30:00Z, or 2024-05-01T18:30:00.250000Z when there are microseconds."""
    value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds" if value.microsecond else "seconds") + "Z"


def _opt_decimal(value: Decimal | None) -> str | None:
    return None if value is None else canonical_decimal(value)


def set_record(s: BackupSet) -> dict[str, Any]:
    return {
        "uid": s.uid,
        "position": s.position,
        "exercise_id": s.exercise_id,
        "block": s.block,
        "method": str(s.method),
        "set_type": str(s.set_type),
        "weight": _opt_decimal(s.weight),
        "unit": str(s.unit),
        "reps": s.reps,
        "distance_m": _opt_decimal(s.distance_m),
        "duration_s": s.duration_s,
        "rpe": _opt_decimal(s.rpe),
        "rir": s.rir,
        "rest_s": s.rest_s,
        "notes": s.notes,
        "logged_at": iso_utc(s.logged_at),
        "imported_name": s.imported_name,
    }


def workout_record(w: BackupWorkout) -> dict[str, Any]:
    return {
        "uid": w.uid,
        "name": w.name,
        "started_at": iso_utc(w.started_at),
        "ended_at": None if w.ended_at is None else iso_utc(w.ended_at),
        "notes": w.notes,
        "plan_name": w.plan_name,
        "session_name": w.session_name,
        "plan_text": w.plan_text,
        "source": w.source,
        "fingerprint": w.fingerprint,
        "sets": [set_record(s) for s in sorted(w.sets, key=lambda s: s.position)],
    }


def header_record(h: BackupHeader) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "user": {"unit": str(h.user.unit)},
        "custom_exercises": [
            {"slug": c.slug, "name": c.name, "definition": c.definition, "created_at": iso_utc(c.created_at)}
            for c in sorted(h.custom_exercises, key=lambda c: c.slug)
        ],
        "templates": [
            {"name": t.name, "plan_text": t.plan_text, "created_at": iso_utc(t.created_at)}
            for t in sorted(h.templates, key=lambda t: t.name)
        ],
    }


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _pretty(value: Any, indent: str) -> str:
    """Exactly what ``json.dumps(value, indent=2, ensure_ascii=False)`` writes, at ``indent``,
    but with the scalars encoded in C (json's pure-Python indenting encoder is slow)."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = indent + "  "
        items = (f"{inner}{encode_basestring(str(k))}: {_pretty(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _pretty(v, inner) for v in value) + "\n" + indent + "]"
    return _ENCODER.encode(value)


def encode_head(header: BackupHeader) -> str:
    """The text of a backup up to and including the '[' that opens its workouts."""
    head = _pretty(header_record(header), "")
    return head[: -len("\n}")] + ',\n  "workouts": ['


def encode_workout(workout: BackupWorkout, first: bool) -> str:
    return ("\n    " if first else ",\n    ") + _pretty(workout_record(workout), "    ")


def encode_tail(any_workouts: bool) -> str:
    return "\n  ]\n}\n" if any_workouts else "]\n}\n"


def dumps(header: BackupHeader, workouts: Sequence[BackupWorkout]) -> str:
    """A whole backup as text (small backups and tests; the service streams the same pieces)."""
    ordered = sorted(workouts, key=lambda w: (w.started_at, w.uid))
    parts = [encode_head(header)]
    parts += [encode_workout(w, i == 0) for i, w in enumerate(ordered)]
    parts.append(encode_tail(bool(ordered)))
    return "".join(parts)


# --- reading -------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_PLAIN = json.JSONDecoder()
_EXACT = json.JSONDecoder(parse_float=Decimal)  # 74.99 stays 74.99, not 74.98999…


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax(text: str, index: int, message: str) -> BackupError:
    line, column = _position(text, index)
    return BackupError(f"not valid JSON: {message}", line=line, column=column)


def _skip(text: str, index: int) -> int:
    match = _WS.match(text, index)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _value(text: str, index: int, decoder: json.JSONDecoder = _PLAIN) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, index)
    except json.JSONDecodeError as exc:
        raise BackupError(f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise _syntax(text, index, str(exc).split(";")[0]) from None
    except RecursionError:
        raise _syntax(text, index, "nested too deeply") from None


def _not_a_backup(text: str) -> BackupError:
    first_line = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0]
    if not first_line.strip():
        return BackupError("the file is empty; it is not an exhaust backup")
    if first_line.lstrip().startswith("["):
        return BackupError("not an exhaust backup: the file is a JSON list, a backup is a JSON object")
    if "," in first_line or ";" in first_line:
        return BackupError(f"not an exhaust backup: this looks like a CSV file. {IMPORT_HINT}")
    return BackupError("not an exhaust backup: it does not start with '{'")


class BackupText:
    """A backup's text, read a workout at a time.

    Creating one reads and checks everything but the workouts: the format and version (a
    file that is not an exhaust backup, or one from a newer exhaust, is refused before any
    other check), then the user, custom exercises and templates. ``workouts()`` then walks
    the workouts, each validated as it is reached; it can be walked more than once.
    """

    def __init__(self, text: str) -> None:
        self.text = text.removeprefix("\ufeff")
        self._workouts_at: int | None = None  # index of the '[' of the workouts
        self._tail_read = False  # the members after the workouts were read already
        self._list_end = 0  # index just past the ']' of the list last walked
        members = self._head()
        self.header = self._header(members)

    # the top-level object, up to the workouts
    def _head(self) -> dict[str, Any]:
        text = self.text
        i = _skip(text, 0)
        if not text.startswith("{", i):
            raise _not_a_backup(text)
        i = _skip(text, i + 1)
        members: dict[str, Any] = {}
        if text.startswith("}", i):
            return self._end(members, i + 1)
        while True:
            key, i = self._key(i)
            if key in members or (key == "workouts" and self._workouts_at is not None):
                raise _syntax(text, i, f"the key {key!r} appears twice")
            i = _skip(text, i)
            if key == "workouts":
                if not text.startswith("[", i):
                    value, _ = _value(text, i)
                    kind = "an object" if isinstance(value, dict) else json.dumps(value)[:30]
                    raise BackupError(f"must be a list (got {kind})", path="workouts")
                self._workouts_at = i
                if all(k in members for k in HEADER_KEYS):
                    return members  # the usual order: the rest is read with the workouts
                i = self._skip_list(i)
            else:
                members[key], i = _value(text, i)
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            if text.startswith("}", i):
                self._tail_read = True
                return self._end(members, i + 1)
            raise _syntax(text, i, "expecting ',' or '}' after a value")

    def _key(self, i: int) -> tuple[str, int]:
        text = self.text
        if not text.startswith('"', i):
            raise _syntax(text, i, "expecting a property name in double quotes")
        key, i = _value(text, i)
        i = _skip(text, i)
        if not text.startswith(":", i):
            raise _syntax(text, i, "expecting ':' after a property name")
        return key, i + 1

    def _end(self, members: dict[str, Any], i: int) -> dict[str, Any]:
        i = _skip(self.text, i)
        if i != len(self.text):
            raise _syntax(self.text, i, "extra data after the backup's closing '}'")
        return members

    def _skip_list(self, i: int) -> int:
        for _ in self._elements(i, _PLAIN):
            pass
        return self._list_end

    def _elements(self, i: int, decoder: json.JSONDecoder) -> Iterator[Any]:
        text = self.text
        i = _skip(text, i + 1)  # past '['
        if text.startswith("]", i):
            self._list_end = i + 1
            return
        while True:
            item, i = _value(text, i, decoder)
            yield item
            i = _skip(text, i)
            if text.startswith(",", i):
                i = _skip(text, i + 1)
                continue
            if text.startswith("]", i):
                self._list_end = i + 1
                return
            raise _syntax(text, i, "expecting ',' or ']' after a workout")

    def _header(self, members: dict[str, Any]) -> BackupHeader:
        if "format" not in members:
            raise BackupError(f'not an exhaust backup: it has no "format": "{FORMAT}". {IMPORT_HINT}')
        if members["format"] != FORMAT:
            shown = json.dumps(members["format"], ensure_ascii=False)[:60]
            raise BackupError(f'not an exhaust backup: its "format" is {shown}, not "{FORMAT}". {IMPORT_HINT}')
        version = members.get("version")
        if "version" not in members:
            raise BackupError("the backup has no version", path="version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            shown = json.dumps(version, ensure_ascii=False)[:30]
            raise BackupError(f"must be a whole number from 1 (got {shown})", path="version")
        if version > VERSION:
            raise BackupError(
                f"this backup is version {version}, written by a newer exhaust; this exhaust reads "
                f"backups up to version {VERSION}. Upgrade exhaust (pip install --upgrade exhaust) to import it"
            )
        try:
            return BackupHeader.model_validate(members)
        except ValidationError as exc:
            raise _from_validation(exc, version=version) from None

    # the workouts
    def workouts(self) -> Iterator[tuple[int, BackupWorkout]]:
        """Each workout with its index in the file, validated; then the rest of the file is checked."""
        if self._workouts_at is None:
            return
        context = {"version": self.header.version}
        for index, raw in enumerate(self._elements(self._workouts_at, _EXACT)):
            try:
                yield index, BackupWorkout.model_validate(raw, context=context)
            except ValidationError as exc:
                raise _from_validation(exc, ("workouts", index), self.header.version) from None
        if not self._tail_read:
            self._tail(self._list_end)

    def _tail(self, i: int) -> None:
        text = self.text
        i = _skip(text, i)
        while text.startswith(",", i):
            key, j = self._key(_skip(text, i + 1))
            if key in HEADER_KEYS or key == "workouts":
                raise _syntax(text, j, f"the key {key!r} appears twice")
            raise BackupError(f"is not a field of a version {self.header.version} backup", path=key)
        if not text.startswith("}", i):
            raise _syntax(text, i, "expecting ',' or '}' after the workouts")
        self._end({}, i + 1)
        self._tail_read = True


class BackupStats(BaseModel):
    workouts: int
    sets: int


def check(backup: BackupText) -> BackupStats:
    """Validate every workout, and that no workout or set uid is used twice in the file."""
    workout_uids: dict[str, int] = {}
    set_uids: set[str] = set()  # only the uids: a million of them, so no locations
    workouts = sets = 0
    for index, workout in backup.workouts():
        if workout.uid in workout_uids:
            raise BackupError(
                f"{workout.uid!r} is also the uid of workouts[{workout_uids[workout.uid]}]",
                path=f"workouts[{index}].uid",
            )
        workout_uids[workout.uid] = index
        for j, s in enumerate(workout.sets):
            if s.uid in set_uids:
                raise BackupError(
                    f"{s.uid!r} is also the uid of {_first_set(backup, s.uid)}", path=f"workouts[{index}].sets[{j}].uid"
                )
            set_uids.add(s.uid)
        workouts += 1
        sets += len(workout.sets)
    return BackupStats(workouts=workouts, sets=sets)


def _first_set(backup: BackupText, uid: str) -> str:
    for index, workout in backup.workouts():
        for j, s in enumerate(workout.sets):
            if s.uid == uid:
                return f"workouts[{index}].sets[{j}]"
    raise AssertionError("unreachable: the uid was seen")  # pragma: no cover
