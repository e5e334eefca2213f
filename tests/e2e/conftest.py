"""Fixtures of the web tests: an app on its own SQLite file, and its owner, Anna."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from web import Person, app_on, owner


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'web.db'}"


@pytest.fixture
def app(url: str) -> Any:
    return app_on(url)


@pytest.fixture
def anna(app: Any) -> Person:
    return owner(app, "anna")
