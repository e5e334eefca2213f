"""The Account page (name, unit, password, sessions, API tokens, invitations, coaches) and the
Athletes page a coach starts from.

Everything here is about the signed-in user themselves (``PageUser``): a coach's
``?athlete=`` view does not reach another person's account settings.

A new API token or invitation link is a secret shown once: the POST answers with the page
itself (``Cache-Control: no-store``) instead of a redirect, so the secret is never kept in a
cookie or in the database, only in the page the user is looking at.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from exhaust.services.accounts import INVITATION_DAYS, Account, AccountError, InvitationKind, WrongPassword
from exhaust.web.deps import Csrf, Id, PageUser, SessionDep, Site
from exhaust.web.pages.auth import too_many_tries
from exhaust.web.templating import forget, redirect, remember, render

router = APIRouter(dependencies=[Csrf])

Text = Annotated[str, Form(max_length=1024)]


def _join_link(request: Request, code: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/join?code={code}"


def _account_page(request: Request, site: Site, user: Account, shown: dict[str, Any] | None = None) -> Response:
    now = datetime.now(UTC)
    waiting = [i for i in site.accounts.invitations(user) if not i.used and i.expires_at > now]
    context = {
        "account": user,
        "tokens": site.accounts.tokens(user),
        "coaches": site.accounts.coaches(user),
        "open_invitations": waiting,
        "invitation_days": INVITATION_DAYS,
        "shown": shown or {},
    }
    response = render(request, "account.html", context, viewer=user)
    if shown:
        response.headers["Cache-Control"] = "no-store"  # a page with a secret on it: never from a cache
    return response


@router.get("/account")
def account_page(request: Request, site: Site, user: PageUser) -> Response:
    return _account_page(request, site, user)


@router.post("/account/unit")
def change_unit(request: Request, site: Site, user: PageUser, unit: Annotated[str, Form(max_length=2)]) -> Response:
    changed = site.accounts.set_unit(user, unit)
    message = f"Weights are now shown and logged in {changed.unit} unless a set says otherwise."
    return redirect(request, "/account", flash=("info", message))


@router.post("/account/password")
def change_password(
    request: Request,
    site: Site,
    session: SessionDep,
    user: PageUser,
    old_password: Text,
    new_password: Text,
    new_password_again: Text,
) -> Response:
    if new_password != new_password_again:
        raise AccountError("the two new passwords differ; type the same one twice")
    keys = (f"name:{user.name.lower()}",)  # guesses here count with the sign-in form's
    wait = site.limiter.retry_after(*keys)
    if wait:
        return too_many_tries(request, wait)
    try:
        changed = site.accounts.change_password(user, old_password, new_password)
    except WrongPassword:
        site.limiter.failed(*keys)
        raise
    # The epoch moved on, which signs out every session; this one gets a cookie of the new epoch.
    done = redirect(request, "/account", flash=("info", "Password changed. Your other sessions are signed out."))
    return remember(request, done, session.signed_in(changed.id, changed.session_epoch))


@router.post("/account/sign-out-everywhere")
def sign_out_everywhere(request: Request, site: Site, user: PageUser) -> Response:
    site.accounts.sign_out_everywhere(user)
    message = "Signed out on every device, this one too. API tokens still work: revoke them on the Account page."
    return forget(request, redirect(request, "/login", flash=("info", message)))


@router.post("/account/tokens")
def create_token(
    request: Request, site: Site, user: PageUser, label: Annotated[str, Form(max_length=80)] = ""
) -> Response:
    token = site.accounts.issue_token(user, label)
    return _account_page(request, site, user, {"token": token, "token_label": label.strip()})


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, site: Site, user: PageUser, token_id: Id) -> Response:
    site.accounts.revoke_token(user, token_id)
    return redirect(request, "/account", flash=("info", "Token revoked: scripts using it are refused from now on."))


@router.post("/account/invite-coach")
def invite_coach(request: Request, site: Site, user: PageUser) -> Response:
    code = site.accounts.invite(user, InvitationKind.COACH)
    return _account_page(request, site, user, {"coach_link": _join_link(request, code)})


@router.post("/account/invite")
def invite_account(request: Request, site: Site, user: PageUser) -> Response:
    code = site.accounts.invite(user, InvitationKind.ACCOUNT)  # the owner only (others: not found)
    return _account_page(request, site, user, {"account_link": _join_link(request, code)})


@router.post("/account/coaches/{coach_id}/remove")
def remove_coach(request: Request, site: Site, user: PageUser, coach_id: Id) -> Response:
    coach = next((c for c in site.accounts.coaches(user) if c.id == coach_id), None)
    site.accounts.drop_coach(user, coach_id)
    name = coach.name if coach is not None else "that coach"
    return redirect(request, "/account", flash=("info", f"{name} no longer sees your logbook."))


@router.get("/athletes")
def athletes_page(request: Request, site: Site, user: PageUser) -> Response:
    return render(request, "athletes.html", {"athletes_list": site.accounts.athletes(user)}, viewer=user)
