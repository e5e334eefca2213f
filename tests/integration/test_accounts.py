"""The accounts service on SQLite and PostgreSQL: the owner, signing in, tokens, invitations,
coaches and who may see whose logbook."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import MetaData, select, update

from exhaust.services import accounts as accounts_module
from exhaust.services.accounts import (
    Account,
    AccountError,
    Accounts,
    InvitationKind,
    NotAllowed,
    Role,
    SignInFailed,
    WrongPassword,
)
from exhaust.services.logbook import Logbook
from exhaust.store.database import Database, open_database
from exhaust.store.models import ApiTokenRow, InvitationRow, UserRow
from exhaust.store.repository import Repository

PASSWORD = "correct horse 42"
T0 = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


@pytest.fixture
def db(db_url: str) -> Database:
    return open_database(db_url)


@pytest.fixture
def accounts(db: Database) -> Accounts:
    return Accounts(db)


def every_stored_value(db: Database) -> list[str]:
    """Every value of every row of every table, as text: what a copy of the database holds."""
    values: list[str] = []
    with db.engine.connect() as conn:
        meta = MetaData()
        meta.reflect(conn)
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                values.extend(str(v) for v in row)
    return values


# --- the owner ---------------------------------------------------------------------------


def test_the_first_account_owns_a_fresh_installation_and_there_is_only_one_owner(accounts: Accounts) -> None:
    assert accounts.needs_owner()
    assert accounts.local_logbook() is None
    anna = accounts.create_owner("anna", PASSWORD, Role.COACH)
    assert (anna.name, anna.role, anna.is_owner, anna.unit, anna.session_epoch) == ("anna", Role.COACH, True, "kg", 0)
    assert not accounts.needs_owner()
    with pytest.raises(AccountError, match="already has an owner"):
        accounts.create_owner("mallory", PASSWORD)
    assert accounts.authenticate("anna", PASSWORD) == anna
    with pytest.raises(SignInFailed):
        accounts.authenticate("mallory", PASSWORD)  # the refused owner was not stored


def test_two_first_visitors_at_the_same_moment_make_one_owner(
    accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both pass the 'no owner yet' check before either commits (PostgreSQL lets them; SQLite's
    write gate queues the second, whose wait at the barrier then times out)."""
    barrier = threading.Barrier(2, timeout=2)
    original = Repository.has_accounts

    def racing(self: Repository) -> bool:
        found = original(self)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return found

    monkeypatch.setattr(Repository, "has_accounts", racing)
    results: dict[str, Account | Exception] = {}

    def visit(name: str) -> None:
        try:
            results[name] = accounts.create_owner(name, PASSWORD)
        except AccountError as exc:
            results[name] = exc

    threads = [threading.Thread(target=visit, args=(n,)) for n in ("anna", "bert")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    owners = [r for r in results.values() if isinstance(r, Account)]
    refused = [r for r in results.values() if isinstance(r, AccountError)]
    assert len(owners) == 1 and len(refused) == 1, results
    assert "already has an owner" in str(refused[0])
    with accounts.db.transaction(write=False) as session:
        stored = session.scalars(select(UserRow.name).where(UserRow.password_hash.is_not(None))).all()
    assert stored == [owners[0].name]


def test_the_owner_who_picks_the_name_local_takes_over_the_command_lines_logbook(accounts: Accounts) -> None:
    book = Logbook(accounts.db)  # the CLI's password-less 'local' user
    book.start(name="Legs", now=T0)
    book.log("back squat", Decimal("100"), 5, now=T0 + timedelta(minutes=5))
    book.finish(now=T0 + timedelta(minutes=50))
    assert accounts.needs_owner()  # a password-less user cannot sign in: nobody owns it yet
    assert accounts.local_logbook() == ("local", 1)

    owner = accounts.create_owner("local", PASSWORD)
    assert owner.id == book.user_id
    assert accounts.local_logbook() is None  # it has a password now
    mine = Logbook(accounts.db, owner.name, known=(owner.id, owner.unit))
    assert [(w.name, len(w.sets)) for w in [mine.show()]] == [("Legs", 1)]
    assert accounts.authenticate("local", PASSWORD).id == book.user_id


def test_an_owner_of_another_name_starts_an_empty_logbook_and_local_stays_apart(accounts: Accounts) -> None:
    book = Logbook(accounts.db)
    book.start(name="Legs", now=T0)
    owner = accounts.create_owner("anna", PASSWORD)
    assert owner.id != book.user_id
    assert Logbook(accounts.db, "anna", known=(owner.id, owner.unit)).history() == []
    with pytest.raises(SignInFailed):
        accounts.authenticate("local", "")  # still password-less: nobody signs in as it


# --- signing in and passwords ------------------------------------------------------------


def test_signing_in_needs_the_right_password_of_a_known_name(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    assert accounts.authenticate("  anna ", PASSWORD) == anna
    # (a NUL in the name: PostgreSQL refuses it in a query, so it must not reach one)
    for name, password in [("anna", "correct horse 43"), ("anna", ""), ("nobody", PASSWORD), ("an\x00na", PASSWORD)]:
        with pytest.raises(SignInFailed, match="do not match an account"):
            accounts.authenticate(name, password)
    with pytest.raises(SignInFailed):
        accounts.authenticate("anna", PASSWORD + "x" * 2000)  # over the cap: refused, not hashed for long


def test_the_password_is_stored_as_an_argon2id_hash(accounts: Accounts) -> None:
    accounts.create_owner("anna", PASSWORD)
    with accounts.db.transaction(write=False) as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.name == "anna"))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in every_stored_value(accounts.db)


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("anna", "short", "at least 8"),
        ("anna", "x" * 1025, "at most 1024"),
        ("two words", PASSWORD, "no spaces"),
        ("", PASSWORD, "1 to 80"),
        ("a" * 81, PASSWORD, "1 to 80"),
    ],
)
def test_names_and_passwords_are_checked_with_a_message_that_says_what_is_allowed(
    accounts: Accounts, name: str, password: str, message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.create_owner(name, password)
    assert accounts.needs_owner()


def test_a_new_password_moves_the_session_epoch_on_and_the_old_one_stops_working(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    with pytest.raises(WrongPassword, match="current password"):
        accounts.change_password(anna, "not my password", "a new password 1")
    with pytest.raises(AccountError, match="at least 8"):
        accounts.change_password(anna, PASSWORD, "short")
    assert accounts.by_id(anna.id) == anna  # neither attempt changed anything

    changed = accounts.change_password(anna, PASSWORD, "a new password 1")
    assert changed.session_epoch == anna.session_epoch + 1
    with pytest.raises(SignInFailed):
        accounts.authenticate("anna", PASSWORD)
    assert accounts.authenticate("anna", "a new password 1") == changed

    accounts.sign_out_everywhere(changed)
    found = accounts.by_id(anna.id)
    assert found is not None and found.session_epoch == changed.session_epoch + 1


def test_the_unit_is_kg_or_lb(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    assert accounts.set_unit(anna, "lb").unit == "lb"
    with pytest.raises(AccountError, match="kg or lb"):
        accounts.set_unit(anna, "st")
    found = accounts.by_id(anna.id)
    assert found is not None and found.unit == "lb"


def test_a_password_less_user_is_not_an_account(accounts: Accounts) -> None:
    book = Logbook(accounts.db)  # 'local'
    accounts.create_owner("anna", PASSWORD)
    assert accounts.by_id(book.user_id) is None


# --- API tokens --------------------------------------------------------------------------


def test_tokens_are_shown_once_stored_as_a_digest_and_revoked_by_their_owner_only(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    code = accounts.invite(anna, InvitationKind.ACCOUNT)
    bert = accounts.sign_up(code, "bert", PASSWORD, Role.ATHLETE)

    raw = accounts.issue_token(anna, "  backup script  ")
    other = accounts.issue_token(anna, "")
    bert_raw = accounts.issue_token(bert, "bert's")
    assert raw.startswith("exh_") and len({raw, other, bert_raw}) == 3
    assert accounts.by_token(raw) == anna and accounts.by_token(bert_raw) == bert
    assert accounts.by_token(raw + "x") is None and accounts.by_token("") is None

    stored = every_stored_value(accounts.db)
    assert not any(raw in v or other in v or bert_raw in v for v in stored)  # only digests are kept
    assert accounts_module.digest(raw) in stored

    listed = accounts.tokens(anna)
    assert [t.label for t in listed] == ["backup script", ""]
    with pytest.raises(NotAllowed):
        accounts.revoke_token(bert, listed[0].id)  # anna's token, by its id: not bert's to revoke
    assert accounts.by_token(raw) == anna
    accounts.revoke_token(anna, listed[0].id)
    assert accounts.by_token(raw) is None
    assert accounts.by_token(other) == anna
    with pytest.raises(NotAllowed):
        accounts.revoke_token(anna, listed[0].id)  # gone
    with accounts.db.transaction(write=False) as session:
        assert session.scalars(select(ApiTokenRow.label).order_by(ApiTokenRow.id)).all() == ["", "bert's"]


# --- invitations and coaches -------------------------------------------------------------


def test_only_the_owner_invites_new_accounts_and_an_invitation_works_once(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    code = accounts.invite(anna, InvitationKind.ACCOUNT)
    assert accounts.invitation_kind(code) is InvitationKind.ACCOUNT
    bert = accounts.sign_up(code, "bert", PASSWORD, Role.ATHLETE)
    assert (bert.role, bert.is_owner) == (Role.ATHLETE, False)
    assert accounts.authenticate("bert", PASSWORD) == bert

    with pytest.raises(AccountError, match="unknown, used or expired"):
        accounts.sign_up(code, "carl", PASSWORD, Role.ATHLETE)
    with pytest.raises(AccountError, match="unknown, used or expired"):
        accounts.invitation_kind(code)
    with pytest.raises(NotAllowed, match="only the owner"):
        accounts.invite(bert, InvitationKind.ACCOUNT)
    assert [(i.kind, i.used) for i in accounts.invitations(anna)] == [(InvitationKind.ACCOUNT, True)]
    assert code not in every_stored_value(accounts.db)


def test_a_new_account_needs_a_free_name_and_a_good_password_and_a_failed_try_keeps_the_code(
    accounts: Accounts,
) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    code = accounts.invite(anna, InvitationKind.ACCOUNT)
    with pytest.raises(AccountError, match="'anna' is taken"):
        accounts.sign_up(code, "anna", PASSWORD, Role.ATHLETE)
    with pytest.raises(AccountError, match="at least 8"):
        accounts.sign_up(code, "bert", "short", Role.ATHLETE)
    assert accounts.sign_up(code, "bert", PASSWORD, Role.COACH).role is Role.COACH


def test_an_invitation_expires_after_its_days(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    code = accounts.invite(anna, InvitationKind.ACCOUNT)
    (invitation,) = accounts.invitations(anna)
    assert invitation.expires_at - invitation.created_at == timedelta(days=accounts_module.INVITATION_DAYS)
    with accounts.db.transaction() as session:
        session.execute(update(InvitationRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    with pytest.raises(AccountError, match="expired"):
        accounts.sign_up(code, "bert", PASSWORD, Role.ATHLETE)


def test_an_athlete_invites_a_coach_who_then_sees_that_athlete_and_nobody_else(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    bert = accounts.sign_up(accounts.invite(anna, InvitationKind.ACCOUNT), "bert", PASSWORD, Role.ATHLETE)

    code = accounts.invite(anna, InvitationKind.COACH)  # any athlete may invite a coach
    assert accounts.invitation_kind(code) is InvitationKind.COACH
    carl = accounts.sign_up(code, "carl", PASSWORD, Role.ATHLETE)  # the role asked for does not matter
    assert carl.role is Role.COACH
    assert accounts.athletes(carl) == [anna]
    assert accounts.coaches(anna) == [carl]

    assert accounts.subject(carl, None) == carl
    assert accounts.subject(carl, carl.id) == carl
    assert accounts.subject(carl, anna.id) == anna
    for viewer, stranger in [(carl, bert.id), (bert, anna.id), (anna, carl.id), (carl, 99_999)]:
        with pytest.raises(NotAllowed, match="no athlete"):
            accounts.subject(viewer, stranger)

    with pytest.raises(NotAllowed):
        accounts.drop_coach(bert, carl.id)  # not bert's coach
    accounts.drop_coach(anna, carl.id)
    assert accounts.athletes(carl) == [] and accounts.coaches(anna) == []
    with pytest.raises(NotAllowed):
        accounts.subject(carl, anna.id)


def test_a_user_with_an_account_accepts_a_coach_invitation_but_not_their_own(accounts: Accounts) -> None:
    anna = accounts.create_owner("anna", PASSWORD)
    bert = accounts.sign_up(accounts.invite(anna, InvitationKind.ACCOUNT), "bert", PASSWORD, Role.ATHLETE)

    own = accounts.invite(bert, InvitationKind.COACH)
    with pytest.raises(AccountError, match="your own invitation"):
        accounts.accept(bert, own)
    assert accounts.coaches(bert) == []

    with pytest.raises(AccountError, match="not for coaching"):
        accounts.accept(bert, accounts.invite(anna, InvitationKind.ACCOUNT))

    assert accounts.accept(anna, own) == bert  # anna now coaches bert
    assert accounts.athletes(anna) == [bert]
    refreshed = accounts.by_id(anna.id)
    assert refreshed is not None and refreshed.role is Role.COACH
    with pytest.raises(AccountError, match="unknown, used or expired"):
        accounts.accept(anna, own)


# --- settings ----------------------------------------------------------------------------


def test_the_cookie_key_is_made_once_and_shared(db: Database) -> None:
    first = Accounts(db).secret()
    assert len(first) >= 48
    assert Accounts(db).secret() == first
    assert Accounts(db).secret("another") != first
