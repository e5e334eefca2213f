"""Rendering pages: one Jinja2 environment, and the few things every page is given."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from exhaust.services.accounts import Account
from exhaust.web.deps import Installation, session_data
from exhaust.web.security import COOKIE, CSRF_FIELD, FLASH, MAX_AGE_S, SessionData


def _number(value: Decimal | float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return f"{value:g}"


def _when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if value is None else value.strftime(fmt)


@lru_cache(maxsize=1)
def templates() -> Jinja2Templates:
    found = Jinja2Templates(directory=str(files("exhaust.web").joinpath("templates")))
    found.env.auto_reload = False  # package data: no stat() of every template on every render
    found.env.filters["number"] = _number
    found.env.filters["when"] = _when
    found.env.globals["CSRF_FIELD"] = CSRF_FIELD
    return found


def site_of(request: Request) -> Installation:
    found: Installation = request.app.state.installation
    return found


def remember(request: Request, response: Response, session: SessionData | None = None) -> Response:
    """Write the session cookie when it is new or changed (signed, HttpOnly, SameSite=Lax)."""
    site = site_of(request)
    current = session or session_data(request, site)
    if session is not None or COOKIE not in request.cookies or getattr(request.state, "session_fresh", False):
        response.set_cookie(
            COOKIE,
            site.signer.dump(current),
            max_age=MAX_AGE_S,
            httponly=True,
            samesite="lax",
            secure=site.secure_cookies,
            path="/",
        )
    return response


def forget(request: Request, response: Response) -> Response:
    response.delete_cookie(COOKIE, path="/")
    return response


def with_athlete(url: str, subject: Account | None, viewer: Account | None) -> str:
    """A link that keeps a coach in their athlete's view."""
    if subject is None or viewer is None or subject.id == viewer.id:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'athlete': subject.id})}"


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    viewer: Account | None = None,
    subject: Account | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    site = site_of(request)
    session = session_data(request, site)
    flash = site.signer.load_flash(request.cookies.get(FLASH))
    athletes = site.accounts.athletes(viewer) if viewer is not None and viewer.is_coach else []
    page: dict[str, Any] = {
        "viewer": viewer,
        "subject": subject or viewer,
        "athletes": athletes,
        "csrf": session.csrf,
        "flash": flash,
        "path": request.url.path,
        "link": lambda url: with_athlete(url, subject, viewer),
    }
    page.update(context or {})
    response = templates().TemplateResponse(request, name, page, status_code=status_code)
    if flash is not None:
        response.delete_cookie(FLASH, path="/")
    remember(request, response)
    return response


def redirect(request: Request, url: str, *, flash: tuple[str, str] | None = None) -> RedirectResponse:
    """After a form: go to ``url`` (303, so a reload does not post again), with a message."""
    response = RedirectResponse(url, status_code=303)
    if flash is not None:
        response.set_cookie(
            FLASH, site_of(request).signer.dump_flash(*flash), max_age=600, httponly=True, samesite="lax", path="/"
        )
    remember(request, response)
    return response


def safe_next(value: str | None, default: str = "/") -> str:
    """Only a path on this site: a sign-in form must not forward anyone elsewhere."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
