"""Accounts of the web app: the owner, signing in, API tokens, invitations, coaches.

Who sees whose data is decided here, in one place (``Accounts.subject``): a user sees their
own logbook, and a coach the logbooks of the athletes who invited them; nobody else's.

Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106's second recommended
parameter set). API tokens and invitation codes are random 32-byte strings shown once; only
their SHA-256 is stored, so a copy of the database does not hand out access.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy.exc import IntegrityError

from exhaust.domain.errors import ExhaustError
from exhaust.services.logbook import LOCAL_USER
from exhaust.store.database import Database
from exhaust.store.models import ApiTokenRow, CoachingRow, InvitationRow, SettingRow, UserRow
from exhaust.store.repository import Repository

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 hashes anything; a cap keeps a megabyte 'password' from being work
INVITATION_DAYS = 14
MAX_ID = 2**31 - 1  # ids are INTEGER columns (32-bit on PostgreSQL): a larger one names nothing
OWNER_KEY = "owner_id"  # the settings row that makes creating the owner a once-only write
_NAME = re.compile(r"^[\w.@+-]{1,80}$")


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"


class InvitationKind(StrEnum):
    COACH = "coach"  # an athlete asks a coach to follow them
    ACCOUNT = "account"  # the owner asks someone to create an account


class AccountError(ExhaustError):
    """A request about accounts that cannot be done; the message says why."""


class SignInFailed(AccountError):
    def __init__(self) -> None:
        super().__init__("that name and password do not match an account")


class WrongPassword(AccountError):
    def __init__(self) -> None:
        super().__init__("the current password is not right; type it again")


class NotAllowed(AccountError):
    """The user may not see or change what they asked for (shown as 'not found')."""


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    unit: str
    role: Role
    is_owner: bool
    session_epoch: int

    @property
    def is_coach(self) -> bool:
        return self.role is Role.COACH


@dataclass(frozen=True)
class Token:
    id: int
    label: str
    created_at: datetime


@dataclass(frozen=True)
class Invitation:
    id: int
    kind: InvitationKind
    created_at: datetime
    expires_at: datetime
    used: bool


def _now() -> datetime:
    return datetime.now(UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def _account(row: UserRow) -> Account:
    role = Role(row.role) if row.role in Role._value2member_map_ else Role.ATHLETE
    return Account(row.id, row.name, row.unit, role, bool(row.is_owner), row.session_epoch)


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise AccountError("a user name is 1 to 80 letters, digits or . @ + - _ (no spaces)")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"a password may have at most {MAX_PASSWORD} characters")
    return password


# Who a session or token is, remembered this long: every request asks, and the answer is a
# query. A change made here (a new password, a revoked token) is seen at once by this process;
# other worker processes see it within this many seconds.
RECENT_S = 5.0


class _Recent:
    """A small time-limited memo of lookups, cleared whole on any change to accounts."""

    def __init__(self, ttl_s: float = RECENT_S, size: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.size = size
        self._found: dict[object, tuple[float, Account | None]] = {}

    def get(self, key: object) -> tuple[bool, Account | None]:
        hit = self._found.get(key)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def put(self, key: object, account: Account | None) -> None:
        if len(self._found) >= self.size:
            self._found.clear()
        self._found[key] = (time.monotonic() + self.ttl_s, account)

    def clear(self) -> None:
        self._found.clear()


F = TypeVar("F", bound=Callable[..., Any])


def _changes_accounts(method: F) -> F:
    """Forget remembered lookups once the change has committed (not before: a lookup between
    a clear and the commit would remember the old answer)."""

    @wraps(method)
    def changed(self: Accounts, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            self._recent.clear()

    return cast(F, changed)


class Accounts:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._recent = _Recent()

    # --- the owner and signing in ------------------------------------------------------

    def needs_owner(self) -> bool:
        """A fresh installation: nobody can sign in yet, so the first visitor sets it up."""
        with self.db.transaction(write=False) as session:
            return not Repository(session).has_accounts()

    def local_logbook(self) -> tuple[str, int] | None:
        """The CLI's password-less logbook and its number of workouts, which the owner can
        take over (so a lifter who started on the command line keeps their history)."""
        with self.db.transaction(write=False) as session:
            repo = Repository(session)
            row = repo.user(LOCAL_USER)
            if row is None or row.password_hash is not None:
                return None
            return row.name, repo.count_workouts(row.id)

    def create_owner(self, name: str, password: str, role: Role = Role.ATHLETE) -> Account:
        """The first account. A password-less user of that name (the CLI's 'local') becomes it,
        history and all; any other name starts an empty logbook."""
        name, password = check_name(name), check_password(password)
        hashed = _hasher().hash(password)
        taken = AccountError("this exhaust already has an owner; sign in, or ask the owner for an invitation")
        try:
            with self.db.transaction() as session:
                repo = Repository(session)
                if repo.has_accounts():  # a second visitor raced the first: they sign in instead
                    raise taken
                row = repo.user(name)
                if row is None:
                    row = UserRow(name=name, unit="kg", created_at=_now())
                    repo.add(row)
                row.password_hash, row.role, row.is_owner = hashed, role.value, True
                # On PostgreSQL two first visitors can both pass the check above; the second
                # insert of this key waits for the first to commit and then fails, so one owner.
                repo.add(SettingRow(key=OWNER_KEY, value=str(row.id)))
                return _account(row)
        except IntegrityError:
            raise taken from None

    def authenticate(self, name: str, password: str) -> Account:
        from argon2.exceptions import InvalidHashError, VerificationError

        name = name.strip()
        row = None
        if _NAME.match(name):  # no account has another name (nor a NUL, which PostgreSQL refuses)
            with self.db.transaction(write=False) as session:
                row = Repository(session).user(name)
        stored = row.password_hash if row is not None else None
        if row is None or stored is None or len(password) > MAX_PASSWORD:
            _hasher().hash(password[:MAX_PASSWORD])  # as slow as a real check: no timing hint
            raise SignInFailed()
        try:
            _hasher().verify(stored, password)
        except (VerificationError, InvalidHashError):
            raise SignInFailed() from None
        if _hasher().check_needs_rehash(stored):
            with self.db.transaction() as session:
                fresh = Repository(session).user_by_id(row.id)
                if fresh is not None:
                    fresh.password_hash = _hasher().hash(password)
        return _account(row)

    def by_id(self, user_id: int) -> Account | None:
        if not 0 < user_id <= MAX_ID:
            return None
        known, account = self._recent.get(user_id)
        if known:
            return account
        with self.db.transaction(write=False) as session:
            row = Repository(session).user_by_id(user_id)
            account = None if row is None or row.password_hash is None else _account(row)
        self._recent.put(user_id, account)
        return account

    @_changes_accounts
    def change_password(self, account: Account, old: str, new: str) -> Account:
        """A new password signs out every other session (the epoch moves on)."""
        try:
            self.authenticate(account.name, old)
        except SignInFailed:
            raise WrongPassword() from None
        hashed = _hasher().hash(check_password(new))
        with self.db.transaction() as session:
            row = Repository(session).user_by_id(account.id)
            if row is None:
                raise AccountError("this account no longer exists")
            row.password_hash = hashed
            row.session_epoch += 1
            session.flush()
            return _account(row)

    @_changes_accounts
    def sign_out_everywhere(self, account: Account) -> None:
        with self.db.transaction() as session:
            row = Repository(session).user_by_id(account.id)
            if row is not None:
                row.session_epoch += 1

    @_changes_accounts
    def set_unit(self, account: Account, unit: str) -> Account:
        if unit not in ("kg", "lb"):
            raise AccountError("the unit is kg or lb")
        with self.db.transaction() as session:
            row = Repository(session).user_by_id(account.id)
            if row is None:
                raise AccountError("this account no longer exists")
            row.unit = unit
            session.flush()
            return _account(row)

    # --- API tokens --------------------------------------------------------------------

    def issue_token(self, account: Account, label: str = "") -> str:
        """A new token for scripts, returned once; only its digest is kept."""
        raw = "exh_" + secrets.token_urlsafe(32)
        with self.db.transaction() as session:
            Repository(session).add(
                ApiTokenRow(user_id=account.id, label=label.strip()[:80], token_hash=digest(raw), created_at=_now())
            )
        return raw

    def remembered(self, *, token: str | None = None, user_id: int | None = None) -> tuple[bool, Account | None]:
        """What ``by_token``/``by_id`` would answer, if it is remembered (no database read):
        (False, None) when it is not, so a caller on an event loop can skip a thread hop."""
        return self._recent.get(digest(token) if token is not None else user_id)

    def by_token(self, raw: str) -> Account | None:
        key = digest(raw)
        known, account = self._recent.get(key)
        if known:
            return account
        with self.db.transaction(write=False) as session:
            row = Repository(session).user_by_token(key)
            account = None if row is None else _account(row)
        self._recent.put(key, account)
        return account

    def tokens(self, account: Account) -> list[Token]:
        with self.db.transaction(write=False) as session:
            return [Token(t.id, t.label, t.created_at) for t in Repository(session).tokens(account.id)]

    @_changes_accounts
    def revoke_token(self, account: Account, token_id: int) -> None:
        with self.db.transaction() as session:
            repo = Repository(session)
            row = repo.token(account.id, token_id) if 0 < token_id <= MAX_ID else None
            if row is None:
                raise NotAllowed(f"no token {token_id} of yours")
            repo.delete(row)

    # --- invitations and coaches -------------------------------------------------------

    def invite(self, account: Account, kind: InvitationKind) -> str:
        """A code for a link: an athlete invites a coach; the owner invites a new user."""
        if kind is InvitationKind.ACCOUNT and not account.is_owner:
            raise NotAllowed("only the owner of this exhaust can invite new accounts")
        code = secrets.token_urlsafe(24)
        now = _now()
        with self.db.transaction() as session:
            Repository(session).add(
                InvitationRow(
                    code_hash=digest(code),
                    inviter_id=account.id,
                    kind=kind.value,
                    created_at=now,
                    expires_at=now + timedelta(days=INVITATION_DAYS),
                )
            )
        return code

    def invitations(self, account: Account) -> list[Invitation]:
        with self.db.transaction(write=False) as session:
            return [
                Invitation(i.id, InvitationKind(i.kind), i.created_at, i.expires_at, i.used_by is not None)
                for i in Repository(session).invitations(account.id)
            ]

    def _open_invitation(self, repo: Repository, code: str) -> InvitationRow:
        row = repo.invitation(digest(code.strip()), lock=True)
        if row is None or row.used_by is not None or row.expires_at < _now():
            raise AccountError("this invitation is unknown, used or expired (they last 14 days); ask for a new one")
        return row

    def invitation_kind(self, code: str) -> InvitationKind:
        with self.db.transaction(write=False) as session:
            return InvitationKind(self._open_invitation(Repository(session), code).kind)

    def sign_up(self, code: str, name: str, password: str, role: Role) -> Account:
        """A new account from an invitation. A coach invitation also makes the new user the
        inviting athlete's coach."""
        name, password = check_name(name), check_password(password)
        hashed = _hasher().hash(password)
        try:
            with self.db.transaction() as session:
                repo = Repository(session)
                invitation = self._open_invitation(repo, code)
                if repo.user(name) is not None:
                    raise AccountError(f"the name {name!r} is taken; choose another")
                kind = InvitationKind(invitation.kind)
                row = UserRow(
                    name=name,
                    unit="kg",
                    created_at=_now(),
                    password_hash=hashed,
                    role=(Role.COACH if kind is InvitationKind.COACH else role).value,
                )
                repo.add(row)
                invitation.used_by = row.id
                if kind is InvitationKind.COACH:
                    repo.add(CoachingRow(coach_id=row.id, athlete_id=invitation.inviter_id, created_at=_now()))
                return _account(row)
        except IntegrityError:
            raise AccountError(f"the name {name!r} is taken; choose another") from None

    @_changes_accounts
    def accept(self, account: Account, code: str) -> Account:
        """A coach who has an account accepts an athlete's invitation; returns the athlete."""
        with self.db.transaction() as session:
            repo = Repository(session)
            invitation = self._open_invitation(repo, code)
            if invitation.kind != InvitationKind.COACH:
                raise AccountError("this invitation is for creating an account, not for coaching")
            if invitation.inviter_id == account.id:
                raise AccountError("this is your own invitation; send the link to your coach")
            athlete = repo.user_by_id(invitation.inviter_id)
            assert athlete is not None  # the invitation goes with its inviter (ON DELETE CASCADE)
            invitation.used_by = account.id
            if repo.coaching(account.id, athlete.id) is None:
                repo.add(CoachingRow(coach_id=account.id, athlete_id=athlete.id, created_at=_now()))
            row = repo.user_by_id(account.id)
            if row is not None and row.role != Role.COACH:
                row.role = Role.COACH.value
            return _account(athlete)

    def athletes(self, coach: Account) -> list[Account]:
        with self.db.transaction(write=False) as session:
            return [_account(r) for r in Repository(session).athletes(coach.id)]

    def coaches(self, athlete: Account) -> list[Account]:
        with self.db.transaction(write=False) as session:
            return [_account(r) for r in Repository(session).coaches(athlete.id)]

    @_changes_accounts
    def drop_coach(self, athlete: Account, coach_id: int) -> None:
        """An athlete stops a coach from seeing their logbook."""
        with self.db.transaction() as session:
            repo = Repository(session)
            link = repo.coaching(coach_id, athlete.id) if 0 < coach_id <= MAX_ID else None
            if link is None:
                raise NotAllowed(f"user {coach_id} is not your coach")
            repo.delete(link)

    def subject(self, viewer: Account, athlete_id: int | None) -> Account:
        """Whose data a request is about: the viewer's own, or an athlete they coach. Anyone
        else's is refused with the same words as a user that does not exist."""
        if athlete_id is None or athlete_id == viewer.id:
            return viewer
        if not 0 < athlete_id <= MAX_ID:
            raise NotAllowed(f"no athlete {athlete_id} among yours")
        with self.db.transaction(write=False) as session:
            repo = Repository(session)
            link = repo.coaching(viewer.id, athlete_id)
            row = repo.user_by_id(athlete_id) if link is not None else None
            if row is None:
                raise NotAllowed(f"no athlete {athlete_id} among yours")
            return _account(row)

    # --- settings shared by the server's processes ------------------------------------

    def secret(self, key: str = "cookie_key") -> str:
        """A random key made once per installation and kept in the database, so every worker
        process (and a restart) signs and checks cookies alike."""
        with self.db.transaction(write=False) as session:
            row = Repository(session).setting(key)
            if row is not None:
                return row.value
        try:
            with self.db.transaction() as session:
                repo = Repository(session)
                row = repo.setting(key)
                if row is None:
                    row = SettingRow(key=key, value=secrets.token_urlsafe(48))
                    repo.add(row)
                return row.value
        except IntegrityError:  # another worker made it first
            with self.db.transaction(write=False) as session:
                found = Repository(session).setting(key)
                assert found is not None
                return found.value
