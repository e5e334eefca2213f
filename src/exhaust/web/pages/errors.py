"""What a page shows when a request cannot be served: the sign-in form, or a page that says
what went wrong and what to do. Errors from a form go back to the form with the message."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

from exhaust.services.accounts import NotAllowed
from exhaust.web.templating import redirect, render, safe_next, site_of


async def sign_in_required(request: Request, exc: Exception) -> Response:
    site = site_of(request)
    if site.accounts.needs_owner():
        return redirect(request, "/setup")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(request, f"/login?next={quote(target)}")


async def csrf_failed(request: Request, exc: Exception) -> Response:
    return render(
        request,
        "error.html",
        {
            "title": "This form has expired",
            "message": "The form was older than your session (or came from another site). "
            "Go back, reload the page, and send it again.",
        },
        status_code=403,
    )


async def not_found(request: Request, exc: Exception) -> Response:
    message = str(exc) if isinstance(exc, NotAllowed) else "There is nothing here."
    return render(request, "error.html", {"title": "Not found", "message": message}, status_code=404)


def _back(request: Request) -> str:
    """The page the form was on; without a Referer, the section the form belongs to (a form's
    POST path, /account/tokens, has no page of its own)."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url)
    section = "/" + request.url.path.strip("/").split("/")[0]
    return safe_next(referer[len(base) - 1 :] if referer.startswith(base) else None, section)


async def refused(request: Request, exc: Exception) -> Response:
    """A user error (ExhaustError): from a form, back to it with the message; else a page."""
    if request.method == "POST":
        return redirect(request, _back(request), flash=("error", str(exc)))
    return render(request, "error.html", {"title": "That did not work", "message": str(exc)}, status_code=400)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        detail = str(exc.detail)
        message = "There is nothing here." if detail in ("", "Not Found") else detail
        return render(request, "error.html", {"title": "Not found", "message": message}, status_code=404)
    title = {405: "Not allowed here", 413: "Too large", 429: "Too many tries"}.get(exc.status_code, "Error")
    response = render(
        request,
        "error.html",
        {"title": title, "message": str(exc.detail)},
        status_code=exc.status_code,
    )
    response.headers.update(exc.headers or {})  # Retry-After, WWW-Authenticate
    return response


async def bad_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "form"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    message = "; ".join(parts) or "the request was not understood"
    if request.method == "POST":
        return redirect(request, _back(request), flash=("error", message))
    return render(request, "error.html", {"title": "That did not work", "message": message}, status_code=400)
