"""Expected against actual after a pre-exhaust, in the browser and through the API: the Progress
page and the lift's page show each pre-exhaust session's bench press, what the fatigue model
expected (with the carry-over known before it) against the reps done, and the sum; the API
gives the same; a coach sees the athlete's, a stranger nothing."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from synthetic_lifter import log_history
from web import Person, app_on, invited, owner

from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod

TITLE = "Expected against actual after a pre-exhaust"


@dataclass
class Story:
    anna: Person  # six weeks of flyes straight into the bench press
    coach: Person  # her coach
    ben: Person  # another lifter, nothing to do with her


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    url = f"sqlite:///{tmp_path_factory.mktemp('expected') / 'web.db'}"
    app = app_on(url)
    anna = owner(app, "anna")
    site = app.app.state.installation
    account = site.accounts.by_id(anna.id)
    log_history(Logbook(site.db, account.name, known=(account.id, account.unit)), carry_over=0.45, weeks=6)
    coach = invited(app, anna, "carla", kind="coach", role="coach")
    ben = invited(app, anna, "ben")
    yield Story(anna, coach, ben)
    dbmod.close(url)


def section(page: str) -> str:
    """The expected-against-actual section's words."""
    start = page.index('<section aria-labelledby="expected-title">')
    part = page[start : page.index("</section>", start)]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def rows(page: str) -> list[str]:
    start = page.index('<table class="expected">')
    body = page[start : page.index("</table>", start)]
    found = re.findall(r"<tr(?: class=\"outside\")?><td>(.*?)</tr>", body, re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", r)).split()) for r in found]


def test_the_progress_page_shows_expected_against_actual_for_every_lift(story: Story) -> None:
    page = story.anna.client.get("/progress")
    assert page.status_code == 200
    text = section(page.text)
    assert text.startswith(TITLE) and "the carry-over known before that session" in text
    shown = rows(page.text)
    assert len(shown) == 6  # one pre-exhaust session a week, newest first
    newest, oldest = shown[0], shown[-1]
    assert newest.startswith("2026-03-12 Bench Press (Barbell) Cable Fly") and "yours 0." in newest
    assert oldest.startswith("2026-02-05 Bench Press (Barbell) Cable Fly") and oldest.endswith("published 0.90")
    assert " kg " in oldest and " = " in oldest and "front delts" in oldest
    assert "All: 6 sessions, 12 sets; actual − expected" in text and "inside the expected range" in text
    assert "With your own carry-over: 5 sessions, 10 sets" in text
    assert '<a href="/progress/bench-press">Bench Press (Barbell)</a>' in page.text  # the lift's page


def test_the_lift_page_shows_its_own_sessions(story: Story) -> None:
    page = story.anna.client.get("/progress/bench")
    assert page.status_code == 200
    text = section(page.text)
    assert text.startswith(TITLE) and "All: 6 sessions" in text
    assert all(r.split()[1] == "Cable" for r in rows(page.text))  # no compound column: it is this lift
    assert TITLE not in story.anna.client.get("/progress/squat").text  # no such sessions there: no table


def test_the_api_gives_the_same_and_says_when_there_is_nothing(story: Story) -> None:
    got = story.anna.api("GET", "/api/v1/expected")
    assert got.status_code == 200
    data = got.json()
    assert data["unit"] == "kg" and len(data["sessions"]) == 6 and data["message"] is None
    first = data["sessions"][0]
    assert first["date"] == "2026-02-05" and first["carry_over"]["source"] == "published default"
    assert first["error"] > 0  # this lifter tires less than the literature: more reps than expected
    assert [s["carry_over"]["n"] for s in data["sessions"]] == [0, 2, 4, 6, 8, 10]
    own = data["with_your_carry_over"]
    assert own["sessions"] == 5 and abs(own["mean_error"]) < 1.0

    one: dict[str, Any] = story.anna.api("GET", "/api/v1/expected?exercise=bench&since=2026-03-01").json()
    assert [s["date"] for s in one["sessions"]] == ["2026-03-05", "2026-03-12"]
    squat = story.anna.api("GET", "/api/v1/expected?exercise=squat").json()
    assert squat["sessions"] == [] and "exhaust plan --method pre-exhaust" in squat["message"]
    refused = story.anna.api("GET", "/api/v1/expected?exercise=cable%20fly")
    assert refused.status_code == 400 and "isolation exercise" in refused.text
    assert story.anna.api("GET", "/api/v1/expected?since=yesterday").status_code == 422


def test_a_coach_sees_the_athletes_and_a_stranger_gets_404(story: Story) -> None:
    anna = story.anna.id
    coach = story.coach.api("GET", f"/api/v1/expected?athlete={anna}")
    assert coach.status_code == 200 and len(coach.json()["sessions"]) == 6
    page = story.coach.client.get(f"/progress?athlete={anna}")
    assert page.status_code == 200 and len(rows(page.text)) == 6
    assert f'href="/workouts/{coach.json()["sessions"][-1]["workout"]}?athlete={anna}"' in page.text
    assert story.coach.api("GET", "/api/v1/expected").json()["sessions"] == []  # the coach's own logbook
    assert story.ben.api("GET", f"/api/v1/expected?athlete={anna}").status_code == 404
    assert story.ben.client.get(f"/progress/bench-press?athlete={anna}").status_code == 404
