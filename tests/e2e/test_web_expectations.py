"""The fatigue model where a lifter meets it in the browser (issue 7): the Today page says what
to expect on the compound after its pre-exhaust isolation, the workout API carries the same,
and the Plan page and API load that compound from the subject's own carry-over (an athlete's
for their coach)."""

from __future__ import annotations

import html
import re
from typing import Any

from lifters import pre_exhaust_history
from web import Person, invited

PLAN = """plan: Chest
session: Monday - chest
method: pre-exhaust
target: chest

A1  Cable Fly     2 x 12-15  RIR 2  rest 0s
A2  Bench Press   3 x 6-10   80kg   rest 2m
B   Dips          2 x 8-12   RPE 8  rest 90
"""
CHEST = {"method": "pre-exhaust", "target": "chest", "experience": "intermediate", "goal": "hypertrophy",
         "equipment": ["cable", "barbell", "dumbbell"]}  # fmt: skip
_TEXT = re.compile(r'name="plan_text" value="([^"]*)"')


def shown(page: str, testid: str) -> str | None:
    """The text of the element with this data-testid, or None when the page has none."""
    found = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</\1>', page, re.S)
    if found is None:
        return None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


def start(person: Person) -> str:
    token = person.csrf("/today")
    done = person.client.post("/today/start", data={"csrf_token": token, "plan_text": PLAN}, follow_redirects=True)
    assert done.status_code == 200, done.text
    return str(done.text)


def test_today_shows_what_to_expect_on_the_bench_after_the_flyes(anna: Person) -> None:
    page = start(anna)
    said = shown(page, "expect-A2")
    assert said is not None and said.startswith("After the Cable Fly, expect ")
    assert "% 1RM" in said  # no e1RM yet to read the plan's 80 kg against: a %1RM
    assert shown(page, "expect-why-A2") == "weak link: front delts; fatigue model, published carry-over"
    assert shown(page, "expect-A1") is None and shown(page, "expect-B") is None

    blocks = anna.api("GET", "/api/v1/workouts/current").json()["blocks"]
    assert set(blocks[0]["expect"]) == {"A2"} and blocks[1]["expect"] == {}
    a2 = blocks[0]["expect"]["A2"]
    assert a2["text"][0].upper() + a2["text"][1:] == said
    assert a2["weight"] is None and a2["limiting"] == "front-delts" and a2["carry_over"]["personal"] is False


def test_with_history_today_expects_reps_at_the_plans_80_kg_with_your_carry_over(
    app: Any, anna: Person, url: str
) -> None:
    pre_exhaust_history(url, "anna")
    page = start(anna)
    said = shown(page, "expect-A2")
    assert said is not None and " reps at 80 kg" in said  # the weight in the A2 row
    why = shown(page, "expect-why-A2") or ""
    assert "your carry-over" in why and "from 9 sets" in why
    a2 = anna.api("GET", "/api/v1/workouts/current").json()["blocks"][0]["expect"]["A2"]
    assert (a2["weight"], a2["unit"], a2["percent"]) == (80.0, "kg", 80.0)  # of a 100 kg e1RM
    assert a2["carry_over"]["personal"] and a2["carry_over"]["n"] == 9

    coach = invited(app, anna, "carl", kind="coach", role="coach")
    watched = coach.client.get(f"/today?athlete={anna.id}").text
    assert shown(watched, "expect-A2") == said  # the athlete's expectation, not the coach's


def _bench_line(text: str) -> str:
    found = re.search(r"^A2 .*$", text, re.M)
    assert found, text
    return found.group(0)


def _built(person: Person, **extra: Any) -> str:
    page = person.client.get("/plan", params={**CHEST, **extra})
    assert page.status_code == 200, page.text
    found = _TEXT.search(page.text)
    assert found, "no plan text on the page"
    return html.unescape(found.group(1))


def test_the_plan_builder_loads_the_bench_from_the_subjects_carry_over(app: Any, anna: Person, url: str) -> None:
    coach = invited(app, anna, "carl", kind="coach", role="coach")
    published = _bench_line(_built(anna))
    assert "Bench Press" in published and "published carry-over" in published

    pre_exhaust_history(url, "anna")
    own = _bench_line(_built(anna))
    assert "your carry-over" in own and "from 9 sets" in own
    assert own.split("#")[0] != published.split("#")[0]  # another load: this lifter tires less
    # Carl plans for Anna with her carry-over; for himself (no history) with the published one.
    assert _bench_line(_built(coach, athlete=anna.id)) == own
    assert _bench_line(_built(coach)) == published

    body = {"method": "pre-exhaust", "targets": ["chest"], "equipment": ["cable", "barbell", "dumbbell"]}
    for_anna = coach.api("POST", f"/api/v1/plans?athlete={anna.id}", json=body)
    assert for_anna.status_code == 200, for_anna.text
    assert _bench_line(for_anna.json()["plan_text"]) == own
    for_carl = coach.api("POST", "/api/v1/plans", json=body).json()["plan_text"]
    assert _bench_line(for_carl) == published
    stranger = invited(app, anna, "sam")
    assert stranger.api("POST", f"/api/v1/plans?athlete={anna.id}", json=body).status_code == 404
