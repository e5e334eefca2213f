"""Imports through the web app: an uploaded export kept between its preview and the lifter's
confirmation, and the import itself run on it.

An upload lives in a private folder (mode 0700, owned by the server's user) under the system's
temporary directory: one folder per installation (named by a digest of its database URL,
so two installations on one machine never see each other's), one per user inside it, and
one per upload under a random 128-bit token. A token is looked up only inside its user's
folder, so another user's token finds nothing. Beside the export the folder keeps the
preview's report, the lifter's corrections to the name mapping and the options chosen
(``state.json``). The export is deleted once it is imported; the whole folder when it is
discarded, and by ``sweep`` an hour after it was uploaded.

Every message names the file as the lifter's computer called it, never the path it is kept
at here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

from exhaust.domain.errors import ExhaustError
from exhaust.domain.imported import ImportFileError, SourceApp
from exhaust.domain.importmap import MapFileError, format_map, map_key, parse_map
from exhaust.domain.logbook import WeightUnit
from exhaust.services.importing import ImportReport, import_history, summary_lines
from exhaust.services.inputs import choice, time_zone
from exhaust.store.database import Database

MAX_BYTES = 50 * 1024 * 1024  # an export of ~500,000 sets; bigger ones go through `exhaust import`
KEEP_S = 3600  # an upload not confirmed within the hour is deleted
CHUNK = 1 << 20
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22}$")  # secrets.token_urlsafe(16)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]+")
EXPORT = "export.csv"
IMPORTING = "export.importing.csv"  # the export while a confirmed import runs on it
MAP = "corrections.txt"
STATE = "state.json"
CORRECTIONS = "your corrections"  # how the report names the map file made from the corrections


class UploadTooLarge(ExhaustError):
    def __init__(self, limit: int = MAX_BYTES) -> None:
        super().__init__(
            f"the file is larger than {limit // (1024 * 1024)} MB, more than an upload may be; export a "
            "shorter period from the app and import it in parts, or import it on the command line "
            "with `exhaust import FILE`"
        )


class UploadGone(ExhaustError):
    """The upload was imported, discarded, or deleted after an hour."""

    def __init__(self) -> None:
        super().__init__("this upload is gone (imported, discarded, or older than an hour); upload the file again")


@dataclass(frozen=True)
class Options:
    """What the lifter said about the file: the app (None: read from its header), the weight
    unit (for Strong exports that do not say it) and the time zone the app wrote times in
    ('' for the server's)."""

    app: SourceApp | None = None
    unit: WeightUnit | None = None
    tz: str = ""

    @classmethod
    def parse(cls, app: str = "", unit: str = "", tz: str = "") -> Options:
        """From form or query values; '' or 'auto' leaves a choice to the file (BadInput otherwise)."""
        app, unit, tz = app.strip(), unit.strip(), tz.strip()
        found = cls(
            app=choice(SourceApp, app, "app") if app and app != "auto" else None,
            unit=choice(WeightUnit, unit, "weight unit") if unit and unit != "auto" else None,
            tz=tz,
        )
        found.zone()  # a time zone this computer does not know is an error now, not at the import
        return found

    def zone(self) -> tzinfo | None:
        return time_zone(self.tz) if self.tz else None

    def as_dict(self) -> dict[str, str]:
        return {"app": self.app.value if self.app else "", "unit": self.unit.value if self.unit else "", "tz": self.tz}


@dataclass
class Upload:
    token: str
    folder: Path
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return str(self.state.get("filename", "upload.csv"))

    @property
    def export(self) -> Path:
        return self.folder / EXPORT

    @property
    def options(self) -> Options:
        kept = self.state.get("options", {})
        return Options.parse(kept.get("app", ""), kept.get("unit", ""), kept.get("tz", ""))

    @property
    def corrections(self) -> dict[str, str]:
        return dict(self.state.get("corrections", {}))

    @property
    def report(self) -> dict[str, Any] | None:
        """The last preview's report (``ImportReport.as_dict``), or the import's once done."""
        found = self.state.get("report")
        return found if isinstance(found, dict) else None

    @property
    def done(self) -> bool:
        return bool(self.state.get("done"))

    @property
    def lines(self) -> list[str]:
        return [str(x) for x in self.state.get("lines", [])]

    @property
    def created(self) -> float:
        return float(self.state.get("created", 0.0))


def display_name(filename: str | None) -> str:
    """The last part of the name the browser sent, without control characters, at most 120 long."""
    name = _UNSAFE.sub(" ", (filename or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    return name[:120] or "upload.csv"


def _private_dir(path: Path) -> Path:
    """``path`` as a folder only this OS user can read; refuses one someone else made."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ExhaustError(f"cannot keep uploads in {path}: it is not a folder of this server's user")
    if info.st_mode & 0o077:
        os.chmod(path, 0o700)
    return path


class Uploads:
    """The uploads of one installation."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def of(cls, db: Database, base: Path | None = None) -> Uploads:
        digest = hashlib.sha256(db.url.encode()).hexdigest()[:16]
        top = base or Path(tempfile.gettempdir()) / f"exhaust-uploads-{os.getuid()}"
        return cls(top / digest)

    def _user_dir(self, user_id: int) -> Path:
        _private_dir(self.root.parent)
        _private_dir(self.root)
        return _private_dir(self.root / str(int(user_id)))

    def save(self, user_id: int, filename: str | None, source: IO[bytes], limit: int = MAX_BYTES) -> Upload:
        """Copy ``source`` into a new upload of ``user_id``; UploadTooLarge over ``limit`` bytes
        (and nothing kept)."""
        token = secrets.token_urlsafe(16)
        folder = self._user_dir(user_id) / token
        folder.mkdir(mode=0o700)
        try:
            copied = 0
            with (folder / EXPORT).open("xb") as out:
                while chunk := source.read(CHUNK):
                    copied += len(chunk)
                    if copied > limit:
                        raise UploadTooLarge(limit)
                    out.write(chunk)
            upload = Upload(token, folder, {"filename": display_name(filename), "created": time.time(), "size": copied})
            self.write(upload)
            return upload
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise

    def get(self, user_id: int, token: str) -> Upload | None:
        """The user's upload under ``token``, or None (unknown, another user's, expired)."""
        if not _TOKEN.match(token):
            return None
        folder = self.root / str(int(user_id)) / token
        try:
            state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        upload = Upload(token, folder, state)
        if time.time() - upload.created > KEEP_S:
            self.delete(upload)
            return None
        return upload

    def write(self, upload: Upload) -> None:
        """Store the upload's state whole (a new file moved into place)."""
        fd, temp = tempfile.mkstemp(dir=upload.folder, prefix=".state.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(upload.state, fh, ensure_ascii=False)
            os.replace(temp, upload.folder / STATE)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def delete(self, upload: Upload) -> None:
        shutil.rmtree(upload.folder, ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Delete every upload of this installation older than KEEP_S; how many went."""
        if not self.root.is_dir():
            return 0
        cutoff = (now or time.time()) - KEEP_S
        gone = 0
        for user in self.root.iterdir():
            if not user.is_dir():
                continue
            for folder in user.iterdir():
                try:
                    created = float(json.loads((folder / STATE).read_text(encoding="utf-8"))["created"])
                except (OSError, ValueError, KeyError, TypeError):
                    try:  # a folder whose state was never written: an upload that failed half-way
                        created = folder.stat().st_mtime
                    except OSError:
                        continue
                if created < cutoff:
                    shutil.rmtree(folder, ignore_errors=True)
                    gone += 1
        return gone


# --- running the import ------------------------------------------------------------------------


class CorrectionError(ExhaustError):
    """A correction to the name mapping that names no exercise, or cannot be written."""


def _map_text(corrections: Mapping[str, str]) -> str:
    try:
        return format_map((name, target, "") for name, target in corrections.items())
    except ValueError as exc:
        raise CorrectionError(f"{exc}; change that correction and try again") from None


def _located(exc: ImportFileError, filename: str) -> ImportFileError:
    return ImportFileError(
        exc.message,
        source=filename,
        line=exc.line,
        column=exc.column,
        column_name=exc.column_name,
        usage=exc.usage,
    )


def run_import(
    db: Database,
    user: str,
    path: Path,
    filename: str,
    options: Options,
    corrections: Mapping[str, str] | None = None,
    *,
    dry_run: bool,
) -> ImportReport:
    """``import_history`` on an uploaded file (``dry_run``: only the preview), with the lifter's
    corrections to the name mapping as its map. Errors name ``filename``, never ``path``:
    ImportFileError keeps its line and column; a correction naming no exercise is a
    CorrectionError that says which."""
    map_path = None
    entries: dict[int, tuple[str, str]] = {}
    if corrections:
        text = _map_text(corrections)
        entries = {e.line: (e.name, e.target) for e in parse_map(text)}
        map_path = path.with_name(MAP)
        map_path.write_text(text, encoding="utf-8")
    try:
        report = import_history(
            db,
            user,
            path,
            app=options.app,
            unit=options.unit,
            tz=options.zone(),
            map_path=map_path,
            dry_run=dry_run,
        )
    except ImportFileError as exc:
        raise _located(exc, filename) from None
    except MapFileError as exc:
        name, target = entries.get(exc.line, ("?", "?"))
        raise CorrectionError(f"{name!r} → {target!r}: {exc.what}; {exc.todo}") from None
    except ExhaustError as exc:
        message = str(exc).replace(str(path), filename)
        raise ExhaustError(message) from None
    finally:
        if map_path is not None:
            map_path.unlink(missing_ok=True)
    report.file = filename
    if report.map_file is not None:
        report.map_file = CORRECTIONS
    return report


def preview(db: Database, user: str, uploads: Uploads, upload: Upload, corrections: Mapping[str, str]) -> Upload:
    """Run the dry run with these corrections and keep its report and them with the upload."""
    known = {map_key(n) for n in _names(upload)}
    kept = {n: t for n, t in corrections.items() if not known or map_key(n) in known}
    report = run_import(db, user, upload.export, upload.filename, upload.options, kept, dry_run=True)
    upload.state.update(report=report.as_dict(), corrections=kept, lines=summary_lines(report))
    uploads.write(upload)
    return upload


def _names(upload: Upload) -> list[str]:
    report = upload.report
    return [str(n["name"]) for n in report.get("names", [])] if report else []


def confirm(db: Database, user: str, uploads: Uploads, upload: Upload) -> Upload:
    """Import the upload for real (all or nothing) and delete the export; the report stays for
    the summary page until the upload expires. Two confirmations at once import once: the
    export is moved aside first, and a second finds it gone (UploadGone)."""
    running = upload.folder / IMPORTING
    try:
        os.rename(upload.export, running)
    except FileNotFoundError:
        raise UploadGone() from None
    try:
        report = run_import(db, user, running, upload.filename, upload.options, upload.corrections, dry_run=False)
    except BaseException:
        os.rename(running, upload.export)
        raise
    running.unlink(missing_ok=True)
    upload.state.update(report=report.as_dict(), lines=summary_lines(report), done=True)
    uploads.write(upload)
    return upload
