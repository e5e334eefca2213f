"""The exercise pages: the catalogue filtered and searched, and one exercise with the muscles
it loads (role and share), its weak link and the pairs it takes part in."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from web import Person, TestClient, app_on, owner

_ROW = re.compile(r'<tr><td><a href="/exercises/([a-z0-9-]+)">')


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return app_on(f"sqlite:///{tmp_path / 'web.db'}")


@pytest.fixture
def anna(app: Any) -> Person:
    return owner(app, "anna")


def listed(person: Person, **params: Any) -> list[str]:
    got = person.client.get("/exercises", params=params)
    assert got.status_code == 200, got.text
    return _ROW.findall(got.text)


def section(page: str, title: str) -> str:
    start = page.index(f"<h2>{title}</h2>")
    return page[start : page.index("</section>", start)]


def test_bench_press_shows_its_muscles_with_roles_and_shares_and_its_weak_link(anna: Person) -> None:
    page = anna.client.get("/exercises/bench-press").text
    assert "<h1>Bench Press (Barbell)</h1>" in page
    muscles = section(page, "Muscles it loads")
    rows = re.findall(r'<li class="muscle role-(\w+)">\s*<span class="muscle-name">([^<]+)</span>', muscles)
    assert rows == [("prime", "chest"), ("synergist", "triceps"), ("synergist", "front delts")]
    assert '<meter min="0" max="1" value="0.5"' in muscles and ">50%</span>" in muscles
    assert "style=" not in page  # the page's strict CSP blocks inline styles
    weak = section(page, "Weak link")
    assert "The set ends when the <strong>front delts and triceps</strong> give out, before the chest does." in weak
    assert "stated by seed 000" in weak
    pairs = section(page, "Pairs it takes part in")
    assert '<a href="/exercises/pec-deck">Butterfly (Pec Deck)</a>' in pairs and "Reverse pre-exhaust" in pairs
    assert "a spotter is advised" in page and "intensity <strong>8</strong>/10" in page


def test_an_isolation_shows_the_compounds_it_pairs_with(anna: Person) -> None:
    page = anna.client.get("/exercises/leg-extension").text
    pairs = section(page, "Pairs it takes part in")
    assert '<a href="/exercises/squat">Squat (Barbell)</a>' in pairs
    assert "The quads, the main muscle, gives out first" in section(page, "Weak link")


def test_an_unknown_exercise_is_not_found_with_suggestions_and_a_known_name_finds_its_page(anna: Person) -> None:
    got = anna.client.get("/exercises/bench-pres")
    assert got.status_code == 404 and "Did you mean: Bench Press (Barbell)" in got.text
    named = anna.client.get("/exercises/Barbell Bench Press", follow_redirects=False)
    assert named.status_code == 303 and named.headers["location"] == "/exercises/bench-press"


def test_the_catalogue_filters_by_muscle_mechanic_equipment_and_words(anna: Person) -> None:
    everything = listed(anna)
    assert len(everything) > 150
    chest_iso = listed(anna, muscle="chest", mechanic="isolation")
    assert "cable-fly" in chest_iso and "bench-press" not in chest_iso
    cable_chest = listed(anna, muscle="chest", equipment=["cable"])
    assert "cable-fly" in cable_chest and "dumbbell-fly" not in cable_chest
    assert listed(anna, q="db fly") == ["dumbbell-fly", "incline-dumbbell-fly", "rear-delt-fly"]
    assert listed(anna, q="zzz") == []


def test_a_filter_that_is_not_known_says_what_is(anna: Person) -> None:
    got = anna.client.get("/exercises", params={"muscle": "wings"})
    assert got.status_code == 400 and "no muscle or muscle group called &#39;wings&#39;; known: chest" in got.text
    got = anna.client.get("/exercises", params={"equipment": "rope"})
    assert got.status_code == 400 and "equipment &#39;rope&#39; is not one of" in got.text


def test_exercise_pages_need_signing_in(app: Any) -> None:
    owner(app, "anna")
    for url in ("/exercises", "/exercises/bench-press"):
        got = TestClient(app).get(url, follow_redirects=False)
        assert got.status_code == 303 and got.headers["location"].startswith("/login")
