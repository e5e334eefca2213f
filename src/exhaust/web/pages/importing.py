"""Pages: import a Strong, Hevy or FitNotes export — upload, check the name mapping, confirm.

Only into the signed-in user's own logbook (PageUser; a coach imports nothing for an
athlete). The upload is kept between the steps by services/uploads.py under a random
token looked up in the user's own folder: another user's token is a 404. Each step is a
form that redirects (POST-redirect-GET), so a reload never imports twice.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import UploadFile as FormFile

from exhaust.domain.errors import ExhaustError
from exhaust.domain.imported import ImportFileError, SourceApp
from exhaust.domain.logbook import WeightUnit
from exhaust.services.accounts import Account, NotAllowed
from exhaust.services.catalogue import get_catalogue
from exhaust.services.inputs import SystemZone
from exhaust.services.uploads import (
    KEEP_S,
    MAX_BYTES,
    Options,
    Upload,
    Uploads,
    UploadTooLarge,
    confirm,
    preview,
)
from exhaust.web.deps import Csrf, Installation, PageUser, Site
from exhaust.web.templating import redirect, render

SLACK = 1024 * 1024  # a multipart body's boundaries and form fields besides the file


def within_limit(request: Request) -> None:
    """Refuse a body too large by its Content-Length before anything reads it (this runs ahead
    of the CSRF check, which would parse the form)."""
    length = request.headers.get("content-length", "")
    if request.method == "POST" and length.isdigit() and int(length) > MAX_BYTES + SLACK:
        raise UploadTooLarge()


router = APIRouter(dependencies=[Depends(within_limit), Csrf])

APP_NAMES = {SourceApp.STRONG: "Strong", SourceApp.HEVY: "Hevy", SourceApp.FITNOTES: "FitNotes"}
APPS = [("", "Tell from the file"), *((a.value, APP_NAMES.get(a, a.value)) for a in SourceApp)]
UNITS = [("", "Tell from the file"), *((u.value, u.value) for u in WeightUnit)]
HOW = {
    "map": "your correction",
    "exact": "same name",
    "equipment": "name and equipment",
    "fuzzy": "close spelling",
    "own": "one of your own",
    "custom": "kept as your own",
}
CHECK = frozenset({"fuzzy", "custom"})  # matches worth a look before confirming


def uploads_of(site: Installation) -> Uploads:
    return Uploads.of(site.db)


def _upload(site: Installation, user: Account, token: str) -> Upload:
    uploads = uploads_of(site)
    uploads.sweep()
    found = uploads.get(user.id, token)
    if found is None:  # NotAllowed: the 404 page shows this message
        raise NotAllowed(
            "This upload is gone: it was imported, discarded, or is older than an hour. Upload the file again."
        )
    return found


def _server_zone() -> str:
    return SystemZone().tzname(None) or "local time"


def _form(request: Request, user: Account, status: int = 200, **extra: Any) -> Response:
    context = {
        "apps": APPS,
        "units": UNITS,
        "server_zone": _server_zone(),
        "max_mb": MAX_BYTES // (1024 * 1024),
        "keep_min": KEEP_S // 60,
        "chosen": {"app": "", "unit": "", "tz": ""},
        "failure": None,
        **extra,
    }
    return render(request, "import.html", context, viewer=user, subject=user, status_code=status)


@router.get("/import")
def import_form(request: Request, site: Site, user: PageUser) -> Response:
    uploads_of(site).sweep()
    return _form(request, user)


@router.post("/import")
async def upload_file(request: Request, site: Site, user: PageUser) -> Response:
    """The form is read here rather than declared as parameters: FastAPI reads declared form
    fields before any dependency runs, and ``within_limit`` must look at the size first."""
    form = await request.form()
    file = form.get("file")
    fields = {key: value[:80] if isinstance(value := form.get(key), str) else "" for key in ("app", "unit", "tz")}
    chosen = file if isinstance(file, FormFile) and file.filename else None
    return await run_in_threadpool(_upload_and_preview, request, site, user, chosen, **fields)


def _upload_and_preview(
    request: Request, site: Installation, user: Account, file: FormFile | None, app: str, unit: str, tz: str
) -> Response:
    uploads = uploads_of(site)
    uploads.sweep()
    options = Options.parse(app, unit, tz)
    if file is None:
        raise ExhaustError("choose the export file to upload (a .csv from Strong, Hevy or FitNotes)")
    upload = uploads.save(user.id, file.filename, file.file)
    upload.state["options"] = options.as_dict()
    try:
        preview(site.db, user.name, uploads, upload, {})
    except ImportFileError as exc:
        uploads.delete(upload)
        message, hint = exc.message, ""
        if exc.usage:  # the reader's advice names the command line's option
            message = re.sub(r"\s*with --unit \w+ or --unit \w+", "", message)
            hint = "Choose the weight unit you used in the app below, and upload the file again."
        return _form(request, user, 400, chosen=options.as_dict(), failure=exc, message=message, hint=hint)
    except BaseException:
        uploads.delete(upload)
        raise
    return redirect(request, f"/import/{upload.token}")


@router.get("/import/{token}")
def import_preview(request: Request, site: Site, user: PageUser, token: str) -> Response:
    upload = _upload(site, user, token)
    report = upload.report or {}
    if upload.done:
        context = {"upload": upload, "report": report, "lines": upload.lines}
        return render(request, "import_done.html", context, viewer=user, subject=user)
    catalogue = get_catalogue()
    corrections = upload.corrections
    names = report.get("names", [])
    context = {
        "upload": upload,
        "report": report,
        "lines": upload.lines,
        "names": names,
        "corrections": corrections,
        "how": HOW,
        "check": [n for n in names if n["how"] in CHECK or n["new"]],
        "check_how": CHECK,
        "exercises": sorted(e.name for e in catalogue.exercises),
        "options": upload.options.as_dict(),
        "apps": dict(APPS),
        "server_zone": _server_zone(),
    }
    return render(request, "import_preview.html", context, viewer=user, subject=user)


@router.post("/import/{token}/mapping")
def correct_mapping(
    request: Request,
    site: Site,
    user: PageUser,
    token: str,
    to: Annotated[list[str] | None, Form(description="Per name of the file, in order: its exercise, or ''.")] = None,
) -> Response:
    uploads = uploads_of(site)
    upload = _upload(site, user, token)
    if upload.done:
        return redirect(request, f"/import/{token}")
    names = [str(n["name"]) for n in (upload.report or {}).get("names", [])]
    given = to or []
    if len(given) != len(names):
        message = "the form does not match this upload's names; correct them again on this page"
        return redirect(request, f"/import/{token}#mapping", flash=("error", message))
    corrections = {name: target.strip() for name, target in zip(names, given, strict=True) if target.strip()}
    try:
        preview(site.db, user.name, uploads, upload, corrections)
    except ExhaustError as exc:
        return redirect(request, f"/import/{token}#mapping", flash=("error", str(exc)))
    shown = f"{len(corrections)} correction{'s' * (len(corrections) != 1)}" if corrections else "no corrections"
    return redirect(request, f"/import/{token}", flash=("info", f"Mapping checked again with {shown}."))


@router.post("/import/{token}/confirm")
def confirm_import(request: Request, site: Site, user: PageUser, token: str) -> Response:
    uploads = uploads_of(site)
    upload = _upload(site, user, token)
    if not upload.done:
        try:
            confirm(site.db, user.name, uploads, upload)
        except ExhaustError as exc:
            return redirect(request, f"/import/{token}", flash=("error", str(exc)))
    return redirect(request, f"/import/{token}")


@router.post("/import/{token}/discard")
def discard_upload(request: Request, site: Site, user: PageUser, token: str) -> Response:
    upload = _upload(site, user, token)
    uploads_of(site).delete(upload)
    message = "Nothing was imported." if not upload.done else "The import stays in your logbook."
    return redirect(request, "/import", flash=("info", f"Discarded {upload.filename}. {message}"))
