"""A figure as PNG (for the CLI) or SVG text (for the web pages), and saved to a file.

SVG output is deterministic: no creation date, and element ids hashed with a fixed salt
instead of a random one, so the same chart gives the same bytes. The salt is matplotlib's
``svg.hashsalt`` setting, which has no per-call form; it is set once, when this module is
first imported, and only if nobody has set it already (an rc_context around each save
would let threads drawing at once undo each other's setting).
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from exhaust.charts.style import PNG_DPI

FORMATS = ("png", "svg")
SVG_SALT = "exhaust"

if matplotlib.rcParams["svg.hashsalt"] is None:
    matplotlib.rcParams["svg.hashsalt"] = SVG_SALT


def render(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG bytes (at PNG_DPI) or SVG text encoded as UTF-8."""
    kind = fmt.lower().lstrip(".")
    if kind == "png":
        metadata: dict[str, str | None] = {"Software": None}
    elif kind == "svg":
        metadata = {"Date": None, "Creator": None}
    else:
        raise ValueError(f"cannot render a chart as {fmt!r}: choose one of {', '.join(FORMATS)}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format=kind, dpi=PNG_DPI, metadata=metadata)
    return buffer.getvalue()


def save(fig: Figure, path: Path) -> None:
    """Write the figure to ``path`` as PNG or SVG, by its suffix, then clear the figure.

    The file appears whole or not at all: it is written to a temporary file in the same
    folder and moved into place. A suffix other than .png or .svg raises ValueError before
    anything is drawn or written, and leaves the figure as it was."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        shown = f"{path.suffix!r}" if path.suffix else "no suffix"
        raise ValueError(f"cannot save a chart as {path.name!r} ({shown}): use a file name ending in .png or .svg")
    try:
        data = render(fig, kind)
    finally:
        fig.clear()  # a Figure made without pyplot has nothing else to close
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)  # mkstemp makes it private; a chart is as readable as any other file
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
