"""`exhaust export` and `exhaust import-backup` as a lifter and a script meet them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exhaust.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def run_json(db: str, *args: str) -> Any:
    code, out, err = run(db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path


def db_at(folder: Path, name: str) -> str:
    return f"sqlite:///{folder / name}"


def log_a_session(db: str) -> None:
    assert run(db, "workout", "start", "--plan", str(EXAMPLES / "pre-exhaust-chest.plan"))[0] == 0
    for words in (
        ["cable fly", "20kg", "x", "15", "@8"],
        ["bench", "185", "lb", "x", "8", "--rir", "2", "--note", 'felt "heavy" — ok'],
        ["dips", "bw", "x", "10", "--type", "warmup"],
        ["zercher good morning", "40kg", "x", "10", "--custom"],
    ):
        code, _, err = run(db, "workout", "log", *words)
        assert code == 0, err
    assert run(db, "workout", "finish")[0] == 0


def test_export_then_import_into_a_new_logbook_gives_the_same_backup(home: Path) -> None:
    old, new = db_at(home, "old.db"), db_at(home, "new.db")
    log_a_session(old)
    first = home / "backup.json"
    code, out, _ = run(old, "export", "--format", "json", str(first))
    assert code == 0
    assert "1 workout (4 sets) written to" in out and f"exhaust import-backup {first}" in out

    code, out, _ = run(new, "import-backup", str(first))
    assert code == 0 and "1 workout imported (4 sets), 0 already present" in out
    assert run_json(new, "export", str(home / "again.json")) == {
        "file": str(home / "again.json"),
        "format": "json",
        "workouts": 1,
        "sets": 4,
        "templates": 0,
        "custom_exercises": 1,
        "unit": "kg",
        "bytes": first.stat().st_size,
    }
    assert (home / "again.json").read_bytes() == first.read_bytes()
    shown = run_json(new, "workout", "show")
    assert [s["exercise"] for s in shown["sets"]][-1] == "zercher good morning"

    again = run_json(new, "import-backup", str(first))
    assert (again["workouts_imported"], again["workouts_present"], again["sets_imported"]) == (0, 1, 0)


def test_strong_csv_export(home: Path) -> None:
    db = db_at(home, "book.db")
    log_a_session(db)
    target = home / "strong.csv"
    code, out, _ = run(db, "export", "--format", "csv", str(target))
    assert code == 0 and "a Strong CSV" in out
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == [
        "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance", "Seconds",
        "Notes", "Workout Notes", "RPE",
    ]  # fmt: skip
    assert [(r[3], r[4], r[5], r[6], r[9], r[11]) for r in rows[1:]] == [
        ("Cable Fly", "1", "20", "15", "", "8"),
        ("Bench Press (Barbell)", "1", "83.91", "8", 'felt "heavy" — ok', ""),  # 185 lb in kg, the preferred unit
        ("Dips", "W", "", "10", "", ""),
        ("zercher good morning", "1", "40", "10", "", ""),
    ]


def test_bad_usage_exits_2_and_writes_nothing(home: Path) -> None:
    db = db_at(home, "book.db")
    code, _, err = run(db, "export", "--format", "xml", str(home / "out.xml"))
    assert code == 2 and "xml" in err
    assert not (home / "out.xml").exists()


def test_an_existing_file_is_not_replaced_without_force(home: Path) -> None:
    db = db_at(home, "book.db")
    log_a_session(db)
    target = home / "backup.json"
    target.write_text("keep me")
    code, _, err = run(db, "export", str(target))
    assert code == 1 and "--force" in err and str(target) in err
    assert target.read_text() == "keep me"
    assert run(db, "export", str(target), "--force")[0] == 0
    assert json.loads(target.read_text())["version"] == 2


def test_a_missing_backup_is_a_user_error_naming_the_file(home: Path) -> None:
    code, _, err = run(db_at(home, "book.db"), "import-backup", str(home / "nowhere.json"))
    assert code == 1 and f"{home / 'nowhere.json'}: no such file" in err


def test_a_bad_value_names_its_place_and_nothing_is_imported(home: Path) -> None:
    old, new = db_at(home, "old.db"), db_at(home, "new.db")
    log_a_session(old)
    path = home / "backup.json"
    run(old, "export", str(path))
    data = json.loads(path.read_text())
    data["workouts"][0]["sets"][2]["reps"] = 101
    path.write_text(json.dumps(data, indent=2))

    code, out, err = run(new, "import-backup", str(path), "--json")
    assert code == 1
    assert f"{path}: workouts[0].sets[2].reps: must be between 0 and 100 (got 101); nothing was imported" in err
    error = json.loads(out)["error"]
    assert (error["file"], error["path"], error["exit_code"]) == (str(path), "workouts[0].sets[2].reps", 1)
    assert run(new, "workout", "show")[0] == 1  # still no workouts


def test_broken_json_names_line_and_column(home: Path) -> None:
    path = home / "broken.json"
    path.write_text('{\n  "format": "exhaust-backup",\n  "version": 1\n  "user": {"unit": "kg"}\n}\n')
    code, out, err = run(db_at(home, "book.db"), "import-backup", str(path), "--json")
    assert code == 1 and "line 4, column 3" in err
    error = json.loads(out)["error"]
    assert (error["line"], error["column"]) == (4, 3)


def test_a_newer_backup_or_a_strong_file_is_refused_with_advice(home: Path) -> None:
    db = db_at(home, "book.db")
    newer = home / "newer.json"
    newer.write_text('{"format": "exhaust-backup", "version": 7, "user": {"unit": "kg"}}')
    code, _, err = run(db, "import-backup", str(newer))
    assert code == 1 and "version 7, written by a newer exhaust" in err and "Upgrade exhaust" in err
    strong = home / "strong.csv"
    strong.write_text("Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps\n")
    code, _, err = run(db, "import-backup", str(strong))
    assert code == 1 and "`exhaust import`" in err


def test_the_commands_are_listed_and_load_nothing_at_startup() -> None:
    code = (
        "import sys; import exhaust.cli.app; "
        "print(sorted(m for m in sys.modules if m.startswith(('exhaust.services.backup', 'exhaust.domain.backup'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    result = runner.invoke(app, ["--help"])
    assert "export" in result.stdout and "import-backup" in result.stdout
