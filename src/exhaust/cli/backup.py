"""`exhaust export` and `exhaust import-backup` (registered on the app by ``register``)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the backup commands to the app."""
