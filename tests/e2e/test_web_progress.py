"""Progress in the browser and through the API, on the issue's story: two years of generated
history in which the bench press falls after pre-exhaust starts (bench/synthetic_history.py),
imported through the API. The page warns about the bench press, draws its charts as SVG,
and only the lifter and their coach see it."""

from __future__ import annotations

import html
import importlib
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from web import Person, app_on, invited, owner

from exhaust.store import database as dbmod

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
BENCH = "Bench Press (Barbell)"


@dataclass
class Story:
    app: Any
    anna: Person  # the lifter with the two years
    coach: Person  # her coach
    ben: Person  # another lifter, nothing to do with her
    started: date  # the Monday pre-exhaust began


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    synthetic = importlib.import_module("synthetic_history")
    folder = tmp_path_factory.mktemp("progress")
    csv_path = folder / "two-years.csv"
    synthetic.write_csv(csv_path)
    url = f"sqlite:///{folder / 'web.db'}"
    app = app_on(url)
    anna = owner(app, "anna")
    saved = tempfile.tempdir
    tempfile.tempdir = str(folder)  # the upload is kept here while it is imported
    try:
        with csv_path.open("rb") as fh:
            done = anna.api(
                "POST", "/api/v1/imports?dry_run=false&unit=kg&tz=UTC", files={"file": ("two-years.csv", fh)}
            )
    finally:
        tempfile.tempdir = saved
    assert done.status_code == 201, done.text
    coach = invited(app, anna, "carla", kind="coach", role="coach")
    ben = invited(app, anna, "ben")
    yield Story(app, anna, coach, ben, synthetic.pre_exhaust_monday())
    dbmod.close(url)


def words(page: str) -> str:
    main = page[page.index("<main>") : page.index("</main>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def charts(page: str) -> list[str]:
    """Every chart URL of a page: the wide <img> and the phone <source>."""
    found = re.findall(r'<(?:img src|source media="[^"]+" srcset)="([^"]+)"', page)
    return [html.unescape(u) for u in found]


def test_the_progress_page_warns_about_the_bench_press_and_draws_svg_charts(story: Story) -> None:
    page = story.anna.client.get("/progress")
    assert page.status_code == 200
    text = words(page.text)
    warning = text[text.index("Warnings") : text.index("Compound lifts")]
    assert f"PROGRESS-WATCH · {BENCH} down" in warning
    assert f"since the week of {story.started.isoformat()}" in warning and "pre-exhaust" in warning
    assert "use the technique less often" in warning  # what to do
    assert warning.count("PROGRESS-WATCH") == 1  # nothing else declines
    assert f'<a href="/progress/bench-press">{BENCH}: sessions and methods compared ›</a>' in page.text

    lifts = text[text.index("Compound lifts") : text.index("Weekly volume per muscle")]
    for lift in (BENCH, "Squat (Barbell)", "Deadlift (Barbell)", "Overhead Press (Barbell)"):
        assert lift in lifts
    assert f"{BENCH} ▼" in lifts and "Squat (Barbell) ▼" not in lifts
    volume = text[text.index("Weekly volume per muscle") :]
    assert "Avg/wk" in volume and " chest " in volume and "Exh. iso" in volume

    urls = charts(page.text)
    assert "/progress/charts/volume.svg?size=wide" in " ".join(urls)
    assert any(u.startswith("/progress/charts/bench-press.svg?size=phone") for u in urls)
    assert len(urls) >= 2 * 5  # the volume chart and one per lift, each wide and for a phone
    for url in [u for u in urls if "volume" in u or "bench-press" in u]:
        got = story.anna.client.get(url)
        assert got.status_code == 200, url
        assert got.headers["content-type"] == "image/svg+xml" and got.headers["cache-control"].startswith("private")
        assert got.text.lstrip().startswith("<?xml") and "<svg" in got.text and "<script" not in got.text


def test_a_lift_page_shows_its_sessions_records_warning_and_methods_compared(story: Story) -> None:
    page = story.anna.client.get("/progress/bench-press")
    assert page.status_code == 200
    text = words(page.text)
    assert text.startswith(f"‹ Progress {BENCH}") and "PROGRESS-WATCH (seed 004)" in text
    assert "Best e1RM" in text and "Rep records" in text and "Sessions" in text
    methods = text[text.index("Methods compared") :]
    assert "traditional (reference)" in methods and "pre-exhaust" in methods and "95 %" in methods
    assert "Verdict:" in methods and "fewer reps" in methods and "seed 002" in methods
    compare = [u for u in charts(page.text) if "/compare.svg" in u]
    assert len(compare) == 2
    got = story.anna.client.get(compare[0])
    assert got.status_code == 200 and got.headers["content-type"] == "image/svg+xml"
    by_name = story.anna.client.get("/progress/bench")  # a name works as well as the id
    assert by_name.status_code == 200 and "Rep records" in by_name.text

    unknown = story.anna.client.get("/progress/zzzqqq")
    assert unknown.status_code == 404 and "No exercise called 'zzzqqq'" in words(unknown.text)
    never = story.anna.client.get("/progress/hip-thrust")
    assert never.status_code == 200 and "No sets of" in words(never.text)


def test_a_coach_sees_the_athletes_progress_and_a_stranger_gets_404(story: Story) -> None:
    anna_id = story.anna.id
    coach = story.coach.client.get(f"/progress?athlete={anna_id}")
    assert coach.status_code == 200 and f"PROGRESS-WATCH · {BENCH}" in words(coach.text)
    assert f'href="/progress/bench-press?athlete={anna_id}"' in coach.text  # links keep the athlete
    assert all(f"athlete={anna_id}" in u for u in charts(coach.text))
    chart = next(u for u in charts(coach.text) if "bench-press.svg" in u)
    assert story.coach.client.get(chart).status_code == 200
    assert story.coach.api("GET", f"/api/v1/warnings?athlete={anna_id}").json()["warnings"][0]["exercise"] == BENCH

    for url in (f"/progress?athlete={anna_id}", f"/progress/bench-press?athlete={anna_id}", chart):
        assert story.ben.client.get(url).status_code == 404, url
    for url in ("/api/v1/progress", "/api/v1/warnings", "/api/v1/progress/bench-press/compare"):
        assert story.ben.api("GET", f"{url}?athlete={anna_id}").status_code == 404, url
    own = story.coach.client.get("/progress")  # the coach's own logbook is empty
    assert own.status_code == 200 and "Nothing to show yet" in words(own.text)


def test_the_api_gives_the_report_a_lift_its_comparison_and_the_warnings(story: Story) -> None:
    report = story.anna.api("GET", "/api/v1/progress").json()
    assert report["unit"] == "kg" and report["formula"] == "epley"
    assert [w["exercise"] for w in report["warnings"]] == [BENCH]
    bench = next(x for x in report["lifts"] if x["exercise_id"] == "bench-press")
    assert bench["warning"]["week"] == story.started.isoformat() and bench["best"]["e1rm"] > bench["last"]["e1rm"]
    assert report["volume"]["by"] == "muscle" and len(report["volume"]["weeks"]) == 12 and report["volume"]["rows"]

    warnings = story.anna.api("GET", "/api/v1/warnings").json()["warnings"]
    assert warnings == report["warnings"]
    assert warnings[0]["methods"] == ["pre-exhaust"] and warnings[0]["percent"] > 8

    lift = story.anna.api("GET", "/api/v1/progress/bench-press").json()
    assert lift["exercise"] == {"id": "bench-press", "name": BENCH} and lift["warning"]["rule"] == "PROGRESS-WATCH"
    assert lift["sessions"][0]["sets"] and lift["rep_records"] and lift["trend"]["per"] == "week"
    compare = story.anna.api("GET", "/api/v1/progress/bench/compare").json()
    assert compare["reference"] == "traditional" and {m["method"] for m in compare["methods"]} == {
        "traditional",
        "pre-exhaust",
    }
    reps = next(d for d in compare["differences"] if d["metric"] == "reps_at_load")
    assert reps["difference"]["high"] < 0
    assert story.anna.api("GET", "/api/v1/progress/zzzqqq").status_code == 400


def test_an_empty_logbook_says_what_to_do(tmp_path: Path) -> None:
    app = app_on(f"sqlite:///{tmp_path / 'empty.db'}")
    anna = owner(app, "anna")
    page = anna.client.get("/progress")
    assert page.status_code == 200
    text = words(page.text)
    assert "Nothing to show yet" in text and "import your history" in text and "Log workouts on Today" in text
    assert charts(page.text) == []
    empty = anna.api("GET", "/api/v1/progress").json()
    assert empty["lifts"] == [] and empty["warnings"] == [] and empty["volume"]["rows"] == []
    assert anna.client.get("/progress/charts/volume.svg").headers["content-type"] == "image/svg+xml"
