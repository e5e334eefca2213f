"""The browser scenario of issue 6, in Debian's Chromium driven by Playwright.

A new user creates the owner account, plans a pre-exhaust chest session, starts it, logs
sets with one tap each, watches the rest timer count down, loses the connection, logs two
sets, gets it back, and finds every set stored exactly once; then finishes and opens the
progress page. A second test walks every page at desktop size. Screenshots of each step go
to build/screenshots (see browser.py) and are meant to be looked at.

Waits are Playwright's own (``expect`` polls until its timeout); the one fixed wait is the
two seconds between two readings of the rest timer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from browser import DESKTOP, PHONE, chromium, served, shot

expect = pytest.importorskip("playwright.sync_api").expect

NAME = "anna"
PASSWORD = "correct horse 42"
WAIT = 10_000  # ms: the longest any single step may take
CLOCK = re.compile(r"^(\d+):(\d\d)$")


class Problems:
    """Script errors, CSP refusals (Chromium reports them as console errors) and 5xx answers.

    One console error is expected rather than a problem: a fetch that fails while the test
    has switched the network off (the queue's retries).
    """

    def __init__(self, page: Any) -> None:
        self.seen: list[str] = []
        self.offline = False
        page.on("pageerror", lambda e: self.seen.append(f"page error: {e}"))
        page.on("console", self.console)
        page.on("response", lambda r: self.seen.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    def console(self, message: Any) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if self.offline and "ERR_INTERNET_DISCONNECTED" in message.text:
            return
        self.seen.append(f"console: {message.text} ({where})")


def seconds(text: str) -> int:
    found = CLOCK.match(text.strip())
    assert found, f"the rest timer shows {text!r}, not m:ss"
    return int(found.group(1)) * 60 + int(found.group(2))


def sign_up(page: Any, base: str) -> None:
    page.goto(base)
    expect(page).to_have_url(f"{base}/setup")
    expect(page.locator("h1")).to_have_text("Welcome to exhaust")
    page.get_by_label("Your name").fill(NAME)
    page.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)


def api(base: str) -> httpx.Client:
    """A script's view of the logbook: the JSON API with a bearer token."""
    got = httpx.post(f"{base}/api/v1/tokens", json={"name": NAME, "password": PASSWORD, "label": "scenario"})
    assert got.status_code == 201, got.text
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {got.json()['token']}"}, timeout=10)


def today_shot(page: Any, name: str) -> None:
    """From the top of the page: in a full-page screenshot the sticky header and the fixed rest
    bar are drawn where the viewport is, over the rows, when the page is scrolled."""
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, name)


def charts_drawn(page: Any) -> None:
    """Every chart on the page loaded (SVGs drawn on the server): no empty frames."""
    charts = page.locator("figure.chart img")
    expect(charts.first).to_be_visible()
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()  # the charts below the first load lazily
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=charts.nth(i).element_handle())
    page.evaluate("window.scrollTo(0, 0)")


def nav(page: Any, name: str) -> Any:
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)


def row(page: Any, label: str) -> Any:
    """The set row (a small form) for 'A1:1', 'A2:3'…"""
    return page.locator(f"form.log-form[data-row='{label}']")


def tap(page: Any, label: str) -> None:
    row(page, label).get_by_test_id("log-set").click()
    expect(row(page, label)).to_have_class(re.compile(r"\blogged\b"), timeout=WAIT)


def test_a_new_lifter_plans_trains_offline_and_loses_no_set(tmp_path: Path) -> None:
    with served(f"sqlite:///{tmp_path / 'scenario.db'}") as base, chromium() as browser:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(WAIT)
        problems = Problems(page)

        # A fresh installation sends its first visitor to create the owner account.
        sign_up(page, base)
        shot(page, "scenario-1-setup")
        page.get_by_role("button", name="Create my account").click()
        expect(page).to_have_url(f"{base}/today")

        # Plan: pre-exhaust the chest, as an intermediate lifter after hypertrophy.
        nav(page, "Plan").click()
        expect(page.locator("h1")).to_have_text("Plan a session")
        page.check("input[name=method][value=pre-exhaust]")
        page.check("input[name=target][value=chest]")
        page.select_option("select[name=experience] >> nth=0", "intermediate")
        page.select_option("select[name=goal] >> nth=0", "hypertrophy")
        page.get_by_role("button", name="Build the session").click()
        expect(page).to_have_url(re.compile(r"/plan\?.*method=pre-exhaust.*target=chest"))
        block_a = page.locator("article.block.linked").filter(has=page.locator("#item-0-A1"))
        expect(block_a.locator("h3").first).to_contain_text("a linked pair")
        expect(block_a.locator("#item-0-A1 .kind")).to_have_text("isolation")
        expect(block_a.locator("#item-0-A2 h4 a")).to_contain_text("Bench Press")
        expect(block_a.locator("#item-0-A2 .kind")).to_have_text("compound")
        isolation = block_a.locator("#item-0-A1 h4 a").inner_text().strip()
        shot(page, "scenario-2-plan")

        page.get_by_role("button", name="Start this session now").click()
        expect(page).to_have_url(f"{base}/today")
        pair = page.get_by_test_id("block-A")
        expect(pair.get_by_test_id("item-A1")).to_contain_text(isolation)
        expect(pair.get_by_test_id("item-A2")).to_contain_text("Bench Press")
        timer = page.get_by_test_id("rest-timer")
        remaining = page.get_by_test_id("rest-remaining")
        queue = page.get_by_test_id("queue-status")

        # No weight is known yet (a % of a 1RM never lifted): the first set of each exercise
        # takes a typed weight; the reps come pre-filled from the plan.
        for label, weight in (("A1:1", "40"), ("A2:1", "60")):
            expect(row(page, label).locator("input[name=reps]")).not_to_have_value("")
            row(page, label).locator("input[name=weight]").fill(weight)
        reps = {label: row(page, label).locator("input[name=reps]").input_value() for label in ("A1:1", "A2:1")}
        tap(page, "A1:1")
        expect(timer).to_be_hidden()  # inside the pair: straight on to A2, no rest
        tap(page, "A2:1")
        expect(timer).to_be_visible()
        expect(remaining).to_have_text(CLOCK)
        first = seconds(remaining.inner_text())
        assert 100 < first <= 120, f"the rest between rounds shows {first} s; the plan says 2 min"
        page.wait_for_timeout(2_000)
        later = seconds(remaining.inner_text())
        assert first - 10 <= later < first, f"the rest timer did not count down: {first} s, then {later} s"
        expect(queue).to_contain_text("All sets saved", timeout=WAIT)
        today_shot(page, "scenario-3-today-timer")

        # Offline at the gym: the next round is logged into the queue, each with one tap (the
        # rows were filled from the first round).
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        problems.offline = True
        context.set_offline(True)
        for label, first_row in (("A1:2", "A1:1"), ("A2:2", "A2:1")):
            weight = row(page, first_row).locator("input[name=weight]").input_value()
            expect(row(page, label).locator("input[name=weight]")).to_have_value(weight)
            expect(row(page, label).locator("input[name=reps]")).to_have_value(reps[first_row])
            tap(page, label)
        expect(queue.get_by_test_id("queue-count")).to_have_text("2")
        expect(queue).to_contain_text("2 sets waiting to be sent")
        for label in ("A1:2", "A2:2"):
            expect(row(page, label).get_by_test_id("slot-status")).to_contain_text("waiting to be sent")
        # The idempotency keys the page queued (today.js keeps its queue in localStorage).
        waiting = page.evaluate(
            "uid => JSON.parse(localStorage.getItem('exhaust.queue.' + uid) || '[]').map(i => i.key)",
            page.get_by_test_id("today").get_attribute("data-user-id"),
        )
        assert len(waiting) == 2, waiting
        today_shot(page, "scenario-4-today-offline")

        # The service worker keeps a copy of the page: a reload without a connection shows
        # it, with the same two sets still waiting and the rest timer still running.
        page.reload()
        expect(page.get_by_test_id("block-A")).to_be_visible()
        expect(queue.get_by_test_id("queue-count")).to_have_text("2")
        expect(row(page, "A2:2")).to_have_class(re.compile(r"\blogged\b"))
        expect(timer).to_be_visible()

        context.set_offline(False)
        expect(queue).to_contain_text("All sets saved", timeout=WAIT)
        expect(queue.get_by_test_id("queue-count")).to_be_hidden()
        problems.offline = False
        for label in ("A1:1", "A2:1", "A1:2", "A2:2"):
            expect(row(page, label).get_by_test_id("slot-status")).not_to_contain_text("waiting")

        # Every tap stored exactly once, the two offline sets among them.
        with api(base) as client:
            got = client.get("/api/v1/workouts/current")
            assert got.status_code == 200, got.text
            stored = got.json()["workout"]["sets"]
            assert len(stored) == 4, [(s["block"], s["text"]) for s in stored]
            assert len({s["id"] for s in stored}) == 4 and len({s["uid"] for s in stored}) == 4
            assert set(waiting) <= {s["uid"] for s in stored}
            assert [s["block"] for s in stored] == ["A1", "A2", "A1", "A2"]
            assert [(s["weight"], s["reps"]) for s in stored] == [
                (40.0, int(reps["A1:1"])),
                (60.0, int(reps["A2:1"])),
            ] * 2

            page.get_by_test_id("finish").click()
            expect(page).to_have_url(re.compile(r"/workouts/\d+$"))
            expect(page.locator("h1")).to_be_visible()
            workout_id = int(page.url.rsplit("/", 1)[1])
            history = client.get("/api/v1/history", params={"per_page": 200}).json()
            assert history["total"] == 4 and {s["workout_id"] for s in history["sets"]} == {workout_id}
            assert client.get("/api/v1/workouts/current").status_code == 404  # finished

        nav(page, "Progress").click()
        expect(page.locator("h1")).to_have_text("Progress")
        expect(page.locator("main")).to_contain_text("Bench Press")
        expect(page.locator("main")).not_to_contain_text("Nothing to show yet")
        charts_drawn(page)
        shot(page, "scenario-5-progress")

        assert problems.seen == [], problems.seen
        context.close()


# After one workout: each page, its <h1>, and something of the workout it should show.
PAGES = [
    ("/history", "History", "Butterfly (Pec Deck)"),
    ("/progress", "Progress", "Bench Press (Barbell)"),
    ("/exercises", "Exercises", "Bench Press (Barbell)"),
    ("/exercises/bench-press", "Bench Press (Barbell)", "Muscles it loads"),
    ("/import", "Import your history", "Strong"),
    ("/account", NAME, "API tokens"),
]


def test_every_page_renders_at_desktop_size(tmp_path: Path) -> None:
    with served(f"sqlite:///{tmp_path / 'desktop.db'}") as base, chromium() as browser:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(WAIT)
        problems = Problems(page)
        sign_up(page, base)
        shot(page, "tour-setup")
        page.get_by_role("button", name="Create my account").click()

        def visit(url: str, heading: str) -> None:
            answer = page.goto(f"{base}{url}")
            assert answer is not None and answer.status == 200, f"{url}: {answer and answer.status}"
            expect(page.locator("h1")).to_have_text(heading)

        visit("/today", "Today")
        expect(page.locator("main")).to_contain_text("No workout is open")
        shot(page, "tour-today-empty")
        visit("/plan?method=pre-exhaust&target=chest&experience=intermediate&goal=hypertrophy", "Plan a session")
        expect(page.locator("#item-0-A2")).to_contain_text("Bench Press")
        shot(page, "tour-plan")
        page.get_by_role("button", name="Start this session now").click()
        expect(page).to_have_url(f"{base}/today")
        visit("/today", "Pre-exhaust: chest")
        for label, weight in (("A1:1", "40"), ("A2:1", "60")):
            row(page, label).locator("input[name=weight]").fill(weight)
            tap(page, label)
        expect(page.get_by_test_id("queue-status")).to_contain_text("All sets saved")
        expect(page.get_by_test_id("rest-timer")).to_be_visible()
        today_shot(page, "tour-today")
        page.get_by_test_id("finish").click()
        expect(page).to_have_url(re.compile(r"/workouts/\d+$"))
        expect(page.locator("h1")).to_have_text("Pre-exhaust: chest")
        expect(page.locator("main")).to_contain_text("Bench Press")
        shot(page, "tour-workout")
        for url, heading, shows in PAGES:
            visit(url, heading)
            expect(page.locator("main")).to_contain_text(shows)
            if url == "/progress":
                charts_drawn(page)
            shot(page, "tour-" + url.strip("/").replace("/", "-"))
        assert problems.seen == [], problems.seen
        context.close()
