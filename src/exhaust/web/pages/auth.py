"""Setting up the installation, signing in and out, and joining by invitation."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from exhaust.services.accounts import Account, AccountError, InvitationKind, Role, SignInFailed
from exhaust.web.deps import Csrf, MaybeAccount, SessionDep, Site
from exhaust.web.templating import forget, redirect, remember, render, safe_next

router = APIRouter(dependencies=[Csrf])

Text = Annotated[str, Form(max_length=1024)]


def signed_in(request: Request, account: Account, session: SessionDep, to: str = "/today") -> Response:
    return remember(request, redirect(request, to), session.signed_in(account.id, account.session_epoch))


@router.get("/", include_in_schema=False)
def home(request: Request, site: Site, account: MaybeAccount) -> Response:
    if account is not None:
        return redirect(request, "/today")
    return redirect(request, "/setup" if site.accounts.needs_owner() else "/login")


@router.get("/setup")
def setup_form(request: Request, site: Site) -> Response:
    if not site.accounts.needs_owner():
        return redirect(request, "/login")
    local = site.accounts.local_logbook()
    return render(request, "setup.html", {"local": local, "roles": list(Role)})


@router.post("/setup")
def setup(
    request: Request,
    site: Site,
    session: SessionDep,
    name: Text,
    password: Text,
    password_again: Text,
    role: Annotated[Role, Form()] = Role.ATHLETE,
) -> Response:
    if password != password_again:
        raise AccountError("the two passwords differ; type the same one twice")
    account = site.accounts.create_owner(name, password, role)
    return signed_in(request, account, session)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def too_many_tries(request: Request, wait: int) -> Response:
    """429 with Retry-After, as a page (an HTTPException's headers would not reach the page)."""
    minutes = wait // 60 + 1
    message = f"Too many failed sign-ins; try again in {minutes} minute{'s' if minutes > 1 else ''}."
    page = render(request, "error.html", {"title": "Too many tries", "message": message}, status_code=429)
    page.headers["Retry-After"] = str(wait)
    return page


@router.get("/login")
def login_form(request: Request, site: Site, next: str | None = None) -> Response:
    if site.accounts.needs_owner():
        return redirect(request, "/setup")
    return render(request, "login.html", {"next": safe_next(next, "/today")})


@router.post("/login")
def login(
    request: Request,
    site: Site,
    session: SessionDep,
    name: Text,
    password: Text,
    next: Annotated[str, Form(max_length=2000)] = "/today",
) -> Response:
    keys = (f"ip:{_client(request)}", f"name:{name.strip().lower()}")
    wait = site.limiter.retry_after(*keys)
    if wait:
        return too_many_tries(request, wait)
    try:
        account = site.accounts.authenticate(name, password)
    except SignInFailed as exc:
        site.limiter.failed(*keys)
        return redirect(request, f"/login?next={quote(safe_next(next, '/today'))}", flash=("error", str(exc)))
    site.limiter.succeeded(*keys)
    return signed_in(request, account, session, safe_next(next, "/today"))


@router.post("/logout")
def logout(request: Request) -> Response:
    return forget(request, redirect(request, "/login", flash=("info", "Signed out.")))


@router.get("/join")
def join_form(request: Request, site: Site, account: MaybeAccount, code: str = "") -> Response:
    kind = site.accounts.invitation_kind(code)  # an unknown or used code says so
    return render(
        request,
        "join.html",
        {"code": code, "kind": kind.value, "coach_invite": kind is InvitationKind.COACH, "roles": list(Role)},
        viewer=account,
    )


@router.post("/join")
def join(
    request: Request,
    site: Site,
    session: SessionDep,
    code: Text,
    name: Text,
    password: Text,
    password_again: Text,
    role: Annotated[Role, Form()] = Role.ATHLETE,
) -> Response:
    if password != password_again:
        raise AccountError("the two passwords differ; type the same one twice")
    account = site.accounts.sign_up(code, name, password, role)
    return signed_in(request, account, session, "/athletes" if account.is_coach else "/today")


@router.post("/join/accept")
def accept(request: Request, site: Site, account: MaybeAccount, code: Text) -> Response:
    if account is None:
        return redirect(request, f"/login?next={quote(f'/join?code={code}')}")
    athlete = site.accounts.accept(account, code)
    return redirect(request, "/athletes", flash=("info", f"You now coach {athlete.name}."))
