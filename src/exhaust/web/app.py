"""The web app: server-rendered pages at /, the JSON API at /api/v1, static files at /static.

``create_app`` opens the database when it is called (never at import time). ``exhaust
serve`` runs it under uvicorn; with several worker processes each calls the factory, and
``EXHAUST_DATABASE_URL`` carries the database to them.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from exhaust import __version__
from exhaust.domain.errors import ExhaustError
from exhaust.services.accounts import Accounts, NotAllowed
from exhaust.store.database import open_database
from exhaust.web.deps import CsrfFailed, Installation, SignInRequired
from exhaust.web.security import Signer

API_PREFIX = "/api/v1"

# Pages run only our own scripts and styles; nothing may frame them (clickjacking).
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
]


class SecurityHeaders:
    """Adds the headers above to every response (a plain ASGI wrapper: no per-request task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, sending)


def _api(site: Installation) -> FastAPI:
    from exhaust.web.api import routers

    api = FastAPI(
        title="exhaust API",
        version=__version__,
        description=(
            "The JSON API of exhaust: the same services as the web pages. Authenticate with "
            "`Authorization: Bearer <token>` (make a token on the Account page, or POST /api/v1/tokens "
            "signed in). A coach reads an athlete's data with `?athlete=<user id>`. Logging a set takes "
            "an idempotency key: the same key twice stores one set."
        ),
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.installation = site
    for router in routers():
        api.include_router(router)

    @api.exception_handler(NotAllowed)
    async def _not_allowed(request: Request, exc: NotAllowed) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @api.exception_handler(ExhaustError)
    async def _refused(request: Request, exc: ExhaustError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @api.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        return JSONResponse(
            {"detail": "missing or wrong X-CSRF-Token header (a signed-in browser must send the page's token)"},
            status_code=403,
        )

    return api


def _pages(app: FastAPI) -> None:
    from exhaust.web.pages import errors, routers

    for router in routers():
        app.include_router(router)
    app.add_exception_handler(SignInRequired, errors.sign_in_required)
    app.add_exception_handler(CsrfFailed, errors.csrf_failed)
    app.add_exception_handler(NotAllowed, errors.not_found)
    app.add_exception_handler(ExhaustError, errors.refused)
    app.add_exception_handler(HTTPException, errors.http_error)
    app.add_exception_handler(RequestValidationError, errors.bad_request)


def create_app(database_url: str | None = None, *, secure_cookies: bool = False) -> Any:
    """The app on ``database_url`` (default: EXHAUST_DATABASE_URL, else the SQLite file in the
    user's data folder). ``secure_cookies``: only over HTTPS (behind a TLS proxy)."""
    db = open_database(database_url)
    accounts = Accounts(db)
    site = Installation(db=db, accounts=accounts, signer=Signer(accounts.secret()), secure_cookies=secure_cookies)
    app = FastAPI(title="exhaust", version=__version__, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.installation = site
    app.mount(API_PREFIX, _api(site))
    app.mount("/static", StaticFiles(directory=str(files("exhaust.web").joinpath("static"))), name="static")
    _pages(app)
    return SecurityHeaders(app)


def app_from_environment() -> Any:
    """For uvicorn's worker processes (``--factory``): settings come from the environment."""
    import os

    return create_app(secure_cookies=os.environ.get("EXHAUST_SECURE_COOKIES") == "1")
