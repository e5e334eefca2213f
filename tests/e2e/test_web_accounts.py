"""Accounts in the browser (no JavaScript): setting up, signing in and out, the session cookie,
CSRF on every form, the sign-in rate limit, the Account page and invitations."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from test_web_ownership import UNSAFE, walk_routes
from web import PASSWORD, Person, TestClient, app_on, invited, owner

from exhaust.services import accounts as accounts_module
from exhaust.web.app import create_app
from exhaust.web.security import COOKIE

_FLASH = re.compile(r'<p class="flash (\w+)"[^>]*>([^<]*)</p>')
_LINK = re.compile(r'value="(https?://[^"]+/join\?code=([^"]+))"')


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its smallest costs: these tests sign in many times; the real parameters
    are the accounts service's (tests/integration/test_accounts.py)."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    monkeypatch.setattr(accounts_module, "_hasher", lambda: quick)


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return app_on(f"sqlite:///{tmp_path / 'web.db'}")


def visitor(app: Any, name: str = "") -> Person:
    return Person(TestClient(app), name)


def send(person: Person, url: str, data: dict[str, Any] | None = None, page: str = "/account") -> Any:
    """A form on ``page`` sent as a browser sends it (with the page as Referer)."""
    return person.post_form(url, data or {}, page=page, headers={"Referer": f"http://testserver{page}"})


def flash_after(person: Person, response: Any) -> tuple[str, str] | None:
    """The message the page redirected to shows."""
    assert response.status_code == 303, response.text
    found = _FLASH.search(person.client.get(response.headers["location"]).text)
    return (found.group(1), html.unescape(found.group(2))) if found else None


def signed_in_as(person: Person) -> str | None:
    """Who the person's browser is signed in as (None: the Account page sends it to sign in)."""
    got = person.client.get("/account", follow_redirects=False)
    if got.status_code == 303:
        assert got.headers["location"].startswith(("/login", "/setup"))
        return None
    assert got.status_code == 200, got.text
    found = re.search(r"<h1>([^<]+)</h1>", got.text)
    return found.group(1) if found else None


def sign_in(app: Any, name: str, password: str = PASSWORD) -> Person:
    person = visitor(app, name)
    done = person.post_form("/login", {"name": name, "password": password})
    assert done.status_code == 303, done.text
    return person


def set_cookie_header(response: Any) -> str:
    found = [v for k, v in response.headers.multi_items() if k == "set-cookie" and v.startswith(f"{COOKIE}=")]
    assert found, "no session cookie set"
    return found[-1]


# --- a fresh installation ----------------------------------------------------------------


def test_a_fresh_install_sends_every_visitor_to_setup_and_the_first_becomes_the_owner(app: Any) -> None:
    first = visitor(app)
    for page in ("/", "/login", "/account", "/athletes"):
        got = first.client.get(page, follow_redirects=False)
        assert (got.status_code, got.headers["location"]) == (303, "/setup"), page
    form = first.client.get("/setup")
    assert form.status_code == 200 and "Create my account" in form.text

    differ = send(first, "/setup", {"name": "anna", "password": PASSWORD, "password_again": "other 12345"}, "/setup")
    assert flash_after(first, differ) == ("error", "the two passwords differ; type the same one twice")
    assert signed_in_as(first) is None

    done = send(first, "/setup", {"name": "anna", "password": PASSWORD, "password_again": PASSWORD}, "/setup")
    assert (done.status_code, done.headers["location"]) == (303, "/today")
    assert signed_in_as(first) == "anna"
    page = first.client.get("/account").text
    assert "owner of this exhaust" in page and "Invite someone to create an account" in page

    second = visitor(app)
    got = second.client.get("/setup", follow_redirects=False)
    assert (got.status_code, got.headers["location"]) == (303, "/login")
    late = second.post_form("/setup", {"name": "mallory", "password": PASSWORD, "password_again": PASSWORD}, "/login")
    assert late.status_code == 303 and signed_in_as(second) is None
    assert second.client.post("/api/v1/tokens", json={"name": "mallory", "password": PASSWORD}).status_code == 401


def test_signing_in_with_the_right_password_goes_where_the_visitor_was_going(app: Any) -> None:
    owner(app, "anna")
    person = visitor(app, "anna")
    asked = person.client.get("/account?x=1", follow_redirects=False)
    assert asked.headers["location"] == "/login?next=/account%3Fx%3D1"
    assert 'name="next" value="/account?x=1"' in person.client.get(asked.headers["location"]).text

    wrong = person.post_form("/login", {"name": "anna", "password": "not it at all", "next": "/account?x=1"})
    assert flash_after(person, wrong) == ("error", "that name and password do not match an account")
    assert wrong.headers["location"] == "/login?next=/account%3Fx%3D1"
    assert signed_in_as(person) is None

    right = person.post_form("/login", {"name": "anna", "password": PASSWORD, "next": "/account?x=1"})
    assert (right.status_code, right.headers["location"]) == (303, "/account?x=1")
    assert signed_in_as(person) == "anna"


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_signing_in_never_forwards_to_another_site(app: Any, target: str) -> None:
    owner(app, "anna")
    person = visitor(app, "anna")
    done = person.post_form("/login", {"name": "anna", "password": PASSWORD, "next": target})
    assert done.headers["location"] == "/today"


# --- the session cookie ------------------------------------------------------------------


def test_the_session_cookie_is_signed_http_only_and_same_site(app: Any) -> None:
    owner(app, "anna")
    done = visitor(app, "anna").post_form("/login", {"name": "anna", "password": PASSWORD})
    cookie = set_cookie_header(done).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert "secure" not in cookie.replace("samesite", "")  # plain http on 127.0.0.1 by default


def test_with_secure_cookies_the_session_cookie_is_only_sent_over_https(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'web.db'}", secure_cookies=True)
    client = TestClient(app, base_url="https://testserver")
    got = client.get("/setup")
    cookie = set_cookie_header(got).lower()
    assert "secure" in cookie.replace("samesite", "") and "httponly" in cookie and "samesite=lax" in cookie


def test_a_tampered_or_foreign_cookie_signs_nobody_in(app: Any, tmp_path: Path) -> None:
    anna = owner(app, "anna")
    value = anna.client.cookies[COOKIE]
    payload, _, signature = value.rpartition(".")
    for forged in (
        f"{payload}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}",  # a changed signature
        f"{payload[:-2]}xx.{signature}",  # a changed payload
        "garbage",
    ):
        person = visitor(app)
        person.client.cookies.set(COOKIE, forged)
        assert signed_in_as(person) is None
        assert person.client.get("/api/v1/me").status_code == 401

    other = app_on(f"sqlite:///{tmp_path / 'other.db'}")  # another installation signs with its own key
    owner(other, "anna")
    person = visitor(other)
    person.client.cookies.set(COOKIE, value)
    assert signed_in_as(person) is None


# --- CSRF: every form of every page --------------------------------------------------------


def unsafe_routes(app: Any) -> list[tuple[str, str, bool]]:
    """(method, path with its parameters filled, whether it is the API) for every route that
    changes something: the pages' routes and the mounted API's."""
    return [(r.method, re.sub(r"\{[^}]+\}", "1", r.path), r.api) for r in walk_routes(app) if r.method in UNSAFE]


def test_every_form_and_script_call_without_the_csrf_token_is_refused(app: Any) -> None:
    anna = owner(app, "anna")
    routes = unsafe_routes(app)
    pages = [r for r in routes if not r[2]]
    assert {("POST", "/login"), ("POST", "/setup"), ("POST", "/account/password")} <= {(m, p) for m, p, _ in pages}
    stranger = visitor(app)
    for method, path, api in routes:
        for person in (anna, stranger):
            for token in (None, "a-wrong-token", ""):
                if api:
                    headers = {} if token is None else {"X-CSRF-Token": token}
                    got = person.client.request(method, path, json={}, headers=headers, follow_redirects=False)
                else:
                    data = {} if token is None else {"csrf_token": token}
                    got = person.client.request(method, path, data=data, follow_redirects=False)
                assert got.status_code == 403, (method, path, token, got.status_code, got.text[:300])
                if not api:
                    assert "This form has expired" in got.text
    assert signed_in_as(anna) == "anna"  # not signed out by the refused sign-out forms either


def test_the_csrf_token_of_another_session_is_refused(app: Any) -> None:
    owner(app, "anna")
    mallory = visitor(app)
    planted = mallory.csrf("/login")
    anna = sign_in(app, "anna")
    got = anna.client.post("/account/tokens", data={"csrf_token": planted, "label": "x"}, follow_redirects=False)
    assert got.status_code == 403
    got = anna.client.post("/api/v1/tokens", json={}, headers={"X-CSRF-Token": planted})
    assert got.status_code == 403


def test_a_script_of_the_signed_in_page_sends_the_token_in_a_header(app: Any) -> None:
    anna = owner(app, "anna")
    token = anna.csrf("/account")
    got = anna.client.post("/api/v1/tokens", json={"label": "from the page"}, headers={"X-CSRF-Token": token})
    assert got.status_code == 201 and got.json()["account"]["name"] == "anna"


# --- the sign-in rate limit ----------------------------------------------------------------


def test_after_ten_failed_sign_ins_even_the_right_password_waits(app: Any) -> None:
    owner(app, "anna")
    person = visitor(app, "anna")
    for _ in range(10):
        got = person.post_form("/login", {"name": "anna", "password": "guess 123456"})
        assert got.status_code == 303
    blocked = person.post_form("/login", {"name": "anna", "password": PASSWORD})
    assert blocked.status_code == 429
    assert 0 < int(blocked.headers["retry-after"]) <= 600
    assert "Too many failed sign-ins; try again in" in blocked.text
    assert signed_in_as(person) is None

    api = person.client.post("/api/v1/tokens", json={"name": "anna", "password": PASSWORD})
    assert api.status_code == 429 and int(api.headers["retry-after"]) > 0


def test_guessing_the_current_password_on_the_account_page_counts_as_failed_sign_ins(app: Any) -> None:
    anna = owner(app, "anna")
    for _ in range(10):
        got = send(anna, "/account/password", {"old_password": "guess 1234", "new_password": "x" * 10,
                                               "new_password_again": "x" * 10})  # fmt: skip
        assert flash_after(anna, got) == ("error", "the current password is not right; type it again")
    got = send(anna, "/account/password", {"old_password": PASSWORD, "new_password": "y" * 10,
                                           "new_password_again": "y" * 10})  # fmt: skip
    assert got.status_code == 429 and "retry-after" in got.headers
    assert visitor(app).post_form("/login", {"name": "anna", "password": PASSWORD}).status_code == 429


# --- sessions ----------------------------------------------------------------------------


def test_sign_out_ends_this_session(app: Any) -> None:
    anna = owner(app, "anna")
    page = anna.client.get("/account").text
    assert 'action="/logout"' in page
    done = send(anna, "/logout")
    assert flash_after(anna, done) == ("info", "Signed out.")
    assert signed_in_as(anna) is None


def test_sign_out_everywhere_ends_every_session_and_an_old_cookie_too(app: Any) -> None:
    anna = owner(app, "anna")
    phone = sign_in(app, "anna")
    old_cookie = anna.client.cookies[COOKIE]
    done = send(anna, "/account/sign-out-everywhere")
    assert done.headers["location"] == "/login"
    assert signed_in_as(anna) is None and signed_in_as(phone) is None
    replay = visitor(app)
    replay.client.cookies.set(COOKIE, old_cookie)
    assert signed_in_as(replay) is None
    assert anna.api("GET", "/api/v1/me").status_code == 200  # API tokens are revoked apart
    assert signed_in_as(sign_in(app, "anna")) == "anna"


def test_a_new_password_keeps_this_session_and_signs_out_the_others(app: Any) -> None:
    anna = owner(app, "anna")
    phone = sign_in(app, "anna")
    differ = send(anna, "/account/password", {"old_password": PASSWORD, "new_password": "new password 1",
                                              "new_password_again": "new password 2"})  # fmt: skip
    assert flash_after(anna, differ) == ("error", "the two new passwords differ; type the same one twice")
    done = send(anna, "/account/password", {"old_password": PASSWORD, "new_password": "new password 1",
                                            "new_password_again": "new password 1"})  # fmt: skip
    assert flash_after(anna, done) == ("info", "Password changed. Your other sessions are signed out.")
    assert signed_in_as(anna) == "anna"
    assert signed_in_as(phone) is None
    assert visitor(app).client.post("/api/v1/tokens", json={"name": "anna", "password": PASSWORD}).status_code == 401
    assert signed_in_as(sign_in(app, "anna", "new password 1")) == "anna"


# --- the Account page ----------------------------------------------------------------------


def test_a_new_token_is_shown_once_works_and_can_be_revoked(app: Any) -> None:
    anna = owner(app, "anna")
    made = send(anna, "/account/tokens", {"label": "backup script"})
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    token = re.search(r'value="(exh_[^"]+)"', made.text)
    assert token is not None
    script = visitor(app)
    me = script.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.status_code == 200 and me.json()["name"] == "anna"

    page = anna.client.get("/account").text
    assert token.group(1) not in page and "backup script" in page
    ids = re.findall(r'action="/account/tokens/(\d+)/revoke"', page)
    assert len(ids) == 2  # the helper's token and this one
    label_row = page[page.index("backup script") :]
    revoke = re.search(r'action="/account/tokens/(\d+)/revoke"', label_row)
    assert revoke is not None
    done = send(anna, f"/account/tokens/{revoke.group(1)}/revoke")
    assert flash_after(anna, done) == ("info", "Token revoked: scripts using it are refused from now on.")
    assert script.client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"}).status_code == 401
    assert anna.api("GET", "/api/v1/me").status_code == 200


def test_the_unit_is_changed_on_the_account_page(app: Any) -> None:
    anna = owner(app, "anna")
    done = send(anna, "/account/unit", {"unit": "lb"})
    assert flash_after(anna, done) == ("info", "Weights are now shown and logged in lb unless a set says otherwise.")
    assert anna.api("GET", "/api/v1/me").json()["unit"] == "lb"
    refused = send(anna, "/account/unit", {"unit": "st"})
    assert flash_after(anna, refused) == ("error", "the unit is kg or lb")
    assert anna.api("GET", "/api/v1/me").json()["unit"] == "lb"


# --- invitations ---------------------------------------------------------------------------


def link_on(response: Any) -> tuple[str, str]:
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store", response.text
    found = _LINK.search(response.text)
    assert found is not None, "no invitation link on the page"
    return found.group(1), found.group(2)


def test_an_athlete_invites_a_coach_who_signs_up_and_sees_them_until_they_stop_sharing(app: Any) -> None:
    anna = owner(app, "anna")
    url, code = link_on(send(anna, "/account/invite-coach"))
    assert url == f"http://testserver/join?code={code}"

    carl = visitor(app, "carl")
    form = carl.client.get(f"/join?code={code}")
    assert form.status_code == 200 and "An athlete invites you to coach them" in form.text
    joined = carl.post_form("/join", {"code": code, "name": "carl", "password": PASSWORD,
                                      "password_again": PASSWORD}, page=f"/join?code={code}")  # fmt: skip
    assert (joined.status_code, joined.headers["location"]) == (303, "/athletes")
    athletes = carl.client.get("/athletes").text
    anna_id = anna.api("GET", "/api/v1/me").json()["id"]
    for page in ("today", "plan", "history", "progress"):
        assert f'href="/{page}?athlete={anna_id}"' in athletes
    assert "<strong>anna</strong>" in athletes

    again = visitor(app).client.get(f"/join?code={code}")
    assert again.status_code == 400 and "unknown, used or expired" in again.text

    account = anna.client.get("/account").text
    carl_id = re.search(r'action="/account/coaches/(\d+)/remove"', account)
    assert carl_id is not None and "carl" in account
    done = send(anna, f"/account/coaches/{carl_id.group(1)}/remove")
    assert flash_after(anna, done) == ("info", "carl no longer sees your logbook.")
    assert "No athletes yet." in carl.client.get("/athletes").text
    assert "Nobody else sees your logbook." in anna.client.get("/account").text


def test_a_signed_in_user_accepts_a_coach_invitation(app: Any) -> None:
    anna = owner(app, "anna")
    bert = invited(app, anna, "bert")
    _, code = link_on(send(bert, "/account/invite-coach"))
    own = send(bert, "/join/accept", {"code": code}, page=f"/join?code={code}")
    assert flash_after(bert, own) == ("error", "this is your own invitation; send the link to your coach")

    form = anna.client.get(f"/join?code={code}").text
    assert "Accept as anna" in form and 'action="/join"' not in form
    done = send(anna, "/join/accept", {"code": code}, page=f"/join?code={code}")
    assert flash_after(anna, done) == ("info", "You now coach bert.")
    assert "<strong>bert</strong>" in anna.client.get("/athletes").text


def test_a_visitor_who_is_not_signed_in_is_asked_to_sign_in_before_accepting(app: Any) -> None:
    anna = owner(app, "anna")
    _, code = link_on(send(anna, "/account/invite-coach"))
    carl = visitor(app)
    done = carl.post_form("/join/accept", {"code": code}, page=f"/join?code={code}")
    assert done.headers["location"] == f"/login?next=/join%3Fcode%3D{code}"


def test_the_owner_invites_someone_to_create_an_account_and_only_the_owner_can(app: Any) -> None:
    anna = owner(app, "anna")
    _, code = link_on(send(anna, "/account/invite"))
    bert = visitor(app, "bert")
    form = bert.client.get(f"/join?code={code}").text
    assert "Create your account" in form and 'name="role"' in form
    joined = bert.post_form("/join", {"code": code, "name": "bert", "password": PASSWORD,
                                      "password_again": PASSWORD}, page=f"/join?code={code}")  # fmt: skip
    assert (joined.status_code, joined.headers["location"]) == (303, "/today")
    page = bert.client.get("/account").text
    assert signed_in_as(bert) == "bert" and "Invite someone to create an account" not in page
    assert send(bert, "/account/invite").status_code == 404
    assert bert.client.get("/athletes").status_code == 200


def test_a_coach_without_athletes_is_told_how_athletes_invite_them(app: Any) -> None:
    anna = owner(app, "anna", role="coach")
    page = anna.client.get("/athletes").text
    assert "No athletes yet." in page and "Invite your coach" in page


def test_the_api_does_what_the_account_page_does(app: Any) -> None:
    anna = owner(app, "anna")
    carl = invited(app, anna, "carl")
    assert anna.api("PATCH", "/api/v1/me", json={"unit": "lb"}).json()["unit"] == "lb"
    assert anna.api("PATCH", "/api/v1/me", json={"unit": "st"}).status_code == 422

    code = anna.api("POST", "/api/v1/invitations", json={"kind": "coach"}).json()["code"]
    own = anna.api("POST", "/api/v1/invitations/accept", json={"code": code})
    assert own.status_code == 400 and "your own invitation" in own.json()["detail"]
    accepted = carl.api("POST", "/api/v1/invitations/accept", json={"code": code})
    assert accepted.status_code == 200 and accepted.json()["name"] == "anna"
    assert [a["name"] for a in carl.api("GET", "/api/v1/athletes").json()] == ["anna"]
    assert [c["name"] for c in anna.api("GET", "/api/v1/coaches").json()] == ["carl"]
    assert carl.api("POST", "/api/v1/invitations", json={"kind": "account"}).status_code == 404  # owner only

    assert carl.api("DELETE", f"/api/v1/coaches/{carl.id}").status_code == 404  # not carl's coach
    assert anna.api("DELETE", f"/api/v1/coaches/{carl.id}").status_code == 204
    assert anna.api("GET", "/api/v1/coaches").json() == [] and carl.api("GET", "/api/v1/athletes").json() == []
    assert anna.api("DELETE", f"/api/v1/coaches/{2**31}").status_code == 422  # no such id: refused, not a crash
