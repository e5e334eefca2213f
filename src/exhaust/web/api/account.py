"""API: who am I, API tokens, and the athletes a coach sees."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from exhaust.services.accounts import INVITATION_DAYS, Account, InvitationKind, SignInFailed
from exhaust.web.deps import ApiUser, Csrf, CsrfFailed, Id, MaybeAccount, SessionDep, Site
from exhaust.web.security import CSRF_HEADER, same_secret

router = APIRouter(dependencies=[Csrf], tags=["account"])
# Signing in for a token sends the password itself: no session, so no CSRF token to check.
# A token for the signed-in browser session checks it below.
sign_in = APIRouter(tags=["account"])


class AccountOut(BaseModel):
    id: int = Field(description="The user's id (a coach passes it as ?athlete=).")
    name: str = Field(description="The name they sign in with.")
    unit: str = Field(description="The unit their weights are shown and logged in by default: kg or lb.")
    role: str = Field(description="athlete or coach.")
    is_owner: bool = Field(description="Whether they own this exhaust (and may invite new accounts).")

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id, name=account.name, unit=account.unit, role=account.role.value, is_owner=account.is_owner
        )


class TokenIn(BaseModel):
    name: str | None = Field(default=None, max_length=80, description="With password: sign in to get a token.")
    password: str | None = Field(default=None, max_length=1024, description="The password of that name.")
    label: str = Field(default="", max_length=80, description="What the token is for, e.g. 'backup script'.")


class TokenOut(BaseModel):
    token: str = Field(description="Shown once: send it as 'Authorization: Bearer <token>'.")
    account: AccountOut


class TokenInfo(BaseModel):
    id: int = Field(description="Revoke it with DELETE /tokens/{id}.")
    label: str = Field(description="What it is for, as given when it was made.")
    created_at: datetime = Field(description="When it was made (UTC).")


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
        keys = (
            f"ip:{request.client.host if request.client else 'unknown'}",
            f"name:{(body.name or '').strip().lower()}",
        )
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
def revoke_token(token_id: Id, account: ApiUser, site: Site) -> None:
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
    expires_in_days: int = Field(description="It works once, within this many days.")


@router.post("/invitations", status_code=status.HTTP_201_CREATED)
def invite(body: InvitationIn, request: Request, account: ApiUser, site: Site) -> InvitationOut:
    code = site.accounts.invite(account, body.kind)
    url = str(request.base_url).removesuffix("/api/v1/").rstrip("/") + f"/join?code={code}"
    return InvitationOut(code=code, url=url, expires_in_days=INVITATION_DAYS)


class AccountPatch(BaseModel):
    unit: Literal["kg", "lb"] = Field(description="The unit weights are logged and shown in by default.")


@router.patch("/me")
def update_me(body: AccountPatch, account: ApiUser, site: Site) -> AccountOut:
    """Change your settings (the unit)."""
    return AccountOut.of(site.accounts.set_unit(account, body.unit))


@router.get("/coaches")
def coaches(account: ApiUser, site: Site) -> list[AccountOut]:
    """The coaches who see your logbook."""
    return [AccountOut.of(c) for c in site.accounts.coaches(account)]


@router.delete("/coaches/{coach_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_coach(coach_id: Id, account: ApiUser, site: Site) -> None:
    """Stop sharing your logbook with this coach (404 when they are not your coach)."""
    site.accounts.drop_coach(account, coach_id)


class AcceptIn(BaseModel):
    code: str = Field(min_length=1, max_length=200, description="The code of an athlete's coach invitation.")


@router.post("/invitations/accept")
def accept_invitation(body: AcceptIn, account: ApiUser, site: Site) -> AccountOut:
    """Accept an athlete's invitation to coach them; returns the athlete."""
    return AccountOut.of(site.accounts.accept(account, body.code))
