"""What the root options (--db) chose, for the commands that open the logbook."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exhaust.services.logbook import Logbook

db_url: str | None = None


def user() -> str:
    """Whose logbook the command acts on: the local user, or the one EXHAUST_USER names."""
    return os.environ.get("EXHAUST_USER") or "local"


def logbook() -> Logbook:
    """The logbook of the user on the chosen database."""
    from exhaust.services.logbook import Logbook

    return Logbook.open(db_url, user())
