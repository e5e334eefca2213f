"""The `exhaust` command as a user and a script meet it: output, --json, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exhaust.cli.app import COMMANDS, app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> object:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_readme_main_job_plans_a_pre_exhaust_chest_session() -> None:
    data = run_json("plan", "--method", "pre-exhaust", "--target", "chest", "--experience", "intermediate",
                    "--goal", "hypertrophy")  # fmt: skip
    assert isinstance(data, dict)
    first = data["plan"]["sessions"][0]["blocks"][0]
    assert len(first["items"]) == 2
    isolation = run_json("exercise", first["items"][0]["exercise_id"])
    compound = run_json("exercise", first["items"][1]["exercise_id"])
    assert isinstance(isolation, dict) and isinstance(compound, dict)
    assert isolation["mechanic"] == "isolation" and isolation["muscles"][0]["muscle"] == "chest"
    assert {"muscle": "chest", "role": "prime"}.items() <= next(
        m for m in compound["muscles"] if m["muscle"] == "chest"
    ).items()
    assert first["items"][1]["load"]["low"] < 75
    assert not [f for f in data["findings"] if f["severity"] == "error"]


def test_plan_findings_name_the_block_and_a_spotter_quiets_pre_spotter() -> None:
    args = ("plan", "--method", "pre-exhaust", "-t", "chest", "--experience", "intermediate", "--goal", "hypertrophy")
    code, out, _ = run(*args)
    assert code == 0
    assert "A2: warning PRE-SPOTTER" in out and "<plan>" not in out
    code, out, _ = run(*args, "--spotter")
    assert code == 0 and "PRE-SPOTTER" not in out


def test_plan_prints_the_session_and_writes_a_file_check_accepts(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "chest.plan"
    args = ("plan", "--method", "post-exhaust", "-t", "chest", "-t", "lats", "--experience", "advanced",
            "--goal", "hypertrophy", "--out", str(target))  # fmt: skip
    code, out, _ = run(*args)
    assert code == 0
    assert "Bench Press" in out and "A1" in out
    written = target.read_text()
    code, out, _ = run("check", str(target))
    assert code == 0, out
    code, _, err = run(*args)  # a second time: the file is not silently replaced
    assert code == 1 and "--force" in err and target.read_text() == written
    assert run(*args, "--force")[0] == 0


def test_check_reports_file_and_line_and_exits_1_on_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.plan"
    bad.write_text("session: x\nmethod: pre-exhaust\nA1 Leg Extension 2 x 12\nA2 Bench Press 3 x 8\n")
    code, out, _ = run("check", str(bad))
    assert code == 1
    assert f"{bad}:3: error PAIR-SAME-MUSCLE" in " ".join(out.split())
    data = json.loads(run("check", str(bad), "--json")[1])
    assert data["errors"] == 1 and data["findings"][0]["line"] == 3


def test_malformed_plan_file_gets_the_line_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "typo.plan"
    bad.write_text("session: x\nA Bench Press 3 x 8 heavy\n")
    code, out, err = run("check", str(bad))
    assert code == 1
    assert f"{bad}:2:" in err and "Traceback" not in out + err
    code, out, _ = run("check", str(bad), "--json")
    assert code == 1 and json.loads(out)["error"]["line"] == 2


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("check", str(tmp_path / "nope.plan"))
    assert code == 1 and "no such file" in err


def test_unknown_values_are_bad_usage_exit_2() -> None:
    code, _, err = run("plan", "--method", "sideways", "--target", "chest", "--experience", "advanced",
                       "--goal", "general")  # fmt: skip
    assert code == 2 and "pre-exhaust" in err
    code, _, err = run("exercises", "--muscle", "wings")
    assert code == 2 and "chest" in err
    code, _, _ = run("plan", "--target", "chest")  # --method, --experience, --goal missing
    assert code == 2
    code, _, err = run("plan", "--method", "pre", "--target", "chest", "--experience", "expert", "--goal", "general")
    assert code == 2 and "beginner" in err


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bench", "bench-press"),
        ("flys", "dumbbell-fly"),
        ("leg extensions", "leg-extension"),
        ("bench pres", "bench-press"),
        ("Lat Pulldown (Cable)", "lat-pulldown"),
        ("lateral rasie", "lateral-raise"),
        ("curl", None),  # several curls: the user is shown them
    ],
)
def test_exercise_matches_aliases_and_near_misses(name: str, expected: str | None) -> None:
    code, out, err = run("exercise", name, "--json")
    if expected is None:
        assert code == 1 and "Did you mean" in err and "Biceps Curl" in err
    else:
        assert code == 0, err
        assert json.loads(out)["id"] == expected


def test_exercise_shows_the_weak_link_and_how_it_is_known() -> None:
    code, out, _ = run("exercise", "bench press")
    assert code == 0
    text = " ".join(out.split())
    assert "Weak link: the" in text and "triceps" in text and "front delts" in text
    assert "stated by seed 000" in text
    data = run_json("exercise", "Bench Press (Barbell)")
    assert isinstance(data, dict) and set(data["weak_link"]["limiting"]) == {"triceps", "front-delts"}


def test_exercises_filters() -> None:
    data = run_json("exercises", "--muscle", "quads", "--mechanic", "isolation", "--equipment", "machine")
    assert isinstance(data, list) and data
    assert all(e["mechanic"] == "isolation" and e["equipment"] == "machine" for e in data)
    assert "leg-extension" in {e["id"] for e in data}


def test_pair_ranks_classic_pairs_first() -> None:
    data = run_json("pair", "chest", "--method", "pre-exhaust")
    assert isinstance(data, list)
    assert data[0]["classic_source"] and data[0]["target"] == "chest"
    reverse = run_json("pair", "quads", "--method", "reverse-pre-exhaust")
    assert isinstance(reverse, list) and reverse[0]["fatigued_muscle"] != "quads"


def test_methods_lists_the_six_with_sources() -> None:
    data = run_json("methods")
    assert isinstance(data, list) and len(data) == 6
    assert all(m["sources"] and m["good_for"] and m["against"] for m in data)


def test_examples_are_checked_per_level() -> None:
    plan001 = str(EXAMPLES / "seed-001-lower-push-pull.plan")
    plan004 = str(EXAMPLES / "seed-004-post-exhaust-full-body.plan")

    def rules(path: str, level: str) -> tuple[int, set[tuple[str, str]]]:
        code, out, _err = run("check", path, "--experience", level, "--json")
        return code, {(f["rule"], f["severity"]) for f in json.loads(out)["findings"]}

    code, found = rules(plan001, "beginner")
    assert code == 0 and ("PRE-BEGINNER", "warning") in found
    code, found = rules(plan001, "intermediate")
    assert code == 0 and "PRE-BEGINNER" not in {r for r, _ in found}
    assert ("PRE-SPOTTER", "warning") in found  # back squat and dumbbell bench after pre-fatigue
    assert ("PRE-SUPPORTING", "warning") in found  # 000 against 001 on tiring the triceps first
    assert "ORDER-INTENSITY" not in {r for r, _ in found}

    code, found = rules(plan004, "beginner")
    assert code == 1 and ("POST-PAIRS-BY-LEVEL", "error") in found
    code, found = rules(plan004, "intermediate")
    assert code == 1 and ("POST-PAIRS-BY-LEVEL", "error") in found
    code, found = rules(plan004, "advanced")
    assert code == 0 and "POST-PAIRS-BY-LEVEL" not in {r for r, _ in found}
    assert ("POST-NOT-EVERYTHING", "warning") in found


def test_help_and_version_run_as_a_real_command() -> None:
    done = subprocess.run([sys.executable, "-m", "exhaust", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    for command in ("plan", "check", "pair", "exercises", "exercise", "methods"):
        assert command in done.stdout
    done = subprocess.run([sys.executable, "-m", "exhaust", "--version"], capture_output=True, text=True, check=False)
    assert done.stdout.startswith("exhaust ")


def test_help_does_not_import_the_heavy_modules() -> None:
    code = (
        "import sys; from exhaust.cli.app import app; "
        "heavy = ('rapidfuzz', 'pydantic', 'exhaust.services.planning', 'rich.table'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_command_is_listed_with_its_own_help_line() -> None:
    """The root group lists commands without importing them; its lines must match the commands."""
    import typer

    from exhaust.cli.app import COMMANDS, LazyGroup, defined_in

    defined: set[str] = set()
    for module in {lazy.module for lazy in COMMANDS.values()}:
        defined |= set(defined_in(module))
    assert defined == set(COMMANDS)
    root = typer.main.get_command(app)
    assert isinstance(root, LazyGroup)
    for name, lazy in COMMANDS.items():
        command = root.get_command(None, name)
        assert command is not None and command.get_short_help_str(limit=200) == lazy.help, name


def test_the_clis_own_choices_match_the_domain_they_stand_for() -> None:
    """The analytics commands restate two enums so `--help` needs no domain import; they must agree."""
    from exhaust.cli.analytics import By, FormulaChoice
    from exhaust.domain.analytics.e1rm import Formula
    from exhaust.domain.analytics.volume import Grouping

    assert [f.value for f in FormulaChoice] == [f.value for f in Formula]
    assert [b.value for b in By] == [g.value for g in Grouping]


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_command_offers_shell_completion_options(name: str) -> None:
    """The root turns completion off; a module holding one command must too, or Typer adds
    --install-completion to that command's own help."""
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "--install-completion" not in result.stdout
