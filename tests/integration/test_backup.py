"""Export and import of a lifter's own data: lossless backups and a Strong CSV, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from exhaust.domain import backup as fmt
from exhaust.domain.errors import ExhaustError
from exhaust.domain.logbook import LoggedSet, OrderMethod, SetType, WeightUnit, from_kg, to_kg
from exhaust.services import backup
from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod
from exhaust.store.models import CustomExerciseRow, SetRow, TemplateRow, UserRow, WorkoutRow, set_row
from exhaust.store.repository import Repository

if TYPE_CHECKING:
    from conftest import FreshDatabase

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
T0 = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)


# --- databases ------------------------------------------------------------------------------


def engine_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def counts(url: str) -> dict[str, int]:
    with dbmod.open_database(url).transaction(write=False) as session:
        return {
            row.__tablename__: session.scalar(select(func.count()).select_from(row)) or 0
            for row in (UserRow, WorkoutRow, SetRow, TemplateRow, CustomExerciseRow)
        }


def stored_sets(url: str, user: str = "local") -> list[tuple[Any, ...]]:
    """Every set as stored, keyed by uid: what a lossless restore must reproduce."""
    with dbmod.open_database(url).transaction(write=False) as session:
        query = (
            select(
                SetRow.uid,
                WorkoutRow.uid,
                SetRow.position,
                SetRow.exercise_id,
                SetRow.block,
                SetRow.set_type,
                SetRow.weight,
                SetRow.unit,
                SetRow.weight_kg,
                SetRow.reps,
                SetRow.rpe,
                SetRow.rir,
                SetRow.rest_s,
                SetRow.notes,
                SetRow.logged_at,
                SetRow.method,
                SetRow.distance_m,
                SetRow.duration_s,
                SetRow.imported_name,
                WorkoutRow.source,
                WorkoutRow.fingerprint,
            )
            .join(WorkoutRow, SetRow.workout_id == WorkoutRow.id)
            .join(UserRow, SetRow.user_id == UserRow.id)
            .where(UserRow.name == user)
        )
        return sorted(tuple(r) for r in session.execute(query))


def export_text(url: str, folder: Path, user: str = "local") -> str:
    target = folder / f"{uuid.uuid4().hex[:8]}.json"
    backup.export_json(dbmod.open_database(url), user, target)
    return target.read_text(encoding="utf-8")


def import_file(url: str, path: Path, user: str = "local") -> backup.ImportSummary:
    return backup.import_backup(dbmod.open_database(url), user, path)


def set_unit(url: str, unit: WeightUnit, user: str = "local") -> None:
    with dbmod.open_database(url).transaction() as session:
        row = Repository(session).user(user)
        assert row is not None
        row.unit = unit.value


# --- the done-when scenario -------------------------------------------------------------------


def log_chest_session(url: str) -> Logbook:
    book = Logbook.open(url)
    book.start(plan_file=EXAMPLES / "pre-exhaust-chest.plan", now=T0)
    at = iter(T0 + timedelta(minutes=3 * i) for i in range(1, 100))
    book.log("cable fly", Decimal("20"), 15, rir=2, rest_s=60, now=next(at))
    book.log("cable fly", Decimal("22.5"), 12, rpe=Decimal("8.5"), now=next(at))
    book.log("bench", Decimal("60"), 10, set_type=SetType.WARMUP, now=next(at))
    book.log("bench", Decimal("176.37"), 8, unit=WeightUnit.LB, rpe=Decimal("8"), notes='grind — "ok"', now=next(at))
    book.log("bench", Decimal("74.999"), 7, notes="Brust müde\nnext time 72.5", now=next(at))
    book.log("dips", None, 12, set_type=SetType.FAILURE, now=next(at))
    book.log("dips", None, 6, set_type=SetType.DROP, now=next(at))
    book.log("zercher good morning", Decimal("40"), 10, custom=True, now=next(at))
    done = book.finish(notes="Pre-exhaust chest: fly then press ✓", now=T0 + timedelta(minutes=62))
    book.save_template("chest day", from_workout=done.id)
    return book


def test_a_plan_workout_exported_restores_byte_identical_on_postgresql_and_sqlite(
    db_url: str, tmp_path: Path, fresh_database: FreshDatabase
) -> None:
    log_chest_session(db_url)
    first = tmp_path / "backup.json"
    summary = backup.export_json(dbmod.open_database(db_url), "local", first)
    assert (summary.workouts, summary.sets, summary.templates, summary.custom_exercises) == (1, 8, 1, 1)
    text = first.read_text(encoding="utf-8")
    data = json.loads(text)
    assert (data["format"], data["version"], data["user"]) == ("exhaust-backup", 2, {"unit": "kg"})
    workout = data["workouts"][0]
    assert (workout["plan_name"], workout["session_name"]) == ("Pre-exhaust chest", "Chest - pre-exhaust")
    assert "A2  Bench Press (Barbell)" in workout["plan_text"]
    assert workout["started_at"] == "2026-03-02T17:30:00Z" and workout["ended_at"] == "2026-03-02T18:32:00Z"
    assert [s["weight"] for s in workout["sets"]] == ["20", "22.5", "60", "176.37", "74.999", None, None, "40"]
    assert [s["block"] for s in workout["sets"][:5]] == ["A1", "A1", "A2", "A2", "A2"]
    assert data["custom_exercises"][0]["name"] == "zercher good morning"
    assert data["templates"][0]["name"] == "chest day"

    for kind in ("postgresql", "sqlite"):
        with fresh_database(kind, tmp_path) as url:
            restored = import_file(url, first)
            assert (restored.workouts_imported, restored.sets_imported, restored.workouts_present) == (1, 8, 0)
            assert export_text(url, tmp_path).encode() == text.encode(), kind
            assert stored_sets(url) == stored_sets(db_url)
            book = Logbook.open(url)
            shown = book.show()
            assert shown.notes == "Pre-exhaust chest: fly then press ✓"
            assert [s.exercise for s in shown.sets][-1] == "zercher good morning"
            assert book.template("chest day") == Logbook.open(db_url).template("chest day")


# --- a hypothesis-generated history round trip -------------------------------------------------

SAFE_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        st.sampled_from(list("\"'\n\r\t,;\\é€Ünß日本💪 ")),
    ),
    max_size=24,
)
EXERCISES = ["bench-press", "cable-fly", "dips", "back-squat", "custom:zercher-good-morning", "custom:é-press"]


@dataclass
class GenSet:
    exercise_id: str
    block: str
    set_type: SetType
    weight: Decimal | None
    unit: WeightUnit
    reps: int
    rpe: Decimal | None
    rir: int | None
    rest_s: int | None
    notes: str
    after: timedelta
    method: OrderMethod = OrderMethod.NONE
    distance_m: Decimal | None = None
    duration_s: int | None = None


@dataclass
class GenWorkout:
    name: str
    started_at: datetime
    length: timedelta | None
    notes: str
    plan_text: str
    sets: list[GenSet]
    source: str = ""
    fingerprint: str = ""


@dataclass
class History:
    unit: WeightUnit
    templates: dict[str, str]
    workouts: list[GenWorkout]


weights = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=999, places=5).map(lambda d: d.quantize(Decimal("0.001"))),
    st.sampled_from([Decimal("74.99999").quantize(Decimal("0.001")), Decimal("0"), Decimal("2.5"), Decimal("100")]),
)
efforts = st.one_of(
    st.tuples(st.none(), st.none()),
    st.tuples(st.integers(2, 20).map(lambda h: Decimal(h) / 2), st.none()),
    st.tuples(st.none(), st.integers(0, 10)),
)
sets = st.builds(
    lambda ex, block, kind, weight, unit, reps, effort, rest, notes, after, method, distance, duration: GenSet(
        ex, block, kind, weight, unit, reps, effort[0], effort[1], rest, notes, after, method, distance, duration
    ),
    st.sampled_from(EXERCISES),
    st.sampled_from(["", "A1", "A2", "B"]),
    st.sampled_from(list(SetType)),
    weights,
    st.sampled_from(list(WeightUnit)),
    st.integers(0, 100),
    efforts,
    st.one_of(st.none(), st.integers(0, 3600)),
    SAFE_TEXT,
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=2)),
    st.sampled_from(list(OrderMethod)),
    st.one_of(
        st.none(),
        st.decimals(min_value=0, max_value=100_000, places=2),
        st.sampled_from([Decimal("0"), Decimal("400"), Decimal("0.01"), Decimal("1000000")]),
    ),
    st.one_of(st.none(), st.integers(0, 86_400)),
)
workouts = st.builds(
    GenWorkout,
    name=SAFE_TEXT,
    started_at=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(tzinfo=UTC)
    ),
    length=st.one_of(st.none(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=3))),
    notes=SAFE_TEXT,
    plan_text=SAFE_TEXT,
    sets=st.lists(sets, max_size=6),
    source=st.sampled_from(["", "strong", "hevy", "fitnotes"]),
    fingerprint=st.one_of(st.just(""), st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
)
histories = st.builds(
    History,
    unit=st.sampled_from(list(WeightUnit)),
    templates=st.dictionaries(SAFE_TEXT.filter(lambda s: len(s) > 0), SAFE_TEXT, max_size=2),
    workouts=st.lists(workouts, min_size=1, max_size=4),
)


def write_history(url: str, user: str, history: History) -> None:
    """Straight through the repository, every set validated by the logbook's own LoggedSet."""
    Logbook.open(url, user)
    with dbmod.open_database(url).transaction() as session:
        repo = Repository(session)
        row = repo.user(user)
        assert row is not None
        row.unit = history.unit.value
        for slug, name in (("zercher-good-morning", "Zercher Good Morning"), ("é-press", 'Étienne\'s "press"')):
            repo.add(CustomExerciseRow(user_id=row.id, slug=slug, name=name, definition="{}", created_at=T0))
        for name, text in history.templates.items():
            repo.add(TemplateRow(user_id=row.id, name=name, plan_text=text, created_at=T0))
        for w in history.workouts:
            workout = WorkoutRow(
                uid=str(uuid.uuid4()),
                user_id=row.id,
                name=w.name,
                started_at=w.started_at,
                ended_at=None if w.length is None else w.started_at + w.length,
                notes=w.notes,
                plan_text=w.plan_text,
                source=w.source,
                fingerprint=w.fingerprint,
            )
            repo.add(workout)
            for position, s in enumerate(w.sets, start=1):
                logged = LoggedSet(
                    exercise_id=s.exercise_id, position=position, block=s.block, set_type=s.set_type,
                    weight=s.weight, unit=s.unit, reps=s.reps, rpe=s.rpe, rir=s.rir, rest_s=s.rest_s, notes=s.notes,
                    method=s.method, distance_m=s.distance_m, duration_s=s.duration_s,
                )  # fmt: skip
                repo.add(set_row(logged, workout_id=workout.id, user_id=row.id, logged_at=w.started_at + s.after))


def test_generated_histories_round_trip_byte_identical(
    db_url: str, tmp_path_factory: pytest.TempPathFactory, fresh_database: FreshDatabase
) -> None:
    kind = engine_of(db_url)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(history=histories)
    def round_trip(history: History) -> None:
        folder = tmp_path_factory.mktemp("rt")
        user = f"u{uuid.uuid4().hex[:8]}"
        write_history(db_url, user, history)
        exported = export_text(db_url, folder, user)
        assert exported == json.dumps(json.loads(exported), indent=2, ensure_ascii=False) + "\n"
        data = json.loads(exported)
        assert data["user"]["unit"] == history.unit.value
        starts = [datetime.fromisoformat(w["started_at"]) for w in data["workouts"]]  # as times: '00.002Z' < '00Z'
        assert starts == sorted(starts)
        with fresh_database(kind, folder) as target:
            summary = import_file(target, _write(folder, exported))
            assert summary.workouts_imported == len(history.workouts)
            assert summary.sets_imported == sum(len(w.sets) for w in history.workouts)
            assert export_text(target, folder) == exported
            assert stored_sets(target) == stored_sets(db_url, user)  # weight_kg recomputed, and equal

    round_trip()


def _write(folder: Path, text: str) -> Path:
    path = folder / f"{uuid.uuid4().hex[:8]}.json"
    path.write_text(text, encoding="utf-8")
    return path


# --- importing: everything checked first, one transaction, nothing doubled ---------------------


def small_backup(workouts: int = 4, sets_each: int = 3, version: int = fmt.VERSION) -> dict[str, Any]:
    return {
        "format": "exhaust-backup",
        "version": version,
        "user": {"unit": "kg"},
        "custom_exercises": [],
        "templates": [
            {"name": "push", "plan_text": "session: push\nA Bench Press 3 x 8\n", "created_at": "2026-01-01T00:00:00Z"}
        ],
        "workouts": [
            {
                "uid": f"w-{i}",
                "name": f"Workout {i}",
                "started_at": f"2026-01-{i + 1:02d}T18:00:00Z",
                "ended_at": f"2026-01-{i + 1:02d}T19:02:00Z",
                "notes": "",
                "plan_name": "",
                "session_name": "",
                "plan_text": "",
                "sets": [
                    {
                        "uid": f"s-{i}-{j}",
                        "position": j + 1,
                        "exercise_id": "bench-press",
                        "block": "",
                        "set_type": "working",
                        "weight": "80",
                        "unit": "kg",
                        "reps": 8,
                        "rpe": None,
                        "rir": 2,
                        "rest_s": 120,
                        "notes": "",
                        "logged_at": f"2026-01-{i + 1:02d}T18:{10 + j:02d}:00Z",
                    }
                    for j in range(sets_each)
                ],
            }
            for i in range(workouts)
        ],
    }


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def refused(url: str, path: Path) -> str:
    before = counts(url)
    with pytest.raises(ExhaustError) as err:
        import_file(url, path)
    assert counts(url) == before, "a refused import changed the database"
    message = str(err.value)
    assert str(path) in message and "nothing was imported" in message
    return message


def test_a_bad_value_is_refused_with_its_json_path_before_anything_is_written(db_url: str, tmp_path: Path) -> None:
    Logbook.open(db_url)
    data = small_backup()
    data["workouts"][3]["sets"][2]["reps"] = 150
    message = refused(db_url, write_json(tmp_path / "b.json", data))
    assert "workouts[3].sets[2].reps: must be between 0 and 100" in message
    assert counts(db_url)["workouts"] == 0  # the three good workouts before it were not written either


@pytest.mark.parametrize(
    ("where", "value", "expected"),
    [
        (("sets", 0, "weight"), "-5", "workouts[1].sets[0].weight: a weight cannot be negative"),
        (("sets", 0, "weight"), "80.0001", "workouts[1].sets[0].weight: weights are kept to 0.001 of a unit"),
        (("sets", 0, "weight"), True, 'must be a decimal number written as a string, e.g. "80"'),
        (("sets", 0, "weight"), "2500", "workouts[1].sets[0].weight: 2500 kg is over 1000 kg"),
        (("sets", 0, "rpe"), "8.3", "workouts[1].sets[0].rpe: RPE runs from 1 to 10 in steps of 0.5"),
        (("sets", 0, "rpe"), "8", "workouts[1].sets[0].rir: give RPE or RIR, not both"),
        (("sets", 0, "unit"), "stone", "workouts[1].sets[0].unit: must be 'kg' or 'lb'"),
        (("sets", 0, "set_type"), "superset", "workouts[1].sets[0].set_type: must be"),
        (("sets", 1, "position"), 1, "workouts[1].sets[1].position: 1 is also the position of sets[0]"),
        (("sets", 0, "logged_at"), "2026-01-02 18:00", "workouts[1].sets[0].logged_at: needs a time zone"),
        (("sets", 0, "logged_at"), "yesterday", "workouts[1].sets[0].logged_at: must be an ISO 8601 time"),
        (("ended_at",), "2026-01-01T00:00:00Z", "workouts[1].ended_at: a workout cannot end before it starts"),
        (("uid",), "w-0", "workouts[1].uid: 'w-0' is also the uid of workouts[0]"),
        (("sets", 2, "uid"), "s-0-1", "workouts[1].sets[2].uid: 's-0-1' is also the uid of workouts[0].sets[1]"),
        (("sets", 0, "notes"), "a\x00b", "workouts[1].sets[0].notes: contains a NUL character"),
        (("sets", 0, "block"), "A-very-long-block", "workouts[1].sets[0].block: is longer than 8 characters"),
        (("sets", 0, "colour"), "red", "workouts[1].sets[0].colour: is not a field of a version 2 backup"),
        (("sets", 0, "reps"), "8", "workouts[1].sets[0].reps: must be a whole number"),
        (("sets", 0, "method"), "bogus", "workouts[1].sets[0].method: must be 'pre-exhaust', 'post-exhaust'"),
        (("sets", 0, "method"), "accessory-first", "workouts[1].sets[0].method: must be"),
        (("sets", 0, "distance_m"), "-400", "workouts[1].sets[0].distance_m: a distance cannot be negative"),
        (("sets", 0, "distance_m"), "400.005", "workouts[1].sets[0].distance_m: distances are kept to 0.01 m"),
        (("sets", 0, "distance_m"), 400, None),  # a JSON number is read exactly: accepted
        (("sets", 0, "duration_s"), 86_401, "workouts[1].sets[0].duration_s: must be between 0 and 86400"),
        (("sets", 0, "duration_s"), "60", "workouts[1].sets[0].duration_s: must be a whole number"),
        (("source",), "s" * 17, "workouts[1].source: is longer than 16 characters"),
        (("fingerprint",), "f" * 65, "workouts[1].fingerprint: is longer than 64 characters"),
    ],
)
def test_every_bad_value_is_named_by_its_path(
    tmp_path: Path, where: tuple[str | int, ...], value: Any, expected: str | None
) -> None:
    data = small_backup()
    node: Any = data["workouts"][1]
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    url = f"sqlite:///{tmp_path / 'x.db'}"
    if expected is None:
        assert import_file(url, write_json(tmp_path / "b.json", data)).sets_imported == 12
    else:
        assert expected in refused(url, write_json(tmp_path / "b.json", data))
    dbmod.close(url)


def test_broken_json_is_refused_with_line_and_column(db_url: str, tmp_path: Path) -> None:
    lines = json.dumps(small_backup(), indent=2).split("\n")
    broken = next(i for i in range(40, len(lines)) if lines[i].endswith(","))
    lines[broken] = lines[broken].rstrip(",")  # a missing comma in the middle of the file
    path = tmp_path / "broken.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    message = refused(db_url, path)
    column = len(lines[broken + 1]) - len(lines[broken + 1].lstrip()) + 1
    assert f"line {broken + 2}, column {column}: not valid JSON: Expecting ',' delimiter" in message


@pytest.mark.parametrize(
    ("content", "expected", "hint"),
    [
        ('{"format": "exhaust-backup", "version": 3, "user": {"unit": "kg"}, "workouts": [{"new": 1}]}',
         "this backup is version 3, written by a newer exhaust; this exhaust reads backups up to version 2", False),
        ('{"format": "hevy", "workouts": []}', 'its "format" is "hevy", not "exhaust-backup"', True),
        ('{"workouts": []}', 'it has no "format": "exhaust-backup"', True),
        ("Date,Workout Name,Duration,Exercise Name\n2024-01-01 10:00:00,Push,1h,Bench\n", "looks like a CSV", True),
        ("", "the file is empty", False),
        ("[1, 2]", "a JSON list", False),
        ('{"format": "exhaust-backup", "version": "1"}', "version: must be a whole number", False),
    ],
)  # fmt: skip
def test_files_that_are_not_backups_this_exhaust_reads_are_refused_clearly(
    tmp_path: Path, content: str, expected: str, hint: bool
) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    path = tmp_path / "other.json"
    path.write_text(content, encoding="utf-8")
    message = refused(url, path)
    assert expected in message
    assert ("`exhaust import`" in message) is hint
    dbmod.close(url)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(ExhaustError, match=r"nowhere\.json: no such file"):
        import_file(url, tmp_path / "nowhere.json")
    dbmod.close(url)


def test_importing_twice_doubles_nothing_and_own_templates_are_kept(db_url: str, tmp_path: Path) -> None:
    book = Logbook.open(db_url)
    book.save_template("push", from_plan=EXAMPLES / "pre-exhaust-chest.plan")
    mine = book.template("push")
    path = write_json(tmp_path / "b.json", small_backup(workouts=12))
    first = import_file(db_url, path)
    assert (first.workouts_imported, first.workouts_present, first.sets_imported) == (12, 0, 36)
    assert first.templates_kept == ["push"] and first.templates_imported == 0
    after_first = counts(db_url)

    data = small_backup(workouts=15)
    second = import_file(db_url, write_json(tmp_path / "more.json", data))
    assert second.text.startswith("3 workouts imported (9 sets), 12 already present")
    assert counts(db_url)["workouts"] == after_first["workouts"] + 3
    again = import_file(db_url, path)
    assert (again.workouts_imported, again.workouts_present) == (0, 12)
    assert book.template("push") == mine


def test_a_failure_late_in_the_import_leaves_the_database_as_it_was(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workout 3 of 4 reuses a set uid the database already has: only the database can tell,
    after workouts 0-2 (and the template) were written in the same transaction."""
    book = Logbook.open(db_url)
    book.start(now=T0)
    taken, _ = book.log("bench", Decimal(100), 5, now=T0)
    book.finish(now=T0 + timedelta(hours=1))
    monkeypatch.setattr(backup, "WORKOUT_BATCH", 1)
    data = small_backup()
    data["workouts"][3]["sets"][1]["uid"] = taken.uid
    before, sets_before = counts(db_url), stored_sets(db_url)
    message = refused(db_url, write_json(tmp_path / "b.json", data))
    assert "workouts[3].sets[1].uid: a set with this uid is already in this database" in message
    assert counts(db_url) == before and stored_sets(db_url) == sets_before
    assert [t[0] for t in Logbook.open(db_url).templates()] == []


def test_a_crash_midway_through_the_bulk_insert_leaves_nothing(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Logbook.open(db_url)
    monkeypatch.setattr(backup, "WORKOUT_BATCH", 1)
    real = Repository.insert_sets
    calls = {"n": 0}

    def failing(self: Repository, rows: list[dict[str, Any]]) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        real(self, rows)

    monkeypatch.setattr(Repository, "insert_sets", failing)
    before = counts(db_url)
    with pytest.raises(RuntimeError, match="power cut"):
        import_file(db_url, write_json(tmp_path / "b.json", small_backup()))
    assert calls["n"] == 3 and counts(db_url) == before


def test_a_workout_of_another_user_is_not_taken_over(db_url: str, tmp_path: Path) -> None:
    path = write_json(tmp_path / "b.json", small_backup())
    import_file(db_url, path, user="ann")
    message = refused(db_url, path)  # as 'local'
    assert "workouts[0].uid: a workout with this uid belongs to another user" in message


def test_lb_sets_are_restored_with_the_same_kilograms(db_url: str, tmp_path: Path) -> None:
    data = small_backup(workouts=1, sets_each=2)
    data["user"]["unit"] = "lb"
    data["workouts"][0]["sets"][0] |= {"weight": "225", "unit": "lb", "rir": None, "rpe": "9.5"}
    data["workouts"][0]["sets"][1] |= {"weight": "74.99999", "unit": "kg"}  # finer than 0.001: refused
    path = write_json(tmp_path / "b.json", data)
    assert "weights are kept to 0.001 of a unit" in refused(db_url, path)
    data["workouts"][0]["sets"][1]["weight"] = str(Decimal("74.99999").quantize(Decimal("0.001")))
    import_file(db_url, write_json(tmp_path / "b2.json", data))
    rows = stored_sets(db_url)
    assert [(r[6], r[7], r[8]) for r in rows] == [
        (Decimal("225.000"), "lb", to_kg(Decimal(225), WeightUnit.LB)),
        (Decimal("75.000"), "kg", Decimal("75.00")),
    ]
    assert Logbook.open(db_url).unit is WeightUnit.LB


# --- version 2: what imported histories carry; version 1 still read -------------------------------

FINGERPRINT = "9f2c" * 16
SET_KEYS = [
    "uid", "position", "exercise_id", "block", "method", "set_type", "weight", "unit", "reps", "distance_m",
    "duration_s", "rpe", "rir", "rest_s", "notes", "logged_at", "imported_name",
]  # fmt: skip
WORKOUT_KEYS = [
    "uid", "name", "started_at", "ended_at", "notes", "plan_name", "session_name", "plan_text", "source",
    "fingerprint", "sets",
]  # fmt: skip


def imported_history() -> dict[str, Any]:
    """A Strong import as version 2 writes it: a pre-exhaust pair, a carry, a plank."""
    data = small_backup(workouts=2, sets_each=4)
    first = data["workouts"][0]
    first |= {"source": "strong", "fingerprint": FINGERPRINT}
    fly, press, carry, plank = first["sets"]
    fly |= {"exercise_id": "cable-fly", "block": "A1", "method": "pre-exhaust", "weight": "20"}
    fly |= {"imported_name": "Cable Fly Crossovers"}
    press |= {"block": "A2", "method": "pre-exhaust"}
    carry |= {"exercise_id": "farmers-walk", "weight": "32", "reps": 0, "rir": None, "distance_m": "40.50"}
    plank |= {"exercise_id": "plank", "weight": None, "reps": 0, "rir": None, "duration_s": 95, "rest_s": None}
    data["workouts"][1]["sets"][0] |= {"method": "traditional", "distance_m": 0, "duration_s": 0}
    return data


def test_version_2_round_trips_method_distance_duration_source_and_fingerprint(
    db_url: str, tmp_path: Path, fresh_database: FreshDatabase
) -> None:
    import_file(db_url, write_json(tmp_path / "in.json", imported_history()))
    text = export_text(db_url, tmp_path)
    data = json.loads(text)
    assert data["version"] == 2
    first, second = data["workouts"]
    assert list(first) == WORKOUT_KEYS and list(first["sets"][0]) == SET_KEYS  # the order docs/backup-format.md gives
    assert (first["source"], first["fingerprint"]) == ("strong", FINGERPRINT)
    assert (second["source"], second["fingerprint"]) == ("", "")
    got = [(s["method"], s["weight"], s["reps"], s["distance_m"], s["duration_s"]) for s in first["sets"]]
    assert got == [
        ("pre-exhaust", "20", 8, None, None),
        ("pre-exhaust", "80", 8, None, None),
        ("", "32", 0, "40.5", None),  # decimals are canonical: "40.50" is written "40.5"
        ("", None, 0, None, 95),
    ]
    zero = second["sets"][0]
    assert (zero["method"], zero["distance_m"], zero["duration_s"]) == ("traditional", "0", 0)
    assert [s["imported_name"] for s in first["sets"]] == ["Cable Fly Crossovers", "", "", ""]

    shown = Logbook.open(db_url).show(1)  # the first workout imported: the Strong one
    assert shown.source == "strong" and shown.fingerprint == FINGERPRINT
    assert [s.method for s in shown.sets] == ["pre-exhaust", "pre-exhaust", "", ""]
    assert [s.text for s in shown.sets[2:]] == ["32 kg, 40.5 m", "95 s"]

    other = "sqlite" if engine_of(db_url) == "postgresql" else "postgresql"
    with fresh_database(other, tmp_path) as url:
        import_file(url, _write(tmp_path, text))
        assert export_text(url, tmp_path).encode() == text.encode()  # export → import → export: same bytes
        assert stored_sets(url) == stored_sets(db_url)


def test_a_version_1_backup_still_imports_with_the_new_fields_at_their_defaults(db_url: str, tmp_path: Path) -> None:
    old = small_backup(workouts=2, sets_each=2, version=1)
    summary = import_file(db_url, write_json(tmp_path / "v1.json", old))
    assert (summary.workouts_imported, summary.sets_imported) == (2, 4)
    assert {r[-6:] for r in stored_sets(db_url)} == {("", None, None, "", "", "")}

    data = json.loads(export_text(db_url, tmp_path))
    assert data["version"] == 2  # what this exhaust writes, whatever it read
    for was, now in zip(old["workouts"], data["workouts"], strict=True):
        assert now == was | {"source": "", "fingerprint": "", "sets": now["sets"]}
        for was_set, now_set in zip(was["sets"], now["sets"], strict=True):
            assert now_set == was_set | {"method": "", "distance_m": None, "duration_s": None, "imported_name": ""}


@pytest.mark.parametrize(
    ("where", "value", "path"),
    [
        (("sets", 0, "method"), "pre-exhaust", "workouts[1].sets[0].method"),
        (("sets", 1, "distance_m"), "400", "workouts[1].sets[1].distance_m"),
        (("sets", 0, "duration_s"), 60, "workouts[1].sets[0].duration_s"),
        (("source",), "strong", "workouts[1].source"),
        (("fingerprint",), FINGERPRINT, "workouts[1].fingerprint"),
    ],
)
def test_a_version_1_backup_with_a_field_of_version_2_is_refused(
    tmp_path: Path, where: tuple[str | int, ...], value: Any, path: str
) -> None:
    """A version 1 file never had these: one that does was not written by an exhaust, and
    what such a field meant could not be known."""
    data = small_backup(workouts=2, sets_each=2, version=1)
    node: Any = data["workouts"][1]
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    url = f"sqlite:///{tmp_path / 'x.db'}"
    message = refused(url, write_json(tmp_path / "b.json", data))
    assert f"{path}: is not a field of a version 1 backup (it came in version 2)" in message
    dbmod.close(url)


def test_strong_csv_carries_distance_and_seconds(db_url: str, tmp_path: Path) -> None:
    import_file(db_url, write_json(tmp_path / "in.json", imported_history()))
    target = tmp_path / "strong.csv"
    backup.export_csv(dbmod.open_database(db_url), "local", target, tz=UTC)
    rows = read_csv(target)
    assert [(r["Exercise Name"], r["Weight"], r["Reps"], r["Distance"], r["Seconds"]) for r in rows[:5]] == [
        ("Cable Fly", "20", "8", "0", "0"),  # none logged: 0, as Strong writes it
        ("Bench Press (Barbell)", "80", "8", "0", "0"),
        ("Farmer's Walk (Dumbbell)", "32", "0", "40.5", "0"),  # metres, as the backup keeps them
        ("Plank", "", "0", "0", "95"),
        ("Bench Press (Barbell)", "80", "8", "0", "0"),
    ]


# --- writing files ----------------------------------------------------------------------------


def test_an_existing_file_is_kept_unless_forced_and_a_failed_export_leaves_no_file(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_chest_session(db_url)
    db = dbmod.open_database(db_url)
    target = tmp_path / "backup.json"
    target.write_text("my precious old backup")
    with pytest.raises(ExhaustError, match="exists; choose another file or pass --force"):
        backup.export_json(db, "local", target)
    assert target.read_text() == "my precious old backup"

    def broken(*_: object, **__: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(backup, "encode_workout", broken)
    with pytest.raises(RuntimeError):
        backup.export_json(db, "local", target, force=True)
    assert target.read_text() == "my precious old backup"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    backup.export_json(db, "local", target, force=True)
    assert json.loads(target.read_text())["format"] == "exhaust-backup"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_export_into_a_missing_folder_names_it(db_url: str, tmp_path: Path) -> None:
    with pytest.raises(ExhaustError, match=r"the folder .*nope does not exist"):
        backup.export_json(dbmod.open_database(db_url), "local", tmp_path / "nope" / "b.json")


def test_export_streams_in_batches(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With 3 workouts per batch, 10 workouts with equal start times still come out once each,
    ordered by (started_at, uid) — the order a restore into any database reproduces."""
    monkeypatch.setattr(backup, "WORKOUT_BATCH", 3)
    data = small_backup(workouts=10, sets_each=1)
    for i, w in enumerate(data["workouts"]):
        w["started_at"] = "2026-01-01T18:00:00Z"
        w["uid"] = f"w-{(i * 7) % 10}"
        w["sets"][0]["uid"] = f"s-{i}"
    import_file(db_url, write_json(tmp_path / "b.json", data))
    seen: list[int] = []
    text = export_text(db_url, tmp_path)
    backup.export_json(
        dbmod.open_database(db_url), "local", tmp_path / "p.json", progress=lambda done, total: seen.append(done)
    )
    uids = [w["uid"] for w in json.loads(text)["workouts"]]
    assert uids == [f"w-{i}" for i in range(10)]
    assert seen[-1] == 10 and seen == sorted(seen)


# --- the Strong CSV ---------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def test_strong_csv_has_strong_columns_set_order_and_the_preferred_unit(db_url: str, tmp_path: Path) -> None:
    log_chest_session(db_url)
    target = tmp_path / "strong.csv"
    summary = backup.export_csv(dbmod.open_database(db_url), "local", target, tz=timezone(timedelta(hours=-5)))
    assert summary.sets == 8
    assert target.read_text(encoding="utf-8").split("\n", 1)[0] == (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
    )
    rows = read_csv(target)
    assert {r["Date"] for r in rows} == {"2026-03-02 12:30:00"}  # the workout's start, in local time
    assert {r["Duration"] for r in rows} == {"1h 2m"}
    assert {r["Workout Name"] for r in rows} == {"Chest - pre-exhaust"}
    assert {r["Workout Notes"] for r in rows} == {"Pre-exhaust chest: fly then press ✓"}
    assert [(r["Exercise Name"], r["Set Order"], r["Weight"], r["Reps"], r["RPE"]) for r in rows] == [
        ("Cable Fly", "1", "20", "15", ""),
        ("Cable Fly", "2", "22.5", "12", "8.5"),
        ("Bench Press (Barbell)", "W", "60", "10", ""),
        ("Bench Press (Barbell)", "1", fmt.canonical_decimal(to_kg(Decimal("176.37"), WeightUnit.LB)), "8", "8"),
        ("Bench Press (Barbell)", "2", "74.999", "7", ""),
        ("Dips", "F", "", "12", ""),
        ("Dips", "D", "", "6", ""),
        ("zercher good morning", "1", "40", "10", ""),
    ]
    assert rows[3]["Notes"] == 'grind — "ok"' and rows[4]["Notes"] == "Brust müde\nnext time 72.5"

    set_unit(db_url, WeightUnit.LB)
    backup.export_csv(dbmod.open_database(db_url), "local", target, force=True, tz=UTC)
    rows = read_csv(target)
    assert rows[0]["Date"] == "2026-03-02 17:30:00"
    assert [r["Weight"] for r in rows[:5]] == [
        fmt.canonical_decimal(from_kg(Decimal(20), WeightUnit.LB)),
        fmt.canonical_decimal(from_kg(Decimal("22.5"), WeightUnit.LB)),
        fmt.canonical_decimal(from_kg(Decimal(60), WeightUnit.LB)),
        "176.37",  # logged in pounds: exactly as logged
        fmt.canonical_decimal(from_kg(Decimal("74.999"), WeightUnit.LB)),
    ]


def test_strong_duration() -> None:
    assert backup.duration_text(T0, T0 + timedelta(minutes=56, seconds=59)) == "56m"
    assert backup.duration_text(T0, T0 + timedelta(minutes=62)) == "1h 2m"
    assert backup.duration_text(T0, T0 + timedelta(hours=2)) == "2h 0m"
    assert backup.duration_text(T0, None) == ""


# --- the format itself (pure) -----------------------------------------------------------------


def test_the_text_is_json_dumps_indent_2_and_canonical() -> None:
    header = fmt.BackupHeader(
        user=fmt.BackupUser(unit=WeightUnit.LB),
        custom_exercises=[
            fmt.BackupCustomExercise(slug="b", name="B", definition={"x": [1, {"y": 1.5}], "z": {}}, created_at=T0)
        ],
        templates=[fmt.BackupTemplate(name="ü", plan_text="é\n", created_at=T0)],
    )
    workout = fmt.BackupWorkout.model_validate(small_backup(1, 2)["workouts"][0])
    text = fmt.dumps(header, [workout])
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"
    empty = fmt.dumps(header, [])
    assert json.loads(empty)["workouts"] == [] and empty.endswith('"workouts": []\n}\n')
    assert fmt.canonical_decimal(Decimal("80.000")) == "80"
    assert fmt.canonical_decimal(Decimal("1E+2")) == "100"
    assert fmt.canonical_decimal(Decimal("-0.0")) == "0"
    assert fmt.canonical_decimal(Decimal("74.990")) == "74.99"
    assert fmt.iso_utc(datetime(2026, 1, 1, 19, 0, tzinfo=timezone(timedelta(hours=1)))) == "2026-01-01T18:00:00Z"
    assert fmt.iso_utc(datetime(2026, 1, 1, 18, 0, 0, 250000, tzinfo=UTC)) == "2026-01-01T18:00:00.250000Z"
    assert fmt.iso_utc(datetime(5, 1, 1, tzinfo=UTC)) == "0005-01-01T00:00:00Z"


def test_a_reordered_hand_edited_file_reads_the_same() -> None:
    data = small_backup(2, 2)
    reordered = {"workouts": data["workouts"], **{k: v for k, v in reversed(data.items()) if k != "workouts"}}
    reordered["workouts"][0]["sets"][0]["weight"] = "80.000"
    a, b = fmt.BackupText(json.dumps(data)), fmt.BackupText(json.dumps(reordered, indent=4))
    assert a.header == b.header
    assert [w for _, w in a.workouts()] == [w for _, w in b.workouts()]
    assert fmt.check(b).sets == 4


def test_trailing_garbage_and_duplicate_keys_are_refused() -> None:
    text = json.dumps(small_backup(1, 1))
    with pytest.raises(fmt.BackupError, match="extra data"):
        fmt.check(fmt.BackupText(text + " {}"))
    with pytest.raises(fmt.BackupError, match="appears twice"):
        fmt.check(fmt.BackupText(text[:-1] + ', "format": "exhaust-backup"}'))
    with pytest.raises(fmt.BackupError, match="appears twice"):
        fmt.BackupText('{"format": "exhaust-backup", "format": "exhaust-backup"}')
    with pytest.raises(fmt.BackupError, match="colour: is not a field of a version 2 backup"):
        fmt.check(fmt.BackupText(text[:-1] + ', "colour": "red"}'))
    with pytest.raises(fmt.BackupError, match="appears twice"):
        fmt.check(fmt.BackupText(text[:-1] + ', "workouts": []}'))
