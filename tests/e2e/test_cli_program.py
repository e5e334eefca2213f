"""`exhaust program` as a lifter and a script meet it: a week on screen, a plan file that
`exhaust check` and `exhaust workout start` take, --json, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from exhaust.cli.app import app

runner = CliRunner()
SEED_001 = ("program", "--days", "3", "--minutes", "75", "--goal", "hypertrophy", "--experience", "intermediate",
            "--split", "lower-push-pull", "--method", "accessory-first", "--no-history")  # fmt: skip


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def flat(text: str) -> str:
    """The words as a person reads them, whatever the terminal's width wrapped."""
    return " ".join(text.split())


def test_a_week_on_screen_with_its_weekly_sets_minutes_and_reasons() -> None:
    code, out, err = run(*SEED_001)
    assert code == 0, err
    assert "Monday - lower body" in out and "Friday - upper body pull" in out
    assert "weekly sets" in out and "band" in out
    assert "about" in out and "min (limit 75)" in flat(out)
    assert "seed 001" in flat(out)  # why this split


def test_a_block_written_to_a_file_is_checked_clean_and_can_be_trained(tmp_path: Path) -> None:
    plan = tmp_path / "block.plan"
    code, out, err = run(*SEED_001, "--weeks", "4", "--out", str(plan))
    assert code == 0, err
    assert f"Plan file written to {plan}" in "".join(out.split("\n"))
    text = plan.read_text()
    assert text.count("\nsession: ") == 12 and "session: Week 4 Monday - lower body" in text
    code, out, err = run("check", str(plan), "--json")
    assert code == 0, err
    assert not [f for f in json.loads(out)["findings"] if f["severity"] == "error"]
    code, out, err = run("workout", "start", "--plan", str(plan), "--session", "Week 2 Wednesday", "--json")
    assert code == 0, err
    assert json.loads(out)["workout"]["session"] == "Week 2 Wednesday - upper body push"


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    plan = tmp_path / "mine.plan"
    plan.write_text("keep me\n")
    code, _, err = run(*SEED_001, "--out", str(plan))
    assert code == 1 and "exists" in flat(err)
    assert plan.read_text() == "keep me\n"
    code, _, err = run(*SEED_001, "--out", str(plan), "--force")
    assert code == 0, err
    assert plan.read_text().startswith("# exhaust plan file")


def test_json_has_the_plan_file_weekly_sets_against_bands_minutes_and_reasons() -> None:
    code, out, err = run(*SEED_001, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["split"] == "lower-push-pull"
    assert [s["method"] for s in data["sessions"]] == ["accessory-first"] * 3
    for row in data["weekly_sets"]:
        assert row["low"] <= row["sets"] <= row["high"], row
    assert all(m["minutes"] <= 75 for m in data["minutes"])
    assert data["plan_file"].startswith("# exhaust plan file")
    assert data["explanations"] and data["written_to"] is None


def test_asks_that_cannot_all_be_met_exit_1_saying_which_and_what_to_change() -> None:
    code, out, err = run("program", "--days", "2", "--minutes", "30", "--goal", "hypertrophy",
                         "--experience", "intermediate", "--no-history", "--json")  # fmt: skip
    assert code == 1
    message = json.loads(out)["error"]["message"]
    assert "30 minutes a session" in message and "Try " in message and " minutes a session, more days" in message
    assert "error: No 2-day programme meets every ask" in flat(err)


def test_bad_values_are_bad_usage_naming_the_option() -> None:
    base = ("program", "--minutes", "60", "--goal", "hypertrophy", "--experience", "intermediate", "--no-history")
    code, _, err = run(*base, "--days", "9")
    assert code == 2 and "days 9: give 2 to 6" in err
    code, _, err = run(*base, "--days", "3", "--spare", "toe")
    assert code == 2 and "joint 'toe'" in err
    code, _, err = run(*base, "--days", "3", "--weekly-sets", "lots")
    assert code == 2 and "weekly sets 'lots'" in err


def test_a_method_the_seeds_advise_against_for_the_lifter_is_refused() -> None:
    code, _, err = run("program", "--days", "3", "--minutes", "60", "--goal", "strength", "--experience",
                       "advanced", "--method", "post-exhaust", "--no-history")  # fmt: skip
    assert code == 1 and "POST-NOT-FOR" in err
