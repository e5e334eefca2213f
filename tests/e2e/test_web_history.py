"""History in the browser and through the API: sets newest first a page at a time with the
count, the workouts list, a workout's detail, and nobody seeing another lifter's."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event
from web import Person, invited

from exhaust.services.logbook import Logbook
from exhaust.store import database as dbmod

DAY0 = datetime(2025, 3, 3, 18, 0, tzinfo=UTC)
ROW = re.compile(r"<tr><td class=\"when\">")


# A linked pair done in turn (pec deck A1, bench press A2: tagged pre-exhaust), then a squat.
WORKOUT = [("pec deck", "50", "A1"), ("bench press", "80", "A2")] * 2 + [("squat", "100", "B")]
VOLUME = 50 * 8 * 2 + 80 * 8 * 2 + 100 * 8  # 2880 kg


def train(url: str, user: str, days: int, start: int = 0) -> None:
    """``days`` workouts of WORKOUT (5 sets) from DAY0 + ``start`` days."""
    book = Logbook(dbmod.open_database(url), user)
    for day in range(start, start + days):
        when = DAY0 + timedelta(days=day)
        book.start(name=f"Push {day}", now=when)
        for i, (exercise, weight, block) in enumerate(WORKOUT):
            book.log(exercise, Decimal(weight), 8, block=block, now=when + timedelta(minutes=i + 1))
        book.finish(now=when + timedelta(minutes=50), notes="felt strong")


def words(page: str) -> str:
    """What a reader sees of the page's main part: no tags, one space between words."""
    main = page[page.index("<main>") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def rows(page: str) -> int:
    return len(ROW.findall(page))


@contextmanager
def selects(url: str) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = dbmod.open_database(url).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_history_shows_the_newest_twenty_sets_the_count_and_a_pager(url: str, anna: Person) -> None:
    train(url, "anna", days=9)  # 45 sets
    first = anna.client.get("/history")
    assert first.status_code == 200
    text = words(first.text)
    assert "45 sets; 1–20 shown" in text and "page 1 of 3" in text
    assert rows(first.text) == 20
    newest = text.index("Squat (Barbell)")
    assert newest < text.index("Bench Press (Barbell)")  # the last set of the last workout comes first
    assert "100 kg × 8" in text and "<td>pre-exhaust</td>" in first.text and "<td>A2</td>" in first.text
    assert '<a href="/exercises/bench-press">Bench Press (Barbell)</a>' in first.text
    assert re.search(r'<a href="/workouts/\d+">Push 8</a>', first.text)
    assert 'href="/history?page=2" rel="next"' in first.text

    last = anna.client.get("/history?page=3")
    assert rows(last.text) == 5 and "41–45 shown" in words(last.text) and "Push 0" in last.text
    past = anna.client.get("/history?page=9")
    assert past.status_code == 200 and "past the end" in past.text and rows(past.text) == 0


def test_history_filters_by_exercise_and_day_and_says_what_it_did_not_understand(url: str, anna: Person) -> None:
    train(url, "anna", days=9)
    bench = words(anna.client.get("/history?exercise=bench&since=").text)
    assert "18 sets of Bench Press (Barbell)" in bench and "Squat" not in bench
    recent = words(anna.client.get("/history?exercise=&since=2025-03-10").text)
    assert "10 sets since 2025-03-10" in recent
    paged = anna.client.get("/history?exercise=squat&page=1").text
    assert "9 sets of Squat (Barbell)" in words(paged)

    bad_day = anna.client.get("/history?since=last+week")
    assert bad_day.status_code == 400 and "is not a date; write it as YYYY-MM-DD" in words(bad_day.text)
    unknown = anna.client.get("/history?exercise=zzzqqq")
    assert unknown.status_code == 400 and "No exercise called &#39;zzzqqq&#39;" in unknown.text
    assert "--custom" not in words(unknown.text)  # the command line's advice stays there


def test_a_page_of_history_costs_the_same_few_queries_at_any_size(url: str, anna: Person) -> None:
    train(url, "anna", days=4)
    with selects(url) as small:
        assert anna.client.get("/history").status_code == 200
    train(url, "anna", days=60, start=4)  # 320 sets
    with selects(url) as big:
        assert anna.client.get("/history?page=7").status_code == 200
    assert len(big) == len(small) <= 3  # who is signed in, and the page with its count: none per row
    assert len([s for s in big if "FROM sets" in s]) == 1


def test_the_workouts_list_and_a_workouts_detail(url: str, anna: Person) -> None:
    train(url, "anna", days=22)
    page = anna.client.get("/workouts").text
    listing = words(page)
    assert "22 workouts; 1–20 shown" in listing
    assert f"5 sets · volume {VOLUME} kg" in listing and "50 min" in listing
    assert "Push 1" in words(anna.client.get("/workouts?page=2").text)

    workout_id = re.search(r'href="/workouts/(\d+)"><strong>Push 21', page)
    assert workout_id
    detail = anna.client.get(f"/workouts/{workout_id.group(1)}")
    assert detail.status_code == 200
    text = words(detail.text)
    assert "Push 21" in text and "50 min" in text and "felt strong" in text and "logged in exhaust" in text
    assert "Block A: 2 exercises done as a pair" in text
    assert text.index("A1 Butterfly (Pec Deck)") < text.index("A2 Bench Press") < text.index("B Squat")
    assert text.count("80 kg × 8") == 2 and f"{VOLUME} kg" in text


def test_the_api_pages_history_and_returns_a_workout_with_its_blocks(url: str, anna: Person) -> None:
    train(url, "anna", days=9)
    got = anna.api("GET", "/api/v1/history?per_page=7&page=2")
    assert got.status_code == 200
    body = got.json()
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (45, 2, 7, 7)
    assert len(body["sets"]) == 7
    first = body["sets"][0]
    assert set(first) >= {"logged_at", "exercise", "weight", "unit", "reps", "text", "block", "method", "workout"}
    assert anna.api("GET", "/api/v1/history?per_page=201").status_code == 422
    only = anna.api("GET", "/api/v1/history?exercise=bench-press&since=2025-03-05").json()
    assert only["exercise_id"] == "bench-press" and only["total"] == 14
    assert anna.api("GET", "/api/v1/history?exercise=zzzqqq").status_code == 400

    workouts = anna.api("GET", "/api/v1/workouts").json()
    assert workouts["total"] == 9 and workouts["workouts"][0]["name"] == "Push 8"
    assert workouts["workouts"][0]["sets"] == 5 and workouts["workouts"][0]["volume"] == VOLUME
    detail = anna.api("GET", f"/api/v1/workouts/{workouts['workouts'][0]['id']}").json()
    assert [b["letter"] for b in detail["blocks"]] == ["A", "B"] and detail["blocks"][0]["linked"]
    assert [g["label"] for g in detail["blocks"][0]["exercises"]] == ["A1", "A2"]
    assert detail["duration_s"] == 3000 and len(detail["sets"]) == 5 and detail["source_label"] == ""


def test_nobody_sees_another_lifters_history_but_their_coach(app: Any, url: str, anna: Person) -> None:
    ben = invited(app, anna, "ben")
    train(url, "ben", days=2)
    bens = ben.api("GET", "/api/v1/workouts").json()["workouts"][0]["id"]

    assert anna.client.get(f"/workouts/{bens}").status_code == 404
    assert anna.api("GET", f"/api/v1/workouts/{bens}").status_code == 404
    assert anna.api("GET", "/api/v1/history").json()["total"] == 0
    assert "No sets yet" in anna.client.get("/history").text
    for page in ("/history", "/workouts", f"/workouts/{bens}"):
        assert anna.client.get(f"{page}?athlete={ben.id}").status_code == 404, page
    assert anna.api("GET", f"/api/v1/history?athlete={ben.id}").status_code == 404

    coach = invited(app, ben, "carla", kind="coach", role="coach")
    seen = coach.client.get(f"/history?athlete={ben.id}")
    assert seen.status_code == 200 and "10 sets" in words(seen.text)
    assert f'href="/workouts/{bens}?athlete={ben.id}"' in seen.text  # links keep the athlete
    assert coach.client.get(f"/workouts/{bens}?athlete={ben.id}").status_code == 200
    assert coach.client.get(f"/workouts/{bens}").status_code == 404  # not in the coach's own logbook
    assert coach.api("GET", f"/api/v1/workouts/{bens}?athlete={ben.id}").status_code == 200
