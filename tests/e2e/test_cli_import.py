"""`exhaust import` as a lifter and a script meet it: reports, exit codes, the map file round trip."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exhaust.cli.app import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
runner = CliRunner()


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, *args])
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def run_json(db: str, *args: str, code: int = 0) -> Any:
    got, out, err = run(db, *args, "--json")
    assert got == code, err
    return json.loads(out)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'logbook.db'}"


def history_count(db: str) -> int:
    return len(run_json(db, "history", "--limit", "1000"))


def test_a_strong_import_reports_what_it_did(db: str) -> None:
    code, out, err = run(db, "import", str(FIXTURES / "strong.csv"), "--unit", "kg")
    assert code == 0, err
    assert "Imported 2 workouts (10 sets); 0 already here." in out
    assert "Exercises: 5 matched to the catalogue" in out
    assert "pre-exhaust in 1 workout" in out and "post-exhaust in 1 workout" in out
    assert "1 rest-timer row kept as the rest before the next set." in out
    assert history_count(db) == 10

    code, out, _ = run(db, "import", str(FIXTURES / "strong.csv"), "--unit", "kg")
    assert code == 0 and "Imported 0 workouts (0 sets); 2 already here." in out
    assert history_count(db) == 10


def test_json_report_for_scripts(db: str) -> None:
    report = run_json(db, "import", str(FIXTURES / "hevy.csv"))
    assert report["app"] == "hevy" and report["variant"] == "hevy (comma-separated, weights in kg)"
    assert (report["workouts_imported"], report["sets_imported"], report["workouts_present"]) == (2, 10, 0)
    assert report["exercises_matched"] == 5 and report["exercises_custom"] == 0
    assert report["methods"] == {"post-exhaust": 1, "pre-exhaust": 1}
    squat = next(n for n in report["names"] if n["name"] == "Squat (Barbell)")
    assert squat == squat | {"exercise_id": "squat", "how": "exact", "sets": 3, "new": False}


def test_the_format_is_detected_or_forced(db: str) -> None:
    assert run_json(db, "import", str(FIXTURES / "fitnotes.csv"), "--format", "fitnotes")["app"] == "fitnotes"
    error = run_json(db, "import", str(FIXTURES / "fitnotes.csv"), "--format", "hevy", code=1)["error"]
    assert "not that of a Hevy export" in error["message"] and error["line"] == 1


def test_a_broken_file_gets_file_line_column_and_exit_1(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    text = (FIXTURES / "hevy.csv").read_text(encoding="utf-8")
    bad.write_text(text.replace(",1,dropset,10,10,", ",1,dropset,10kg,10,"), encoding="utf-8")
    code, out, err = run(db, "import", str(bad))
    assert code == 1 and out == ""
    assert f"error: {bad}: line 5, column 10 (weight_kg): expected a weight in kg such as 80 or 82.5" in err
    assert "nothing was imported" in err
    error = run_json(db, "import", str(bad), code=1)["error"]
    assert (error["file"], error["line"], error["column"], error["column_name"]) == (str(bad), 5, 10, "weight_kg")
    assert history_count(db) == 0


def test_missing_unit_and_bad_options_are_usage_errors(db: str) -> None:
    code, _, err = run(db, "import", str(FIXTURES / "strong.csv"))
    assert code == 2 and "--unit kg or --unit lb" in err
    code, _, err = run(db, "import", str(FIXTURES / "strong.csv"), "--unit", "kg", "--tz", "Mars/Olympus")
    assert code == 2 and "time zone 'Mars/Olympus'" in err
    code, _, _ = run(db, "import", str(FIXTURES / "strong.csv"), "--unit", "stone")
    assert code == 2


def test_a_missing_file_is_a_clear_error(db: str, tmp_path: Path) -> None:
    code, _, err = run(db, "import", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: no such file" in err


def test_dry_run_shows_the_mapping_and_writes_nothing(db: str) -> None:
    code, out, err = run(db, "import", str(FIXTURES / "strong-bom-crlf.csv"), "--unit", "kg", "--dry-run")
    assert code == 0, err
    assert "Exercise names" in out and "Écarté à la poulie" in out
    assert "Would import 1 workout (3 sets)" in out and "Nothing was written (--dry-run)." in out
    assert history_count(db) == 0


def test_save_map_then_correct_it_and_run_again(db: str, tmp_path: Path) -> None:
    names = tmp_path / "names.map"
    source = str(FIXTURES / "strong-bom-crlf.csv")
    code, out, err = run(db, "import", source, "--unit", "kg", "--save-map", str(names))
    assert code == 0, err
    assert f"Name mapping written to {names}" in out
    assert "2 kept as your own" in out
    text = names.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("Développé militaire"))
    names.write_text(text.replace(line, "Développé militaire (Haltères) = Overhead Press (Dumbbell)"), encoding="utf-8")

    report = run_json(db, "import", source, "--unit", "kg", "--map", str(names))
    assert report["sets_remapped"] == 1 and report["workouts_imported"] == 0
    shown = run_json(db, "history", "--limit", "10")
    assert "Développé militaire (Haltères)" not in {s["exercise"] for s in shown}

    # --save-map refuses to overwrite another file it did not read.
    other = tmp_path / "other.map"
    other.write_text("# mine\n", encoding="utf-8")
    code, _, err = run(db, "import", source, "--unit", "kg", "--save-map", str(other))
    assert code == 1 and "exists" in err and other.read_text(encoding="utf-8") == "# mine\n"


def test_a_broken_map_file_names_its_line(db: str, tmp_path: Path) -> None:
    names = tmp_path / "names.map"
    names.write_text("Bench Press (Barbell) = bench-press\nno equals sign here\n", encoding="utf-8")
    code, _, err = run(db, "import", str(FIXTURES / "strong.csv"), "--unit", "kg", "--map", str(names))
    assert code == 1 and f"{names}: line 2:" in err
    assert history_count(db) == 0


def test_import_help_lists_the_interface() -> None:
    out = runner.invoke(app, ["import", "--help"], terminal_width=200).stdout
    for flag in ("--format", "--unit", "--map", "--dry-run", "--save-map", "--tz", "--json"):
        assert flag in out
