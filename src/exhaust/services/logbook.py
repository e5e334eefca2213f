"""Use cases of the logbook: start a workout, log sets, finish, look back, templates.

Each public method is one transaction: it commits whole or leaves the database as it was.
"""

from __future__ import annotations

import re
import uuid
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from exhaust.domain.catalogue import normalise_name
from exhaust.domain.errors import ExhaustError, UnknownExercise
from exhaust.domain.exercises import Exercise
from exhaust.domain.logbook import LogError, LoggedSet, SetType, WeightUnit, from_kg, new_id
from exhaust.domain.methodtags import MethodTagger
from exhaust.domain.planfile import format_plan, parse_plan
from exhaust.domain.plans import Block, Load, LoadKind, Plan, Prescription, RepRange, Session
from exhaust.services.catalogue import find_exercise, get_catalogue
from exhaust.store.database import Database, open_database
from exhaust.store.models import CustomExerciseRow, SetRow, TemplateRow, UserRow, WorkoutRow, set_values
from exhaust.store.repository import Repository

LOCAL_USER = "local"
CUSTOM_PREFIX = "custom:"  # ids of a user's own exercises; catalogue ids never contain ':'
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
UID_LENGTH = 36  # sets.uid holds a UUID's text
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of ours a client's clock may run
# Idempotency keys longer than a uid are stored as a UUID derived from them (same key, same uid).
_KEY_NAMESPACE = uuid.UUID("6f0b0c1e-3c1e-4d0e-9a57-657868617573")


def _now() -> datetime:
    return datetime.now(UTC)


class WorkoutStillOpen(ExhaustError):
    """A workout cannot start while another is open."""

    def __init__(self, workout_id: int, name: str, started_at: datetime) -> None:
        self.workout_id, self.name, self.started_at = workout_id, name, started_at
        super().__init__(
            f"workout {workout_id} ({name or 'unnamed'}, started {started_at:%Y-%m-%d %H:%M} UTC) is still open; "
            "finish it first (`exhaust workout finish`, or Finish on the Today page)"
        )


class SessionNeeded(ExhaustError):
    """A plan or template of several sessions, started without saying which."""

    def __init__(self, where: str, sessions: list[str]) -> None:
        self.where, self.sessions = where, sessions
        names = ", ".join(repr(n) for n in sessions)
        super().__init__(f"{where} has {len(sessions)} sessions; choose one with --session ({names})")


class NoOpenWorkout(ExhaustError):
    """Logging or finishing needs an open workout."""


class KeyConflict(LogError):
    """An idempotency key already stored with another user's set (the message says no more)."""

    def __init__(self) -> None:
        super().__init__("this idempotency key is already in use; send each new set with a new key")


def set_uid(key: str) -> str:
    """The uid a set logged with idempotency key ``key`` is stored under."""
    return key if len(key) <= UID_LENGTH else str(uuid.uuid5(_KEY_NAMESPACE, key))


def _resolve(name: str) -> Exercise:
    return find_exercise(name, get_catalogue())


@lru_cache(maxsize=256)
def parsed_plan(text: str, source: str = "<plan>") -> Plan:
    """A plan text parsed once: a workout's plan is read on every set logged and every view of
    it, and a Plan is frozen, so one parse serves them all (errors are not cached)."""
    return parse_plan(text, _resolve, source=source)


def epley(weight_kg: Decimal, reps: int) -> Decimal:
    """Estimated 1RM, Epley (1985): w (1 + r/30); a single is its own 1RM."""
    if reps <= 1:
        return weight_kg
    return (weight_kg * (1 + Decimal(reps) / 30)).quantize(Decimal("0.1"))


def round_plate(kg: Decimal, unit: WeightUnit) -> Decimal:
    """Round to what a gym can load: 2.5 kg or 5 lb steps."""
    value = from_kg(kg, unit)
    step = Decimal("2.5") if unit is WeightUnit.KG else Decimal(5)
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step).normalize()


# --- views returned to the entry points ---------------------------------------------------


@dataclass(frozen=True)
class SetView:
    id: int
    uid: str
    position: int
    exercise_id: str
    exercise: str
    block: str
    set_type: str
    weight: Decimal | None
    unit: str
    weight_kg: Decimal | None
    reps: int
    rpe: Decimal | None
    rir: int | None
    rest_s: int | None
    notes: str
    logged_at: datetime
    method: str = ""  # the order method of the set's block (OrderMethod); '' untagged
    distance_m: Decimal | None = None
    duration_s: int | None = None
    workout_id: int = 0

    @property
    def text(self) -> str:
        """'80 kg × 8 @8', 'bodyweight × 10 (failure)'; a timed or distance set with no reps:
        '60 s', '24 kg, 40 m'."""
        load = "bodyweight" if self.weight is None else f"{self.weight.normalize():f} {self.unit}"
        effort = (
            f" @{self.rpe.normalize():f}"
            if self.rpe is not None
            else f" RIR {self.rir}"
            if self.rir is not None
            else ""
        )
        kind = "" if self.set_type == SetType.WORKING else f" ({self.set_type})"
        extra = [f"{self.distance_m.normalize():f} m"] if self.distance_m is not None else []
        extra += [f"{self.duration_s} s"] if self.duration_s is not None else []
        if not extra:
            return f"{load} × {self.reps}{effort}{kind}"
        lifted = f"{load} × {self.reps}" if self.reps else (load if self.weight is not None else "")
        return ", ".join([lifted, *extra] if lifted else extra) + f"{effort}{kind}"


@dataclass(frozen=True)
class WorkoutView:
    id: int
    uid: str
    name: str
    started_at: datetime
    ended_at: datetime | None
    notes: str
    plan_name: str
    session_name: str
    sets: list[SetView] = field(default_factory=list)
    source: str = ""  # '' logged in exhaust; 'strong', 'hevy', 'fitnotes' when imported
    fingerprint: str = ""

    @property
    def volume_kg(self) -> Decimal:
        """Volume load of the working sets (sets × reps × weight, seed 002)."""
        return sum(
            (s.weight_kg * s.reps for s in self.sets if s.weight_kg is not None and s.set_type != SetType.WARMUP),
            Decimal(0),
        )


@dataclass(frozen=True)
class Suggestion:
    """What to lift for one planned exercise: the plan's prescription and last time."""

    label: str
    exercise_id: str
    exercise: str
    prescription: Prescription | None
    weight: Decimal | None  # a load worked out from the plan's %1RM and the lifter's e1RM
    unit: str
    basis: str  # how the weight was worked out, in words
    last_time: list[SetView]


@dataclass(frozen=True)
class Started:
    workout: WorkoutView
    first_block: list[Suggestion]
    block: Block | None = None  # the plan's first block, which ``first_block`` suggests weights for


@dataclass(frozen=True)
class SetEntry:
    """A set as a lifter or a client sends it, before it is checked and stored.
    ``key``: an idempotency key; ``logged_at``: when it was done (an offline queue sends late);
    ``custom``: keep an exercise the catalogue lacks as the lifter's own."""

    exercise: str
    weight: Decimal | None  # None: bodyweight
    reps: int
    unit: WeightUnit | None = None  # None: the lifter's unit
    rpe: Decimal | None = None
    rir: int | None = None
    set_type: SetType = SetType.WORKING
    rest_s: int | None = None
    notes: str = ""
    block: str | None = None  # None: the plan's label for the exercise
    key: str | None = None
    logged_at: datetime | None = None
    custom: bool = False


@dataclass(frozen=True)
class Logged:
    """A set as stored; ``created`` is False when its idempotency key had stored it already."""

    set: SetView
    workout: WorkoutView
    created: bool


@dataclass(frozen=True)
class Current:
    """The open workout with its sets, the plan session it follows, and per block of that
    session what to lift (``Logbook._suggest``, 'last time' read from earlier workouts)."""

    workout: WorkoutView
    session: Session | None
    suggestions: list[list[Suggestion]]


@dataclass(frozen=True)
class TemplateChoice:
    name: str
    sessions: list[str]
    exercises: int
    created_at: datetime


class Logbook:
    """The logbook of one user on one database."""

    def __init__(self, db: Database, user: str = LOCAL_USER, *, known: tuple[int, str] | None = None) -> None:
        """The logbook of the user called ``user``, created on first use. ``known`` (their id
        and unit) skips the lookup for a user the caller has already read, a signed-in account."""
        self.db = db
        self.user_name = user
        self._custom_cache: dict[str, tuple[str, str]] | None = None
        if known is not None:
            self.user_id, self.unit = known[0], WeightUnit(known[1])
            return
        try:
            with db.transaction() as session:
                repo = Repository(session)
                row = repo.user(user)
                if row is None:
                    row = UserRow(name=user, unit="kg", created_at=_now())
                    repo.add(row)
        except IntegrityError:  # another process created the user at the same moment
            with db.transaction(write=False) as session:
                row = Repository(session).user(user)
                assert row is not None
        self.user_id = row.id
        self.unit = WeightUnit(row.unit)

    @classmethod
    def open(cls, url: str | None = None, user: str = LOCAL_USER) -> Logbook:
        return cls(open_database(url), user)

    # --- names -------------------------------------------------------------------------

    def resolve(self, name: str) -> Exercise:
        return find_exercise(name, get_catalogue())

    def _customs(self) -> dict[str, tuple[str, str]]:
        """The user's own exercises: folded name -> (exercise id, display name)."""
        if self._custom_cache is None:
            with self.db.transaction(write=False) as session:
                rows = Repository(session).custom_exercises(self.user_id)
                self._custom_cache = {normalise_name(r.name): (CUSTOM_PREFIX + r.slug, r.name) for r in rows}
        return self._custom_cache

    def exercise_id_for(self, name: str, create: bool = False) -> str:
        """A catalogue exercise, else one of the user's own; with ``create`` a new own one."""
        catalogue = get_catalogue()
        found = catalogue.lookup(name)
        if found is not None:
            return found.id
        own = self._customs().get(normalise_name(name))
        if own is not None:
            return own[0]
        if create:
            return self.add_custom_exercise(name)
        try:
            return find_exercise(name, catalogue).id
        except UnknownExercise as exc:
            raise UnknownExercise(
                name, [*exc.suggestions, f"(or log it as your own exercise: add --custom to keep {name!r})"]
            ) from None

    def add_custom_exercise(self, name: str) -> str:
        name = " ".join(name.split())
        slug = _SLUG_JUNK.sub("-", name.lower()).strip("-")[:100]
        if not slug:
            raise LogError(f"{name!r} is not a usable exercise name")
        with self.db.transaction() as session:
            repo = Repository(session)
            if repo.custom_exercise(self.user_id, slug) is None:
                repo.add(CustomExerciseRow(user_id=self.user_id, slug=slug, name=name, created_at=_now()))
        self._custom_cache = None
        return CUSTOM_PREFIX + slug

    def own_exercises(self) -> list[str]:
        """The names of the user's own exercises."""
        return sorted(name for _, name in self._customs().values())

    def exercise_name(self, exercise_id: str) -> str:
        catalogue = get_catalogue()
        if exercise_id in catalogue:
            return catalogue.get(exercise_id).name
        for ex_id, name in self._customs().values():
            if ex_id == exercise_id:
                return name
        return exercise_id

    # --- views ---------------------------------------------------------------------------

    def _set_view(self, row: SetRow) -> SetView:
        return SetView(
            id=row.id,
            uid=row.uid,
            position=row.position,
            exercise_id=row.exercise_id,
            exercise=self.exercise_name(row.exercise_id),
            block=row.block,
            set_type=row.set_type,
            weight=row.weight,
            unit=row.unit,
            weight_kg=row.weight_kg,
            reps=row.reps,
            rpe=row.rpe,
            rir=row.rir,
            rest_s=row.rest_s,
            notes=row.notes,
            logged_at=row.logged_at,
            method=row.method,
            distance_m=row.distance_m,
            duration_s=row.duration_s,
            workout_id=row.workout_id,
        )

    def _workout_view(self, row: WorkoutRow, with_sets: bool = True) -> WorkoutView:
        return WorkoutView(
            id=row.id,
            uid=row.uid,
            name=row.name,
            started_at=row.started_at,
            ended_at=row.ended_at,
            notes=row.notes,
            plan_name=row.plan_name,
            session_name=row.session_name,
            sets=[self._set_view(s) for s in row.sets] if with_sets else [],
            source=row.source,
            fingerprint=row.fingerprint,
        )

    # --- starting ----------------------------------------------------------------------

    def _plan_from_file(self, path: Path) -> Plan:
        from exhaust.services.planning import read_plan

        return read_plan(path)

    @staticmethod
    def _pick_session(plan: Plan, name: str | None, where: str) -> Session:
        if name is None:
            if len(plan.sessions) == 1:
                return plan.sessions[0]
            raise SessionNeeded(where, [s.name for s in plan.sessions])
        wanted = name.strip().lower()
        for s in plan.sessions:
            if s.name.lower() == wanted:
                return s
        matches = [s for s in plan.sessions if s.name.lower().startswith(wanted) or wanted in s.name.lower()]
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(repr(s.name) for s in plan.sessions)
        raise ExhaustError(f"{where} has no session {name!r}; its sessions are {names}")

    def start(
        self,
        plan_file: Path | None = None,
        session_name: str | None = None,
        template: str | None = None,
        name: str | None = None,
        now: datetime | None = None,
        plan_text: str | None = None,
    ) -> Started:
        """Start a workout: free, or following one session of a plan file, a plan text (the
        web's Plan page) or a saved template."""
        if sum(x is not None for x in (plan_file, template, plan_text)) > 1:
            raise ExhaustError("start from a plan or from a template, not both")
        if session_name is not None and plan_file is None and template is None and plan_text is None:
            raise ExhaustError("a session is picked from a plan or a template; give one of them")
        plan: Plan | None = None
        where = ""
        if plan_file is not None:
            plan, where = self._plan_from_file(plan_file), str(plan_file)
        elif plan_text is not None:
            plan, where = parsed_plan(plan_text, "the plan"), "the plan"
        with self.db.transaction() as session:
            repo = Repository(session)
            if template is not None:
                saved = repo.template(self.user_id, template)
                if saved is None:
                    known = ", ".join(t.name for t in repo.templates(self.user_id)) or "none saved yet"
                    raise ExhaustError(f"no template called {template!r} (templates: {known})")
                where = f"template {template!r}"
                plan = parsed_plan(saved.plan_text, where)
            chosen = self._pick_session(plan, session_name, where) if plan is not None else None
            open_row = repo.open_workout(self.user_id)
            if open_row is not None:
                raise WorkoutStillOpen(open_row.id, open_row.name, open_row.started_at)
            plan_text = ""
            if plan is not None and chosen is not None:
                one = plan.model_copy(update={"sessions": (chosen,)})
                plan_text = format_plan(one, self.exercise_name)
            row = WorkoutRow(
                uid=new_id(),
                user_id=self.user_id,
                name=((name or "").strip() or (chosen.name if chosen else "Workout"))[:200],
                started_at=now or _now(),
                notes="",
                plan_name=plan.name[:200] if plan else "",
                session_name=chosen.name[:200] if chosen else "",
                plan_text=plan_text,
            )
            repo.add(row)
            block = chosen.blocks[0] if chosen and chosen.blocks else None
            first = self._suggest(repo, block) if block is not None else []
            return Started(self._workout_view(row, with_sets=False), first, block)

    def current(self) -> Current | None:
        """The open workout (None when none is open), as the Today page shows it."""
        with self.db.transaction(write=False) as session:
            repo = Repository(session)
            row = repo.open_workout(self.user_id)
            if row is None:
                return None
            planned = parsed_plan(row.plan_text).sessions[0] if row.plan_text else None
            suggestions = [self._suggest(repo, b, before_workout=row.id) for b in planned.blocks] if planned else []
            return Current(self._workout_view(row), planned, suggestions)

    def _e1rm(
        self, repo: Repository, exercise_id: str, before_workout: int | None = None
    ) -> tuple[Decimal, datetime] | None:
        best: tuple[Decimal, datetime] | None = None
        for s in repo.last_sets(self.user_id, exercise_id, before_workout):
            if s.weight_kg is None or s.set_type == SetType.WARMUP or s.reps < 1:
                continue
            est = epley(s.weight_kg, s.reps)
            if best is None or est > best[0]:
                best = (est, s.logged_at)
        return best

    def _suggest(self, repo: Repository, block: Block, before_workout: int | None = None) -> list[Suggestion]:
        """What to lift for each exercise of ``block``; 'last time' and the e1RM are read from
        workouts other than ``before_workout`` (the one being trained, as it fills up)."""
        out: list[Suggestion] = []
        for i, item in enumerate(block.items):
            last = [self._set_view(s) for s in repo.last_sets(self.user_id, item.exercise_id, before_workout)]
            weight: Decimal | None = None
            basis = ""
            load = item.load
            unit = WeightUnit(last[-1].unit) if last else self.unit
            if load is not None and load.kind is LoadKind.WEIGHT:
                weight, unit, basis = Decimal(str(load.low)), WeightUnit(load.unit or "kg"), "from the plan"
            elif load is not None and load.kind is LoadKind.PERCENT_1RM:
                found = self._e1rm(repo, item.exercise_id, before_workout)
                if found is not None:
                    e1rm, when = found
                    weight = round_plate(e1rm * Decimal(str(load.low)) / 100, unit)
                    shown = from_kg(e1rm, unit).normalize()
                    basis = f"{load.text} of your estimated 1RM {shown:f} {unit.value} (Epley, {when:%Y-%m-%d})"
                else:
                    basis = f"{load.text}: no logged sets yet to work out a weight from"
            elif last:
                top = max(last, key=lambda s: (s.weight_kg or 0, s.reps))
                weight = top.weight
                basis = f"last time's top set ({top.text})"
            out.append(
                Suggestion(
                    label=block.item_label(i),
                    exercise_id=item.exercise_id,
                    exercise=self.exercise_name(item.exercise_id),
                    prescription=item,
                    weight=weight,
                    unit=unit.value,
                    basis=basis,
                    last_time=last,
                )
            )
        return out

    # --- logging -----------------------------------------------------------------------

    def log(
        self,
        exercise: str,
        weight: Decimal | None,
        reps: int,
        unit: WeightUnit | None = None,
        rpe: Decimal | None = None,
        rir: int | None = None,
        set_type: SetType = SetType.WORKING,
        rest_s: int | None = None,
        notes: str = "",
        block: str | None = None,
        uid: str | None = None,
        now: datetime | None = None,
        custom: bool = False,
    ) -> tuple[SetView, WorkoutView]:
        """Log one set to the open workout. With ``uid`` (an idempotency key) a repeat of the
        same key returns the set already stored instead of storing it twice. With ``custom``
        an exercise the catalogue lacks is kept as the user's own."""
        entry = SetEntry(exercise, weight, reps, unit, rpe, rir, set_type, rest_s, notes, block, uid, None, custom)
        done = self.log_set(entry, now=now)
        return done.set, done.workout

    def log_set(self, entry: SetEntry, now: datetime | None = None) -> Logged:
        """``log`` that also says whether the set is new."""
        return self.submit_set(entry, now=now).result()

    def submit_set(self, entry: SetEntry, now: datetime | None = None) -> Future[Logged]:
        """``log_set`` for a server: the set is checked here (a bad one raises at once) and
        stored by the database's writer with others in one transaction (Database.submit); the
        future holds the stored set once it is committed. ``entry.logged_at`` is when the set
        was done by the client's clock (a set sent late from an offline queue): up to
        CLOCK_SKEW ahead of ours reads as now, further ahead is refused, and before the
        workout's start reads as its start (a phone whose clock is behind loses no set)."""
        e = entry
        exercise, key, logged_at, block = e.exercise, e.key, e.logged_at, e.block
        exercise_id = self.exercise_id_for(exercise, create=e.custom)
        uid = set_uid(key) if key is not None else new_id()
        current = now or _now()
        if logged_at is not None and logged_at > current + CLOCK_SKEW:
            ahead = int((logged_at - current).total_seconds() // 60)
            raise LogError(
                f"logged_at {logged_at.isoformat()} is {ahead} minutes ahead of the server's clock; "
                "send the time the set was done (with its time zone), or leave it out for now"
            )
        # Checked before the write: its place and block are filled in there.
        logged = self._checked_set(
            uid=uid,
            exercise_id=exercise_id,
            position=1,
            block=block or "",
            set_type=e.set_type,
            weight=e.weight,
            unit=e.unit or self.unit,
            reps=e.reps,
            rpe=e.rpe,
            rir=e.rir,
            rest_s=e.rest_s,
            notes=e.notes,
        )

        def store(session: DbSession) -> Logged:
            repo = Repository(session)
            if key is not None:
                found = repo.set_owner(uid)
                if found is not None:
                    return self._repeat(repo, found)
            head = repo.open_workout_head(self.user_id, lock=True)
            if head is None:
                raise NoOpenWorkout(
                    "no workout is open; start one with `exhaust workout start` "
                    "(or `exhaust workout start --plan FILE`)"
                )
            label = block if block is not None else self._planned_label(head.plan_text, exercise_id)
            when = current if logged_at is None else max(min(logged_at, current), head.started_at)
            row = logged.model_copy(update={"position": repo.last_position(head.id) + 1, "block": label})
            values = set_values(row, workout_id=head.id, user_id=self.user_id, logged_at=when)
            try:
                with session.begin_nested():
                    set_id = repo.insert_set(values)
            except IntegrityError:
                # The same key sent twice at once (PostgreSQL): the other request stored it first.
                found = repo.set_owner(uid) if key is not None else None
                if found is None:
                    raise
                return self._repeat(repo, found)
            workout = WorkoutView(
                id=head.id,
                uid=head.uid,
                name=head.name,
                started_at=head.started_at,
                ended_at=None,
                notes=head.notes,
                plan_name=head.plan_name,
                session_name=head.session_name,
                source=head.source,
                fingerprint=head.fingerprint,
            )
            return Logged(self._values_view(set_id, values), workout, True)

        return self.db.submit(store)

    def _checked_set(self, **fields: Any) -> LoggedSet:
        try:
            return LoggedSet(**fields)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            message = err["msg"].removeprefix("Value error, ")
            raise LogError(f"{where + ': ' if where else ''}{message}") from None

    def _values_view(self, set_id: int, v: dict[str, Any]) -> SetView:
        return SetView(
            id=set_id,
            uid=v["uid"],
            position=v["position"],
            exercise_id=v["exercise_id"],
            exercise=self.exercise_name(v["exercise_id"]),
            block=v["block"],
            set_type=v["set_type"],
            weight=v["weight"],
            unit=v["unit"],
            weight_kg=v["weight_kg"],
            reps=v["reps"],
            rpe=v["rpe"],
            rir=v["rir"],
            rest_s=v["rest_s"],
            notes=v["notes"],
            logged_at=v["logged_at"],
            method=v["method"],
            distance_m=v["distance_m"],
            duration_s=v["duration_s"],
            workout_id=v["workout_id"],
        )

    def _repeat(self, repo: Repository, found: tuple[int, int]) -> Logged:
        set_id, owner = found
        if owner != self.user_id:
            raise KeyConflict()
        existing = repo.set_by_id(set_id)
        assert existing is not None
        return Logged(self._set_view(existing), self._workout_view(existing.workout, with_sets=False), False)

    def _planned_label(self, plan_text: str, exercise_id: str) -> str:
        """The block label the plan gives the exercise ('A2', 'B'); '' when it is not planned."""
        if not plan_text:
            return ""
        plan = parsed_plan(plan_text)
        for block in plan.sessions[0].blocks:
            for i, item in enumerate(block.items):
                if item.exercise_id == exercise_id:
                    return block.item_label(i) if block.linked else block.label
        return ""

    def finish(self, notes: str | None = None, now: datetime | None = None) -> WorkoutView:
        with self.db.transaction() as session:
            repo = Repository(session)
            row = repo.open_workout(self.user_id, lock=True)
            if row is None:
                raise NoOpenWorkout("no workout is open; nothing to finish")
            end = now or _now()
            row.ended_at = max(end, row.started_at)
            if notes:
                row.notes = notes
            session.flush()
            full = repo.workout(self.user_id, row.id)
            assert full is not None
            tag_methods(full.sets)
            return self._workout_view(full)

    # --- looking back ------------------------------------------------------------------

    def show(self, workout_id: int | None = None) -> WorkoutView:
        with self.db.transaction(write=False) as session:
            repo = Repository(session)
            row = repo.latest_workout(self.user_id) if workout_id is None else repo.workout(self.user_id, workout_id)
            if row is None:
                raise ExhaustError(
                    "no workouts logged yet" if workout_id is None else f"no workout {workout_id} in your logbook"
                )
            return self._workout_view(row)

    def history(
        self, exercise: str | None = None, since: datetime | None = None, limit: int = 100
    ) -> list[tuple[SetView, WorkoutView]]:
        exercise_id = self.exercise_id_for(exercise) if exercise else None
        with self.db.transaction(write=False) as session:
            rows = Repository(session).history(self.user_id, exercise_id, since, limit)
            return [(self._set_view(s), self._workout_view(w, with_sets=False)) for s, w in rows]

    # --- templates ---------------------------------------------------------------------

    def save_template(
        self, name: str, from_workout: int | None = None, from_plan: Path | None = None, replace: bool = False
    ) -> str:
        if (from_workout is None) == (from_plan is None):
            raise ExhaustError("save a template --from-workout ID or --from-plan FILE (one of them)")
        name = name.strip()
        if not name:
            raise ExhaustError("a template needs a name")
        plan = self._plan_from_file(from_plan) if from_plan is not None else None
        with self.db.transaction() as session:
            repo = Repository(session)
            if plan is None:
                assert from_workout is not None
                row = repo.workout(self.user_id, from_workout)
                if row is None:
                    raise ExhaustError(f"no workout {from_workout} in your logbook")
                plan = _plan_from_workout(row, self.unit)
            text = format_plan(plan.model_copy(update={"name": name}), self.exercise_name)
            existing = repo.template(self.user_id, name)
            if existing is not None and not replace:
                raise ExhaustError(f"a template called {name!r} exists; pass --replace to overwrite it")
            if existing is not None:
                existing.plan_text = text
            else:
                repo.add(TemplateRow(user_id=self.user_id, name=name, plan_text=text, created_at=_now()))
            return text

    def templates(self) -> list[tuple[str, int, datetime]]:
        return [(t.name, t.exercises, t.created_at) for t in self.template_choices()]

    def template_choices(self) -> list[TemplateChoice]:
        """The saved templates with their sessions, to start one."""
        with self.db.transaction(write=False) as session:
            out = []
            for t in Repository(session).templates(self.user_id):
                plan = parsed_plan(t.plan_text, f"template {t.name!r}")
                out.append(
                    TemplateChoice(
                        t.name,
                        [s.name for s in plan.sessions],
                        sum(len(s.exercises) for s in plan.sessions),
                        t.created_at,
                    )
                )
            return out

    def template(self, name: str) -> str:
        with self.db.transaction(write=False) as session:
            row = Repository(session).template(self.user_id, name)
            if row is None:
                raise ExhaustError(f"no template called {name!r}")
            return row.plan_text


def tag_methods(sets: list[SetRow]) -> None:
    """Record the order method of each set's block, as an import does (methodtags.py), so the
    analytics read logged and imported workouts alike. Linked blocks (A1, A2) are one
    superset; a tag already there (none is, today) is kept."""
    catalogue = get_catalogue()
    ordered = sorted(sets, key=lambda s: s.position)
    ids = [s.exercise_id if s.exercise_id in catalogue else None for s in ordered]
    groups = [s.block.rstrip("0123456789") if s.block[-1:].isdigit() else "" for s in ordered]
    tagged = MethodTagger(catalogue).tag(ids, groups)
    for row, method in zip(ordered, tagged.methods, strict=True):
        if not row.method:
            row.method = method.value


def _plan_from_workout(row: WorkoutRow, unit: WeightUnit) -> Plan:
    """A template from what was lifted: per exercise in order, its working sets, rep range,
    top weight and the rest taken; linked blocks keep their labels."""
    groups: dict[tuple[str, str], list[SetRow]] = {}
    for s in row.sets:
        if s.set_type == SetType.WARMUP:
            continue
        groups.setdefault((s.block[:1] if s.block else f"_{s.exercise_id}", s.exercise_id), []).append(s)
    if not groups:
        raise ExhaustError(f"workout {row.id} has no working sets to make a template from")
    blocks: dict[str, list[Prescription]] = {}
    for (key, exercise_id), sets in groups.items():
        reps = [s.reps for s in sets if s.reps > 0] or [1]
        weights = [s for s in sets if s.weight is not None]
        load = None
        if weights:
            top = max(weights, key=lambda s: s.weight_kg or 0)
            load = Load(kind=LoadKind.WEIGHT, low=float(top.weight or 0), unit=top.unit)
        rests = [s.rest_s for s in sets if s.rest_s is not None]
        blocks.setdefault(key, []).append(
            Prescription(
                exercise_id=exercise_id,
                sets=len(sets),
                reps=RepRange(low=min(reps), high=max(reps)),
                load=load,
                rest_s=max(rests) if rests else None,
            )
        )
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    built = tuple(Block(label=next(letters), items=tuple(items)) for items in list(blocks.values())[:26])
    return Plan(sessions=(Session(name=row.name or "Workout", blocks=built),))
