"""`exhaust serve`: it serves the app on the database given, and says clearly when it cannot."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path

from browser import served
from typer.testing import CliRunner

from exhaust.cli.app import app

runner = CliRunner()


def test_serve_answers_on_the_database_given_and_sends_a_new_installation_to_setup(tmp_path: Path) -> None:
    with served(f"sqlite:///{tmp_path / 'web.db'}") as base:
        with urllib.request.urlopen(f"{base}/") as page:  # follows the redirect
            assert page.url.endswith("/setup")
            body = page.read().decode()
            assert "creates" in body or "Create my account" in body
            assert page.headers["x-frame-options"] == "DENY"
        with urllib.request.urlopen(f"{base}/api/v1/openapi.json") as doc:
            assert json.load(doc)["info"]["title"] == "exhaust API"
    assert (tmp_path / "web.db").exists()


def test_a_port_in_use_is_refused_with_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_a_database_it_cannot_open_is_refused_before_serving(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(app, ["serve", "--db", f"sqlite:///{blocker / 'x.db'}", "--port", "1"])
    assert result.exit_code == 1
    assert "cannot open the database" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert runner.invoke(app, ["serve", "--port", "0"]).exit_code == 2
    assert runner.invoke(app, ["serve", "--workers", "zero"]).exit_code == 2
