"""The logbook at the command line: a lifter starts from a plan, logs, finishes, looks back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from exhaust.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'book.db'}"


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(db: str, *args: str) -> Any:
    code, out, err = run(db, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_a_session_from_a_plan_start_to_finish(db: str) -> None:
    started = run_json(db, "workout", "start", "--plan", str(EXAMPLES / "pre-exhaust-chest.plan"))
    assert [s["label"] for s in started["first_block"]] == ["A1", "A2"]
    assert started["first_block"][1]["load"] == "62.5% 1RM"

    fly = run_json(db, "workout", "log", "cable fly", "20kg", "x", "15", "@8")["set"]
    assert (fly["block"], fly["weight"], fly["unit"], fly["reps"], fly["rpe"]) == ("A1", "20", "kg", 15, "8")
    bench = run_json(db, "workout", "log", "bench", "185", "8", "--unit", "lb", "--rir", "2", "--rest", "60")["set"]
    assert (bench["block"], bench["weight_kg"], bench["rir"], bench["rest_s"]) == ("A2", "83.91", 2, 60)
    warm = run_json(db, "workout", "log", "dips", "bw", "x", "10", "--type", "warmup", "--note", "easy")["set"]
    assert warm["weight"] is None and warm["set_type"] == "warmup" and warm["notes"] == "easy"

    done = run_json(db, "workout", "finish", "--notes", "good pump")
    assert [s["position"] for s in done["sets"]] == [1, 2, 3]
    assert done["ended_at"] and done["notes"] == "good pump"
    assert done["plan"] == "Pre-exhaust chest" and done["session"] == "Chest - pre-exhaust"
    # volume counts working sets only (seed 002): 20 x 15 + 83.91 x 8
    assert done["volume_kg"] == "971.28"

    shown = run_json(db, "workout", "show", str(done["id"]))
    assert shown == done
    code, out, _ = run(db, "workout", "show")
    assert code == 0 and "Bench Press" in out and "185 lb × 8 RIR 2" in out
    assert out.count("pre-exhaust") >= 3  # the plan, and the method column of the fly and the bench


def test_next_time_the_plan_load_becomes_kilos_from_your_own_e1rm(db: str) -> None:
    plan = str(EXAMPLES / "pre-exhaust-chest.plan")
    run(db, "workout", "start", "--plan", plan)
    run(db, "workout", "log", "bench", "100kg", "x", "6")
    run(db, "workout", "finish")
    again = run_json(db, "workout", "start", "--plan", plan)["first_block"][1]
    # Epley: 100 x (1 + 6/30) = 120 kg; 62.5 % of that is 75 kg
    assert again["weight"] == "75" and "120" in again["basis"]
    assert again["last_time"] == ["100 kg × 6"]


def test_errors_write_nothing_and_say_what_to_do(db: str) -> None:
    code, _, err = run(db, "workout", "log", "bench", "80", "8")
    assert code == 1 and "no workout is open" in err and "workout start" in err
    run(db, "workout", "start")
    for args, words in [
        (("bench", "-5", "8"), "negative"),
        (("bench", "80", "500"), "100"),
        (("bench", "80", "8", "--rpe", "11"), "RPE runs from 1 to 10"),
        (("bench", "80", "8", "--unit", "stone"), "unknown weight unit"),
        (("benhc", "pres", "80", "8"), "Did you mean: Bench Press (Barbell)"),
        (("bench", "80", "8", "--rpe", "8", "--rir", "2"), "effort once"),
    ]:
        code, out, err = run(db, "workout", "log", *args)
        assert code in (1, 2) and words in err, (args, err)
        assert "Traceback" not in out + err
    code, _, err = run(db, "workout", "start")
    assert code == 1 and "still open" in err
    assert run_json(db, "workout", "finish")["sets"] == []


def test_history_filters_by_exercise_and_date(db: str) -> None:
    run(db, "workout", "start")
    run(db, "workout", "log", "bench", "80", "8")
    run(db, "workout", "log", "squat", "100", "5")
    run(db, "workout", "finish")
    rows = run_json(db, "history", "--exercise", "bench press")
    assert [r["exercise_id"] for r in rows] == ["bench-press"]
    assert run_json(db, "history", "--since", "2999-01-01") == []
    assert len(run_json(db, "history")) == 2
    code, _, err = run(db, "history", "--since", "last tuesday")
    assert code == 2 and "YYYY-MM-DD" in err


def test_templates_from_a_plan_and_from_a_workout(db: str) -> None:
    plan = str(EXAMPLES / "seed-001-lower-push-pull.plan")
    code, _, _ = run(db, "template", "save", "ppl", "--from-plan", plan)
    assert code == 0
    code, _, err = run(db, "template", "save", "ppl", "--from-plan", plan)
    assert code == 1 and "--replace" in err
    listed = run_json(db, "template", "list")
    assert listed[0]["name"] == "ppl" and listed[0]["exercises"] == 17

    code, _, err = run(db, "workout", "start", "--template", "ppl")
    assert code == 1 and "--session" in err
    started = run_json(db, "workout", "start", "--template", "ppl", "--session", "tuesday")
    assert started["workout"]["session"] == "Tuesday - upper body push"
    assert started["first_block"][0]["exercise_id"] == "triceps-extension"
    run(db, "workout", "log", "triceps extension", "15kg", "x", "12")
    run(db, "workout", "log", "triceps extension", "15kg", "x", "10")
    finished = run_json(db, "workout", "finish")

    saved = run_json(db, "template", "save", "tue", "--from-workout", str(finished["id"]))
    assert "Triceps Extension" in saved["plan_text"] and "2 x 10-12" in saved["plan_text"]
    shown = run_json(db, "template", "show", "tue")
    assert shown["plan_text"] == saved["plan_text"]
    code, _, err = run(db, "template", "show", "nope")
    assert code == 1 and "no template" in err


def test_an_exercise_the_catalogue_lacks_is_kept_as_your_own(db: str) -> None:
    run(db, "workout", "start")
    code, _, err = run(db, "workout", "log", "Atlas Stone Over Bar", "60", "10")
    assert code == 1 and "--custom" in err
    mine = run_json(db, "workout", "log", "Atlas Stone Over Bar", "60", "10", "--custom")["set"]
    assert mine["exercise_id"] == "custom:atlas-stone-over-bar" and mine["exercise"] == "Atlas Stone Over Bar"
    again = run_json(db, "workout", "log", "atlas stone over bar", "65", "8")["set"]  # now known, no flag
    assert again["exercise_id"] == mine["exercise_id"]
    assert [r["exercise"] for r in run_json(db, "history", "--exercise", "Atlas Stone Over Bar")] == [
        "Atlas Stone Over Bar",
        "Atlas Stone Over Bar",
    ]


def imported_backup(path: Path) -> Path:
    """A Strong workout as a version 2 backup carries it: a tagged pair, a carry, a plank."""
    when = "2026-01-08T07:30:00Z"
    common = {"set_type": "working", "unit": "kg", "rpe": None, "rir": None, "rest_s": None, "notes": ""}
    sets = [
        {"exercise_id": "cable-fly", "block": "A1", "method": "pre-exhaust", "weight": "20", "reps": 12},
        {"exercise_id": "bench-press", "block": "A2", "method": "pre-exhaust", "weight": "70", "reps": 8},
        {"exercise_id": "farmers-walk", "weight": "32", "reps": 0, "distance_m": "40.50"},
        {"exercise_id": "plank", "weight": None, "reps": 0, "duration_s": 95},
    ]
    workout = {
        "uid": "strong-1", "name": "Chest", "started_at": when, "ended_at": "2026-01-08T08:26:00Z",
        "source": "strong", "fingerprint": "ab" * 32,
        "sets": [{**common, **s, "uid": f"s-{i}", "position": i, "logged_at": when} for i, s in enumerate(sets, 1)],
    }  # fmt: skip
    backup = {"format": "exhaust-backup", "version": 2, "user": {"unit": "kg"}, "workouts": [workout]}
    path.write_text(json.dumps(backup), encoding="utf-8")
    return path


def test_an_imported_workout_shows_its_source_method_distance_and_time(db: str, tmp_path: Path) -> None:
    assert run(db, "import-backup", str(imported_backup(tmp_path / "b.json")))[0] == 0

    shown = run_json(db, "workout", "show")
    assert (shown["source"], shown["fingerprint"]) == ("strong", "ab" * 32)
    assert [(s["method"], s["distance_m"], s["duration_s"]) for s in shown["sets"]] == [
        ("pre-exhaust", None, None),
        ("pre-exhaust", None, None),
        ("", "40.5", None),
        ("", None, 95),
    ]
    code, out, _ = run(db, "workout", "show")
    assert code == 0 and "Chest (imported from strong)" in out
    lines = out.splitlines()
    assert any("method" in line and "exercise" in line for line in lines)  # a method column
    assert any("A1" in line and "pre-exhaust" in line and "Cable Fly" in line for line in lines)
    assert any("32 kg, 40.5 m" in line for line in lines) and any("95 s" in line for line in lines)

    code, out, _ = run(db, "history")
    assert code == 0 and "pre-exhaust" in out and "95 s" in out
    history = run_json(db, "history", "--exercise", "plank")
    assert [(r["exercise_id"], r["duration_s"], r["method"]) for r in history] == [("plank", 95, "")]


def test_plain_training_logged_here_shows_no_method_column_and_no_source(db: str) -> None:
    run(db, "workout", "start", "--name", "Push")
    logged = run_json(db, "workout", "log", "bench", "80", "8")["set"]
    assert (logged["method"], logged["distance_m"], logged["duration_s"]) == ("", None, None)
    done = run_json(db, "workout", "finish")
    assert (done["source"], done["fingerprint"]) == ("", "")
    assert done["sets"][0]["method"] == "traditional"  # tagged on finishing, as an import would be
    for command in (["workout", "show"], ["history"]):
        code, out, _ = run(db, *command)
        assert code == 0 and "80 kg × 8" in out
        assert "method" not in out and "imported" not in out
