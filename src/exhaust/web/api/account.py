"""API: who am I, API tokens, and the athletes a coach sees."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from exhaust.services.accounts import INVITATION_DAYS, Account, InvitationKind, SignInFailed
from exhaust.web.deps import ApiUser, Csrf, CsrfFailed, MaybeAccount, SessionDep, Site
from exhaust.web.security import CSRF_HEADER, same_secret

router = APIRouter(dependencies=[Csrf], tags=["account"])
# Signing in for a token sends the password itself: no session, so no CSRF token to check.
# A token for the signed-in browser session checks it below.
sign_in = APIRouter(tags=["account"])


class AccountOut(BaseModel):
    id: int
    name: str
    unit: str
    role: str
    is_owner: bool

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id, name=account.name, unit=account.unit, role=account.role.value, is_owner=account.is_owner
        )


class TokenIn(BaseModel):
    name: str | None = Field(default=None, max_length=80, description="With password: sign in to get a token.")
    password: str | None = Field(default=None, max_length=1024)
    label: str = Field(default="", max_length=80, description="What the token is for, e.g. 'backup script'.")


class TokenOut(BaseModel):
    token: str = Field(description="Shown once: send it as 'Authorization: Bearer <token>'.")
    account: AccountOut


class TokenInfo(BaseModel):
    id: int
    label: str
    created_at: datetime


@router.get("/me")
def me(account: ApiUser) -> AccountOut:
    return AccountOut.of(account)


@sign_in.post("/tokens", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenIn, request: Request, site: Site, session: SessionDep, signed_in: MaybeAccount) -> TokenOut:
    """A new API token: for the name and password given, or for the signed-in user."""
    account = signed_in
    by_session = body.name is None and body.password is None and not getattr(request.state, "by_token", False)
    if by_session and not same_secret(request.headers.get(CSRF_HEADER), session.csrf):
        raise CsrfFailed()
    if body.name is not None or body.password is not None:
        keys = (f"ip:{request.client.host if request.client else 'unknown'}", f"name:{(body.name or '').lower()}")
        wait = site.limiter.retry_after(*keys)
        if wait:
            raise HTTPException(429, f"too many failed sign-ins; try again in {wait} s", {"Retry-After": str(wait)})
        try:
            account = site.accounts.authenticate(body.name or "", body.password or "")
        except SignInFailed as exc:
            site.limiter.failed(*keys)
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from None
        site.limiter.succeeded(*keys)
    if account is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "give name and password, or sign in first")
    return TokenOut(token=site.accounts.issue_token(account, body.label), account=AccountOut.of(account))


@router.get("/tokens")
def list_tokens(account: ApiUser, site: Site) -> list[TokenInfo]:
    return [TokenInfo(id=t.id, label=t.label, created_at=t.created_at) for t in site.accounts.tokens(account)]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, account: ApiUser, site: Site) -> None:
    site.accounts.revoke_token(account, token_id)


@router.get("/athletes")
def athletes(account: ApiUser, site: Site) -> list[AccountOut]:
    """The athletes who invited you as their coach (empty for an athlete)."""
    return [AccountOut.of(a) for a in site.accounts.athletes(account)]


class InvitationIn(BaseModel):
    kind: InvitationKind = Field(
        description="'coach': invite your coach to follow you; 'account' (owner only): invite a new user."
    )


class InvitationOut(BaseModel):
    code: str = Field(description="Shown once.")
    url: str = Field(description="The link to send: it opens the page that accepts the invitation.")
    expires_in_days: int


@router.post("/invitations", status_code=status.HTTP_201_CREATED)
def invite(body: InvitationIn, request: Request, account: ApiUser, site: Site) -> InvitationOut:
    code = site.accounts.invite(account, body.kind)
    url = str(request.base_url).removesuffix("/api/v1/").rstrip("/") + f"/join?code={code}"
    return InvitationOut(code=code, url=url, expires_in_days=INVITATION_DAYS)
