"""`exhaust expected` as a lifter meets it: each pre-exhaust session's bench press, what the model
expected (with the carry-over known before it) against the reps done, and the sum; a logbook
without such sessions says how to get some; mistakes say what to do."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from synthetic_lifter import log_history
from typer.testing import CliRunner

from exhaust.cli.app import app
from exhaust.services.logbook import Logbook

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["expected", *args], env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> Any:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_each_pre_exhaust_session_shows_expected_against_actual_and_the_sum() -> None:
    log_history(Logbook.open(), carry_over=0.45, weeks=6)
    code, out, _ = run("bench")
    assert code == 0
    rows = [line for line in out.splitlines() if line.strip().startswith("2026-")]
    assert len(rows) == 6  # one a week
    first, last = rows[0], rows[-1]
    for word in ("2026-02-05", "Bench Press (Barbell)", "Cable Fly", " kg ", "front delts", "published 0.90"):
        assert word in first, (word, first)
    assert " = " in first and "(" in first  # two sets: '11 + 9 = 20 (13–24)'
    assert "yours 0." in last and "(n=10)" in last  # five sessions of two sets learnt before it
    assert "All: 6 sessions, 12 sets; actual − expected" in out and "inside the expected range" in out
    assert "With your own carry-over: 5 sessions, 10 sets" in out

    data = run_json()
    assert data["unit"] == "kg" and len(data["sessions"]) == 6 and data["message"] is None
    s = data["sessions"][0]
    assert s["compound"] == {"id": "bench-press", "name": "Bench Press (Barbell)"}
    assert s["after"] == [{"id": "cable-fly", "name": "Cable Fly"}] and s["method"] == "pre-exhaust"
    assert s["carry_over"]["source"] == "published default" and s["carry_over"]["n"] == 0
    assert len(s["sets"]) == 2 and s["actual"] == sum(x["reps"] for x in s["sets"])
    assert s["expected"] == sum(x["expected"] for x in s["sets"]) and s["error"] == s["actual"] - s["expected"]
    assert s["low"] <= s["expected"] <= s["high"] and s["inside"] == (s["low"] <= s["actual"] <= s["high"])
    assert [x["carry_over"]["n"] for x in data["sessions"]] == [0, 2, 4, 6, 8, 10]
    assert data["summary"]["sessions"] == 6 and data["summary"]["sets"] == 12
    assert data["with_your_carry_over"]["sessions"] == 5

    # --since keeps the carry-over learnt before it
    later = run_json("--since", "2026-02-26")
    assert [x["date"] for x in later["sessions"]] == ["2026-02-26", "2026-03-05", "2026-03-12"]
    assert later["sessions"][0]["carry_over"]["n"] == 6


def test_without_pre_exhaust_sessions_it_says_how_to_get_some() -> None:
    book = Logbook.open()
    code, out, _ = run()
    assert code == 0 and "No pre-exhaust sessions to compare yet" in out and "RIR or RPE" in out
    data = run_json()
    assert data["sessions"] == [] and "exhaust plan --method pre-exhaust" in data["message"]

    # a pre-exhaust logged without the bench's effort cannot be read, and the message says so
    day = datetime(2026, 3, 2, 18, tzinfo=UTC)
    book.start(name="Bench", now=day)
    book.log("bench", Decimal(80), 7, rir=0, now=day + timedelta(minutes=5))
    book.finish(now=day + timedelta(minutes=20))
    book.start(name="Chest", now=day + timedelta(days=2))
    for minute in (5, 9):
        book.log("cable fly", Decimal(20), 15, rir=2, block="A1", now=day + timedelta(days=2, minutes=minute))
        book.log("bench", Decimal(65), 8, block="A2", rest_s=0, now=day + timedelta(days=2, minutes=minute + 1))
    book.finish(now=day + timedelta(days=2, minutes=30))
    data = run_json()
    assert data["sessions"] == [] and data["unread"] == {"no RIR or RPE logged on the compound set": 2}
    assert "2 sets: no RIR or RPE logged on the compound set" in data["message"]


def test_mistakes_say_what_to_do_with_the_right_exit_code() -> None:
    code, _, err = run("cable fly")
    assert code == 1 and "isolation exercise" in err and "compound lift" in err
    code, _, err = run("bnech")
    assert code == 1 and "Bench Press (Barbell)" in err
    code, _, err = run("--since", "last week")
    assert code == 2 and "YYYY-MM-DD" in err
    code, _, err = run("--tz", "Mars/Olympus")
    assert code == 2 and "time zone" in err


def test_help_lists_expected_with_its_one_line() -> None:
    result = runner.invoke(app, ["--help"])
    assert "expected" in result.stdout and "against the reps you did" in result.stdout
