"""What a route needs, as ``Annotated`` dependencies: the installation, the signed-in user,
whose data the request is about, and the CSRF check.

Pages and the JSON API share these. They differ only in what happens to a visitor who is not
signed in: a page sends them to the sign-in form, the API answers 401.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool

from exhaust.services.accounts import MAX_ID, Account, Accounts, NotAllowed
from exhaust.services.logbook import Logbook
from exhaust.store.database import Database
from exhaust.web.security import COOKIE, CSRF_FIELD, CSRF_HEADER, RateLimiter, SessionData, Signer, same_secret

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Installation:
    """What every request shares: the database, the accounts and the cookie signer."""

    db: Database
    accounts: Accounts
    signer: Signer
    secure_cookies: bool = False
    limiter: RateLimiter = field(default_factory=RateLimiter)


class SignInRequired(Exception):
    """A page asked for by a visitor who is not signed in (answered by a redirect)."""


class CsrfFailed(Exception):
    """A form or script call without the session's CSRF token."""


# Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in
# its thread pool, a hop that costs more than the work itself on every request.
async def installation(request: Request) -> Installation:
    found: Installation = request.app.state.installation
    return found


Site = Annotated[Installation, Depends(installation)]


def session_data(request: Request, site: Installation) -> SessionData:
    """The visitor's session, read once per request (a new anonymous one when missing)."""
    cached: SessionData | None = getattr(request.state, "session", None)
    if cached is None:
        loaded = site.signer.load(request.cookies.get(COOKIE))
        request.state.session_fresh = loaded is None  # the page sets the new cookie
        cached = loaded or SessionData.anonymous()
        request.state.session = cached
    return cached


async def _session(request: Request, site: Site) -> SessionData:
    return session_data(request, site)


SessionDep = Annotated[SessionData, Depends(_session)]


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


async def optional_account(request: Request, site: Site, session: SessionDep) -> Account | None:
    """The signed-in user: by API token (scripts) or by session cookie (browsers). Who a token
    or session is, is remembered for a few seconds (Accounts); only a miss reads the database,
    in the thread pool."""
    token = _bearer(request)
    if token is not None:
        known, account = site.accounts.remembered(token=token)
        if not known:
            account = await run_in_threadpool(site.accounts.by_token, token)
        request.state.by_token = account is not None
        return account
    if session.user_id is None:
        return None
    known, account = site.accounts.remembered(user_id=session.user_id)
    if not known:
        account = await run_in_threadpool(site.accounts.by_id, session.user_id)
    if account is None or account.session_epoch != session.epoch:
        return None  # signed out everywhere, a new password, or the account is gone
    return account


MaybeAccount = Annotated[Account | None, Depends(optional_account)]


async def page_account(account: MaybeAccount) -> Account:
    if account is None:
        raise SignInRequired()
    return account


async def api_account(account: MaybeAccount) -> Account:
    if account is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "sign in first: send 'Authorization: Bearer <token>' (make a token on the Account page)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return account


PageUser = Annotated[Account, Depends(page_account)]
ApiUser = Annotated[Account, Depends(api_account)]


def _subject(site: Installation, viewer: Account, athlete: int | None) -> Account:
    try:
        return site.accounts.subject(viewer, athlete)
    except NotAllowed as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None


# A bigger id than the INTEGER columns hold names nothing: refused before the database sees it
# (SQLite's driver cannot even send it; PostgreSQL's int4 would fail the query).
AthleteParam = Annotated[
    int | None,
    Query(
        description="A coach's view of one of their athletes (their user id); omitted: your own data.",
        ge=1,
        le=MAX_ID,
    ),
]
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="An id, as listed by the API.")]
"""A path parameter that is a row's id (``token_id: Id``)."""


async def page_subject(site: Site, viewer: PageUser, athlete: AthleteParam = None) -> Account:
    if athlete is None or athlete == viewer.id:
        return viewer
    return await run_in_threadpool(_subject, site, viewer, athlete)


async def api_subject(site: Site, viewer: ApiUser, athlete: AthleteParam = None) -> Account:
    if athlete is None or athlete == viewer.id:
        return viewer
    return await run_in_threadpool(_subject, site, viewer, athlete)


PageSubject = Annotated[Account, Depends(page_subject)]
ApiSubject = Annotated[Account, Depends(api_subject)]


def logbook_of(site: Installation, account: Account) -> Logbook:
    return Logbook(site.db, account.name, known=(account.id, account.unit))


async def csrf_protect(request: Request, session: SessionDep) -> None:
    """Every request that changes something carries the session's CSRF token, in the form or
    in the header; API calls signed with a bearer token need none (no cookie is involved)."""
    if request.method in SAFE_METHODS or _bearer(request) is not None:
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not same_secret(given, session.csrf):
        raise CsrfFailed()


Csrf = Depends(csrf_protect)
