"""`exhaust serve` under load: 20 concurrent clients logging sets and reading a page of history,
against a naive floor measured in the same run (TARGETS.md: logging a set over HTTP reaches at
least 80 % of the floor's requests per second with a p99 of at most 50 ms; a page of history
with 10,000+ sets stored at least the floor's requests per second).

The two servers, each on its own temporary SQLite file, both started the same way (uvicorn,
--workers 2 by default, its default event loop and HTTP parser, no access log, log level
warning) and left running side by side; each is idle while the other is measured:

- exhaust: `exhaust serve --db sqlite:///<tmp>/exhaust.db --workers 2`. Before it starts, the
  logbook is filled with --sets sets (10,000; bench/logbook.py's bulk insert: a real lifter's
  push / pull / legs rotation, 3-5 sets an exercise) and its open workout finished. Then it is
  set up over HTTP as a browser and a script would: the owner account through the /setup form
  (session cookie and CSRF token from the page), an API token from POST /api/v1/tokens, and
  just before the logging run a free workout from POST /api/v1/workouts;
- the floor: bench/floor_app.py, bare FastAPI with SQLAlchemy 2 on SQLite (WAL, as exhaust;
  otherwise SQLite's defaults): no accounts, no validation beyond the body model, no idempotency;
  its table holds --sets rows too. SQLite's default synchronous=FULL makes it fsync every commit,
  which exhaust (synchronous=NORMAL, safe in WAL mode) does not: --floor-synchronous NORMAL
  measures the floor with exhaust's setting.

Scenarios, run with `wrk -t1 -c<clients> --latency --timeout 10s`, history first so both hold
exactly --sets sets then. The scenarios compared take turns: each runs --rounds times for
--seconds/--rounds (3 x 5 s), in the opposite order every other round, so a change in the
machine's load hits both sides alike; a scenario's figures are its turns merged (all requests
over all the time; the percentiles from the turns' latency distributions, each weighed by its
requests). Before its first turn each scenario runs --warmup seconds, not counted.

- history page: exhaust's HTML `/history` with the session cookie, and its JSON
  `/api/v1/history?page=1` with the token, each against the floor's `GET /page` (SELECT count(*)
  and the newest 20 rows);
- log a set: exhaust's `POST /api/v1/workouts/current/sets` (bearer token, a unique
  Idempotency-Key per request, {"exercise": "bench press", "weight": 80, "unit": "kg",
  "reps": 8}) against the floor's `POST /log` (one INSERT, the same body).

The figures are wrk's own, handed over by the Lua scripts' done() (requests, duration and the
latency at every 0.1 % of the requests in microseconds: what its --latency text prints,
unrounded). The
scripts (bench/wrk/) also count every status wrk sees; a run passes only when every answer
had the expected status (a redirect to the sign-in page would count as a success in wrk's own
summary). The 10 s timeout (wrk's default is 2 s) keeps slow answers in the latency figures
instead of dropping them as timeouts. Around each logging turn the sets stored are counted in
the database: one per 201 answer, plus at most one per connection for the requests still in
flight when wrk stopped (answered after it stopped listening).

Run: .venv/bin/python bench/serve.py [--clients 20] [--seconds 15] [--rounds 3] [--warmup 1] [--workers 2]
     [--sets 10000] [--floor-synchronous FULL|NORMAL] [--json] [--verbose] [--keep]
     (--clients 16 as TARGETS.md measures; --seconds 2 for a quick check)
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import floor_app  # the bench folder's own module  # noqa: E402

LOG_RATIO = 0.80  # logging a set: at least this share of the floor's req/s
LOG_P99_MS = 50.0  # and at most this p99
PAGE_RATIO = 1.0  # a page of history: at least the floor's req/s
WRK_TIMEOUT = "10s"
READY_SECONDS = 60
NAME, PASSWORD = "local", "bench-password-42"  # "local": the logbook bench/logbook.py fills
SET_BODY = {"exercise": "bench press", "weight": 80, "unit": "kg", "reps": 8}
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
_WRK_JSON = "wrk-json "


# --- servers ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    label: str
    command: list[str]
    port: int
    log: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            # a session of its own: stop() ends the server and its worker processes together
            self.process = subprocess.Popen(
                self.command,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={**os.environ, **self.env},
                start_new_session=True,
            )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise SystemExit(f"{self.label} stopped at start (exit {self.process.returncode}):\n{self.tail()}")
            try:
                status, _, _ = request(self.port, "GET", path)
            except OSError:
                time.sleep(0.1)
                continue
            if status < 500:
                return
            raise SystemExit(f"{self.label} answers GET {path} with {status}:\n{self.tail()}")
        raise SystemExit(f"{self.label} did not answer within {READY_SECONDS} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no output)"

    def stop(self) -> None:
        """The server and its workers (its process group): asked to stop, then killed."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
            os.killpg(self.process.pid, signal.SIGKILL)  # whatever is left: no worker outlives the bench
        except ProcessLookupError:
            pass  # the whole group is gone
        self.process.wait(5)


def request(
    port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.headers, answer.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _cookie(headers: http.client.HTTPMessage, name: str) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        first = value.split(";", 1)[0]
        if first.startswith(name + "="):
            return first
    return None


def set_up_exhaust(port: int) -> tuple[str, str]:
    """The owner account through the /setup form, then an API token: (session cookie, token)."""
    status, headers, page = request(port, "GET", "/setup")
    found = _CSRF.search(page)
    cookie = _cookie(headers, "exhaust_session")
    if status != 200 or found is None or cookie is None:
        raise SystemExit(f"GET /setup answered {status} without a CSRF token or session cookie:\n{page[:500]}")
    form = {"csrf_token": found.group(1), "name": NAME, "password": PASSWORD, "password_again": PASSWORD}
    status, headers, page = request(
        port,
        "POST",
        "/setup",
        urlencode({**form, "role": "athlete"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    cookie = _cookie(headers, "exhaust_session") or cookie
    if status != 303:
        raise SystemExit(f"POST /setup answered {status}, not 303 (signed in):\n{page[:500]}")
    status, _, answer = request(
        port,
        "POST",
        "/api/v1/tokens",
        json.dumps({"name": NAME, "password": PASSWORD, "label": "bench"}).encode(),
        {"Content-Type": "application/json"},
    )
    if status != 201:
        raise SystemExit(f"POST /api/v1/tokens answered {status}, not 201:\n{answer[:500]}")
    return cookie, str(json.loads(answer)["token"])


def start_workout(port: int, token: str) -> None:
    status, _, answer = request(
        port,
        "POST",
        "/api/v1/workouts",
        b"{}",
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    if status == 404:
        raise SystemExit(
            "POST /api/v1/workouts answered 404: this exhaust has no workouts API yet "
            "(src/exhaust/web/api/workouts.py), so the logging run cannot start"
        )
    if status != 201:
        raise SystemExit(f"POST /api/v1/workouts answered {status}, not 201:\n{answer[:500]}")


def check_answer(port: int, method: str, path: str, headers: dict[str, str], expected: int, body: bytes | None) -> int:
    """One request as wrk will send it, before timing: the expected status, or stop here."""
    status, _, answer = request(port, method, path, body, headers)
    if status != expected:
        raise SystemExit(f"{method} {path} answered {status}, not {expected}:\n{answer[:800]}")
    return len(answer.encode())


# --- wrk ----------------------------------------------------------------------------------------


@dataclass
class Run:
    """What wrk saw in one run, or in several merged."""

    requests: int
    seconds: float
    max_us: int
    statuses: dict[str, int]
    errors: dict[str, int]
    quantiles_us: list[int]  # the latency at 0.1 %, 0.2 %, ... 100 % of the requests
    expected: int  # the status every answer should have
    runs: int = 1

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def ms(self, percent: float) -> float:
        return self.quantiles_us[max(0, round(percent * 10) - 1)] / 1000 if self.quantiles_us else 0.0

    @property
    def unexpected(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != str(self.expected)) + sum(self.errors.values())

    @property
    def answered(self) -> int:
        return self.statuses.get(str(self.expected), 0)

    def figures(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 3),
            "rps": round(self.rps, 1),
            **{f"p{p}_ms": self.ms(p) for p in (50, 75, 90, 99)},
            "max_ms": self.max_us / 1000,
            "statuses": self.statuses,
            "errors": self.errors,
            "unexpected": self.unexpected,
            "runs": self.runs,
        }


def merged(runs: list[Run]) -> Run:
    """Runs as one: their requests over their time, and one latency distribution in which each
    run's quantiles weigh by its number of requests."""
    total = sum(r.requests for r in runs)
    pooled = sorted((q, r.requests) for r in runs for q in r.quantiles_us)
    quantiles: list[int] = []
    if total:
        cumulative, it = 0, iter(pooled)
        for k in range(1, 1001):  # each value weighs its run's requests in 1000 x total
            while cumulative < k * total:
                value, weight = next(it)
                cumulative += weight
            quantiles.append(value)
    statuses: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in runs:
        for key, n in r.statuses.items():
            statuses[key] = statuses.get(key, 0) + n
        for key, n in r.errors.items():
            errors[key] = errors.get(key, 0) + n
    return Run(
        requests=total,
        seconds=sum(r.seconds for r in runs),
        max_us=max(r.max_us for r in runs),
        statuses=statuses,
        errors=errors,
        quantiles_us=quantiles,
        expected=runs[0].expected,
        runs=sum(r.runs for r in runs),
    )


def wrk(
    port: int, path: str, script: str, args: list[str], clients: int, seconds: int, expected: int, verbose: bool
) -> Run:
    command = [
        "wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", WRK_TIMEOUT,
        "-s", str(BENCH / "wrk" / script), f"http://127.0.0.1:{port}{path}", "--", *args,
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    found = [line for line in done.stdout.splitlines() if line.startswith(_WRK_JSON)]
    if verbose:
        print("\n".join(line for line in done.stdout.splitlines() if line not in found), file=sys.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"wrk failed ({done.returncode}) on {path}:\n{done.stdout}\n{done.stderr}")
    raw: dict[str, Any] = json.loads(found[-1].removeprefix(_WRK_JSON))
    return Run(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        max_us=raw["max_us"],
        statuses={str(k): int(v) for k, v in raw["statuses"].items()},
        errors={k: int(v) for k, v in raw["errors"].items()},
        quantiles_us=[int(q) for q in raw["quantiles_us"]] if raw["requests"] else [],
        expected=expected,
    )


# --- counting what was stored -------------------------------------------------------------------


def count_rows(path: Path) -> int:
    """Sets in a database file (exhaust's or the floor's: both call the table `sets`)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM sets").fetchone()[0])
    finally:
        conn.close()


def settled_count(path: Path) -> int:
    """The count once the server has finished the requests still in flight when wrk stopped."""
    last, since = count_rows(path), time.monotonic()
    while time.monotonic() - since < 0.5:
        time.sleep(0.1)
        now = count_rows(path)
        if now != last:
            last, since = now, time.monotonic()
    return last


@dataclass
class Stored:
    """Sets stored during timed runs against the answers wrk saw: one per 201, and at most one
    more per connection and run for the requests in flight when wrk stopped listening."""

    added: int = 0
    answered: int = 0
    in_flight: int = 0  # the most that can be stored unanswered: clients x runs

    @property
    def ok(self) -> bool:
        return self.answered <= self.added <= self.answered + self.in_flight

    def text(self) -> str:
        verdict = "OK" if self.ok else "WRONG"
        return (
            f"{self.added:,} stored for {self.answered:,} answers 201 ({self.added - self.answered:+,} answered "
            f"after wrk stopped; at most {self.in_flight} in flight)  {verdict}"
        )


# --- the run ------------------------------------------------------------------------------------


def prepare(folder: Path, sets: int) -> tuple[str, Path, int, int]:
    """Both databases with ``sets`` sets: (exhaust URL, floor file, exhaust sets, floor rows)."""
    import logbook as filling  # bench/logbook.py: its bulk insert of a lifter's history

    from exhaust.services.logbook import Logbook
    from exhaust.store.database import close_all, open_database

    url = f"sqlite:///{folder / 'exhaust.db'}"
    db = open_database(url)
    try:
        stored, _ = filling.fill(db, sets)
        Logbook(db).finish()  # the logging run starts a workout of its own through the API
    finally:
        close_all()
    floor_db = folder / "floor.db"
    return url, floor_db, stored, floor_app.seed(str(floor_db), sets)


@dataclass
class Scenario:
    label: str
    server: Server
    path: str
    script: str
    args: Callable[[], list[str]]  # wrk's script arguments, new for every run
    expected: int
    counted: Path | None = None  # the database whose sets are counted around each run


def interleaved(scenarios: list[Scenario], args: argparse.Namespace) -> tuple[dict[str, Run], dict[str, Stored]]:
    """Each scenario --rounds times for --seconds/--rounds, taking turns (in the opposite order
    every other round), so a change in the machine's load hits them all alike."""
    for s in scenarios:
        if args.warmup:
            wrk(s.server.port, s.path, s.script, s.args(), args.clients, args.warmup, s.expected, False)
    runs: dict[str, list[Run]] = {s.label: [] for s in scenarios}
    stored = {s.label: Stored() for s in scenarios if s.counted is not None}
    for round_ in range(args.rounds):
        for s in scenarios if round_ % 2 == 0 else scenarios[::-1]:
            before = settled_count(s.counted) if s.counted is not None else 0
            run = wrk(s.server.port, s.path, s.script, s.args(), args.clients, args.round_seconds, s.expected,
                      args.verbose)  # fmt: skip
            runs[s.label].append(run)
            if s.counted is not None:
                tally = stored[s.label]
                tally.added += settled_count(s.counted) - before
                tally.answered += run.answered
                tally.in_flight += args.clients
    return {label: merged(r) for label, r in runs.items()}, stored


def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    url, floor_db, exhaust_sets, floor_sets = prepare(folder, args.sets)
    exhaust_db = folder / "exhaust.db"
    uvicorn_flags = ["--log-level", "warning", "--no-access-log", "--no-server-header"]  # as exhaust serve runs
    servers = [
        Server(
            "exhaust serve",
            [sys.executable, "-m", "exhaust", "serve", "--db", url, "--port", str(port := free_port()),
             "--workers", str(args.workers)],
            port,
            folder / "exhaust.log",
        ),
        Server(
            "the floor",
            [sys.executable, "-m", "uvicorn", "--app-dir", str(BENCH), "floor_app:app", "--host", "127.0.0.1",
             "--port", str(floor_port := free_port()), "--workers", str(args.workers), *uvicorn_flags],
            floor_port,
            folder / "floor.log",
            {floor_app.FLOOR_DB_ENV: str(floor_db), floor_app.FLOOR_SYNCHRONOUS_ENV: args.floor_synchronous},
        ),
    ]  # fmt: skip
    exhaust, floor = servers
    try:
        for server in servers:
            server.start()
        exhaust.wait_ready("/setup")
        floor.wait_ready("/page")
        cookie, token = set_up_exhaust(exhaust.port)
        bearer = f"Bearer {token}"
        sizes = {
            "page": check_answer(exhaust.port, "GET", "/history", {"Cookie": cookie}, 200, None),
            "api": check_answer(exhaust.port, "GET", "/api/v1/history?page=1", {"Authorization": bearer}, 200, None),
            "floor": check_answer(floor.port, "GET", "/page", {}, 200, None),
        }
        runs, _ = interleaved(
            [
                Scenario("floor page", floor, "/page", "get_page.lua", lambda: ["", ""], 200),
                Scenario("history page", exhaust, "/history", "get_page.lua", lambda: ["Cookie", cookie], 200),
                Scenario("history API", exhaust, "/api/v1/history?page=1", "get_page.lua",
                         lambda: ["Authorization", bearer], 200),
            ],
            args,
        )  # fmt: skip

        start_workout(exhaust.port, token)
        body = json.dumps(SET_BODY).encode()
        log_headers = {"Content-Type": "application/json", "Authorization": bearer}
        check_answer(exhaust.port, "POST", "/api/v1/workouts/current/sets",
                     {**log_headers, "Idempotency-Key": uuid.uuid4().hex}, 201, body)  # fmt: skip
        check_answer(floor.port, "POST", "/log", {"Content-Type": "application/json"}, 201, body)
        logged, stored = interleaved(
            [
                Scenario("floor log", floor, "/log", "log_set.lua", lambda: [uuid.uuid4().hex, "", "201"], 201,
                         floor_db),
                Scenario("log a set", exhaust, "/api/v1/workouts/current/sets", "log_set.lua",
                         lambda: [uuid.uuid4().hex, token, "201"], 201, exhaust_db),
            ],
            args,
        )  # fmt: skip
        runs |= logged
    except BaseException:
        for server in servers:
            print(f"--- {server.label}, last lines of its output:\n{server.tail()}", file=sys.stderr)
        raise
    finally:
        for server in servers:
            server.stop()

    log, floor_log = runs["log a set"], runs["floor log"]
    page, api, floor_page = runs["history page"], runs["history API"], runs["floor page"]
    ratio = {
        "log a set": log.rps / floor_log.rps if floor_log.rps else 0.0,
        "history page": page.rps / floor_page.rps if floor_page.rps else 0.0,
        "history API": api.rps / floor_page.rps if floor_page.rps else 0.0,
    }
    checks = {
        "log a set": ratio["log a set"] >= LOG_RATIO and log.ms(99) <= LOG_P99_MS and not log.unexpected,
        "history page": ratio["history page"] >= PAGE_RATIO and not page.unexpected,
        "history API": ratio["history API"] >= PAGE_RATIO and not api.unexpected,
        "sets stored": stored["log a set"].ok,
    }
    return {
        "clients": args.clients,
        "seconds": args.round_seconds * args.rounds,
        "rounds": args.rounds,
        "workers": args.workers,
        "floor_synchronous": args.floor_synchronous,
        "sets": {"exhaust": exhaust_sets, "floor": floor_sets},
        "answer_bytes": sizes,
        "runs": {name: run.figures() for name, run in runs.items()},
        "ratios": ratio,
        "stored": {name: asdict(s) | {"ok": s.ok} for name, s in stored.items()},
        "targets": {"log_ratio": LOG_RATIO, "log_p99_ms": LOG_P99_MS, "page_ratio": PAGE_RATIO},
        "pass": checks,
    }


def _line(label: str, run: dict[str, Any], extra: str = "") -> str:
    bad = (
        f"  {run['unexpected']:,} unexpected answers/errors {run['statuses']} {run['errors']}"
        if run["unexpected"]
        else ""
    )
    return (
        f"  {label:<34} {run['rps']:9.1f} {run['p50_ms']:8.1f} {run['p99_ms']:8.1f} {run['max_ms']:8.1f}  {extra}{bad}"
    ).rstrip()


def report(result: dict[str, Any]) -> None:
    runs, ratios, checks = result["runs"], result["ratios"], result["pass"]

    def verdict(name: str) -> str:
        return "PASS" if checks[name] else "FAIL"

    each = result["seconds"] // result["rounds"]
    print(
        f"wrk -t1 -c{result['clients']}, {result['rounds']} x {each} s a scenario, taking turns, against exhaust serve "
        f"and the floor (bare FastAPI + SQLAlchemy on SQLite, WAL, synchronous {result['floor_synchronous']}), "
        f"{result['workers']} uvicorn workers each; {result['sets']['exhaust']:,} sets stored "
        f"(floor: {result['sets']['floor']:,} rows)"
    )
    print(f"  {'':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    print("log a set:")
    print(_line("floor: POST /log", runs["floor log"]))
    print(
        _line(
            "exhaust: POST .../current/sets",
            runs["log a set"],
            f"{ratios['log a set']:5.2f}x floor (target >= {LOG_RATIO:.2f}x, p99 <= {LOG_P99_MS:g} ms)  "
            f"{verdict('log a set')}",
        )
    )
    for name, label in (("floor log", "floor: rows stored"), ("log a set", "exhaust: sets stored")):
        tally = result["stored"][name]
        print(f"  {label:<34} {Stored(tally['added'], tally['answered'], tally['in_flight']).text()}")
    print("a page of history:")
    print(_line("floor: GET /page (count + 20 rows)", runs["floor page"]))
    for name, label in (
        ("history page", "exhaust: GET /history (HTML)"),
        ("history API", "exhaust: GET /api/v1/history"),
    ):
        target = f"{ratios[name]:5.2f}x floor (target >= {PAGE_RATIO:.2f}x)  {verdict(name)}"
        print(_line(label, runs[name], target))
    sizes = result["answer_bytes"]
    print(f"  (answer sizes: HTML page {sizes['page']:,} B, API page {sizes['api']:,} B, floor {sizes['floor']:,} B)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20, help="concurrent connections (default 20; TARGETS: 16)")
    parser.add_argument("--seconds", type=int, default=15, help="timed seconds of each scenario (default 15)")
    parser.add_argument("--rounds", type=int, default=3, help="split into this many turns (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed seconds before a scenario's first turn")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes of each server (default 2)")
    parser.add_argument("--sets", type=int, default=10_000, help="sets stored before the history runs (default 10,000)")
    parser.add_argument(
        "--floor-synchronous",
        choices=["FULL", "NORMAL"],
        default="FULL",
        help="the floor's PRAGMA synchronous: FULL, SQLite's default as a naive app has it (an fsync per commit); "
        "NORMAL, exhaust's (none in WAL mode)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="also show wrk's own output (on stderr)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, server logs)")
    args = parser.parse_args()
    if min(args.clients, args.seconds, args.rounds, args.workers, args.sets) < 1 or args.warmup < 0:
        parser.error("--clients, --seconds, --rounds, --workers and --sets must be positive")
    args.rounds = min(args.rounds, args.seconds)  # wrk counts whole seconds
    args.round_seconds = args.seconds // args.rounds
    if shutil.which("wrk") is None:
        print("wrk is not installed; install it (apt-get install wrk) and run again", file=sys.stderr)
        return 1

    # killed (a CI timeout, `kill`): unwind as after Ctrl+C, so the servers are stopped too
    signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    folder = Path(tempfile.mkdtemp(prefix="exhaust-bench-serve-"))
    try:
        result = measure(args, folder)
    finally:
        if args.keep:
            print(f"kept: {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)
    return 0 if all(result["pass"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
