"""The JSON API against its own OpenAPI document: schemathesis generates requests for every
operation (valid ones and broken ones) and none may make the server fail (5xx).

The caller is a signed-in coach with a logbook of their own and one athlete, so generated
ids and ``?athlete=`` values sometimes hit real data. Everything runs in-process (ASGI): no
network.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from web import PASSWORD, TestClient, app_on, owner

from exhaust.services import accounts as accounts_module
from exhaust.services.accounts import Account, Accounts, InvitationKind, Role
from exhaust.services.logbook import Logbook

T0 = datetime(2026, 1, 12, 18, 0, tzinfo=UTC)


def some_training(site: Any, account: Account) -> None:
    book = Logbook(site.db, account.name, known=(account.id, account.unit))
    for week in range(3):
        at = T0 + timedelta(weeks=week)
        book.start(name=f"Chest {week}", now=at)
        book.log("cable fly", Decimal("20"), 12, block="A1", now=at + timedelta(minutes=2))
        book.log("bench press", Decimal(80 + 2 * week), 8, block="A2", rpe=Decimal("8"), now=at + timedelta(minutes=4))
        book.log("squat", Decimal("100"), 5, now=at + timedelta(minutes=20))
        done = book.finish(notes="good", now=at + timedelta(minutes=50))
    book.save_template("Chest", from_workout=done.id)
    book.start(name="Open", now=T0 + timedelta(weeks=3))
    book.log("bench press", Decimal("85"), 6, now=T0 + timedelta(weeks=3, minutes=3))


class Caller:
    """The coach's token, made again whenever a generated request revoked it (DELETE
    /tokens/{id} with a lucky id), so later requests still come from a signed-in user."""

    def __init__(self, accounts: Accounts, account: Account, token: str) -> None:
        self.accounts, self.account, self.token = accounts, account, token

    def headers(self) -> dict[str, str]:
        if self.accounts.by_token(self.token) is None:
            self.token = self.accounts.issue_token(self.account, "schemathesis")
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def installation(db_url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Caller]:
    """On SQLite and on PostgreSQL: the server's database refuses things SQLite takes (a NUL
    in a text, an int4 overflow), and each must come back as a 4xx, not a crash."""
    from argon2 import PasswordHasher

    quick = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)  # generated sign-ins: keep them cheap
    monkeypatch.setattr(accounts_module, "_hasher", lambda: quick)
    app = app_on(db_url)
    site = app.app.state.installation
    coach = owner(app, "cora", role="coach")
    accounts: Accounts = site.accounts
    cora = accounts.by_id(coach.id)
    assert cora is not None
    athlete = accounts.sign_up(accounts.invite(cora, InvitationKind.ACCOUNT), "ath", PASSWORD, Role.ATHLETE)
    assert accounts.accept(cora, accounts.invite(athlete, InvitationKind.COACH)) == athlete
    some_training(site, cora)
    some_training(site, athlete)
    return app, Caller(accounts, cora, coach.token)


@pytest.fixture
def api_schema(installation: tuple[Any, Caller]) -> Any:
    app, _ = installation
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def strategy(operation: Any) -> Any:
    """Requests the schema allows, and requests it does not (where it constrains anything)."""
    valid = operation.as_strategy(GenerationMode.POSITIVE)
    try:
        return st.one_of(valid, operation.as_strategy(GenerationMode.NEGATIVE))
    except Exception:  # an operation with nothing to get wrong has no negative cases
        return valid


# schemathesis' own pytest plugin (@schema.parametrize with a lazy schema) does not run on
# pytest 9 yet, so each operation gets its own Hypothesis run here.
def test_no_generated_request_makes_the_server_fail(api_schema: Any, installation: tuple[Any, Caller]) -> None:
    _, caller = installation
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:

        @given(case=strategy(operation))
        @settings(
            max_examples=20,
            deadline=None,
            database=None,  # nothing written into the working tree
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            response = case.call(headers=caller.headers())
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} {case.query} {case.body!r}: "
                f"{response.status_code} {response.text[:500]}"
            )

        try:
            run()
        except Exception as exc:  # a 5xx, or the app's own exception (the test client re-raises it)
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:1500]}")
    assert not failures, "\n".join(failures)


def test_the_schema_is_served_as_json_and_says_how_to_authenticate(tmp_path: Path) -> None:
    got = TestClient(app_on(f"sqlite:///{tmp_path / 'web.db'}")).get("/api/v1/openapi.json")
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    document = got.json()
    assert document["openapi"].startswith("3.") and {"/me", "/tokens", "/tokens/{token_id}"} <= set(document["paths"])
    assert "Authorization: Bearer" in document["info"]["description"]
