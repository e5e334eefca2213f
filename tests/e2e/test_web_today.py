"""The Today page without JavaScript: start a workout, see the plan's blocks with each set
pre-filled, log sets with the plain forms, finish. (The timer and the offline queue run in
the browser test.)"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from web import Person, invited

from exhaust.services.logbook import Logbook

PLAN = """plan: Chest
session: Monday - chest
method: pre-exhaust
target: chest

A1  Cable Fly     2 x 12-15  RIR 2  rest 0s
A2  Bench Press   3 x 6-10   80kg   rest 2m
B   Dips          2 x 8-12   RPE 8  rest 90
"""
_FLASH = re.compile(r'<p class="flash (\w+)"[^>]*>([^<]*)</p>')


def element(page: str, testid: str) -> str:
    """The HTML of the element with this data-testid (up to its closing tag of the same kind)."""
    found = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"', page)
    assert found, f"no {testid} on the page"
    tag = found.group(1)
    depth, pos = 0, found.start()
    for m in re.finditer(rf"<(/?){tag}\b[^>]*>", page[pos:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return page[pos : pos + m.end()]
    raise AssertionError(f"{testid} is not closed")


def text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def value(fragment: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', fragment)
    assert found, f"no {name} input"
    return html.unescape(found.group(1))


def weight_input(fragment: str) -> str:
    found = re.search(r'<input[^>]*name="weight"[^>]*>', fragment)
    assert found, "no weight input"
    return found.group(0)


def follow(person: Person, response: Any) -> tuple[str, tuple[str, str] | None]:
    assert response.status_code == 303, response.text
    page = person.client.get(response.headers["location"]).text
    found = _FLASH.search(page)
    return page, (found.group(1), html.unescape(found.group(2))) if found else None


def post(person: Person, url: str, data: dict[str, Any]) -> Any:
    return person.post_form(url, data, page="/today", headers={"Referer": "http://testserver/today"})


def log_row(person: Person, page: str, testid: str, **change: str) -> Any:
    """Send a set row's form as the page filled it in (with ``change`` typed over it)."""
    row = element(page, testid)
    data = {n: value(row, n) for n in ("key", "exercise", "block", "unit", "weight", "reps")}
    return post(person, "/today/sets", {**data, **change})


def start_plan(person: Person) -> str:
    page, flash = follow(person, post(person, "/today/start", {"plan_text": PLAN}))
    assert flash == ("info", "Started Monday - chest. Good training!")
    return page


def test_without_a_workout_the_page_offers_the_templates_a_free_workout_and_a_plan(
    anna: Person, url: str, tmp_path: Path
) -> None:
    plan = tmp_path / "chest.plan"
    plan.write_text(PLAN + "\nsession: Thursday\nA  Squat  3 x 5  100kg  rest 3m\n", encoding="utf-8")
    Logbook.open(url, "anna").save_template("chest week", from_plan=plan)
    page = anna.client.get("/today").text
    templates = element(page, "templates")
    assert "chest week" in text(templates) and "4 exercises" in text(templates)
    assert '<option value="Monday - chest">' in templates and '<option value="Thursday">' in templates
    assert "Start a free workout" in text(element(page, "start-free"))
    assert 'name="plan_text"' in element(page, "start-plan")
    assert 'data-testid="rest-timer"' in page and 'src="/static/today.js"' in page

    started, flash = follow(anna, post(anna, "/today/start", {"template": "chest week", "session": "Thursday"}))
    assert flash == ("info", "Started Thursday. Good training!")
    assert text(element(started, "workout-name")) == "Thursday"
    assert "A Squat" in text(element(started, "block-A"))


def test_the_pair_is_one_card_with_the_rest_inside_it_and_between_rounds(anna: Person) -> None:
    page = start_plan(anna)
    pair = element(page, "block-A")
    assert "A1 Cable Fly ↔ A2 Bench Press (Barbell)" in text(pair)
    assert text(element(page, "rest-summary-A")) == "no rest between, rest 2 min between rounds"
    assert text(element(page, "rest-summary-B")) == "rest 1 min 30 s between sets"
    first = element(page, "slot-A1-1")
    assert 'id="next"' in first and 'data-rest="0"' in first
    assert 'data-then="A2 Bench Press (Barbell), set 1"' in first
    assert 'data-rest="120"' in element(page, "slot-A2-1")
    assert text(element(page, "next-up")) == "Next: A1 Cable Fly, set 1"
    assert text(element(page, "progress")) == "0 of 7 sets"


def test_each_set_is_pre_filled_from_the_plan_or_from_last_time(anna: Person) -> None:
    page = start_plan(anna)
    bench = element(page, "slot-A2-1")
    assert (value(bench, "weight"), value(bench, "reps")) == ("80", "6")  # the plan's load, its rep range's bottom
    fly = element(page, "slot-A1-1")
    assert (value(fly, "weight"), value(fly, "reps")) == ("", "12")  # nothing to go on yet: asked for
    assert "required" in weight_input(fly)  # a cable stack has a weight: the form asks for it
    dips = element(page, "slot-B-1")
    assert 'placeholder="bw"' in weight_input(dips) and "required" not in weight_input(dips)
    assert text(element(page, "last-time-A1")) == "Last time: not logged yet"

    log_row(anna, page, "slot-A1-1", weight="17.5", reps="14")
    follow(anna, post(anna, "/today/finish", {}))
    again = start_plan(anna)
    fly = element(again, "slot-A1-1")
    assert value(fly, "weight") == "17.5"  # last time's top set
    assert "last time's top set (17.5 kg × 14)" in text(element(again, "item-A1"))
    assert text(element(again, "last-time-A1")) == "Last time: 17.5 kg × 14"


def test_the_plain_form_logs_a_set_and_comes_back_at_the_next_one(anna: Person) -> None:
    page = start_plan(anna)
    sent = log_row(anna, page, "slot-A1-1", weight="20")
    assert sent.headers["location"] == "/today#next"
    after, flash = follow(anna, sent)
    assert flash == ("info", "Logged A1 Cable Fly: 20 kg × 12.")
    assert text(element(after, "slot-A1-1")) == "Set 1 ✓ 20 kg × 12"
    nxt = element(after, "slot-A2-1")
    assert 'id="next"' in nxt
    assert text(element(after, "next-up")) == "Next: A2 Bench Press (Barbell), set 1"
    assert text(element(after, "progress")) == "1 of 7 sets"
    # The fly's second set now starts from what was just lifted.
    assert value(element(after, "slot-A1-2"), "weight") == "20"

    # The same form sent twice (a double tap, a reload) stores one set.
    repeat = log_row(anna, page, "slot-A1-1", weight="20")
    assert follow(anna, repeat)[1] == ("info", "That set was logged already (20 kg × 12).")
    workout = anna.api("GET", "/api/v1/workouts/current").json()["workout"]
    assert len(workout["sets"]) == 1


def test_a_set_with_missing_or_wrong_numbers_comes_back_with_what_to_fix(anna: Person) -> None:
    page = start_plan(anna)
    for change, message in [
        ({"reps": ""}, "reps: type how many reps you did"),
        ({"reps": "eight"}, "reps: 'eight' is not a number"),
        ({"reps": "8.5"}, "reps: '8.5' is not a whole number"),
        ({"weight": "-20"}, "weight: a weight cannot be negative"),
    ]:
        refused = log_row(anna, page, "slot-A2-1", **change)
        assert refused.headers["location"] == "/today"
        assert follow(anna, refused)[1] == ("error", message)
    assert anna.api("GET", "/api/v1/workouts/current").json()["workout"]["sets"] == []
    comma = log_row(anna, page, "slot-A2-1", weight="82,5")  # a phone keyboard's decimal comma
    assert follow(anna, comma)[1] == ("info", "Logged A2 Bench Press (Barbell): 82.5 kg × 6.")


def test_a_free_workout_logs_any_exercise_and_offers_another_set_like_the_last(anna: Person) -> None:
    page, _ = follow(anna, post(anna, "/today/start", {"name": "Arms"}))
    assert text(element(page, "workout-name")) == "Arms"
    assert "Log a set" in text(element(page, "free"))
    done = post(anna, "/today/sets", {"exercise": "bench press", "weight": "60", "unit": "kg", "reps": "10"})
    after, flash = follow(anna, done)
    assert flash == ("info", "Logged Bench Press (Barbell): 60 kg × 10.")
    another = element(after, "another-bench-press")
    assert (value(another, "exercise"), value(another, "weight"), value(another, "reps")) == ("bench-press", "60", "10")
    unknown = post(anna, "/today/sets", {"exercise": "Zottman Deluxe", "reps": "10"})
    kind, message = follow(anna, unknown)[1] or ("", "")
    assert kind == "error" and "Did you mean: Zottman Curl (Dumbbell)?" in message
    assert "tick 'my own exercise'" in message
    own = post(anna, "/today/sets", {"exercise": "Zottman Deluxe", "reps": "10", "custom": "1"})
    assert follow(anna, own)[1] == ("info", "Logged Zottman Deluxe: bodyweight × 10.")


def test_finishing_goes_to_the_workouts_page_and_the_page_offers_a_new_start(anna: Person, url: str) -> None:
    page = start_plan(anna)
    log_row(anna, page, "slot-A2-1")
    workout_id = anna.api("GET", "/api/v1/workouts/current").json()["workout"]["id"]
    finished = post(anna, "/today/finish", {"notes": "strong today"})
    assert finished.status_code == 303 and finished.headers["location"] == f"/workouts/{workout_id}"
    done = Logbook.open(url, "anna").show(workout_id)
    assert done.ended_at is not None and done.notes == "strong today" and len(done.sets) == 1
    again = anna.client.get("/today").text
    assert "No workout is open" in again
    nothing = post(anna, "/today/finish", {})
    assert follow(anna, nothing)[1] == ("error", "no workout is open; nothing to finish")


def test_starting_while_a_workout_is_open_says_which_one(anna: Person) -> None:
    start_plan(anna)
    twice = post(anna, "/today/start", {"name": "Again"})
    _, flash = follow(anna, twice)
    assert flash is not None and flash[0] == "error"
    assert "(Monday - chest, started" in flash[1] and "Finish on the Today page" in flash[1]


def test_forms_need_the_csrf_token(anna: Person) -> None:
    start_plan(anna)
    forged = anna.client.post("/today/sets", data={"exercise": "bench press", "reps": "5"}, follow_redirects=False)
    assert forged.status_code == 403
    assert anna.api("GET", "/api/v1/workouts/current").json()["workout"]["sets"] == []


def test_a_coach_sees_the_athletes_workout_without_forms(app: Any, anna: Person) -> None:
    coach = invited(app, anna, "carl", kind="coach")
    start_plan(anna)
    page = coach.client.get(f"/today?athlete={anna.id}").text
    assert "A1 Cable Fly ↔ A2 Bench Press (Barbell)" in text(element(page, "block-A"))
    assert "only they log its sets" in page
    assert text(element(page, "next-up")) == "Next: A1 Cable Fly, set 1"
    assert 'action="/today/sets"' not in page and 'action="/today/finish"' not in page
    stranger = invited(app, anna, "sam")
    assert stranger.client.get(f"/today?athlete={anna.id}").status_code == 404


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(app: Any) -> None:
    from fastapi.testclient import TestClient

    got = TestClient(app).get("/sw.js")
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/javascript")
    assert got.headers["service-worker-allowed"] == "/"
    assert 'const PAGE = "/today"' in got.text
