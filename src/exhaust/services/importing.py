"""Importing years of history from Strong, Hevy and FitNotes exports.

One call reads and checks the whole file first (a bad cell stops everything, naming its
line and column), maps every distinct exercise name to the catalogue, tags each block's
order method, and then writes in one transaction: all of it or nothing.

Importing is idempotent. A workout is recognised by its start time and what it did (its
fingerprint, domain/imported.py): the same file twice, or a newer export that overlaps an
older one, adds only workouts not already here. A workout here at the same start time that
did something else is kept as it is and reported, never overwritten. Running again with a
``--map`` file re-points the sets already imported under the names that file maps, so a
mapping can be fixed after the fact.
"""

from __future__ import annotations

import codecs
import gc
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from exhaust.domain.catalogue import normalise_name
from exhaust.domain.csvformats import read_export
from exhaust.domain.errors import ExhaustError
from exhaust.domain.imported import ImportedWorkout, ImportFileError, ParsedHistory, SourceApp
from exhaust.domain.importmap import ImportMap, format_map, map_key, parse_map
from exhaust.domain.logbook import WeightUnit, new_id, to_kg
from exhaust.domain.methodtags import MethodTagger
from exhaust.services.backup import atomic_text, read_utf8
from exhaust.services.catalogue import get_catalogue
from exhaust.services.inputs import SystemZone
from exhaust.services.logbook import CUSTOM_PREFIX
from exhaust.services.matching import CUSTOM, Match, NameMatcher
from exhaust.store.database import Database
from exhaust.store.models import CustomExerciseRow
from exhaust.store.repository import Repository

Progress = Callable[[str, int, int], None]  # (phase, done, in all)

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
WORKOUT_BATCH = 2000  # workouts per insert statement


@dataclass(frozen=True)
class NameRow:
    """One distinct exercise name of the file and what it became."""

    name: str  # as the file writes it
    sets: int
    exercise_id: str
    exercise: str  # the name exhaust shows
    how: str  # map, exact, equipment, fuzzy, own, custom
    confidence: float
    new: bool  # a custom exercise this import creates
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    started_at: datetime
    line: int


@dataclass
class ImportReport:
    file: str
    app: str
    variant: str
    dry_run: bool
    rows: int
    workouts_in_file: int
    sets_in_file: int
    workouts_imported: int = 0
    sets_imported: int = 0
    workouts_present: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    sets_remapped: int = 0
    names: list[NameRow] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)  # method → workouts with such a block
    skipped: dict[str, dict[str, Any]] = field(default_factory=dict)  # reason → count, first lines
    rest_rows: int = 0
    map_file: str | None = None

    @property
    def matched(self) -> int:
        return sum(1 for n in self.names if not n.exercise_id.startswith(CUSTOM_PREFIX))

    @property
    def custom(self) -> int:
        return len(self.names) - self.matched

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["conflicts"] = [
            {"started_at": c.started_at.isoformat().replace("+00:00", "Z"), "line": c.line} for c in self.conflicts
        ]
        out["exercises_matched"] = self.matched
        out["exercises_custom"] = self.custom
        return out


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def summary_lines(report: ImportReport) -> list[str]:
    """The report in words, for people."""
    r = report
    verb = "Would import" if r.dry_run else "Imported"
    lines = [
        f"{r.file}: {r.variant}, {_count(r.rows, 'row')}: {_count(r.workouts_in_file, 'workout')}, "
        f"{_count(r.sets_in_file, 'set')}.",
        f"{verb} {_count(r.workouts_imported, 'workout')} ({_count(r.sets_imported, 'set')}); "
        f"{r.workouts_present:,} already here.",
    ]
    if r.conflicts:
        shown = ", ".join(f"{c.started_at:%Y-%m-%d %H:%M} UTC (line {c.line})" for c in r.conflicts[:3])
        more = f" and {len(r.conflicts) - 3} more" if len(r.conflicts) > 3 else ""
        lines.append(
            f"Kept {_count(len(r.conflicts), 'workout')} already here at the same start time but with other sets: "
            f"{shown}{more}. Delete yours first if the file's version is the right one."
        )
    if r.sets_remapped:
        lines.append(f"Re-pointed {_count(r.sets_remapped, 'set')} imported before, as {r.map_file} says.")
    how = Counter(n.how for n in r.names if not n.exercise_id.startswith(CUSTOM_PREFIX))
    detail = ", ".join(f"{k} {v}" for k, v in sorted(how.items()))
    lines.append(f"Exercises: {r.matched} matched to the catalogue ({detail or 'none'}), {r.custom} kept as your own.")
    if r.methods:
        lines.append(
            "Order methods found: " + ", ".join(f"{m} in {_count(n, 'workout')}" for m, n in r.methods.items()) + "."
        )
    if r.rest_rows:
        lines.append(f"{_count(r.rest_rows, 'rest-timer row')} kept as the rest before the next set.")
    for reason, info in r.skipped.items():
        first = ", ".join(str(n) for n in info["lines"])
        lines.append(f"Skipped {_count(info['count'], 'row')}: {reason} (line{'s' * (info['count'] > 1)} {first}…).")
    return lines


# --- reading files ----------------------------------------------------------------------------


def _check_export(path: Path) -> int:
    """The number of lines of an export, after making sure it is all UTF-8 (a stream pass,
    so a big file is never held whole); a bad byte is reported with its line."""
    if path.is_dir():
        raise ExhaustError(f"{path} is a folder, not an export file")
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = offset = 0
    try:
        with path.open("rb") as fh:
            for chunk in iter(partial(fh.read, 1 << 20), b""):
                pending = len(decoder.getstate()[0])
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    at = max(0, exc.start - pending)  # within this chunk
                    raise ImportFileError(
                        f"not UTF-8 text (byte {offset + at}); save the file as UTF-8 (in a spreadsheet: "
                        "'CSV UTF-8') and import it again",
                        source=str(path),
                        line=lines + chunk.count(b"\n", 0, at) + 1,
                    ) from None
                lines += chunk.count(b"\n")
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except FileNotFoundError:
        raise ExhaustError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ImportFileError(
            "not UTF-8 text (the file ends inside a character); save it as UTF-8 and import it again",
            source=str(path),
            line=lines + 1,
        ) from None
    except OSError as exc:
        raise ExhaustError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    return lines


def read_map(path: Path) -> ImportMap:
    return parse_map(read_utf8(path, "a map file", "save the map file as UTF-8"), str(path))


# --- the import -------------------------------------------------------------------------------


def _slug(name: str, taken: set[str]) -> str:
    base = _SLUG_JUNK.sub("-", name.lower()).strip("-")[:100] or "exercise"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


class _Plan:
    """What an import will do, worked out inside its transaction."""

    def __init__(self, parsed: ParsedHistory, matcher: NameMatcher, own: dict[str, str], slugs: set[str]) -> None:
        catalogue = get_catalogue()
        counts: Counter[str] = Counter(s.exercise for w in parsed.workouts for s in w.sets)
        self.names: list[NameRow] = []
        self.ids: dict[str, str] = {}
        self.new_customs: list[tuple[str, str]] = []  # (slug, name)
        self.matches: dict[str, Match] = {}
        for name in sorted(counts, key=lambda n: (-counts[n], n)):
            match = matcher.match(name)
            self.matches[name] = match
            new = False
            if match.exercise_id is not None:
                exercise_id = match.exercise_id
            else:
                folded = map_key(name)
                if folded in own:
                    exercise_id = own[folded]
                else:
                    slug = _slug(name, slugs)
                    exercise_id = own[folded] = CUSTOM_PREFIX + slug
                    self.new_customs.append((slug, name))
                    new = True
            self.ids[name] = exercise_id
            shown = catalogue.get(exercise_id).name if exercise_id in catalogue else name
            self.names.append(
                NameRow(
                    name=name,
                    sets=counts[name],
                    exercise_id=exercise_id,
                    exercise=shown,
                    how=match.how,
                    confidence=round(match.confidence, 1),
                    new=new,
                    candidates=match.candidates,
                )
            )


def import_history(
    db: Database,
    user: str,
    path: Path,
    *,
    app: SourceApp | None = None,
    unit: WeightUnit | None = None,
    tz: tzinfo | None = None,
    map_path: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``path`` into ``user``'s logbook (``dry_run``: only say what would happen).
    ``tz`` is the zone the app wrote local times in (default: this computer's)."""
    mapping = read_map(map_path) if map_path is not None else None
    total_lines = _check_export(path)

    def reading(done: int, total: int) -> None:
        if progress is not None:
            progress("Reading", done, total)

    # The parse makes a few million small objects that all live to the end: the cyclic
    # collector's passes over them would cost about a fifth of a big import, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            parsed = read_export(
                fh,
                source=str(path),
                tz=tz or SystemZone(),
                app=app,
                unit=unit,
                progress=reading,
                total_lines=total_lines,
            )
        return _import_parsed(db, user, path, parsed, mapping, dry_run, progress)
    finally:
        if collecting:
            gc.enable()


def _import_parsed(
    db: Database,
    user: str,
    path: Path,
    parsed: ParsedHistory,
    mapping: ImportMap | None,
    dry_run: bool,
    progress: Progress | None,
) -> ImportReport:
    report = ImportReport(
        file=str(path),
        app=parsed.app.value,
        variant=parsed.variant,
        dry_run=dry_run,
        rows=parsed.rows,
        workouts_in_file=len(parsed.workouts),
        sets_in_file=parsed.sets,
        skipped={r: {"count": n, "lines": parsed.skipped.lines[r]} for r, n in parsed.skipped.counts.items()},
        rest_rows=parsed.rest_rows,
        map_file=None if mapping is None else mapping.source,
    )
    try:
        with db.transaction(write=not dry_run) as session:
            _import(Repository(session), user, parsed, mapping, report, progress)
    except DBAPIError as exc:
        raise ExhaustError(
            f"{path}: the database refused the import ({str(exc.orig).strip()}); nothing was imported"
        ) from None
    return report


def _import(
    repo: Repository,
    user: str,
    parsed: ParsedHistory,
    mapping: ImportMap | None,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    catalogue = get_catalogue()
    dry = report.dry_run
    if dry:
        row = repo.user(user)
    else:  # a lifter new to exhaust prefers the unit their file is in
        row = repo.user_or_new(user, parsed.workouts[0].sets[0].unit.value if parsed.workouts else "kg")
    user_id = None if row is None else row.id
    customs = [] if user_id is None else repo.custom_exercises(user_id)
    matcher = NameMatcher(
        catalogue,
        {normalise_name(c.name): CUSTOM_PREFIX + c.slug for c in customs if normalise_name(c.name)},
        mapping,
    )
    own = {map_key(c.name): CUSTOM_PREFIX + c.slug for c in customs}  # names in any script
    plan = _Plan(parsed, matcher, own, {c.slug for c in customs})
    report.names = plan.names

    # Which workouts are here already (same start time), and did they do the same?
    existing: dict[datetime, list[str]] = {}
    if parsed.workouts and user_id is not None:
        existing = repo.workout_fingerprints(user_id, parsed.workouts[0].started_at, parsed.workouts[-1].started_at)
    new: list[tuple[ImportedWorkout, str]] = []
    for w in parsed.workouts:
        here = existing.get(w.started_at)
        fingerprint = w.fingerprint()
        if here is None:
            new.append((w, fingerprint))
            existing[w.started_at] = [fingerprint]  # a second copy in the same file is 'present'
        elif fingerprint in here:
            report.workouts_present += 1
        else:
            report.conflicts.append(Conflict(w.started_at, w.line))

    report.workouts_imported = len(new)
    report.sets_imported = sum(len(w.sets) for w, _ in new)
    tagger = MethodTagger(catalogue)
    if dry or user_id is None:
        methods: Counter[str] = Counter()
        for w, _ in new:
            tagged = tagger.tag([plan.ids[s.exercise] for s in w.sets], [s.superset for s in w.sets])
            methods.update(tagged.exhaust_methods)
        report.methods = dict(sorted(methods.items()))
        if mapping is not None and user_id is not None:
            for name in plan.matches:
                if matcher.map_entry(name) is not None:
                    report.sets_remapped += repo.count_remappable_sets(user_id, name, plan.ids[name])
        return
    if mapping is not None:
        for name in plan.matches:
            if matcher.map_entry(name) is not None:
                report.sets_remapped += repo.remap_imported_sets(user_id, name, plan.ids[name])
    _write(repo, user_id, parsed, plan, new, tagger, report, progress)


def _write(
    repo: Repository,
    user_id: int,
    parsed: ParsedHistory,
    plan: _Plan,
    new: list[tuple[ImportedWorkout, str]],
    tagger: MethodTagger,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    methods: Counter[str] = Counter()
    for slug, name in plan.new_customs:
        definition = {"imported_from": parsed.app.value}
        if name in parsed.categories:
            definition["category"] = parsed.categories[name]
        repo.add(
            CustomExerciseRow(
                user_id=user_id,
                slug=slug,
                name=name,
                definition=json.dumps(definition, ensure_ascii=False),
                created_at=datetime.now(UTC),
            )
        )
    total = report.sets_imported
    done = 0
    rows = _SetRows(repo, user_id, plan.ids, tagger, methods)
    source = parsed.app.value
    with repo.loading_sets(total):
        for start in range(0, len(new), WORKOUT_BATCH):
            batch = new[start : start + WORKOUT_BATCH]
            uids = [new_id() for _ in batch]
            workout_ids = repo.insert_workouts(
                [
                    {
                        "uid": uid,
                        "user_id": user_id,
                        "name": w.name[:200],
                        "started_at": w.started_at,
                        "ended_at": w.ended_at,
                        "notes": w.notes,
                        "source": source,
                        "fingerprint": fingerprint,
                    }
                    for uid, (w, fingerprint) in zip(uids, batch, strict=True)
                ]
            )
            repo.copy_sets(rows.of([(workout_ids[uid], w) for uid, (w, _) in zip(uids, batch, strict=True)]))
            done += sum(len(w.sets) for w, _ in batch)
            if progress is not None:
                progress("Writing", done, total)
    report.methods = dict(sorted(methods.items()))


def mapping_file(report: ImportReport) -> str:
    """A map file of this import's names, for the lifter to correct and pass with --map."""
    rows = []
    for n in report.names:
        target = CUSTOM if n.exercise_id.startswith(CUSTOM_PREFIX) else n.exercise_id
        if n.exercise_id.startswith(CUSTOM_PREFIX) and not n.new and n.how == "own":
            target = n.exercise_id
        note = f"{n.how} {n.confidence:g}: {n.exercise}; {n.sets} set{'s' * (n.sets != 1)}"
        if n.candidates and target == CUSTOM:
            note += f"; close: {', '.join(n.candidates)}"
        rows.append((n.name, target, note))
    return format_map(rows)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a whole file or none (a map file: --save-map)."""
    with atomic_text(path, force=True) as fh:
        fh.write(text)


class _SetRows:
    """The rows ``Repository.copy_sets`` loads, built with the values already in the form the
    engine stores (``Repository.encoders``), each distinct weight and time encoded once: at a
    million sets, per-set conversions would cost more than the whole database insert."""

    def __init__(
        self, repo: Repository, user_id: int, ids: dict[str, str], tagger: MethodTagger, methods: Counter[str]
    ) -> None:
        self.user_id = user_id
        self.ids = ids
        self.tagger = tagger
        self.methods = methods
        self.number, self.time = repo.encoders()
        self.loads: dict[tuple[Decimal, str], tuple[Any, Any]] = {}  # (weight, unit) → stored weight, kg
        self.rpes: dict[Decimal, Any] = {}
        self.prefix = new_id()[:24]  # set uids: a random prefix per import and a counter (unique, cheap)
        self.counter = 0

    def _load(self, weight: Decimal, unit: str) -> tuple[Any, Any]:
        key = (weight, unit)
        found = self.loads.get(key)
        if found is None:
            found = self.loads[key] = (self.number(weight), self.number(to_kg(weight, WeightUnit(unit))))
        return found

    def of(self, workouts: list[tuple[int, ImportedWorkout]]) -> Iterator[tuple[Any, ...]]:
        number, rpes, loads, ids = self.number, self.rpes, self.loads, self.ids
        prefix, user_id, counter = self.prefix, self.user_id, self.counter
        try:
            for workout_id, w in workouts:
                sets = w.sets
                exercise_ids = [ids[s.exercise] for s in sets]
                tagged = self.tagger.tag(exercise_ids, [s.superset for s in sets])
                self.methods.update(tagged.exhaust_methods)
                methods = [m._value_ for m in tagged.methods]
                blocks = tagged.blocks
                logged_at = self.time(w.started_at)
                for i, s in enumerate(sets):
                    unit = s.unit._value_
                    weight = kg = rpe = distance = None
                    if s.weight is not None:
                        found = loads.get((s.weight, unit))
                        weight, kg = found if found is not None else self._load(s.weight, unit)
                    if s.rpe is not None:
                        rpe = rpes.get(s.rpe)
                        if rpe is None:
                            rpe = rpes[s.rpe] = number(s.rpe)
                    if s.distance_m is not None:
                        distance = number(s.distance_m)
                    counter += 1
                    yield (
                        f"{prefix}{counter:012x}",
                        workout_id,
                        user_id,
                        exercise_ids[i],
                        i + 1,
                        blocks[i],
                        s.set_type._value_,
                        weight,
                        unit,
                        kg,
                        s.reps,
                        rpe,
                        None,
                        s.rest_s,
                        s.notes,
                        logged_at,
                        methods[i],
                        distance,
                        s.duration_s,
                        s.exercise,
                    )
        finally:
            self.counter = counter
