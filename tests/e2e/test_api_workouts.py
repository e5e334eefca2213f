"""The workout API as a script or the Today page's JavaScript uses it: start a workout (from a
template, a plan's text, or free), read it, log sets with idempotency keys, finish it; on
SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from web import Person, app_on, invited, owner

from exhaust.services.logbook import Logbook

PLAN = """plan: Chest
session: Monday - chest
method: pre-exhaust
target: chest

A1  Cable Fly     2 x 12-15  RIR 2  rest 0s
A2  Bench Press   3 x 6-10   80kg   rest 2m
B   Dips          2 x 8-12   RPE 8  rest 90
"""

TWO_SESSIONS = """plan: Split
session: Upper
A  Bench Press  3 x 5  100kg  rest 3m
session: Lower
A  Squat  3 x 5  120kg  rest 3m
"""

SET = {"exercise": "bench press", "weight": 80, "unit": "kg", "reps": 8}


@pytest.fixture
def app(db_url: str) -> Any:
    return app_on(db_url)


@pytest.fixture
def anna(app: Any) -> Person:
    return owner(app, "anna")


def log(person: Person, body: dict[str, Any] | None = None, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return person.api("POST", "/api/v1/workouts/current/sets", json=body or SET, headers=headers)


def current(person: Person) -> dict[str, Any]:
    got = person.api("GET", "/api/v1/workouts/current")
    assert got.status_code == 200, got.text
    result: dict[str, Any] = got.json()
    return result


def test_a_workout_from_a_plan_text_shows_the_pair_with_both_rests_and_the_round_order(anna: Person) -> None:
    started = anna.api("POST", "/api/v1/workouts", json={"plan_text": PLAN})
    assert started.status_code == 201, started.text
    view = started.json()
    assert view["workout"]["name"] == "Monday - chest" and view["workout"]["plan"] == "Chest"
    assert view["planned"] is True and view["planned_sets"] == 7
    pair, dips = view["blocks"]
    assert pair["linked"] is True and pair["title"] == "A1 Cable Fly ↔ A2 Bench Press (Barbell)"
    assert pair["rest_summary"] == "no rest between, rest 2 min between rounds"
    assert dips["linked"] is False and dips["rest_summary"] == "rest 1 min 30 s between sets"

    fly, bench = pair["items"]
    assert (bench["weight"], bench["unit"], bench["basis"]) == (80, "kg", "from the plan")
    assert [s["reps"] for s in bench["slots"]] == [6, 6, 6]  # the bottom of the planned range
    # Round by round: A1 1, A2 1, A1 2, A2 2, then A2's third set alone, then B.
    assert [s["order"] for s in fly["slots"]] == [1, 3]
    assert [s["order"] for s in bench["slots"]] == [2, 4, 5]
    assert [(s["rest_s"], s["rest_kind"]) for s in fly["slots"]] == [(0, "pair"), (0, "pair")]
    assert [(s["rest_s"], s["rest_kind"]) for s in bench["slots"]] == [(120, "round")] * 3
    assert fly["slots"][0]["then"] == "A2 Bench Press (Barbell), set 1"
    assert view["next"] == {"label": "A1", "exercise": "Cable Fly", "number": 1, "order": 1}

    assert log(anna, {"exercise": "cable fly", "weight": 20, "reps": 12}).status_code == 201
    after = current(anna)
    assert after["next"]["label"] == "A2" and after["next"]["number"] == 1
    assert after["blocks"][0]["items"][0]["slots"][0]["set"]["block"] == "A1"  # labelled from the plan


def test_a_workout_from_a_template_picks_its_session(anna: Person, app: Any, db_url: str, tmp_path: Path) -> None:
    plan = tmp_path / "split.plan"
    plan.write_text(TWO_SESSIONS, encoding="utf-8")
    Logbook.open(db_url, "anna").save_template("split", from_plan=plan)

    unsure = anna.api("POST", "/api/v1/workouts", json={"template": "split"})
    assert unsure.status_code == 400
    assert unsure.json()["detail"] == "template 'split' has 2 sessions; choose the session: 'Upper', 'Lower'"
    missing = anna.api("POST", "/api/v1/workouts", json={"template": "nope"})
    assert missing.status_code == 400 and "no template called 'nope' (templates: split)" in missing.json()["detail"]

    started = anna.api("POST", "/api/v1/workouts", json={"template": "split", "session": "lower", "name": "Legs"})
    assert started.status_code == 201, started.text
    view = started.json()
    assert view["workout"]["name"] == "Legs" and view["workout"]["session"] == "Lower"
    assert [i["exercise_id"] for b in view["blocks"] for i in b["items"]] == ["squat"]


def test_a_second_start_while_one_is_open_is_a_conflict_that_says_how_to_finish(anna: Person) -> None:
    first = anna.api("POST", "/api/v1/workouts", json={"name": "Push"}).json()
    assert first["planned"] is False and first["blocks"] == []
    again = anna.api("POST", "/api/v1/workouts", json={"plan_text": PLAN})
    assert again.status_code == 409
    detail = again.json()["detail"]
    assert f"workout {first['workout']['id']} (Push, started" in detail
    assert "POST /api/v1/workouts/current/finish" in detail


def test_the_same_idempotency_key_twice_stores_one_set(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    key = str(uuid.uuid4())
    first = log(anna, key=key)
    assert first.status_code == 201, first.text
    stored = first.json()
    assert (stored["exercise_id"], stored["weight"], stored["reps"], stored["text"]) == (
        "bench-press",
        80,
        8,
        "80 kg × 8",
    )
    again = log(anna, {**SET, "reps": 9}, key=key)  # a retry: the stored set, not this body
    assert again.status_code == 200
    assert again.json() == stored
    sets = current(anna)["workout"]["sets"]
    assert [s["id"] for s in sets] == [stored["id"]]
    # The free workout groups it for another set like the last one.
    (other,) = current(anna)["others"]
    assert (other["log_name"], other["weight"], other["reps"]) == ("bench-press", 80, 8)


def test_keys_up_to_64_characters_are_accepted_and_others_refused(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    long_key = "k" * 64
    first = log(anna, key=long_key)
    assert first.status_code == 201
    assert log(anna, key=long_key).json()["id"] == first.json()["id"]
    for bad in ("k" * 65, "has space", "semi;colon"):
        refused = log(anna, key=bad)
        assert refused.status_code == 422, bad
        assert refused.json()["detail"][0]["loc"] == ["header", "Idempotency-Key"]
    assert len(current(anna)["workout"]["sets"]) == 1


def test_the_same_key_sent_at_once_from_many_clients_stores_one_set(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: log(anna, key=key), range(8)))
    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(current(anna)["workout"]["sets"]) == 1


def test_another_users_key_is_a_conflict_that_reveals_nothing(app: Any, anna: Person) -> None:
    bob = invited(app, anna, "bob")
    for person in (anna, bob):
        person.api("POST", "/api/v1/workouts", json={})
    key = str(uuid.uuid4())
    assert log(anna, {**SET, "notes": "anna's secret"}, key=key).status_code == 201
    clash = log(bob, key=key)
    assert clash.status_code == 409
    assert clash.json() == {"detail": "this idempotency key is already in use; send each new set with a new key"}
    assert current(bob)["workout"]["sets"] == []


def test_without_an_open_workout_logging_and_finishing_say_how_to_start(anna: Person) -> None:
    got = anna.api("GET", "/api/v1/workouts/current")
    assert got.status_code == 404 and "start one with POST /api/v1/workouts" in got.json()["detail"]
    logged = log(anna, key=str(uuid.uuid4()))
    assert logged.status_code == 404 and "no workout is open" in logged.json()["detail"]
    finished = anna.api("POST", "/api/v1/workouts/current/finish")
    assert finished.status_code == 404 and "nothing to finish" in finished.json()["detail"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"reps": 101}, 422, "reps"),
        ({"reps": "eight"}, 422, "reps"),
        ({"weight": -5}, 422, "weight"),
        ({"rpe": 11}, 422, "rpe"),
        ({"set_type": "heavy"}, 422, "set_type"),
        ({"unit": "stone"}, 422, "unit"),
        ({"notes": "a\x00b"}, 422, "notes"),
        ({"rpe": 8, "rir": 2}, 400, "give RPE or RIR, not both"),
        ({"weight": 80.0001}, 400, "weight: weights are kept to 0.001 of a unit"),
        ({"exercise": "benchh prses wide"}, 400, "No exercise called"),
    ],
)
def test_a_set_that_cannot_be_logged_is_refused_naming_what_is_wrong(
    anna: Person, change: dict[str, Any], status: int, field: str
) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    refused = log(anna, {**SET, **change}, key=str(uuid.uuid4()))
    assert refused.status_code == status, refused.text
    detail = refused.json()["detail"]
    if status == 422:
        assert detail[0]["loc"][-1] == field
    else:
        assert field in detail
    assert current(anna)["workout"]["sets"] == []


def test_an_exercise_outside_the_catalogue_is_kept_as_ones_own_when_asked(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    unknown = log(anna, {**SET, "exercise": "Zottman Curl Deluxe"})
    assert unknown.status_code == 400 and '"custom": true' in unknown.json()["detail"]
    kept = log(anna, {**SET, "exercise": "Zottman Curl Deluxe", "custom": True})
    assert kept.status_code == 201 and kept.json()["exercise_id"] == "custom:zottman-curl-deluxe"
    (other,) = current(anna)["others"]
    assert other["log_name"] == "Zottman Curl Deluxe"
    assert log(anna, {**SET, "exercise": other["log_name"]}).status_code == 201


def test_logged_at_is_when_the_set_was_done_kept_within_the_workout_and_the_servers_clock(
    anna: Person, db_url: str
) -> None:
    now = datetime.now(UTC)
    started = Logbook.open(db_url, "anna").start(now=now - timedelta(hours=1)).workout.started_at

    def at(when: datetime | str) -> Any:
        value = when if isinstance(when, str) else when.isoformat()
        return log(anna, {**SET, "logged_at": value}, key=str(uuid.uuid4()))

    late = at(started + timedelta(minutes=10))  # sent late from an offline queue
    assert late.status_code == 201
    assert datetime.fromisoformat(late.json()["logged_at"]) == started + timedelta(minutes=10)
    early = at(started - timedelta(hours=2))  # a phone whose clock is behind
    assert datetime.fromisoformat(early.json()["logged_at"]) == started
    ahead = at(now + timedelta(minutes=2))  # a little ahead: now
    stored = datetime.fromisoformat(ahead.json()["logged_at"])
    assert now <= stored <= datetime.now(UTC)
    far = at(now + timedelta(hours=1))
    assert far.status_code == 400
    assert "ahead of the server's clock" in far.json()["detail"]
    naive = at("2030-01-01T10:00:00")
    assert naive.status_code == 422 and naive.json()["detail"][0]["loc"][-1] == "logged_at"
    assert len(current(anna)["workout"]["sets"]) == 3


def test_finishing_answers_the_whole_workout_and_closes_it(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={"plan_text": PLAN})
    log(anna, {"exercise": "cable fly", "weight": 20, "reps": 12})
    log(anna, SET)
    done = anna.api("POST", "/api/v1/workouts/current/finish", json={"notes": "good pump"})
    assert done.status_code == 200, done.text
    workout = done.json()
    assert workout["ended_at"] is not None and workout["notes"] == "good pump"
    assert [(s["block"], s["exercise_id"]) for s in workout["sets"]] == [("A1", "cable-fly"), ("A2", "bench-press")]
    assert workout["volume_kg"] == 20 * 12 + 80 * 8
    assert anna.api("GET", "/api/v1/workouts/current").status_code == 404
    # Next time, 'last time' is this workout's sets.
    view = anna.api("POST", "/api/v1/workouts", json={"plan_text": PLAN}).json()
    fly = view["blocks"][0]["items"][0]
    assert [s["text"] for s in fly["last_time"]] == ["20 kg × 12"]
    assert (fly["weight"], fly["basis"]) == (20, "last time's top set (20 kg × 12)")


def test_a_browser_session_needs_the_csrf_header_and_a_bearer_token_does_not(anna: Person) -> None:
    anna.api("POST", "/api/v1/workouts", json={})
    browser = anna.client  # signed in by cookie
    bare = browser.post("/api/v1/workouts/current/sets", json=SET, headers={"Idempotency-Key": "k-1"})
    assert bare.status_code == 403 and "X-CSRF-Token" in bare.json()["detail"]
    token = anna.csrf("/today")
    sent = browser.post(
        "/api/v1/workouts/current/sets", json=SET, headers={"Idempotency-Key": "k-1", "X-CSRF-Token": token}
    )
    assert sent.status_code == 201
    assert len(current(anna)["workout"]["sets"]) == 1


def test_a_coach_reads_an_athletes_workout_but_logs_only_into_their_own(app: Any, anna: Person) -> None:
    coach = invited(app, anna, "carl", kind="coach")
    stranger = invited(app, anna, "sam")
    anna.api("POST", "/api/v1/workouts", json={"plan_text": PLAN})
    seen = coach.api("GET", f"/api/v1/workouts/current?athlete={anna.id}")
    assert seen.status_code == 200 and seen.json()["workout"]["name"] == "Monday - chest"
    assert stranger.api("GET", f"/api/v1/workouts/current?athlete={anna.id}").status_code == 404
    refused = coach.api("POST", f"/api/v1/workouts/current/sets?athlete={anna.id}", json=SET)
    assert refused.status_code == 404  # no open workout of the coach's own
    assert current(anna)["workout"]["sets"] == []


def test_unauthenticated_calls_are_refused(app: Any, anna: Person) -> None:
    from fastapi.testclient import TestClient

    nobody = TestClient(app)
    assert nobody.get("/api/v1/workouts/current").status_code == 401
    assert nobody.post("/api/v1/workouts/current/sets", json=SET).status_code in (401, 403)
