"""Helpers for the web tests: an app on a fresh database, and people who use it.

A ``Person`` is a browser-like client (cookies kept) that signs up or signs in through the
forms, as a person would, and can also call the API with a token of their own.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what FastAPI documents
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from exhaust.web.app import create_app

PASSWORD = "correct horse 42"
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def app_on(url: str) -> Any:
    return create_app(url)


@dataclass
class Person:
    client: TestClient
    name: str = ""
    token: str = ""
    id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def csrf(self, page: str = "/login") -> str:
        found = _CSRF.search(self.client.get(page).text)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def post_form(self, url: str, data: dict[str, Any], page: str | None = None, **kw: Any) -> Any:
        token = self.csrf(page or url)
        return self.client.post(url, data={"csrf_token": token, **data}, follow_redirects=False, **kw)

    def api(self, method: str, url: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kw)

    def get_token(self) -> str:
        got = self.client.post("/api/v1/tokens", json={"name": self.name, "password": PASSWORD, "label": "tests"})
        assert got.status_code == 201, got.text
        self.token = got.json()["token"]
        self.id = got.json()["account"]["id"]
        return self.token


def owner(app: Any, name: str = "anna", role: str = "athlete") -> Person:
    """The first visitor of a fresh installation creates the owner account."""
    person = Person(TestClient(app), name)
    done = person.post_form(
        "/setup", {"name": name, "password": PASSWORD, "password_again": PASSWORD, "role": role}, page="/setup"
    )
    assert done.status_code == 303, done.text
    person.get_token()
    return person


def invited(app: Any, inviter: Person, name: str, kind: str = "account", role: str = "athlete") -> Person:
    """Someone who joins through ``inviter``'s invitation ('account': owner invites a user;
    'coach': an athlete invites their coach)."""
    code = inviter.api("POST", "/api/v1/invitations", json={"kind": kind}).json()["code"]
    person = Person(TestClient(app), name)
    done = person.post_form(
        "/join",
        {"code": code, "name": name, "password": PASSWORD, "password_again": PASSWORD, "role": role},
        page=f"/join?code={code}",
    )
    assert done.status_code == 303, done.text
    person.get_token()
    return person
