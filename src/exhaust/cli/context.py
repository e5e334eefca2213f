"""What the root options (--db) chose, for the commands that open the logbook."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exhaust.services.logbook import Logbook

db_url: str | None = None


def logbook() -> Logbook:
    """The logbook of the local user (EXHAUST_USER names another) on the chosen database."""
    from exhaust.services.logbook import LOCAL_USER, Logbook

    return Logbook.open(db_url, os.environ.get("EXHAUST_USER") or LOCAL_USER)
