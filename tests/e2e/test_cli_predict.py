"""`exhaust predict` as a lifter meets it: the bench press after flyes costs reps and load,
the weak link shifts, post-exhaust and reverse pre-exhaust go through the same command, the
lifter's own logbook makes the numbers theirs, and mistakes say what to do."""

from __future__ import annotations

import json
from typing import Any

from lifters import pre_exhaust_history
from typer.testing import CliRunner

from exhaust.cli.app import app

runner = CliRunner()
FLYES = ("--after", "cable fly", "--sets", "2", "--reps", "15", "--rir", "2")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["predict", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> Any:
    code, out, err = run(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_bench_after_flyes_gets_fewer_reps_and_a_lighter_load() -> None:
    code, out, _ = run("bench", "--load", "80", "--e1rm", "100", *FLYES, "--target", "6-10")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Bench Press (Barbell) at 80 kg (80% of your 100 kg e1RM), pre-exhaust"
    assert "fresh: 7 reps to failure (7.5); weak link: front delts" in out
    assert "straight after 2 x Cable Fly (15 reps at RIR 2): 1 rep" in out
    assert "for the same reps as fresh: 17% lighter" in out
    assert "for 6-10 reps: 60 kg (fresh 75.0 kg, 20% lighter)" in out
    assert "carry-over: the published default 0.90" in out

    data = run_json("bench", "--load", "80", "--e1rm", "100", *FLYES, "--target", "6-10", "--no-history")
    assert set(data) == {
        "method", "exercise", "before", "load", "e1rm", "fresh", "after", "reps_lost",
        "weak_link_shifted", "load_drop", "target", "carry_over",
    }  # fmt: skip
    assert data["method"] == "pre-exhaust" and data["exercise"]["id"] == "bench-press"
    assert data["before"] == {
        "id": "cable-fly", "name": "Cable Fly", "sets": 2, "reps": 15, "rir": 2.0,
        "percent_1rm": None, "between_s": 60.0, "rest_s": 0.0,
    }  # fmt: skip
    assert data["load"] == {"value": 80.0, "unit": "kg", "percent_1rm": 80.0}
    assert data["e1rm"] == {"value": 100.0, "unit": "kg", "source": "given"}
    assert data["fresh"]["whole_reps"] == 7 and data["after"]["whole_reps"] == 1
    assert data["reps_lost"] > 6 and 0.10 <= data["load_drop"] <= 0.20  # seed 004's 10-20 %
    assert data["target"]["load"] == 60.0 and data["target"]["fresh_load"] == 75.0
    assert data["target"]["unit"] == "kg" and data["target"]["expected_reps"][0] <= 10
    assert data["carry_over"]["personal"] is False and data["carry_over"]["source"] == "published default"


def test_a_minute_of_rest_gives_most_of_the_reps_back() -> None:
    straight = run_json("bench", "--load", "75%", *FLYES, "--no-history")
    rested = run_json("bench", "--load", "75%", *FLYES, "--rest", "60", "--no-history")
    assert straight["after"]["reps"] < rested["after"]["reps"] < rested["fresh"]["reps"] == 10.0
    assert rested["load_drop"] < 0.10 < straight["load_drop"]
    assert straight["load"] == {"value": None, "unit": "kg", "percent_1rm": 75.0} and straight["e1rm"] is None


def test_the_weak_link_shifts_when_the_target_is_tired_first() -> None:
    code, out, _ = run(
        "lat pulldown", "--load", "75%", "--after", "straight-arm pulldown", "--reps", "12", "--rir", "1"
    )
    assert code == 0
    assert "weak link: biceps" in out and "the weak link shifted from the biceps to the lats" in out


def test_reverse_pre_exhaust_and_post_exhaust_go_through_the_same_command() -> None:
    reverse = run_json("bench", "--load", "75%", "--after", "triceps pushdown", "--reps", "10", "--rir", "0")
    assert reverse["method"] == "reverse-pre-exhaust" and reverse["weak_link_shifted"]
    assert (reverse["fresh"]["limiting"], reverse["after"]["limiting"]) == ("front-delts", "triceps")

    post = run_json(
        "bench", "--load", "80%", "--post", "cable fly", "--reps", "15", "--rest", "30", "--target", "12-15"
    )
    assert post["method"] == "post-exhaust" and post["exercise"]["id"] == "cable-fly"
    assert post["before"]["id"] == "bench-press" and post["before"]["rest_s"] == 30.0
    assert post["fresh"]["whole_reps"] == 15 and post["after"]["whole_reps"] < 15  # Salles 2008's direction
    assert post["target"]["unit"] == "%1RM" and post["target"]["load"] < post["target"]["fresh_load"]
    code, out, _ = run("bench", "--load", "80%", "--post", "cable fly", "--reps", "15", "--rest", "30")
    assert code == 0 and "Cable Fly at 66.7% 1RM, post-exhaust" in out and "30 s after 1 x Bench Press" in out


def test_mistakes_say_what_to_do_with_the_right_exit_code() -> None:
    code, _, err = run("bnech", "--load", "75%")
    assert code == 1 and "Did you mean: Bench Press (Barbell)" in err and "--custom" not in err
    code, _, err = run("bench", "--load", "75%", "--after", "leg extension", "--reps", "12")
    assert code == 1 and "PAIR-SAME-MUSCLE" in err and "Cable Fly" in err  # and the isolations that fit
    code, _, err = run("squat", "--load", "75%", "--post", "triceps pushdown", "--reps", "12")
    assert code == 1 and "PAIR-SAME-MUSCLE" in err and "post-exhaust" in err
    code, _, err = run("bench", "--load", "80", *FLYES, "--no-history")
    assert code == 1 and "--e1rm" in err and "75%" in err  # kilograms need an e1RM
    code, _, err = run("cable fly", "--load", "75%")
    assert code == 1 and "isolation" in err
    code, out, err = run("bench", "--load", "80", *FLYES, "--no-history", "--json")
    assert code == 1 and json.loads(out)["error"]["exit_code"] == 1

    for args, words in [
        (("bench", "--load", "heavy"), "--load 'heavy'"),
        (("bench", "--load", "75%", "--reps", "12"), "name it with --after or --post"),
        (("bench", "--load", "75%", "--after", "cable fly", "--post", "cable fly", "--reps", "12"), "not both"),
        (("bench", "--load", "75%", "--target", "6-10"), "--after or --post"),
        (("bench", "--load", "75%", *FLYES, "--target", "10-6"), "--target"),
        (("bench", "--load", "185lb", "--unit", "kg"), "say one unit"),
        (("bench", "--load", "75%", "--after", "cable fly", "--reps", "12", "--rir", "2", "--iso-load", "50%"), "two"),
    ]:
        code, _, err = run(*args)
        assert code == 2 and words in err, (args, err)
    assert run("bench")[0] == 2  # no --load: Click's own usage error


def test_the_lifters_logbook_makes_the_prediction_theirs() -> None:
    pre_exhaust_history(carry_over=0.4, weeks=9)  # the default logbook
    code, out, _ = run("bench", "--load", "65", *FLYES, "--target", "6-10")
    assert code == 0
    assert "(65% of your 100 kg e1RM)" in out
    assert "carry-over: yours, " in out and "from 9 sets in your logbook, instead of the published 0.90" in out

    data = run_json("bench", "--load", "65", *FLYES, "--target", "6-10")
    co = data["carry_over"]
    assert co["personal"] and co["n"] == 9 and co["source"] == "your logbook"
    assert co["low"] <= 0.4 <= co["high"] and co["mean"] < 0.9
    assert data["e1rm"] == {"value": 100.0, "unit": "kg", "source": "logbook"}
    published = run_json("bench", "--load", "65", "--e1rm", "100", *FLYES, "--target", "6-10", "--no-history")
    assert data["after"]["reps"] > published["after"]["reps"]  # this lifter tires less than the literature
    assert data["target"]["load"] > published["target"]["load"]
    # the logbook's unit is the default; --unit lb shows pounds
    pounds = run_json("bench", "--load", "143lb", *FLYES)
    assert pounds["load"]["unit"] == "lb" and pounds["e1rm"]["value"] == 220.5


def test_help_lists_predict_with_its_one_line() -> None:
    result = runner.invoke(app, ["--help"])
    assert "predict" in result.stdout and "weak link after an isolation" in result.stdout
