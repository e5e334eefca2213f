"""The planning API as a script or the Plan page's JavaScript uses it: build a session, check
and edit its text, the valid swaps, templates (yours, and a coach's for an athlete), and
the catalogue: exercises, methods and pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from web import Person, TestClient, app_on, invited, owner

from exhaust.services.catalogue import get_catalogue

GYM = ["cable", "barbell", "dumbbell"]
CHEST = {"method": "pre-exhaust", "targets": ["chest"], "experience": "intermediate", "goal": "hypertrophy",
         "equipment": GYM}  # fmt: skip


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return app_on(f"sqlite:///{tmp_path / 'web.db'}")


@pytest.fixture
def anna(app: Any) -> Person:
    return owner(app, "anna")


def build(person: Person, **changes: Any) -> dict[str, Any]:
    got = person.api("POST", "/api/v1/plans", json={**CHEST, **changes})
    assert got.status_code == 200, got.text
    body: dict[str, Any] = got.json()
    return body


def edit(person: Person, text: str, *edits: dict[str, Any], status: int = 200, **extra: Any) -> dict[str, Any]:
    got = person.api("POST", "/api/v1/plans/edit", json={"plan_text": text, "edits": list(edits), **extra})
    assert got.status_code == status, got.text
    body: dict[str, Any] = got.json()
    return body


def items(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["label"]: i for b in body["plan"]["sessions"][0]["blocks"] for i in b["items"]}


def rules_on(body: dict[str, Any], label: str) -> set[str]:
    return {f["rule"] for f in body["findings"] if f["item"] == label}


def test_a_pre_exhaust_chest_session_links_a_chest_isolation_to_the_bench_press_with_its_rests(anna: Person) -> None:
    body = build(anna)
    first = body["plan"]["sessions"][0]["blocks"][0]
    assert first["linked"] and [i["label"] for i in first["items"]] == ["A1", "A2"]
    a1, a2 = first["items"]
    assert (a1["exercise"], a1["mechanic"]) == ("Cable Fly", "isolation")
    assert (a2["exercise"], a2["mechanic"]) == ("Bench Press (Barbell)", "compound")
    assert (a1["sets"], a1["reps"], a1["rest_s"]) == (2, "12-15", 0)  # rest between A1 and A2
    assert first["rest_between_rounds_s"] == a2["rest_s"] == 120
    assert a2["load"] == "62.5% 1RM"  # lowered for the pre-fatigue (PRE-LOAD-DROP)
    assert body["errors"] == 0
    assert [(f["rule"], f["item"]) for f in body["findings"]] == [("PRE-SPOTTER", "A2")]
    assert "A1  Cable Fly" in body["plan_text"]


def test_a_spotter_quiets_pre_spotter(anna: Person) -> None:
    assert build(anna, spotter=True)["findings"] == []


def test_editing_reps_and_load_brings_the_findings_the_seeds_give(anna: Person) -> None:
    text = build(anna)["plan_text"]
    short = edit(anna, text, {"item": "A1", "reps_low": 6, "reps_high": 8})
    assert items(short)["A1"]["reps"] == "6-8"
    assert "PRE-ISO-REPS" in rules_on(short, "A1")
    heavy = edit(anna, short["plan_text"], {"item": "A2", "load": "75%"})
    assert {"PRE-ISO-REPS"} <= rules_on(heavy, "A1") and "PRE-LOAD-DROP" in rules_on(heavy, "A2")
    back = edit(
        anna, heavy["plan_text"], {"item": "A1", "reps_low": 12, "reps_high": 15}, {"item": "A2", "load": "62.5%"}
    )
    assert rules_on(back, "A1") == set() and rules_on(back, "A2") == {"PRE-SPOTTER"}


def test_a_post_exhaust_compound_lifted_light_brings_post_compound_load(anna: Person) -> None:
    body = build(anna, method="post-exhaust")
    assert items(body)["A1"]["mechanic"] == "compound"
    light = edit(anna, body["plan_text"], {"item": "A1", "load": "60%", "reps_low": 12, "reps_high": 15})
    hit = next(f for f in light["findings"] if f["rule"] == "POST-COMPOUND-LOAD")
    assert hit["item"] == "A1" and "going too light" in hit["message"]


def test_only_valid_swaps_are_offered_and_each_is_accepted(anna: Person) -> None:
    catalogue = get_catalogue()
    text = build(anna)["plan_text"]
    got = anna.api("POST", "/api/v1/plans/alternatives", json={"plan_text": text, "item": "A1", "equipment": GYM})
    assert got.status_code == 200, got.text
    offered = got.json()
    assert offered["paired_with"] == ["A2"] and offered["alternatives"]
    for alt in offered["alternatives"]:
        ex = catalogue.get(alt["exercise_id"])
        assert ex.is_isolation and ex.equipment.value in GYM and ex.main_muscle.value == "chest"
        swapped = edit(anna, text, {"item": "A1", "exercise": alt["exercise_id"]}, equipment=GYM)
        assert items(swapped)["A1"]["exercise_id"] == alt["exercise_id"]
        assert "PAIR-SAME-MUSCLE" not in {f["rule"] for f in swapped["findings"]}
    by_query = anna.api("GET", "/api/v1/plans/alternatives", params={"plan_text": text, "item": "A1", "equipment": GYM})
    assert by_query.json() == offered


def test_a_swap_that_breaks_the_pair_is_refused_with_the_reason(anna: Person) -> None:
    text = build(anna)["plan_text"]
    refused = edit(anna, text, {"item": "A1", "exercise": "biceps-curl"}, status=400)
    assert "breaks the pair A1/A2" in refused["detail"] and "PAIR-SAME-MUSCLE" in refused["detail"]
    assert "works the biceps" in refused["detail"]
    wrong_kind = edit(anna, text, {"item": "A2", "exercise": "cable-fly"}, status=400)
    assert "a swap keeps an isolation for an isolation and a compound for a compound" in wrong_kind["detail"]
    unknown = edit(anna, text, {"item": "A1", "exercise": "wing flap"}, status=400)
    assert "No exercise called 'wing flap'" in unknown["detail"]


def test_a_broken_plan_text_is_a_400_naming_the_line_never_a_500(anna: Person) -> None:
    text = build(anna)["plan_text"]
    lines = text.splitlines()
    at = next(n for n, line in enumerate(lines, start=1) if line.startswith("A2"))
    lines[at - 1] = "A2  Bench Press (Barbell)  lots of sets"
    broken = "\n".join(lines)
    for url, body in [
        ("/api/v1/plans/check", {"plan_text": broken}),
        ("/api/v1/plans/edit", {"plan_text": broken, "edits": [{"item": "A1", "sets": 2}]}),
        ("/api/v1/plans/alternatives", {"plan_text": broken, "item": "A1"}),
        ("/api/v1/templates", {"name": "Broken", "plan_text": broken}),
    ]:
        got = anna.api("POST", url, json=body)
        assert got.status_code == 400, (url, got.text)
        assert got.json()["line"] == at and got.json()["detail"].startswith(f"line {at} of the plan text: "), url


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01", "session: x\n", "A1 Cable Fly 2 x 12\nA1 Cable Fly 2 x 12\n", "A9 Dips 99 x 5\n", "x" * 60_000],
)
def test_any_text_is_answered_without_a_server_error(anna: Person, text: str) -> None:
    got = anna.api("POST", "/api/v1/plans/check", json={"plan_text": text})
    assert got.status_code in (400, 422), got.text


def test_check_counts_errors_and_can_judge_for_another_level(anna: Person) -> None:
    text = build(anna, method="post-exhaust", targets=["chest", "quads"])["plan_text"]
    mine = anna.api("POST", "/api/v1/plans/check", json={"plan_text": text}).json()
    as_beginner = anna.api("POST", "/api/v1/plans/check", json={"plan_text": text, "experience": "beginner"}).json()
    assert mine["errors"] == 0 and as_beginner["errors"] >= 1
    assert "POST-PAIRS-BY-LEVEL" in {f["rule"] for f in as_beginner["findings"] if f["severity"] == "error"}


def test_an_unknown_target_says_which_muscles_there_are(anna: Person) -> None:
    got = anna.api("POST", "/api/v1/plans", json={**CHEST, "targets": ["wings"]})
    assert got.status_code == 400 and "no muscle or muscle group called 'wings'; known: chest" in got.json()["detail"]


def test_the_plan_api_needs_a_signed_in_caller(app: Any) -> None:
    owner(app, "anna")
    stranger = Person(TestClient(app), token="not-a-token")
    for method, url, body in [
        ("POST", "/api/v1/plans", CHEST),
        ("POST", "/api/v1/plans/check", {"plan_text": "A Dips 3 x 8"}),
        ("GET", "/api/v1/templates", None),
        ("GET", "/api/v1/exercises", None),
        ("GET", "/api/v1/exercises/bench-press", None),
        ("GET", "/api/v1/methods", None),
        ("GET", "/api/v1/pairs?muscle=chest", None),
    ]:
        got = stranger.api(method, url, json=body)
        assert got.status_code == 401, (url, got.status_code)


# --- templates, on SQLite and PostgreSQL ---------------------------------------------------------


@pytest.fixture
def shared(db_url: str) -> Any:
    return app_on(db_url)


def test_a_saved_template_is_listed_and_read_back(shared: Any) -> None:
    anna = owner(shared, "anna")
    text = build(anna)["plan_text"]
    saved = anna.api("POST", "/api/v1/templates", json={"name": "Chest day", "plan_text": text})
    assert saved.status_code == 201, saved.text
    assert saved.json()["name"] == "Chest day" and "plan: Chest day" in saved.json()["plan_text"]
    listed = anna.api("GET", "/api/v1/templates").json()
    assert [(t["name"], t["exercises"]) for t in listed] == [("Chest day", 3)]
    got = anna.api("GET", "/api/v1/templates/Chest day")
    assert got.status_code == 200 and got.json()["plan_text"] == saved.json()["plan_text"]


def test_saving_over_a_template_needs_replace(shared: Any) -> None:
    anna = owner(shared, "anna")
    text = build(anna)["plan_text"]
    assert anna.api("POST", "/api/v1/templates", json={"name": "Chest", "plan_text": text}).status_code == 201
    again = anna.api(
        "POST", "/api/v1/templates", json={"name": "Chest", "plan_text": text.replace("2 x 12-15", "2 x 10-12")}
    )
    assert again.status_code == 409 and "replace" in again.json()["detail"]
    assert "2 x 12-15" in anna.api("GET", "/api/v1/templates/Chest").json()["plan_text"]  # unchanged
    replaced = anna.api(
        "POST",
        "/api/v1/templates",
        json={"name": "Chest", "plan_text": text.replace("2 x 12-15", "2 x 10-12"), "replace": True},
    )
    assert replaced.status_code == 201 and "2 x 10-12" in anna.api("GET", "/api/v1/templates/Chest").json()["plan_text"]


def test_a_coach_saves_a_template_into_their_athletes_logbook_and_nobody_elses(shared: Any) -> None:
    anna = owner(shared, "anna")
    coach = invited(shared, anna, "carl", kind="coach", role="coach")
    bob = invited(shared, anna, "bob")
    text = build(coach)["plan_text"]
    saved = coach.api("POST", f"/api/v1/templates?athlete={anna.id}", json={"name": "From Carl", "plan_text": text})
    assert saved.status_code == 201, saved.text
    assert [t["name"] for t in anna.api("GET", "/api/v1/templates").json()] == ["From Carl"]
    assert coach.api("GET", "/api/v1/templates").json() == []  # not in the coach's own logbook
    assert coach.api("GET", f"/api/v1/templates/From Carl?athlete={anna.id}").status_code == 200
    # bob is not carl's athlete: neither reading nor writing his templates
    refused = coach.api("POST", f"/api/v1/templates?athlete={bob.id}", json={"name": "Sneaky", "plan_text": text})
    assert refused.status_code == 404
    assert coach.api("GET", f"/api/v1/templates?athlete={bob.id}").status_code == 404
    assert bob.api("GET", "/api/v1/templates").json() == []


def test_another_users_template_is_not_found(shared: Any) -> None:
    anna = owner(shared, "anna")
    bob = invited(shared, anna, "bob")
    text = build(anna)["plan_text"]
    assert anna.api("POST", "/api/v1/templates", json={"name": "Mine", "plan_text": text}).status_code == 201
    got = bob.api("GET", "/api/v1/templates/Mine")
    assert got.status_code == 404 and "Chest" not in got.text
    assert bob.api("GET", "/api/v1/templates").json() == []
    assert bob.api("GET", f"/api/v1/templates/Mine?athlete={anna.id}").status_code == 404


# --- the catalogue ---------------------------------------------------------------------------------


def test_exercises_filter_by_muscle_mechanic_equipment_and_words(anna: Person) -> None:
    got = anna.api(
        "GET", "/api/v1/exercises", params={"muscle": "chest", "mechanic": "isolation", "equipment": "cable"}
    )
    found = got.json()
    assert found and all(e["mechanic"] == "isolation" and e["equipment"] == "cable" for e in found)
    assert "cable-fly" in [e["id"] for e in found]
    words = anna.api("GET", "/api/v1/exercises", params={"q": "db fly"}).json()
    assert "dumbbell-fly" in [e["id"] for e in words] and all("Fly" in e["name"] for e in words)
    assert anna.api("GET", "/api/v1/exercises", params={"muscle": "wings"}).status_code == 400


def test_an_exercise_lists_its_muscles_weak_link_and_pairs(anna: Person) -> None:
    bench = anna.api("GET", "/api/v1/exercises/bench-press").json()
    roles = {m["muscle"]: m["role"] for m in bench["muscles"]}
    assert roles == {"chest": "prime", "triceps": "synergist", "front-delts": "synergist"}
    assert bench["weak_link"]["main_muscle"] == "chest"
    assert set(bench["weak_link"]["limiting"]) == {"triceps", "front-delts"}
    assert ("pec-deck", "bench-press") in {(p["isolation"], p["compound"]) for p in bench["pairs"]["pre-exhaust"]}
    assert all(p["fatigued_muscle"] != "chest" for p in bench["pairs"]["reverse-pre-exhaust"])
    missing = anna.api("GET", "/api/v1/exercises/no-such-lift")
    assert missing.status_code == 404


def test_methods_and_pairs(anna: Person) -> None:
    methods = anna.api("GET", "/api/v1/methods").json()
    assert [m["id"] for m in methods] == [
        "pre-exhaust", "accessory-first", "reverse-pre-exhaust", "post-exhaust", "post-exhaust-final-set",
        "traditional",
    ]  # fmt: skip
    pairs = anna.api("GET", "/api/v1/pairs", params={"muscle": "quads", "method": "pre-exhaust", "limit": 3}).json()
    assert len(pairs) == 3 and pairs[0]["classic_source"] and all(p["target"] == "quads" for p in pairs)
    refused = anna.api("GET", "/api/v1/pairs", params={"muscle": "quads", "method": "traditional"})
    assert refused.status_code == 400 and "no exhaust pairs" in refused.json()["detail"]
