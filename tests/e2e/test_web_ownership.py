"""Nobody reaches another person's data: every route of the app, walked with the victim's ids.

The installation: Vera (the victim) with finished and open workouts, sets, a custom exercise,
a template, an API token, a pending import and a coach of her own; Mal (the attacker), invited
by Vera; and Cole, Mal's coach (a coach, but not Vera's). Every route of the pages and of the
API is found in the app itself, so a route added later is walked too. Each is called as Mal,
as Cole and as an anonymous visitor, with its path parameters filled with Vera's ids and
``?athlete=<Vera's id>`` added. Whatever names Vera's data must be refused (403/404, or
400/405/422 when the request cannot be formed; a form may instead go back with an error
message), no response may contain any of Vera's private words, and at the end Vera's rows are
exactly as they were.
"""

from __future__ import annotations

import enum
import html
import itertools
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel
from sqlalchemy import MetaData, select
from starlette.routing import Mount
from web import PASSWORD, Person, TestClient, app_on, invited, owner

from exhaust.services import accounts as accounts_module
from exhaust.services.accounts import Accounts
from exhaust.services.logbook import Logbook
from exhaust.store.database import Database
from exhaust.web.security import RateLimiter

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
T0 = datetime(2026, 2, 2, 18, 0, tzinfo=UTC)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
PUBLIC_EXERCISE = "bench-press"  # catalogue data: the same for everyone

# Words that appear only in Vera's data. Case matters: an id such as 'custom:verapressq7'
# echoed from the request is not her exercise's name.
MARKERS = {
    "user": "VeraQ7",
    "workout": "VeraWorkoutQ7",
    "open": "VeraOpenQ7",
    "set_note": "VeraSetNoteQ7",
    "workout_note": "VeraFinishNoteQ7",
    "custom": "VeraPressQ7",
    "template": "VeraTemplateQ7",
    "token": "VeraTokenQ7",
    "upload": "VeraUploadQ7",
    "coach": "CoachOfVeraQ7",
}

# Routes anyone may call without signing in; every other route must ask for it. Each is here
# because it is not about anyone's data:
PUBLIC = {
    ("GET", "/"): "sends a visitor to setup, sign-in or Today",
    ("GET", "/setup"): "the first visitor's form (it refuses once there is an owner)",
    ("POST", "/setup"): "creates the owner on a fresh install only",
    ("GET", "/login"): "the sign-in form",
    ("POST", "/login"): "signing in",
    ("POST", "/logout"): "ends the caller's own session",
    ("GET", "/join"): "an invitation's form: the code is the secret",
    ("POST", "/join"): "signing up with an invitation code",
    ("POST", "/join/accept"): "accepting an invitation (asks to sign in first)",
    ("GET", "/sw.js"): "the service worker's script, the same file for everyone",
    ("POST", "/api/v1/tokens"): "a token for the name and password given (or the signed-in caller)",
    ("GET", "/api/v1/openapi.json"): "the API's description",
    ("GET", "/api/v1/docs"): "the API's description as a page",
    ("GET", "/api/v1/docs/oauth2-redirect"): "part of that page",
}
SIGNED_IN = {"page_account", "api_account", "page_subject", "api_subject"}  # the dependencies that ask for it


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its smallest costs: these tests sign in many times; the real parameters
    are the accounts service's (tests/integration/test_accounts.py)."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts_module, "_hasher", lambda: quick)


@dataclass
class Walked:
    """One route: its method, full path template, whether it is the API, and its dependant."""

    method: str
    path: str
    api: bool
    dependant: Any = None

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def dependants(self) -> Iterator[Any]:
        stack = [self.dependant] if self.dependant is not None else []
        while stack:
            one = stack.pop()
            yield one
            stack.extend(one.dependencies)

    def calls(self) -> set[str]:
        return {getattr(d.call, "__name__", "") for d in self.dependants() if d.call is not None}

    def params(self, kind: str) -> dict[str, Any]:
        return {p.alias or p.name: p for d in self.dependants() for p in getattr(d, kind)}

    @property
    def takes_athlete(self) -> bool:
        return "athlete" in self.params("query_params")

    @property
    def path_names(self) -> list[str]:
        return re.findall(r"\{(\w+)(?::\w+)?\}", self.path)


def walk_routes(app: Any) -> list[Walked]:
    """Every route of the app and of the apps mounted in it (the API), as the app sees them."""
    found: list[Walked] = []

    def walk(routes: Any, prefix: str, api: bool) -> None:
        for context in iter_route_contexts(routes):
            route = context.original_route
            if isinstance(route, Mount):
                if hasattr(route.app, "routes"):
                    walk(route.app.routes, prefix + route.path, True)
                continue  # static files
            for method in sorted((context.methods or set()) - {"HEAD"}):
                found.append(Walked(method, prefix + context.path, api, getattr(context, "dependant", None)))

    walk(app.app.routes, "", False)
    return found


# --- the installation --------------------------------------------------------------------


@dataclass
class Victim:
    id: int
    workouts: list[int] = field(default_factory=list)
    sets: list[str] = field(default_factory=list)  # ids and uids
    custom: list[str] = field(default_factory=list)
    template: str = ""
    tokens: list[int] = field(default_factory=list)
    uploads: list[str] = field(default_factory=list)
    coach: int = 0

    def known(self, name: str) -> tuple[list[Any], list[Any]] | None:
        """(Vera's values, public values) for a parameter whose name says what it is."""
        n = name.lower()
        if "workout" in n:
            return list(self.workouts), []
        if n.startswith("set") or "idempotency" in n or n in ("key", "uid"):
            return list(self.sets), []
        if "token" in n or "upload" in n:
            return [*self.tokens, *self.uploads], []
        if "template" in n or n == "name":
            return [self.template], []
        if "coach" in n:
            return [self.coach, self.id], []
        if "athlete" in n or "user" in n:
            return [self.id], []
        if "exercise" in n or n in ("lift", "id"):
            return list(self.custom), [PUBLIC_EXERCISE]
        return None

    def candidates(self, name: str) -> tuple[list[Any], list[Any]]:
        """As ``known``; for any other name, every id of Vera's."""
        everything = [*self.workouts, *self.sets, *self.tokens, *self.uploads, self.template, self.id, *self.custom]
        return self.known(name) or (everything, [])


def make_victims_data(app: Any, vera: Person) -> Victim:
    site = app.app.state.installation
    account = site.accounts.by_id(vera.id)
    book = Logbook(site.db, account.name, known=(account.id, account.unit))
    book.start(name=f"{MARKERS['workout']} chest", now=T0)
    book.log("cable fly", Decimal("20"), 12, notes=MARKERS["set_note"], now=T0 + timedelta(minutes=3))
    book.log("bench press", Decimal("80"), 8, notes=MARKERS["set_note"], now=T0 + timedelta(minutes=6))
    book.log(f"{MARKERS['custom']} machine", Decimal("40"), 10, custom=True, now=T0 + timedelta(minutes=9))
    finished = book.finish(notes=MARKERS["workout_note"], now=T0 + timedelta(minutes=60))
    book.save_template(MARKERS["template"], from_workout=finished.id)
    opened = book.start(name=f"{MARKERS['open']} legs", now=T0 + timedelta(days=2)).workout
    book.log("back squat", Decimal("100"), 5, notes=MARKERS["set_note"], now=T0 + timedelta(days=2, minutes=5))

    victim = Victim(id=vera.id, workouts=[finished.id, opened.id], template=MARKERS["template"])
    for w in (book.show(finished.id), book.show(opened.id)):
        victim.sets += [str(s.id) for s in w.sets] + [s.uid for s in w.sets]
        victim.custom += sorted({s.exercise_id for s in w.sets if s.exercise_id.startswith("custom:")})
    victim.custom = sorted(set(victim.custom))
    assert victim.custom, "the custom exercise was not kept as Vera's own"

    site.accounts.issue_token(account, MARKERS["token"])
    victim.tokens = [t.id for t in site.accounts.tokens(account)]
    if any(r.key == ("POST", "/import") for r in walk_routes(app)):  # a pending import, where there are imports
        sent = vera.client.post(
            "/import",
            data={"csrf_token": vera.csrf("/import"), "app": "strong", "unit": "kg", "tz": "UTC"},
            files={"file": (f"{MARKERS['upload']}.csv", (FIXTURES / "strong.csv").read_bytes(), "text/csv")},
            follow_redirects=False,
        )
        found = re.fullmatch(r"/import/([^/?#]+)", sent.headers.get("location", ""))
        if found:
            victim.uploads.append(found.group(1))
    return victim


def snapshot(db: Database, user_ids: set[int]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table that belongs to or names these users."""
    owned = ("user_id", "athlete_id", "coach_id", "inviter_id")
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn)
        for table in meta.sorted_tables:
            columns = [c for c in owned if c in table.c] or (["id"] if table.name == "users" else [])
            if not columns:
                continue
            rows = conn.execute(select(table)).mappings().all()
            out[table.name] = sorted(
                (tuple(str(v) for v in r.values()) for r in rows if any(r[c] in user_ids for c in columns)),
            )
    return out


# --- filling requests --------------------------------------------------------------------


def _plain(annotation: Any) -> Any:
    """X from Optional[X] / X | None / Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _plain(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _plain(options[0]) if options else str
    return annotation


def sample(name: str, annotation: Any, victim: Victim, caller: Caller) -> Any:
    """A value for a form field, JSON property, header or query parameter: Vera's id where the
    name asks for one, else something plausible of the right type."""
    n = name.lower()
    if "password" in n:
        return PASSWORD
    if n == "name" and caller.name:
        return f"{caller.name}-walk"  # a new thing of the caller's own, never named as Vera's
    plain = _plain(annotation)
    origin = typing.get_origin(plain)
    if origin in (list, set, tuple):
        return []
    if isinstance(plain, type) and issubclass(plain, BaseModel):
        return model_body(plain, victim, caller)
    known = victim.known(name)
    if known is not None and (known[0] or known[1]):
        return (known[0] or known[1])[0]
    if origin is typing.Literal:
        return typing.get_args(plain)[0]
    if isinstance(plain, type) and issubclass(plain, enum.Enum):
        return next(iter(plain)).value
    if plain is bool:
        return False
    if plain is int:
        return 5
    if plain in (float, Decimal):
        return 50
    if plain is datetime:
        return T0.isoformat()
    if "exercise" in n:
        return "bench press"
    return "walk"


def _interesting(name: str) -> bool:
    """An optional field worth filling: one that names a thing (a template, a workout, a key)."""
    n = name.lower()
    return any(w in n for w in ("template", "workout", "token", "idempotency", "key", "set_id", "exercise"))


def model_body(model: type[BaseModel], victim: Victim, caller: Caller) -> dict[str, Any]:
    return {
        (f.alias or name): sample(name, f.annotation, victim, caller)
        for name, f in model.model_fields.items()
        if f.is_required() or _interesting(name)
    }


@dataclass
class Caller:
    who: str
    person: Person | None  # None: an anonymous visitor
    app: Any

    @property
    def name(self) -> str:
        return self.person.name if self.person else ""

    @property
    def client(self) -> TestClient:
        return self.person.client if self.person else self._anonymous

    def __post_init__(self) -> None:
        self._anonymous = TestClient(self.app)

    def csrf(self) -> str:
        page = self.client.get("/account" if self.person else "/login").text
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
        assert found
        return found.group(1)

    def still_signed_in(self) -> None:
        """Put the caller's browser session back when a route signed it out (their own)."""
        if self.person is None or self.client.get("/api/v1/me").status_code == 200:
            return
        form = {"csrf_token": self.csrf(), "name": self.name, "password": PASSWORD}
        done = self.client.post("/login", data=form, follow_redirects=False)
        assert done.status_code == 303 and self.client.get("/api/v1/me").status_code == 200, self.who

    def send(self, route: Walked, path: str, victim: Victim, with_athlete: bool) -> tuple[Any, str]:
        """The request, and everything the caller put into it (what the app may echo back)."""
        query: dict[str, Any] = {"athlete": victim.id} if with_athlete else {}
        for name, param in route.params("query_params").items():
            if name != "athlete" and (param.field_info.is_required() or _interesting(name)):
                query[name] = sample(name, param.field_info.annotation, victim, self)
        headers: dict[str, str] = {}
        for name, param in route.params("header_params").items():
            if param.field_info.is_required() or _interesting(name):
                headers[name.replace("_", "-")] = str(sample(name, param.field_info.annotation, victim, self))
        kw: dict[str, Any] = {"params": query, "headers": headers, "follow_redirects": False}
        body = route.params("body_params")
        if route.api and self.person is not None:
            headers["Authorization"] = f"Bearer {self.person.token}"
        if not route.api:
            headers["Referer"] = "http://testserver/account"
        if any(type(p.field_info).__name__ in ("Form", "File") for p in body.values()):  # a form
            data: dict[str, Any] = {}
            files: dict[str, Any] = {}
            for name, param in body.items():
                if "UploadFile" in str(param.field_info.annotation):
                    files[name] = ("walk.csv", (FIXTURES / "strong.csv").read_bytes(), "text/csv")
                elif param.field_info.is_required() or _interesting(name):
                    data[name] = sample(name, param.field_info.annotation, victim, self)
            kw["data"] = data
            if files:
                kw["files"] = files
        elif len(body) == 1:
            (one,) = body.values()
            kw["json"] = sample("body", one.field_info.annotation, victim, self)
        elif body:
            kw["json"] = {n: sample(n, p.field_info.annotation, victim, self) for n, p in body.items()}
        if not route.api and route.method in UNSAFE:
            kw["data"] = {**kw.get("data", {}), "csrf_token": self.csrf()}
        response = self.client.request(route.method, path, **kw)
        shown = {k: v for k, v in headers.items() if k != "Authorization"}
        return response, repr((path, kw.get("params"), kw.get("json"), kw.get("data"), shown))


def fill(route: Walked, victim: Victim) -> Iterator[tuple[str, bool]]:
    """(path, whether it names Vera's data) for each way of filling the route's path."""
    names = route.path_names
    options = []
    for name in names:
        private, public = victim.candidates(name)
        options.append([(v, True) for v in private] + [(v, False) for v in public])
    for combo in itertools.islice(itertools.product(*options), 40):
        path = route.path
        for name, (value, _) in zip(names, combo, strict=True):
            path = re.sub(r"\{" + name + r"(?::\w+)?\}", str(value), path)
        yield path, any(private for _, private in combo)


# --- what may come back ------------------------------------------------------------------

REFUSED = {400, 403, 404, 405, 422}


def leaks(text: str, sent: str) -> list[str]:
    """Vera's words in a response, except those the caller sent themselves."""
    return [m for m in MARKERS.values() if m in text and m not in sent]


def after_redirect(caller: Caller, response: Any) -> tuple[str, str]:
    """The page a redirect leads to, and the kind of message it shows ('' for none)."""
    location = response.headers.get("location", "")
    if not location.startswith("/"):
        return "", ""
    page = caller.client.get(location, follow_redirects=False)
    found = re.search(r'<p class="flash (\w+)"[^>]*>([^<]*)</p>', page.text)
    return page.text, (found.group(1) if found else "")


def check(caller: Caller, route: Walked, response: Any, sent: str, private: bool) -> str | None:
    """What is wrong with this answer, or None."""
    where = f"{caller.who} {route.method} {sent}"
    status = response.status_code
    if status >= 500:
        return f"{where}: {status} server error"
    text = response.text + response.headers.get("location", "")
    followed, flash = after_redirect(caller, response) if status in (302, 303, 307) else ("", "")
    if found := leaks(text + followed, sent):
        return f"{where}: Vera's {found} in the answer ({status})"
    if caller.person is None and route.key not in PUBLIC:
        if route.api and status not in {401, 403}:
            return f"{where}: {status} without signing in (expected 401)"
        if not route.api and not (status == 303 and response.headers["location"].startswith("/login")):
            return f"{where}: {status} without signing in (expected a redirect to sign in)"
        return None
    if private and status not in REFUSED:
        if status == 303 and not route.api and flash == "error":
            return None  # a form that went back with its error: nothing done
        return f"{where}: {status} for Vera's data (expected 403/404)"
    return None


@pytest.fixture
def installation(tmp_path: Path) -> tuple[Any, Person, Victim, list[Caller]]:
    app = app_on(f"sqlite:///{tmp_path / 'web.db'}")
    # The walk signs in with wrong names on purpose (POST /login is a route too); the sign-in
    # rate limit is tested elsewhere and must not lock the walkers out here.
    app.app.state.installation.limiter = RateLimiter(limit=1_000_000)
    vera = owner(app, MARKERS["user"])
    mal = invited(app, vera, "mal")
    cole = invited(app, mal, "cole", kind="coach")
    vera_coach = invited(app, vera, MARKERS["coach"], kind="coach")
    victim = make_victims_data(app, vera)
    victim.coach = vera_coach.id
    accounts: Accounts = app.app.state.installation.accounts
    cole_account = accounts.by_id(cole.id)
    assert cole_account is not None and [a.name for a in accounts.athletes(cole_account)] == ["mal"]
    callers = [Caller("mal", mal, app), Caller("cole", cole, app), Caller("anonymous", None, app)]
    return app, vera, victim, callers


def test_every_route_refuses_another_users_data_and_never_shows_it(
    installation: tuple[Any, Person, Victim, list[Caller]],
) -> None:
    app, vera, victim, callers = installation
    db: Database = app.app.state.installation.db
    users = {victim.id, victim.coach}
    before = snapshot(db, users)
    routes = walk_routes(app)
    assert {("GET", "/account"), ("DELETE", "/api/v1/tokens/{token_id}")} <= {r.key for r in routes}

    # Reads first, then writes: a write of the caller's own must not change what a read sees.
    routes.sort(key=lambda r: (r.method in UNSAFE, r.path in ("/logout", "/account/sign-out-everywhere")))
    problems: list[str] = []
    walked = 0
    for route in routes:
        for caller in callers:
            for path, private in fill(route, victim):
                variants = [True, False] if route.takes_athlete else [True]
                for with_athlete in variants:
                    response, sent = caller.send(route, path, victim, with_athlete)
                    walked += 1
                    naming = private or (with_athlete and route.takes_athlete)
                    if (problem := check(caller, route, response, html.unescape(sent), naming)) is not None:
                        problems.append(problem)
                    caller.still_signed_in()
    assert not problems, f"{len(problems)} of {walked} requests:\n" + "\n".join(problems)
    assert walked > 3 * len(routes)

    assert snapshot(db, users) == before  # nothing of Vera's was changed, added or removed
    assert vera.api("GET", "/api/v1/me").status_code == 200  # and her token still works


def test_every_route_but_the_public_few_asks_who_is_calling(app_routes: list[Walked]) -> None:
    """A route that reads or writes someone's data learns whose from the signed-in user (or
    their coach's view): it depends on PageUser/ApiUser/PageSubject/ApiSubject."""
    unguarded = [r.key for r in app_routes if r.dependant is not None and not (r.calls() & SIGNED_IN)]
    assert sorted(k for k in unguarded if k not in PUBLIC) == []
    missing = [k for k in PUBLIC if k not in {r.key for r in app_routes}]
    assert missing == [], "the allow-list names routes that no longer exist: remove them"


@pytest.fixture
def app_routes(tmp_path: Path) -> list[Walked]:
    return walk_routes(app_on(f"sqlite:///{tmp_path / 'routes.db'}"))
