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


MAX_BODY = 1 << 20  # a form or a set is a few hundred bytes; a plan text fits in 1 MB
MAX_UPLOAD = 64 << 20  # a history export (uploads.py refuses past its own 50 MB with a message)
UPLOAD_PATHS = ("/import", f"{API_PREFIX}/imports")


class BodyLimit:
    """Refuses a request body over its limit before anything reads it: FastAPI parses declared
    form and file parameters, spooling them to disk, before any route code can look at the size."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = MAX_UPLOAD if str(scope.get("path", "")).startswith(UPLOAD_PATHS) else MAX_BODY
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # a chunked body with no length: stop reading it
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counting, send)
        except _TooLarge:
            await _too_large(send, limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = (f'{{"detail": "the request is larger than {limit >> 20} MB; send a smaller file or split it"}}').encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


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


def _settle() -> None:
    """Load what every request uses (the catalogue, the templates) now, then move everything
    alive into the collector's permanent generation: a full collection walking the catalogue's
    objects took tens of milliseconds out of a random request (a server's slowest answers)."""
    import gc

    from exhaust.services.catalogue import get_catalogue
    from exhaust.web.templating import templates

    get_catalogue()
    templates()
    gc.collect()
    gc.freeze()


def create_app(database_url: str | None = None, *, secure_cookies: bool = False) -> Any:
    """The app on ``database_url`` (default: EXHAUST_DATABASE_URL, else the SQLite file in the
    user's data folder). ``secure_cookies``: only over HTTPS (behind a TLS proxy)."""
    db = open_database(database_url)
    db.start_writer()  # sets logged by many requests go to the database many to a transaction
    accounts = Accounts(db)
    site = Installation(db=db, accounts=accounts, signer=Signer(accounts.secret()), secure_cookies=secure_cookies)
    app = FastAPI(title="exhaust", version=__version__, openapi_url=None, docs_url=None, redoc_url=None)
    app.state.installation = site
    app.mount(API_PREFIX, _api(site))
    app.mount("/static", StaticFiles(directory=str(files("exhaust.web").joinpath("static"))), name="static")
    _pages(app)
    app.add_middleware(BodyLimit)
    _settle()
    return SecurityHeaders(app)


def app_from_environment() -> Any:
    """For uvicorn's worker processes (``--factory``): settings come from the environment."""
    import os

    return create_app(secure_cookies=os.environ.get("EXHAUST_SECURE_COOKIES") == "1")
