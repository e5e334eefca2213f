"""bench/serve.py works: its floor app and wrk scripts count what they should, and a very short
run of the whole bench (both servers, the setup over HTTP, every scenario) reports figures for
every scenario with every answer as expected and one set stored per answer."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install wrk): bench/serve.py drives it"
)


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))  # bench/serve.py imports its neighbours by name
    try:
        spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return _load("serve")


@pytest.fixture
def floor(bench: Any, tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """The floor app on 300 rows, one worker."""
    db = tmp_path / "floor.db"
    assert bench.floor_app.seed(str(db), 300) == 300
    port = bench.free_port()
    server = bench.Server(
        "the floor",
        [sys.executable, "-m", "uvicorn", "--app-dir", str(BENCH), "floor_app:app", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--log-level", "warning"],
        port,
        tmp_path / "floor.log",
        {bench.floor_app.FLOOR_DB_ENV: str(db)},
    )  # fmt: skip
    server.start()
    try:
        server.wait_ready("/page")
        yield server, db
    finally:
        server.stop()
    assert server.process.poll() is not None, "the floor server outlived the bench"


def test_the_floor_page_counts_its_rows_and_shows_the_newest_20(bench: Any, floor: tuple[Any, Path]) -> None:
    server, _ = floor
    status, _, body = bench.request(server.port, "GET", "/page")
    page = json.loads(body)
    assert status == 200
    assert page["total"] == 300
    assert [row["id"] for row in page["sets"]] == list(range(300, 280, -1))


@needs_wrk
def test_wrk_runs_count_every_status_and_the_rows_logged(bench: Any, floor: tuple[Any, Path]) -> None:
    server, db = floor
    before = bench.settled_count(db)
    logged = bench.wrk(server.port, "/log", "log_set.lua", [uuid.uuid4().hex, "", "201"], 4, 1, 201, False)
    stored = bench.Stored(bench.settled_count(db) - before, logged.answered, 4)
    assert logged.requests > 0 and logged.rps > 0
    assert logged.unexpected == 0 and logged.answered == logged.requests
    assert 0 < logged.ms(50) <= logged.ms(99) <= logged.max_us / 1000
    assert stored.ok, stored.text()

    missing = bench.wrk(server.port, "/nowhere", "get_page.lua", ["", ""], 2, 1, 200, False)
    assert missing.requests > 0
    assert missing.statuses == {"404": missing.requests}
    assert missing.unexpected == missing.requests  # wrong answers are never counted as served


def test_runs_merge_into_one_latency_distribution_weighted_by_requests(bench: Any) -> None:
    def run(requests: int, quantiles: list[int]) -> Any:
        return bench.Run(requests, 1.0, max(quantiles), {"201": requests}, {}, quantiles, 201)

    fast = run(300, [1000] * 1000)  # every request 1 ms
    slow = run(100, [1000 + 10 * i for i in range(1000)])  # 1 ms to 11 ms, evenly
    assert bench.merged([fast]).quantiles_us == fast.quantiles_us
    both = bench.merged([fast, slow])
    assert (both.requests, both.seconds, both.rps, both.runs) == (400, 2.0, 200.0, 2)
    assert both.ms(75) == 1.0  # three quarters of the requests were the fast run's
    assert both.ms(99) == slow.ms(96)  # the slowest 1 % of all are the slowest 4 % of the slow run
    assert both.ms(100) == both.max_us / 1000 == 10.99
    assert both.statuses == {"201": 400} and both.unexpected == 0


def test_without_wrk_the_bench_says_how_to_install_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "serve.py"), "--seconds", "1"],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 1
    assert "apt-get install wrk" in done.stderr


@needs_wrk
def test_a_short_run_of_the_whole_bench_reports_every_scenario() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "serve.py"), "--seconds", "1", "--warmup", "0", "--clients", "4",
         "--sets", "300", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr  # 1: a speed target missed, in a run far too short to judge
    result = json.loads(done.stdout)
    assert result["sets"] == {"exhaust": 300, "floor": 300}
    assert set(result["runs"]) == {"log a set", "floor log", "history page", "history API", "floor page"}
    for name, run in result["runs"].items():
        assert run["requests"] > 0, name
        assert run["unexpected"] == 0, (name, run["statuses"], run["errors"])
    for name, stored in result["stored"].items():
        assert stored["ok"], (name, stored)
        assert stored["added"] >= stored["answered"] == result["runs"][name]["requests"]
    assert result["pass"]["sets stored"]
    assert set(result["ratios"]) == {"log a set", "history page", "history API"}
